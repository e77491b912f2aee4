import { companions } from '../buckets';
import { ofType, shown } from '../resources';
import type { GuardRule } from '../rule';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

/** One flag left false is enough to publish the bucket, by ACL or by policy. */
export const ST_S3_1: GuardRule = {
  id: 'ST-S3-1',
  reason: 'every bucket blocks all public access',
  check: (resources) =>
    ofType(resources, 'aws_s3_bucket').flatMap((bucket) => {
      const ok = companions(resources, 'aws_s3_bucket_public_access_block', bucket).some((block) =>
        FLAGS.every((flag) => block.config[flag] === true),
      );
      return ok
        ? []
        : [{ resource: bucket, detail: `bucket ${shown(bucket.config.bucket)} lacks a public access block with all four flags true` }];
    }),
};
