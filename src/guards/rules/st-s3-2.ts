import { asList } from '../../../modules/shared/policy';
import { companions } from '../buckets';
import { ofType, shown } from '../resources';
import type { GuardRule } from '../rule';

interface EncryptionRule {
  readonly apply_server_side_encryption_by_default?: { readonly sse_algorithm?: string };
}

const ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];

export const ST_S3_2: GuardRule = {
  id: 'ST-S3-2',
  reason: 'every bucket encrypts at rest by default',
  check: (resources) =>
    ofType(resources, 'aws_s3_bucket').flatMap((bucket) => {
      const ok = companions(resources, 'aws_s3_bucket_server_side_encryption_configuration', bucket).some((sse) =>
        (asList(sse.config.rule) as readonly EncryptionRule[]).some((rule) =>
          ALGORITHMS.includes(rule.apply_server_side_encryption_by_default?.sse_algorithm ?? ''),
        ),
      );
      return ok ? [] : [{ resource: bucket, detail: `bucket ${shown(bucket.config.bucket)} has no default encryption` }];
    }),
};
