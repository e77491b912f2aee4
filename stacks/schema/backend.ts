/** Where an environment's Terraform state lives: its own S3 bucket and lock table, or Terraform Cloud. */
import { z } from 'zod';
import { stateAccessLogsBucket } from '../naming';
import { bucketName, DNS_NAME, dynamodbTableName, region } from './aws-values';

const ACCESS_LOGS_SUFFIX_LENGTH = stateAccessLogsBucket('').length;
const BUCKET_NAME_MAX = 63;

const s3Backend = z
  .object({
    type: z.literal('s3'),
    /** State bucket of this environment, created in its own account by `<project>-state-<env>`. */
    bucket: bucketName,
    /** DynamoDB lock table, created beside the bucket. */
    lockTable: dynamodbTableName,
    region,
    /** Receives the state bucket's server access logs. Default `<bucket>-access-logs`. */
    accessLogsBucket: bucketName.optional(),
    /** Where the bootstrap keeps its own state: `local` until its first apply, then `bucket` (docs/state.md). Default `local`. */
    bootstrapState: z.enum(['local', 'bucket']).optional(),
  })
  .strict();
export type S3BackendSettings = z.output<typeof s3Backend>;

/** Terraform Cloud names: letters, digits, - and _ (the `cloud` block takes them verbatim). */
export const terraformCloudOrganization = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,90}$/, 'expected a Terraform Cloud organization name: 1-90 letters, digits, - or _');
/** A host, no scheme or path: `cloud { hostname }` would take anything and fail at init. */
export const terraformCloudHostname = z
  .string()
  .regex(DNS_NAME, 'expected a host name such as app.terraform.io (no scheme, port, path or spaces)');

const cloudBackend = z
  .object({
    type: z.literal('cloud'),
    organization: terraformCloudOrganization,
    workspace: z.string().regex(/^[A-Za-z0-9_-]{1,90}$/, 'expected a Terraform Cloud workspace name'),
    /** Default app.terraform.io; set for Terraform Enterprise. */
    hostname: terraformCloudHostname.optional(),
  })
  .strict();

export const backend = z.discriminatedUnion('type', [s3Backend, cloudBackend]);

/** The default name of the state bucket's log bucket is the bucket's plus a suffix, which must still fit. */
export function checkStateLogBucketName(backend: S3BackendSettings, ctx: z.RefinementCtx): void {
  if (backend.accessLogsBucket === undefined && backend.bucket.length + ACCESS_LOGS_SUFFIX_LENGTH > BUCKET_NAME_MAX) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['backend', 'accessLogsBucket'],
      message: `required when bucket is longer than ${BUCKET_NAME_MAX - ACCESS_LOGS_SUFFIX_LENGTH} characters (the default '${stateAccessLogsBucket('<bucket>')}' would exceed ${BUCKET_NAME_MAX})`,
    });
  }
}
