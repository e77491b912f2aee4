import { isS3Origin, originsOf } from '../distributions';
import { ofType } from '../resources';
import type { GuardRule } from '../rule';

export const ST_CF_1: GuardRule = {
  id: 'ST-CF-1',
  reason: 'S3 origins are reached only through Origin Access Control',
  check: (resources) =>
    ofType(resources, 'aws_cloudfront_distribution').flatMap((distribution) =>
      originsOf(distribution)
        .filter((origin) => isS3Origin(origin) && !origin.origin_access_control_id)
        .map((origin) => ({ resource: distribution, detail: `origin ${origin.origin_id} has no origin_access_control_id` })),
    ),
};
