/**
 * What a finder gets: the account, the tags every resource of the stack
 * carries (the provider's default tags), and SDK clients for a region, made
 * on first use.
 */
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { clientConfig, isNotFound } from '../../aws/config';
import type { ConfiguredResource } from '../../stack-json';

export interface Clients {
  readonly s3: S3Client;
  readonly cloudfront: CloudFrontClient;
  readonly cloudwatch: CloudWatchClient;
  readonly logs: CloudWatchLogsClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly events: EventBridgeClient;
  readonly iam: IAMClient;
  readonly kms: KMSClient;
  readonly mediaconvert: MediaConvertClient;
  readonly route53: Route53Client;
  readonly secrets: SecretsManagerClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  /** WAF of the region asked for: a CLOUDFRONT-scope web ACL is in us-east-1, its provider's region. */
  readonly wafv2: WAFV2Client;
}

/** Clients of one region, each made when first used (IAM, CloudFront and Route53 are global, in us-east-1). */
export function awsClients(region: string): Clients {
  const made = new Map<string, unknown>();
  const lazy = <T>(name: string, make: () => T): T => {
    if (!made.has(name)) made.set(name, make());
    return made.get(name) as T;
  };
  const global = clientConfig('us-east-1');
  const config = clientConfig(region);
  return {
    get s3() {
      return lazy('s3', () => new S3Client(clientConfig(region, 'S3')));
    },
    get cloudfront() {
      return lazy('cloudfront', () => new CloudFrontClient(global));
    },
    get cloudwatch() {
      return lazy('cloudwatch', () => new CloudWatchClient(config));
    },
    get logs() {
      return lazy('logs', () => new CloudWatchLogsClient(config));
    },
    get elbv2() {
      return lazy('elbv2', () => new ElasticLoadBalancingV2Client(config));
    },
    get events() {
      return lazy('events', () => new EventBridgeClient(config));
    },
    get iam() {
      return lazy('iam', () => new IAMClient(global));
    },
    get kms() {
      return lazy('kms', () => new KMSClient(config));
    },
    get mediaconvert() {
      return lazy('mediaconvert', () => new MediaConvertClient(config));
    },
    get route53() {
      return lazy('route53', () => new Route53Client(global));
    },
    get secrets() {
      return lazy('secrets', () => new SecretsManagerClient(config));
    },
    get sns() {
      return lazy('sns', () => new SNSClient(config));
    },
    get sqs() {
      return lazy('sqs', () => new SQSClient(config));
    },
    get wafv2() {
      return lazy('wafv2', () => new WAFV2Client(config));
    },
  };
}

export interface FinderContext {
  readonly account: string;
  readonly partition: string;
  /** Tags the stack puts on everything it creates: Project, Environment… */
  readonly tags: Readonly<Record<string, string>>;
  clients(region: string): Clients;
}

/** What a finder found: the import id, and the attributes other resources may reference. */
export interface Found {
  readonly id: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Said beside the import, e.g. how it was recognised. */
  readonly note?: string;
}

export interface Finder {
  /** Arguments the finder reads, resolved (references included) before it runs. */
  readonly needs: readonly string[];
  find(args: Readonly<Record<string, string>>, resource: ConfiguredResource, context: FinderContext): Promise<Found[]>;
}

/** A finder whose `get` answers with the object (or nothing) or throws one of the service's `absent` errors. */
export function gotten(
  needs: string[],
  get: (args: Readonly<Record<string, string>>, resource: ConfiguredResource, context: FinderContext) => Promise<Found | undefined>,
  absent: string[],
): Finder {
  return {
    needs,
    async find(args, resource, context) {
      try {
        const found = await get(args, resource, context);
        return found ? [found] : [];
      } catch (error) {
        if (isNotFound(error, ...absent)) return [];
        throw error;
      }
    },
  };
}

/** The keys by which a stack's resources say whose they are. */
const OWNER_TAGS = ['Project', 'Environment'] as const;

/**
 * Whether tags show the resource belongs to this stack: `required` wants both
 * owner tags present and equal (a resource without a name is recognised by
 * them alone); otherwise only a tag naming another project or environment refuses.
 */
export function ownedBy(
  tags: Readonly<Record<string, string | undefined>>,
  expected: Readonly<Record<string, string>>,
  required: boolean,
): boolean {
  return OWNER_TAGS.every((key) => (tags[key] === undefined ? !required || expected[key] === undefined : tags[key] === expected[key]));
}

/** `[{Key, Value}]` (most services) as a record. */
export function tagRecord(tags: readonly { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).flatMap((tag) => (tag.Key === undefined ? [] : [[tag.Key, tag.Value ?? '']])));
}
