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
  const once = <T>(make: () => T): (() => T) => {
    let made: T | undefined;
    return () => (made ??= make());
  };
  const global = clientConfig('us-east-1');
  const config = clientConfig(region);
  const s3 = once(() => new S3Client(clientConfig(region, 'S3')));
  const cloudfront = once(() => new CloudFrontClient(global));
  const cloudwatch = once(() => new CloudWatchClient(config));
  const logs = once(() => new CloudWatchLogsClient(config));
  const elbv2 = once(() => new ElasticLoadBalancingV2Client(config));
  const events = once(() => new EventBridgeClient(config));
  const iam = once(() => new IAMClient(global));
  const kms = once(() => new KMSClient(config));
  const mediaconvert = once(() => new MediaConvertClient(config));
  const route53 = once(() => new Route53Client(global));
  const secrets = once(() => new SecretsManagerClient(config));
  const sns = once(() => new SNSClient(config));
  const sqs = once(() => new SQSClient(config));
  const wafv2 = once(() => new WAFV2Client(config));
  return {
    get s3() {
      return s3();
    },
    get cloudfront() {
      return cloudfront();
    },
    get cloudwatch() {
      return cloudwatch();
    },
    get logs() {
      return logs();
    },
    get elbv2() {
      return elbv2();
    },
    get events() {
      return events();
    },
    get iam() {
      return iam();
    },
    get kms() {
      return kms();
    },
    get mediaconvert() {
      return mediaconvert();
    },
    get route53() {
      return route53();
    },
    get secrets() {
      return secrets();
    },
    get sns() {
      return sns();
    },
    get sqs() {
      return sqs();
    },
    get wafv2() {
      return wafv2();
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
