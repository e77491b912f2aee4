/**
 * recover's CloudFront finders: the distribution by its aliases or owner tags, policies, keys and origin
 * access controls by name, and what other resources reference of a function, VPC origin or monitoring
 * subscription; each resource alone in a stack, recovered against an account of fake answers.
 */
import {
  DescribeFunctionCommand,
  GetMonitoringSubscriptionCommand,
  ListCachePoliciesCommand,
  ListDistributionsCommand,
  ListKeyGroupsCommand,
  ListOriginAccessControlsCommand,
  ListPublicKeysCommand,
  ListResponseHeadersPoliciesCommand,
  ListTagsForResourceCommand,
  ListVpcOriginsCommand,
} from '@aws-sdk/client-cloudfront';
import { describe, expect, it } from 'vitest';
import type { Json } from '../helpers';
import { type Answers, failing, OURS, PROD, recoverOne } from './recover-support';

describe('recover finds the distribution by its aliases, or by owner tags when it has none', () => {
  const summary = (id: string, aliases?: string[]) => ({
    Id: id,
    ARN: `arn:aws:cloudfront::111111111111:distribution/${id}`,
    DomainName: `${id.toLowerCase()}.cloudfront.net`,
    ...(aliases ? { Aliases: { Items: aliases } } : {}),
  });
  const tagsOf: Record<string, Json> = { E1: OURS, E2: OURS, E3: PROD, E5: OURS, E6: OURS.slice(0, 1) };
  const answers = (...pages: Json[][]): Answers => [
    [
      ListDistributionsCommand,
      (input: Json) => {
        const index = input.Marker === undefined ? 0 : Number(input.Marker);
        // CloudFront may name a marker on the last page: only IsTruncated says there is more.
        return { DistributionList: { Items: pages[index], IsTruncated: index < pages.length - 2, NextMarker: String(index + 1) } };
      },
    ],
    [
      ListTagsForResourceCommand,
      (input: Json) => {
        const id = String(input.Resource).split('/')[1];
        return id in tagsOf ? { Tags: { Items: tagsOf[id] } } : {};
      },
    ],
  ];
  const ALIASES = ['cdn.example.com', 'www.example.com'];

  it('imports the one serving every alias and tagged for this stack or untagged, across pages', async () => {
    const { found, plan, calls } = await recoverOne(
      'aws_cloudfront_distribution',
      { aliases: ALIASES },
      answers(
        [summary('E0'), summary('E1', ['cdn.example.com']), summary('E2', [...ALIASES, 'old.example.com'])],
        [summary('E3', ALIASES)],
        [summary('E4', ALIASES)],
      ),
    );
    expect(found).toEqual([
      {
        id: 'E2',
        attributes: {
          id: 'E2',
          arn: 'arn:aws:cloudfront::111111111111:distribution/E2',
          domain_name: 'e2.cloudfront.net',
          hosted_zone_id: 'Z2FDTNDATAQYW2',
        },
        note: 'serves cdn.example.com, www.example.com',
      },
    ]);
    expect(plan.imports).toEqual([
      { address: 'aws_cloudfront_distribution.it', id: 'E2', provider: undefined, note: 'serves cdn.example.com, www.example.com' },
    ]);
    expect(calls).toEqual([
      'us-east-1 ListDistributionsCommand {}',
      'us-east-1 ListTagsForResourceCommand {"Resource":"arn:aws:cloudfront::111111111111:distribution/E0"}',
      'us-east-1 ListTagsForResourceCommand {"Resource":"arn:aws:cloudfront::111111111111:distribution/E1"}',
      'us-east-1 ListTagsForResourceCommand {"Resource":"arn:aws:cloudfront::111111111111:distribution/E2"}',
      'us-east-1 ListDistributionsCommand {"Marker":"1"}',
      'us-east-1 ListTagsForResourceCommand {"Resource":"arn:aws:cloudfront::111111111111:distribution/E3"}',
    ]);
    const untagged = await recoverOne('aws_cloudfront_distribution', { aliases: ALIASES }, answers([summary('E4', ALIASES)], []));
    expect(untagged.plan.imports.map(({ id }) => id)).toEqual(['E4']);
  });

  it('without aliases, imports only the one carrying both owner tags of this stack', async () => {
    const { found } = await recoverOne(
      'aws_cloudfront_distribution',
      {},
      answers([summary('E4'), summary('E6'), summary('E5'), summary('E3')], []),
    );
    expect(found).toEqual([
      {
        id: 'E5',
        attributes: {
          id: 'E5',
          arn: 'arn:aws:cloudfront::111111111111:distribution/E5',
          domain_name: 'e5.cloudfront.net',
          hosted_zone_id: 'Z2FDTNDATAQYW2',
        },
        note: 'tagged storytime/dev',
      },
    ]);
  });

  it('counts it as not created in an account without distributions', async () => {
    const { found, plan, calls } = await recoverOne('aws_cloudfront_distribution', { aliases: ALIASES }, [
      [ListDistributionsCommand, () => ({})],
    ]);
    expect([found, plan.missing, calls]).toEqual([[], 1, ['us-east-1 ListDistributionsCommand {}']]);
  });
});

describe('recover keeps what other resources reference of a function, VPC origin and monitoring subscription', () => {
  it("a function's ARN, or none when CloudFront leaves it out", async () => {
    const ARN = 'arn:aws:cloudfront::111111111111:function/storytime-dev-preflight';
    const described = await recoverOne('aws_cloudfront_function', { name: 'storytime-dev-preflight' }, [
      [DescribeFunctionCommand, () => ({ FunctionSummary: { FunctionMetadata: { FunctionARN: ARN } } })],
    ]);
    expect(described.found).toEqual([
      { id: 'storytime-dev-preflight', attributes: { id: 'storytime-dev-preflight', name: 'storytime-dev-preflight', arn: ARN } },
    ]);
    for (const answer of [{}, { FunctionSummary: {} }]) {
      const { found } = await recoverOne('aws_cloudfront_function', { name: 'storytime-dev-preflight' }, [
        [DescribeFunctionCommand, () => answer],
      ]);
      expect(found).toEqual([
        { id: 'storytime-dev-preflight', attributes: { id: 'storytime-dev-preflight', name: 'storytime-dev-preflight', arn: undefined } },
      ]);
    }
  });

  it("a monitoring subscription's distribution, and none while the distribution is gone", async () => {
    const { found } = await recoverOne('aws_cloudfront_monitoring_subscription', { distribution_id: 'E2' }, [
      [GetMonitoringSubscriptionCommand, () => ({})],
    ]);
    expect(found).toEqual([{ id: 'E2', attributes: { id: 'E2', distribution_id: 'E2' } }]);
    const gone = await recoverOne('aws_cloudfront_monitoring_subscription', { distribution_id: 'E2' }, [
      [GetMonitoringSubscriptionCommand, failing('NoSuchDistribution')],
    ]);
    expect([gone.found, gone.plan.missing]).toEqual([[], 1]);
  });

  describe('a VPC origin', () => {
    const ALB = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/storytime-dev/1';
    const args = { vpc_origin_endpoint_config: [{ name: 'storytime-dev-api', arn: ALB }] };

    it('its id and ARN, untagged, across pages that end where CloudFront says so', async () => {
      const { found, calls } = await recoverOne('aws_cloudfront_vpc_origin', args, [
        [
          ListVpcOriginsCommand,
          (input: Json) =>
            input.Marker === undefined
              ? { VpcOriginList: { Items: [{ Name: 'storytime-dev-api', OriginEndpointArn: ALB }], IsTruncated: true, NextMarker: 'v2' } }
              : input.Marker === 'v2'
                ? {
                    VpcOriginList: {
                      Items: [{ Id: 'vo_1', Arn: 'arn:vo_1', Name: 'storytime-dev-api', OriginEndpointArn: ALB }],
                      IsTruncated: false,
                      NextMarker: 'v3',
                    },
                  }
                : { VpcOriginList: { Items: [{ Id: 'vo_2', Arn: 'arn:vo_2', Name: 'storytime-dev-api', OriginEndpointArn: ALB }] } },
        ],
        [ListTagsForResourceCommand, () => ({})],
      ]);
      expect(found).toEqual([{ id: 'vo_1', attributes: { id: 'vo_1', arn: 'arn:vo_1' }, note: `storytime-dev-api to ${ALB}` }]);
      expect(calls).toEqual([
        'us-east-1 ListVpcOriginsCommand {}',
        'us-east-1 ListVpcOriginsCommand {"Marker":"v2"}',
        'us-east-1 ListTagsForResourceCommand {"Resource":"arn:vo_1"}',
      ]);
      const empty = await recoverOne('aws_cloudfront_vpc_origin', args, [[ListVpcOriginsCommand, () => ({})]]);
      expect([empty.found, empty.plan.missing]).toEqual([[], 1]);
    });

    it('none asked for without an endpoint of a known name and load balancer', async () => {
      for (const endpoint of [
        {},
        { vpc_origin_endpoint_config: [] },
        { vpc_origin_endpoint_config: [{ name: 'storytime-dev-api' }] },
        {
          vpc_origin_endpoint_config: [{ arn: ALB }],
        },
      ]) {
        const { found, calls } = await recoverOne('aws_cloudfront_vpc_origin', endpoint, [[ListVpcOriginsCommand, () => ({})]]);
        expect([found, calls], JSON.stringify(endpoint)).toEqual([[], []]);
      }
    });
  });
});

/** Each type found by name in a whole list: its command, the listing's input, and how the listing holds an item. */
const BY_NAME: readonly [string, Answers[number][0], string, (items: { Id?: string; Name?: string }[]) => Json][] = [
  [
    'aws_cloudfront_origin_access_control',
    ListOriginAccessControlsCommand,
    '{}',
    (items) => ({ OriginAccessControlList: { Items: items } }),
  ],
  ['aws_cloudfront_public_key', ListPublicKeysCommand, '{}', (items) => ({ PublicKeyList: { Items: items } })],
  [
    'aws_cloudfront_key_group',
    ListKeyGroupsCommand,
    '{}',
    (items) => ({
      KeyGroupList: {
        Items: items.map(({ Id, Name }) => (Id ? { KeyGroup: { Id, ...(Name ? { KeyGroupConfig: { Name } } : {}) } } : {})),
      },
    }),
  ],
  [
    'aws_cloudfront_cache_policy',
    ListCachePoliciesCommand,
    '{"Type":"custom"}',
    (items) => ({
      CachePolicyList: {
        Items: items.map(({ Id, Name }) => (Id ? { CachePolicy: { Id, ...(Name ? { CachePolicyConfig: { Name } } : {}) } } : {})),
      },
    }),
  ],
  [
    'aws_cloudfront_response_headers_policy',
    ListResponseHeadersPoliciesCommand,
    '{"Type":"custom"}',
    (items) => ({
      ResponseHeadersPolicyList: {
        Items: items.map(({ Id, Name }) =>
          Id ? { ResponseHeadersPolicy: { Id, ...(Name ? { ResponseHeadersPolicyConfig: { Name } } : {}) } } : {},
        ),
      },
    }),
  ],
];

describe.each(BY_NAME)('recover finds %s by name', (type, command, input, listing) => {
  it('imports the one of that name by id, skipping others, one without a name or id, and an empty item', async () => {
    const { found, plan, calls } = await recoverOne(type, { name: 'storytime-dev-media' }, [
      [
        command,
        () =>
          listing([
            {},
            { Id: 'ID2' },
            { Id: 'ID0', Name: 'storytime-prod-media' },
            { Name: 'storytime-dev-media' },
            { Id: 'ID1', Name: 'storytime-dev-media' },
          ]),
      ],
    ]);
    expect(found).toEqual([{ id: 'ID1', attributes: { id: 'ID1', name: 'storytime-dev-media' } }]);
    expect(plan.imports.map(({ id }) => id)).toEqual(['ID1']);
    expect(calls).toEqual([`us-east-1 ${command.name} ${input}`]);
  });

  it('counts it as not created when the list is empty', async () => {
    const { found, plan } = await recoverOne(type, { name: 'storytime-dev-media' }, [[command, () => ({})]]);
    expect([found, plan.missing]).toEqual([[], 1]);
  });
});
