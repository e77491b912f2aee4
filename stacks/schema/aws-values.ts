/**
 * Values whose rules AWS sets (regions, names, ids, ARNs, tags, browser origins),
 * checked here so that a bad one stops synth instead of failing an apply.
 */
import { partition } from '@aws-sdk/util-endpoints';
import { z } from 'zod';
import { DEFAULT_TAG_KEYS } from '../default-tags';

/**
 * Known regions come from the partition list shipped in the AWS SDK
 * (@aws-sdk/util-endpoints, pinned): it names each region it knows, and
 * answers an unknown one with its partition's defaults only.
 */
export function isKnownRegion(value: string): boolean {
  return /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/.test(value) && (partition(value) as { description?: string }).description !== undefined;
}
export const region = z.string().refine(isKnownRegion, 'expected an AWS region such as us-east-1 (from the AWS SDK partition list)');

export const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const dnsName = z.string().regex(DNS_NAME, 'expected a lower-case DNS name');

export const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id');
export const arn = (service: string, example: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), `expected an ARN such as ${example}`);
export const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name');
// Upper-case letters and digits: AWS ids start with Z, emulators' need not.
export const hostedZoneId = z.string().regex(/^[A-Z0-9]{1,32}$/, 'expected a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ');

/** `https://host[:port]` exactly: S3 CORS would take `*` patterns, which open uploads to any subdomain. */
export const httpsOrigin = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.origin === value && DNS_NAME.test(url.hostname);
  } catch {
    return false;
  }
}, 'expected an https origin such as https://admin.example.com (scheme and host, no wildcard, path or trailing slash)');

/** AWS tag rules: https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const MAX_TAGS = 50;

/** Names a tag key in a message only when it is short and printable. */
const keyLabel = (key: string, index: number) => (/^[\w.:/=+@ -]{1,40}$/.test(key) ? `'${key}'` : `#${index + 1}`);

export const tags = z
  .record(z.string())
  .default({})
  .superRefine((record, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    Object.entries(record).forEach(([key, value], index) => {
      const name = `tag ${keyLabel(key, index)}`;
      if (key.length === 0 || key.length > 128) issue(`${name}: expected a key of 1 to 128 characters, got ${key.length}`);
      else if (!TAG_TEXT.test(key)) issue(`${name}: expected a key of letters, digits, spaces and _ . : / = + - @`);
      else if (/^aws:/i.test(key)) issue(`${name}: keys starting with aws: are reserved by AWS`);
      else if ((DEFAULT_TAG_KEYS as readonly string[]).includes(key))
        issue(`${name}: set by every stack (${DEFAULT_TAG_KEYS.join(', ')}); remove it`);
      if (value.length > 256) issue(`${name}: expected a value of at most 256 characters, got ${value.length}`);
      else if (!TAG_TEXT.test(value)) issue(`${name}: expected a value of letters, digits, spaces and _ . : / = + - @`);
      else if (/^aws:/i.test(value)) issue(`${name}: values starting with aws: are reserved by AWS`);
    });
    const count = Object.keys(record).length;
    if (count + DEFAULT_TAG_KEYS.length > MAX_TAGS) {
      issue(
        `expected at most ${MAX_TAGS - DEFAULT_TAG_KEYS.length} tags (AWS allows ${MAX_TAGS} per resource and every stack adds ${DEFAULT_TAG_KEYS.length}), got ${count}`,
      );
    }
  });
