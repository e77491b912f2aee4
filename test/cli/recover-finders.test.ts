/**
 * recover's finders for CloudFront functions, VPC origins and monitoring subscriptions, the web ACL, the
 * MediaConvert queue, policy attachments, replication and the replica in its own region: each run through
 * the planner on the synthesized stack, against an account of fake answers.
 */
import {
  DescribeFunctionCommand,
  GetMonitoringSubscriptionCommand,
  ListOriginAccessControlsCommand,
  ListTagsForResourceCommand as ListCloudfrontTagsCommand,
  ListVpcOriginsCommand,
} from '@aws-sdk/client-cloudfront';
import { ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetQueueCommand, ListTagsForResourceCommand as ListQueueTagsCommand } from '@aws-sdk/client-mediaconvert';
import { GetBucketReplicationCommand, GetBucketTaggingCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { ListTagsForResourceCommand as ListWafTagsCommand, ListWebACLsCommand } from '@aws-sdk/client-wafv2';
import { describe, expect, it } from 'vitest';
import { FINDERS } from '../../src/cli/recover/finders';
import { importFile, planRecovery } from '../../src/cli/recover/planner';
import type { StateInstance } from '../../src/cli/stack-json';
import { synthAll, type Json } from '../helpers';
import { type Answers, awsError, everyOptionOn, fakeAws, OURS, PROD, recoverOne } from './recover-support';

const dev = synthAll(everyOptionOn())['storytime-dev'];
const devElsewhere = synthAll(everyOptionOn('eu-west-1'))['storytime-dev'];

/** The stack with only `addresses` among its resources. */
function only(json: Json, ...addresses: string[]): Json {
  const resource: Record<string, Record<string, Json>> = {};
  for (const address of addresses) {
    const [type, name] = address.split('.');
    expect(json.resource[type]?.[name], address).toBeDefined();
    resource[type] = { ...resource[type], [name]: json.resource[type][name] };
  }
  return { ...json, resource };
}

const stateOf = (entries: Record<string, Record<string, unknown>>) =>
  new Map<string, StateInstance>(
    Object.entries(entries).map(([address, attributes]) => [address, { address, attributes, tainted: false }]),
  );

/** The plan for `stack` against `answers`, and the calls it made. */
async function recover(stack: Json, answers: Answers, state: ReadonlyMap<string, StateInstance> = new Map()) {
  const calls: string[] = [];
  const plan = await planRecovery(stack, state, FINDERS, fakeAws(answers, calls));
  return { plan, calls };
}

describe('recover finds a CloudFront function by name', () => {
  const stack = only(dev, 'aws_cloudfront_function.cdn_preflight_99125F5F');

  it('imports it by name, published or not', async () => {
    const { plan, calls } = await recover(stack, [
      [
        DescribeFunctionCommand,
        () => ({
          FunctionSummary: {
            Name: 'storytime-dev-hls-preflight',
            FunctionMetadata: {
              FunctionARN: 'arn:aws:cloudfront::111111111111:function/storytime-dev-hls-preflight',
              Stage: 'DEVELOPMENT',
            },
          },
        }),
      ],
    ]);
    expect(plan.imports).toEqual([
      {
        address: 'aws_cloudfront_function.cdn_preflight_99125F5F',
        id: 'storytime-dev-hls-preflight',
        provider: undefined,
        note: undefined,
      },
    ]);
    expect(plan.problems).toEqual([]);
    expect(calls).toEqual(['us-east-1 DescribeFunctionCommand {"Name":"storytime-dev-hls-preflight"}']);
  });

  it('counts it as not created when CloudFront has no function of that name', async () => {
    const { plan } = await recover(stack, [
      [
        DescribeFunctionCommand,
        () => {
          throw awsError('NoSuchFunctionExists');
        },
      ],
    ]);
    expect([plan.imports, plan.problems, plan.missing]).toEqual([[], [], 1]);
  });
});

describe('recover finds the VPC origin by name and load balancer', () => {
  const stack = only(dev, 'aws_cloudfront_vpc_origin.cdn_api-vpc-origin_9FC3E98D');
  const ALB = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/storytime-dev/0123456789abcdef';
  const summary = (id: string, name: string, endpoint: string) => ({
    Id: id,
    Name: name,
    Arn: `arn:aws:cloudfront::111111111111:vpcorigin/${id}`,
    OriginEndpointArn: endpoint,
  });
  const listing = (...pages: Json[][]): Answers[number] => [
    ListVpcOriginsCommand,
    (input: Json) => {
      const index = input.Marker === undefined ? 0 : Number(input.Marker);
      const last = index === pages.length - 1;
      return { VpcOriginList: { Items: pages[index], IsTruncated: !last, NextMarker: last ? undefined : String(index + 1) } };
    },
  ];

  it('imports the one of this stack across pages, skipping another name or another load balancer', async () => {
    const { plan, calls } = await recover(stack, [
      listing(
        [summary('vo_other', 'storytime-dev-web', ALB)],
        [summary('vo_1', 'storytime-dev-api', ALB), summary('vo_2', 'storytime-dev-api', `${ALB}0`)],
      ),
      [ListCloudfrontTagsCommand, () => ({ Tags: { Items: OURS } })],
    ]);
    expect(plan.imports).toEqual([
      {
        address: 'aws_cloudfront_vpc_origin.cdn_api-vpc-origin_9FC3E98D',
        id: 'vo_1',
        provider: undefined,
        note: `storytime-dev-api to ${ALB}`,
      },
    ]);
    expect(calls).toEqual([
      'us-east-1 ListVpcOriginsCommand {}',
      'us-east-1 ListVpcOriginsCommand {"Marker":"1"}',
      'us-east-1 ListTagsForResourceCommand {"Resource":"arn:aws:cloudfront::111111111111:vpcorigin/vo_1"}',
    ]);
  });

  it('refuses two candidates: a killed apply and its retry each created one', async () => {
    const { plan } = await recover(stack, [
      listing([summary('vo_1', 'storytime-dev-api', ALB), summary('vo_2', 'storytime-dev-api', ALB)]),
      [ListCloudfrontTagsCommand, () => ({ Tags: { Items: [] } })],
    ]);
    expect(plan.imports).toEqual([]);
    expect(plan.problems).toEqual([
      'aws_cloudfront_vpc_origin.cdn_api-vpc-origin_9FC3E98D: 2 candidates (vo_1, vo_2): adopt one by hand, delete the others',
    ]);
  });

  it("refuses another environment's", async () => {
    const { plan } = await recover(stack, [
      listing([summary('vo_1', 'storytime-dev-api', ALB)]),
      [ListCloudfrontTagsCommand, () => ({ Tags: { Items: PROD } })],
    ]);
    expect(plan.problems).toEqual([
      'aws_cloudfront_vpc_origin.cdn_api-vpc-origin_9FC3E98D: VPC origin storytime-dev-api (vo_1) is tagged for storytime/prod, not this stack: not adopted',
    ]);
  });
});

describe('recover finds the monitoring subscription by its distribution', () => {
  const stack = only(dev, 'aws_cloudfront_monitoring_subscription.observability_additional-metrics_C7D1E7CE');
  const state = stateOf({ 'aws_cloudfront_distribution.cdn_distribution_0B80AA6B': { id: 'E2EXAMPLE' } });

  it("imports it by the distribution's id", async () => {
    const { plan, calls } = await recover(
      stack,
      [[GetMonitoringSubscriptionCommand, () => ({ MonitoringSubscription: { RealtimeMetricsSubscriptionConfig: {} } })]],
      state,
    );
    expect(plan.imports.map(({ address, id }) => `${address} <- ${id}`)).toEqual([
      'aws_cloudfront_monitoring_subscription.observability_additional-metrics_C7D1E7CE <- E2EXAMPLE',
    ]);
    expect(calls).toEqual(['us-east-1 GetMonitoringSubscriptionCommand {"DistributionId":"E2EXAMPLE"}']);
  });

  it('counts it as not created while the distribution has none', async () => {
    const { plan } = await recover(
      stack,
      [
        [
          GetMonitoringSubscriptionCommand,
          () => {
            throw awsError('NoSuchMonitoringSubscription');
          },
        ],
      ],
      state,
    );
    expect([plan.imports, plan.problems, plan.missing]).toEqual([[], [], 1]);
  });
});

describe('recover finds the web ACL by name and scope, in the region of its provider', () => {
  const listing: Answers[number] = [
    ListWebACLsCommand,
    (input: Json) =>
      // WAF hands a marker back with the last page; the page after it is empty.
      input.NextMarker === undefined
        ? { WebACLs: [{ Name: 'storytime-dev-web', Id: 'acl-0' }], NextMarker: 'm1' }
        : input.NextMarker === 'm1'
          ? {
              WebACLs: [
                {
                  Name: 'storytime-dev-cdn',
                  Id: 'acl-1',
                  ARN: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/storytime-dev-cdn/acl-1',
                },
              ],
              NextMarker: 'm2',
            }
          : { WebACLs: [], NextMarker: 'm3' },
  ];

  it('asks us-east-1 through the aliased provider when the stack is elsewhere, and imports as id/name/scope', async () => {
    const stack = only(devElsewhere, 'aws_wafv2_web_acl.waf_web-acl_54BA89C4');
    const { plan, calls } = await recover(stack, [listing, [ListWafTagsCommand, () => ({ TagInfoForResource: { TagList: OURS } })]]);
    expect(plan.imports).toEqual([
      {
        address: 'aws_wafv2_web_acl.waf_web-acl_54BA89C4',
        id: 'acl-1/storytime-dev-cdn/CLOUDFRONT',
        provider: 'aws.cloudfront_logs',
        note: 'CLOUDFRONT scope in us-east-1',
      },
    ]);
    expect(calls).toEqual([
      'us-east-1 ListWebACLsCommand {"Scope":"CLOUDFRONT","Limit":100}',
      'us-east-1 ListWebACLsCommand {"Scope":"CLOUDFRONT","NextMarker":"m1","Limit":100}',
      'us-east-1 ListTagsForResourceCommand {"ResourceARN":"arn:aws:wafv2:us-east-1:111111111111:global/webacl/storytime-dev-cdn/acl-1"}',
      'us-east-1 ListWebACLsCommand {"Scope":"CLOUDFRONT","NextMarker":"m2","Limit":100}',
    ]);
    expect(JSON.parse(importFile(plan.imports)).import).toEqual([
      { to: 'aws_wafv2_web_acl.waf_web-acl_54BA89C4', id: 'acl-1/storytime-dev-cdn/CLOUDFRONT', provider: 'aws.cloudfront_logs' },
    ]);
  });

  it("refuses another environment's web ACL of that name", async () => {
    const stack = only(dev, 'aws_wafv2_web_acl.waf_web-acl_54BA89C4');
    const { plan } = await recover(stack, [listing, [ListWafTagsCommand, () => ({ TagInfoForResource: { TagList: PROD } })]]);
    expect(plan.problems).toEqual([
      'aws_wafv2_web_acl.waf_web-acl_54BA89C4: web ACL storytime-dev-cdn is tagged for storytime/prod, not this stack: not adopted',
    ]);
  });
});

describe('recover finds the MediaConvert queue by name', () => {
  const stack = only(dev, 'aws_media_convert_queue.mediaconvert_queue_009CC499');
  const ARN = 'arn:aws:mediaconvert:us-east-1:111111111111:queues/storytime-dev-hls';
  const queue: Answers[number] = [GetQueueCommand, () => ({ Queue: { Name: 'storytime-dev-hls', Arn: ARN } })];

  it('imports it by name, in the stack region', async () => {
    const { plan, calls } = await recover(stack, [
      queue,
      [ListQueueTagsCommand, () => ({ ResourceTags: { Arn: ARN, Tags: { Project: 'storytime', Environment: 'dev' } } })],
    ]);
    expect(plan.imports).toEqual([
      { address: 'aws_media_convert_queue.mediaconvert_queue_009CC499', id: 'storytime-dev-hls', provider: undefined, note: undefined },
    ]);
    expect(calls).toEqual([
      'us-east-1 GetQueueCommand {"Name":"storytime-dev-hls"}',
      `us-east-1 ListTagsForResourceCommand {"Arn":"${ARN}"}`,
    ]);
  });

  it('counts it as not created when MediaConvert has none, and refuses one tagged for another environment', async () => {
    const absent = await recover(stack, [
      [
        GetQueueCommand,
        () => {
          throw awsError('NotFoundException');
        },
      ],
    ]);
    expect([absent.plan.imports, absent.plan.problems, absent.plan.missing]).toEqual([[], [], 1]);
    const foreign = await recover(stack, [
      queue,
      [ListQueueTagsCommand, () => ({ ResourceTags: { Tags: { Project: 'storytime', Environment: 'prod' } } })],
    ]);
    expect(foreign.plan.problems).toEqual([
      'aws_media_convert_queue.mediaconvert_queue_009CC499: MediaConvert queue storytime-dev-hls is tagged for storytime/prod, not this stack: not adopted',
    ]);
  });
});

describe("recover finds the Rails policy's attachment to the existing role", () => {
  const stack = only(dev, 'aws_iam_role_policy_attachment.iam_rails-attachment_45A261D6');
  const POLICY = 'arn:aws:iam::111111111111:policy/storytime-dev-rails-app';
  const state = stateOf({ 'aws_iam_policy.iam_rails-policy_49D003A1': { arn: POLICY } });

  it('imports it as role/policy ARN when the role lists it, across pages', async () => {
    const { plan, calls } = await recover(
      stack,
      [
        [
          ListAttachedRolePoliciesCommand,
          (input: Json) =>
            input.Marker === undefined
              ? { AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], IsTruncated: true, Marker: 'p2' }
              : { AttachedPolicies: [{ PolicyArn: POLICY }], IsTruncated: false },
        ],
      ],
      state,
    );
    expect(plan.imports.map(({ address, id }) => `${address} <- ${id}`)).toEqual([
      `aws_iam_role_policy_attachment.iam_rails-attachment_45A261D6 <- storytime-dev-web/${POLICY}`,
    ]);
    expect(calls).toEqual([
      'us-east-1 ListAttachedRolePoliciesCommand {"RoleName":"storytime-dev-web"}',
      'us-east-1 ListAttachedRolePoliciesCommand {"RoleName":"storytime-dev-web","Marker":"p2"}',
    ]);
  });

  it('counts it as not created when the role lists it not, or the role is gone', async () => {
    const unlisted = await recover(stack, [[ListAttachedRolePoliciesCommand, () => ({ AttachedPolicies: [], IsTruncated: false })]], state);
    const noRole = await recover(
      stack,
      [
        [
          ListAttachedRolePoliciesCommand,
          () => {
            throw awsError('NoSuchEntityException');
          },
        ],
      ],
      state,
    );
    expect([unlisted.plan.missing, noRole.plan.missing, [...unlisted.plan.imports, ...noRole.plan.problems]]).toEqual([1, 1, []]);
  });
});

describe('recover finds the replication and the replica, the replica in its own region', () => {
  it("imports the replication configuration by the source bucket's name", async () => {
    const stack = only(dev, 'aws_s3_bucket_replication_configuration.hls-replica_replication_578DF8D1');
    const state = stateOf({
      'aws_s3_bucket.hls-outputs_bucket_E2891421': { id: 'storytime-hls-outputs-dev' },
      'aws_iam_role.hls-replica_role_E88F16EA': { arn: 'arn:aws:iam::111111111111:role/storytime-dev-hls-replication' },
    });
    const { plan, calls } = await recover(
      stack,
      [[GetBucketReplicationCommand, () => ({ ReplicationConfiguration: { Rules: [{}] } })]],
      state,
    );
    expect(plan.imports.map(({ address, id }) => `${address} <- ${id}`)).toEqual([
      'aws_s3_bucket_replication_configuration.hls-replica_replication_578DF8D1 <- storytime-hls-outputs-dev',
    ]);
    expect(calls).toEqual(['us-east-1 GetBucketReplicationCommand {"Bucket":"storytime-hls-outputs-dev"}']);
    const absent = await recover(
      stack,
      [
        [
          GetBucketReplicationCommand,
          () => {
            throw awsError('ReplicationConfigurationNotFoundError');
          },
        ],
      ],
      state,
    );
    expect([absent.plan.imports, absent.plan.problems, absent.plan.missing]).toEqual([[], [], 1]);
  });

  it('asks us-west-2 for the replica bucket and imports it through the aliased provider', async () => {
    const stack = only(dev, 'aws_s3_bucket.hls-replica_bucket_F96CD82A');
    const { plan, calls } = await recover(stack, [
      [HeadBucketCommand, () => ({})],
      [GetBucketTaggingCommand, () => ({ TagSet: OURS })],
    ]);
    expect(calls).toEqual([
      'us-west-2 HeadBucketCommand {"Bucket":"storytime-hls-outputs-replica-dev"}',
      'us-west-2 GetBucketTaggingCommand {"Bucket":"storytime-hls-outputs-replica-dev"}',
    ]);
    expect(JSON.parse(importFile(plan.imports)).import).toEqual([
      { to: 'aws_s3_bucket.hls-replica_bucket_F96CD82A', id: 'storytime-hls-outputs-replica-dev', provider: 'aws.hls_replica' },
    ]);
  });

  it("finds the replica's origin access control by its own name", async () => {
    const stack = only(dev, 'aws_cloudfront_origin_access_control.cdn_oac-replica_0C333FF2');
    const { plan } = await recover(stack, [
      [
        ListOriginAccessControlsCommand,
        () => ({
          OriginAccessControlList: {
            Items: [
              { Id: 'OAC1', Name: 'storytime-dev-hls-outputs' },
              { Id: 'OAC2', Name: 'storytime-dev-hls-replica' },
            ],
          },
        }),
      ],
    ]);
    expect(plan.imports.map(({ address, id }) => `${address} <- ${id}`)).toEqual([
      'aws_cloudfront_origin_access_control.cdn_oac-replica_0C333FF2 <- OAC2',
    ]);
  });
});

describe('recover adopts an untagged web ACL and queue, keeping what references read of them', () => {
  it('a web ACL: its id, ARN and name, after an empty first page that names a marker', async () => {
    const ARN = 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/storytime-dev-cdn/acl-1';
    const { found, calls } = await recoverOne('aws_wafv2_web_acl', { name: 'storytime-dev-cdn', scope: 'CLOUDFRONT' }, [
      [
        ListWebACLsCommand,
        (input: Json) =>
          input.NextMarker === undefined ? { NextMarker: 'm1' } : { WebACLs: [{ Name: 'storytime-dev-cdn', Id: 'acl-1', ARN }] },
      ],
      [ListWafTagsCommand, () => ({})],
    ]);
    expect(found).toEqual([]);
    expect(calls).toEqual(['us-east-1 ListWebACLsCommand {"Scope":"CLOUDFRONT","Limit":100}']);
    const listed = await recoverOne('aws_wafv2_web_acl', { name: 'storytime-dev-cdn', scope: 'CLOUDFRONT' }, [
      [ListWebACLsCommand, () => ({ WebACLs: [{ Name: 'storytime-dev-cdn', Id: 'acl-1', ARN }] })],
      [ListWafTagsCommand, () => ({})],
    ]);
    expect(listed.found).toEqual([
      {
        id: 'acl-1/storytime-dev-cdn/CLOUDFRONT',
        attributes: { id: 'acl-1', arn: ARN, name: 'storytime-dev-cdn' },
        note: 'CLOUDFRONT scope in us-east-1',
      },
    ]);
  });

  it('a MediaConvert queue: its name and ARN, or no ARN when MediaConvert leaves it out', async () => {
    const ARN = 'arn:aws:mediaconvert:us-east-1:111111111111:queues/storytime-dev-hls';
    const { found } = await recoverOne('aws_media_convert_queue', { name: 'storytime-dev-hls' }, [
      [GetQueueCommand, () => ({ Queue: { Arn: ARN } })],
      [ListQueueTagsCommand, () => ({})],
    ]);
    expect(found).toEqual([{ id: 'storytime-dev-hls', attributes: { id: 'storytime-dev-hls', name: 'storytime-dev-hls', arn: ARN } }]);
    const bare = await recoverOne('aws_media_convert_queue', { name: 'storytime-dev-hls' }, [
      [GetQueueCommand, () => ({})],
      [ListQueueTagsCommand, () => ({ ResourceTags: {} })],
    ]);
    expect(bare.found).toEqual([
      { id: 'storytime-dev-hls', attributes: { id: 'storytime-dev-hls', name: 'storytime-dev-hls', arn: undefined } },
    ]);
    expect(bare.calls).toEqual(['us-east-1 GetQueueCommand {"Name":"storytime-dev-hls"}', 'us-east-1 ListTagsForResourceCommand {}']);
  });
});
