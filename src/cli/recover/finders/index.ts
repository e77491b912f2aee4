/** Every finder of recover, by the Terraform type it looks for; loaded only when recover runs (it loads the AWS SDK). */
import { ACCOUNT_FINDERS } from './account';
import { CLOUDFRONT_FINDERS } from './cloudfront';
import { MEDIA_FINDERS } from './media';
import { MESSAGING_FINDERS } from './messaging';
import { S3_FINDERS } from './s3';
import { WAF_FINDERS } from './waf';
import type { Finder } from './context';

export const FINDERS: Readonly<Record<string, Finder>> = {
  ...S3_FINDERS,
  ...CLOUDFRONT_FINDERS,
  ...MEDIA_FINDERS,
  ...MESSAGING_FINDERS,
  ...ACCOUNT_FINDERS,
  ...WAF_FINDERS,
};
