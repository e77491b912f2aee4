import { asList, type PolicyStatement } from '../../../modules/shared/policy';
import { companions } from '../buckets';
import { actionsOf, parsePolicy } from '../policies';
import { ofType, shown } from '../resources';
import type { GuardRule } from '../rule';

const deniesInsecureTransport = (statement: PolicyStatement) =>
  statement.Effect === 'Deny' &&
  asList(statement.Condition?.Bool?.['aws:SecureTransport']).includes('false') &&
  actionsOf(statement).some((action) => action === 's3:*' || action === '*');

/** S3 keeps one policy per bucket: a second `aws_s3_bucket_policy` silently replaces the first. */
export const ST_S3_3: GuardRule = {
  id: 'ST-S3-3',
  reason: 'every bucket has exactly one policy and it denies requests without TLS',
  check: (resources) =>
    ofType(resources, 'aws_s3_bucket').flatMap((bucket) => {
      const name = shown(bucket.config.bucket);
      const policies = companions(resources, 'aws_s3_bucket_policy', bucket);
      if (policies.length > 1) {
        return [
          {
            resource: bucket,
            detail: `bucket ${name} has ${policies.length} bucket policies; S3 keeps only one, so they overwrite each other`,
          },
        ];
      }
      const document = policies.length === 1 ? parsePolicy(policies[0].config.policy) : undefined;
      const ok = document?.Statement.some(deniesInsecureTransport) ?? false;
      return ok ? [] : [{ resource: bucket, detail: `bucket ${name} has no policy denying aws:SecureTransport=false` }];
    }),
};
