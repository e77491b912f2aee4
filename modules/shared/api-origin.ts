/** The contract between CloudFront's API origin and the ALB's listener rules (seed 000). */

/** Header CloudFront adds to API requests and the ALB requires. */
export const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify';

/** Paths CloudFront sends to the Rails API, unless configured otherwise. */
export const DEFAULT_API_PATHS: readonly string[] = ['/api/*', '/auth/*'];
