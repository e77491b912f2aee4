import {
  CloudfrontResponseHeadersPolicy,
  type CloudfrontResponseHeadersPolicyCorsConfig,
} from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import type { Construct } from 'constructs';

/** Header that tells DEV from PROD in a curl (seed 003's sanity check). */
export const ENVIRONMENT_HEADER = 'x-storytime-environment';

function responseHeadersPolicy(
  scope: Construct,
  name: string,
  environment: string,
  corsConfig: CloudfrontResponseHeadersPolicyCorsConfig | undefined,
): CloudfrontResponseHeadersPolicy {
  return new CloudfrontResponseHeadersPolicy(scope, `response-headers-${name}`, {
    name,
    comment: `${name}: security headers and the serving environment`,
    customHeadersConfig: { items: [{ header: ENVIRONMENT_HEADER, value: environment, override: true }] },
    securityHeadersConfig: {
      strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, preload: true, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: 'DENY', override: true },
      referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: true },
    },
    corsConfig,
  });
}

/** HLS responses; CORS with credentials (the signed cookies) only for the given player origins. */
export function hlsResponseHeadersPolicy(
  scope: Construct,
  name: string,
  environment: string,
  corsOrigins: readonly string[],
): CloudfrontResponseHeadersPolicy {
  const cors: CloudfrontResponseHeadersPolicyCorsConfig | undefined =
    corsOrigins.length > 0
      ? {
          accessControlAllowCredentials: true,
          accessControlAllowHeaders: { items: ['Range'] },
          accessControlAllowMethods: { items: ['GET', 'HEAD', 'OPTIONS'] },
          accessControlAllowOrigins: { items: [...corsOrigins] },
          accessControlMaxAgeSec: 600,
          originOverride: true,
        }
      : undefined;
  return responseHeadersPolicy(scope, name, environment, cors);
}

/** API responses keep Rails' own CORS headers. */
export function apiResponseHeadersPolicy(scope: Construct, name: string, environment: string): CloudfrontResponseHeadersPolicy {
  return responseHeadersPolicy(scope, name, environment, undefined);
}
