import { S3Backend, type TerraformStack } from 'cdktf';
import type { S3BackendSettings } from './schema/schema';

/**
 * S3 state with both locks while Terraform supports both: S3 native locking
 * (`use_lockfile`, which Terraform 1.11 recommends) and the DynamoDB table
 * (which it deprecates, kept so that older clients still lock).
 */
export function configureS3Backend(stack: TerraformStack, backend: S3BackendSettings, key: string): void {
  new S3Backend(stack, {
    bucket: backend.bucket,
    key,
    region: backend.region,
    encrypt: true,
    dynamodbTable: backend.lockTable,
  });
  // cdktf 0.21 predates `use_lockfile`; the override writes it into the same backend block.
  stack.addOverride('terraform.backend.s3.use_lockfile', true);
}
