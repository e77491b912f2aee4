/**
 * What S3 requires of a bucket's name, as a validator that returns what was
 * expected (undefined when the name passes). The bucket refuses a name that
 * fails it; settings validation calls it for every bucket name it knows.
 */
import { isKnown } from '../shared/props';

/**
 * S3's rules for general purpose bucket names:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
const MIN_LENGTH = 3;
const MAX_LENGTH = 63;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;
/** Access point aliases, Object Lambda aliases, Multi-Region Access Points, directory buckets, table buckets. */
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'] as const;

/** Why S3 refuses `name` as a bucket name, or would serve it badly, or undefined. */
export function bucketNameProblem(name: string): string | undefined {
  if (!isKnown(name)) return undefined;
  const quoted = `'${name.length > 70 ? `${name.slice(0, 70)}…` : name}'`;
  if (name.length < MIN_LENGTH || name.length > MAX_LENGTH) {
    return `${quoted} is ${name.length} characters; S3 bucket names have ${MIN_LENGTH} to ${MAX_LENGTH}`;
  }
  if (!/^[a-z0-9.-]+$/.test(name)) {
    return `${quoted}: S3 bucket names hold lower-case letters, digits, periods and hyphens only`;
  }
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return `${quoted}: S3 bucket names begin and end with a letter or digit`;
  if (name.includes('..')) return `${quoted} holds two adjacent periods, which S3 refuses in bucket names`;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return `${quoted} is formatted as an IP address, which S3 refuses as a bucket name`;
  const prefix = RESERVED_PREFIXES.find((reserved) => name.startsWith(reserved));
  if (prefix) return `${quoted} starts with ${prefix}, a prefix S3 reserves; choose another name`;
  const suffix = RESERVED_SUFFIXES.find((reserved) => name.endsWith(reserved));
  if (suffix) return `${quoted} ends with ${suffix}, a suffix S3 reserves; choose another name`;
  // S3 accepts periods, but the TLS certificates of virtual-hosted-style requests cover one label only (same page).
  if (name.includes('.')) {
    return `${quoted} holds a period: HTTPS requests to <bucket>.s3.<region>.amazonaws.com then fail the certificate check (S3's wildcard certificate covers one label); use hyphens`;
  }
  return undefined;
}
