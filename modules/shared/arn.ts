/**
 * ARNs as AWS writes them, `arn:partition:service:region:account:resource`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html), and
 * the one partition these stacks support.
 */

/**
 * Only `aws`: the modules write `arn:aws:` into policies and conditions, and the
 * design needs CloudFront with a viewer certificate from ACM in us-east-1, a
 * CLOUDFRONT-scope WAF and Route53 alias records, which aws-cn and aws-us-gov do
 * not offer as such. A China or GovCloud value is refused rather than half supported.
 */
const SUPPORTED_PARTITION = 'aws';
const PARTITION_REASON =
  'these stacks deploy to the aws partition only (their policies use arn:aws: ARNs, and CloudFront with an ACM certificate from us-east-1 is not offered in aws-cn or aws-us-gov)';

interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

export function parseArn(value: string): ArnParts | undefined {
  const match = /^arn:([a-z0-9-]+):([a-z0-9-]+):([a-z0-9-]*):([^:]*):(.+)$/.exec(value);
  if (!match) return undefined;
  const [, partition, service, region, account, resource] = match;
  return { partition, service, region, account, resource };
}

/** `in partition aws-cn; these stacks deploy to the aws partition only (...)`, or undefined for `aws`. */
export function partitionProblem(what: string, partition: string): string | undefined {
  if (partition === SUPPORTED_PARTITION) return undefined;
  return `${what} is in partition ${partition}; ${PARTITION_REASON}`;
}

/** What an ARN names, its type in messages: `kms alias`, `sqs`, `elasticloadbalancing targetgroup` (service, then the resource type when it has one). */
function arnType(parts: Pick<ArnParts, 'service' | 'resource'>): string {
  // WAFv2 puts the scope first: global/webacl/..., regional/ipset/...
  const type = /^(?:(?:global|regional)\/)?([a-z-]+)[/:]/.exec(parts.resource)?.[1];
  return type ? `${parts.service} ${type}` : parts.service;
}

export interface ExpectedArn {
  /** `a KMS key`, as in "expected a KMS key ARN". */
  readonly label: string;
  readonly service: string;
  /** The resource part, e.g. `key/<id>`. */
  readonly resource: RegExp;
  readonly example: string;
  /** What to say when given another type of ARN (see arnType), e.g. a KMS alias where a key is needed. */
  readonly hints?: Readonly<Record<string, string>>;
}

const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

/** Why `value` is not the (regional) ARN `expected` describes: not an ARN, another partition, or another service or resource type. */
export function arnProblem(value: string, expected: ExpectedArn): string | undefined {
  const parts = parseArn(value);
  const wanted = `expected ${expected.label} ARN such as ${expected.example}`;
  if (!parts) return wanted;
  const partition = partitionProblem(`'${value}'`, parts.partition);
  if (partition) return partition;
  if (parts.service !== expected.service || !expected.resource.test(parts.resource)) {
    const type = arnType(parts);
    // The right type, written wrong: the example says how.
    if (type === arnType({ service: expected.service, resource: expected.example.split(':').slice(5).join(':') })) return wanted;
    const hint = expected.hints?.[type];
    if (hint) return `'${value}' is an ARN of type ${type}: ${hint}`;
    return `${wanted}, got an ARN of type ${type}`;
  }
  if (!/^\d{12}$/.test(parts.account) || !REGION.test(parts.region)) return `${wanted} (a region and a 12-digit account)`;
  return undefined;
}
