/**
 * Values whose rules AWS sets (regions, names, ids, ARNs, tags, browser origins),
 * checked here so that a bad one stops synth instead of failing an apply.
 */
import { partition } from '@aws-sdk/util-endpoints';
import { z } from 'zod';
import { bucketNameProblem } from '../../modules/s3_bucket/invariants';
import { partitionProblem } from '../../modules/shared/arn';
import { DEFAULT_TAG_KEYS } from '../default-tags';
import { checkedBy } from './module-checks';

/**
 * Known regions come from the partition list shipped in the AWS SDK
 * (@aws-sdk/util-endpoints, pinned): it names each region it knows, and
 * answers an unknown one with its partition's defaults only.
 */
function isKnownRegion(value: string): boolean {
  return /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/.test(value) && (partition(value) as { description?: string }).description !== undefined;
}

/**
 * A value that has one obvious meaning once written differently (spaces around it,
 * a prefix the AWS CLI prints, upper case): what to change, and the value it gives.
 */
type Rewrite = readonly [rewrite: (value: string) => string, says: (rewritten: string, value: string) => string];
const SPACES: Rewrite = [(value) => value.trim(), () => 'has spaces around it: remove them'];
const LOWER_CASE: Rewrite = [
  (value) => value.toLowerCase(),
  (rewritten) => `holds upper-case letters: write it in lower case, '${rewritten}'`,
];

/** `valid`, or the rewrite that makes a value valid, said as the fix; else `expected`. */
function fixOrExpect(valid: (value: string) => boolean, expected: string, rewrites: readonly Rewrite[]) {
  return (value: string): string | undefined => {
    if (valid(value)) return undefined;
    for (const [rewrite, says] of rewrites) {
      const rewritten = rewrite(value);
      if (rewritten !== value && valid(rewritten)) return `'${value}' ${says(rewritten, value)}`;
    }
    return expected;
  };
}

/** Why `value` is not a region these stacks deploy to: unknown to the SDK, or in another partition than aws. */
export function regionProblem(value: string): string | undefined {
  const problem = fixOrExpect(isKnownRegion, 'expected an AWS region such as us-east-1 (from the AWS SDK partition list)', [
    SPACES,
    LOWER_CASE,
  ])(value);
  if (problem) return problem;
  return partitionProblem(`'${value}'`, partition(value).name);
}
export const region = z.string().superRefine(checkedBy(regionProblem));

export const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const isDnsName = (value: string) => DNS_NAME.test(value);
export const dnsName = z
  .string()
  .superRefine(
    checkedBy(
      fixOrExpect(isDnsName, 'expected a lower-case DNS name', [
        SPACES,
        LOWER_CASE,
        [(value) => value.replace(/\.$/, ''), () => 'ends with a dot, as Route53 writes names: drop it'],
        [(value) => value.replace(/^[a-z]+:\/\/([^/]*)\/?$/i, '$1'), (host) => `is a URL: give the host name alone, '${host}'`],
      ]),
    ),
  );

const ACCOUNT_ID = /^\d{12}$/;
export const isAccountId = (value: string) => ACCOUNT_ID.test(value);
export const accountId = z
  .string({
    // A number literal of 12 digits loses any leading zero, and JavaScript keeps it without a word.
    errorMap: (issue, ctx) => ({
      message:
        issue.code === 'invalid_type' && issue.received === 'number'
          ? "expected the account id as a string, such as '012345678901' (a number loses leading zeros)"
          : ctx.defaultError,
    }),
  })
  .superRefine(
    checkedBy(
      fixOrExpect((value) => ACCOUNT_ID.test(value), 'expected a 12-digit AWS account id', [
        SPACES,
        [
          (value) => value.replace(/^(\d{4})-(\d{4})-(\d{4})$/, '$1$2$3'),
          (digits) => `is written as the console shows it: give the 12 digits, '${digits}'`,
        ],
      ]),
    ),
  );

const isBucketName = (value: string) => bucketNameProblem(value) === undefined;
export const bucketName = z.string().superRefine(
  checkedBy((value: string) => {
    const problem = bucketNameProblem(value);
    return (
      problem &&
      fixOrExpect(isBucketName, problem, [
        SPACES,
        LOWER_CASE,
        [
          (given) => given.replace(/^(s3:\/\/|arn:aws:s3:::)([^/]*)\/?$/, '$2'),
          (name, given) => `is the bucket's ${given.startsWith('arn:') ? 'ARN' : 'URL'}: give its name alone, '${name}'`,
        ],
      ])(value)
    );
  }),
);

/** A name where an ARN ending in `<type>/<name>` may be pasted instead: the name is what is meant. */
const nameOfArn = (type: string): Rewrite => [
  (value) => value.replace(new RegExp(`^arn:aws:[a-z]+:[a-z0-9-]*:\\d{12}:${type}/(?:.*/)?`), ''),
  (name) => `is an ARN: give the ${type}'s name alone, '${name}'`,
];

const DYNAMODB_TABLE = /^[A-Za-z0-9_.-]{3,255}$/;
export const dynamodbTableName = z
  .string()
  .superRefine(
    checkedBy(fixOrExpect((value) => DYNAMODB_TABLE.test(value), 'expected a DynamoDB table name', [SPACES, nameOfArn('table')])),
  );

const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
export const iamRoleName = z
  .string()
  .superRefine(checkedBy(fixOrExpect((value) => IAM_ROLE_NAME.test(value), 'expected an IAM role name', [SPACES, nameOfArn('role')])));

// Upper-case letters and digits: AWS ids start with Z, emulators' need not.
const HOSTED_ZONE_ID = /^[A-Z0-9]{1,32}$/;
/** Route53 zone ids as AWS prints them elsewhere: `/hostedzone/Z…` (the CLI), `arn:aws:route53:::hostedzone/Z…`. */
const ZONE_PREFIX = /^(arn:aws:route53:::hostedzone\/|\/?hostedzone\/)/;
export const hostedZoneId = z
  .string()
  .superRefine(
    checkedBy(
      fixOrExpect((value) => HOSTED_ZONE_ID.test(value), 'expected a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ', [
        SPACES,
        [
          (value) => value.replace(ZONE_PREFIX, ''),
          (id, value) =>
            value.startsWith('arn:')
              ? `is the zone's ARN: drop the ${ZONE_PREFIX.exec(value)?.[0]} prefix and give '${id}'`
              : `is the zone's path, as the AWS CLI prints it: drop the ${ZONE_PREFIX.exec(value)?.[0]} prefix and give '${id}'`,
        ],
        [(value) => value.toUpperCase(), (id) => `holds lower-case letters: Route53 zone ids are upper case, '${id}'`],
      ]),
    ),
  );

/** `https://host[:port]` exactly: S3 CORS would take `*` patterns, which open uploads to any subdomain. */
export function isHttpsOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.origin === value && DNS_NAME.test(url.hostname);
  } catch {
    return false;
  }
}
export const httpsOrigin = z
  .string()
  .superRefine(
    checkedBy(
      fixOrExpect(
        isHttpsOrigin,
        'expected an https origin such as https://admin.example.com (scheme and host, no wildcard, path or trailing slash)',
        [
          SPACES,
          [(value) => value.replace(/\/$/, ''), () => 'ends with a slash, which a browser never sends in Origin: drop it'],
          LOWER_CASE,
        ],
      ),
    ),
  );

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
      else {
        const same = [...DEFAULT_TAG_KEYS, ...Object.keys(record).slice(0, index)].find(
          (other) => other.toLowerCase() === key.toLowerCase(),
        );
        if (same !== undefined) {
          const other = (DEFAULT_TAG_KEYS as readonly string[]).includes(same) ? `'${same}', which every stack sets,` : `tag '${same}'`;
          issue(
            `${name}: differs from ${other} only in case; IAM users and roles ignore the case of tag keys, so one would replace the other`,
          );
        }
      }
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
