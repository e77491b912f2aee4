import { asList } from '../../../modules/shared/policy';
import { s3TargetsOf } from '../distributions';
import { ofType } from '../resources';
import type { GuardRule } from '../rule';

interface CacheBehavior {
  readonly path_pattern?: string;
  readonly target_origin_id?: string;
  readonly trusted_key_groups?: readonly string[];
}

export const ST_CF_3: GuardRule = {
  id: 'ST-CF-3',
  reason: 'nothing from the HLS bucket is served without signed cookies',
  check: (resources) =>
    ofType(resources, 'aws_cloudfront_distribution').flatMap((distribution) => {
      // An origin group with an S3 member serves that bucket: its behaviors need signed cookies as much.
      const s3Targets = s3TargetsOf(distribution);
      const behaviors: CacheBehavior[] = [
        { path_pattern: '(default)', ...(distribution.config.default_cache_behavior as CacheBehavior | undefined) },
        ...(asList(distribution.config.ordered_cache_behavior) as readonly CacheBehavior[]),
      ];
      return behaviors
        .filter((behavior) => s3Targets.has(behavior.target_origin_id ?? '') && asList(behavior.trusted_key_groups).length === 0)
        .map((behavior) => ({ resource: distribution, detail: `behavior ${behavior.path_pattern} has no trusted key group` }));
    }),
};
