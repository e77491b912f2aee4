import { certificateOf } from '../distributions';
import { ofType } from '../resources';
import type { GuardRule } from '../rule';

const ACCEPTED = ['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'];

/** Only a custom certificate sets the protocol floor; the *.cloudfront.net name keeps CloudFront's own. */
export const ST_CF_2: GuardRule = {
  id: 'ST-CF-2',
  reason: 'a custom domain is served with TLSv1.2_2021 or newer',
  check: (resources) =>
    ofType(resources, 'aws_cloudfront_distribution').flatMap((distribution) => {
      const certificate = certificateOf(distribution);
      if (!certificate.acm_certificate_arn && !certificate.iam_certificate_id) return [];
      // Terraform's default when the argument is left out.
      const version = String(certificate.minimum_protocol_version ?? 'TLSv1');
      return ACCEPTED.includes(version) ? [] : [{ resource: distribution, detail: `minimum_protocol_version is ${version}` }];
    }),
};
