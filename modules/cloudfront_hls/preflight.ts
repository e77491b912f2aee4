import { CloudfrontFunction } from '@cdktf/provider-aws/lib/cloudfront-function';
import type { Construct } from 'constructs';

/** What a preflight may ask for: the methods and the one request header HLS players send (Range, for byte ranges). */
export const PLAYBACK_CORS_METHODS = ['GET', 'HEAD'] as const;
export const PLAYBACK_CORS_HEADERS = ['Range'] as const;
export const PLAYBACK_CORS_MAX_AGE_SECONDS = 600;

/**
 * The viewer-request code that answers a CORS preflight itself. A preflight
 * never carries cookies (Fetch standard), and every HLS behavior requires signed
 * cookies, so CloudFront would refuse it; this answers OPTIONS from a player
 * origin with 204 and lets every other request through to the signed-cookie check.
 */
export function preflightCode(origins: readonly string[]): string {
  const headers = {
    'access-control-allow-credentials': { value: 'true' },
    'access-control-allow-methods': { value: PLAYBACK_CORS_METHODS.join(', ') },
    'access-control-allow-headers': { value: PLAYBACK_CORS_HEADERS.join(', ') },
    'access-control-max-age': { value: String(PLAYBACK_CORS_MAX_AGE_SECONDS) },
    vary: { value: 'Origin' },
  };
  return [
    `var ORIGINS = ${JSON.stringify(origins)};`,
    `var HEADERS = ${JSON.stringify(headers)};`,
    'function handler(event) {',
    '  var request = event.request;',
    "  if (request.method !== 'OPTIONS') return request;",
    '  var origin = request.headers.origin ? request.headers.origin.value : undefined;',
    "  if (ORIGINS.indexOf(origin) === -1) return { statusCode: 403, statusDescription: 'Forbidden' };",
    '  var headers = { "access-control-allow-origin": { value: origin } };',
    '  for (var name in HEADERS) headers[name] = HEADERS[name];',
    "  return { statusCode: 204, statusDescription: 'No Content', headers: headers };",
    '}',
    '',
  ].join('\n');
}

/** The function, published, for the HLS behaviors' viewer requests. */
export function preflightFunction(scope: Construct, name: string, origins: readonly string[]): CloudfrontFunction {
  return new CloudfrontFunction(scope, 'preflight', {
    name: `${name}-hls-preflight`,
    comment: `${name}: answers CORS preflights of the player origins, which carry no signed cookies`,
    runtime: 'cloudfront-js-2.0',
    publish: true,
    code: preflightCode(origins),
  });
}
