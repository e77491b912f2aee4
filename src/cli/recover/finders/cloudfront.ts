/**
 * CloudFront: the distribution by its aliases or, without any, by the owner
 * tags (it has no name); policies, key groups, public keys, origin access
 * controls and functions by name; a VPC origin by name and endpoint; the
 * monitoring subscription by its distribution.
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
import { gotten, ownedBy, tagRecord, type Finder, type Found } from './context';

/** CloudFront's hosted zone for alias records, the same for every distribution. */
const CLOUDFRONT_ZONE = 'Z2FDTNDATAQYW2';

const distribution: Finder = {
  needs: [],
  async find(_args, resource, context) {
    const cloudfront = context.clients(resource.region).cloudfront;
    const aliases = Array.isArray(resource.args.aliases) ? (resource.args.aliases as string[]) : [];
    const found: Found[] = [];
    let marker: string | undefined;
    do {
      const page = (await cloudfront.send(new ListDistributionsCommand({ Marker: marker }))).DistributionList;
      for (const summary of page?.Items ?? []) {
        const theirs = summary.Aliases?.Items ?? [];
        const byAlias = aliases.length > 0 && aliases.every((alias) => theirs.includes(alias));
        const tags = tagRecord((await cloudfront.send(new ListTagsForResourceCommand({ Resource: summary.ARN }))).Tags?.Items);
        if (!(byAlias ? ownedBy(tags, context.tags, false) : aliases.length === 0 && ownedBy(tags, context.tags, true))) continue;
        found.push({
          id: summary.Id ?? '',
          attributes: { id: summary.Id, arn: summary.ARN, domain_name: summary.DomainName, hosted_zone_id: CLOUDFRONT_ZONE },
          note: byAlias ? `serves ${aliases.join(', ')}` : `tagged ${tags.Project}/${tags.Environment}`,
        });
      }
      marker = page?.IsTruncated ? page.NextMarker : undefined;
    } while (marker);
    return found;
  },
};

/** A function is found in its development stage: a create cut short may not have published it (the apply does). */
const cloudfrontFunction = gotten(
  ['name'],
  async ({ name }, resource, context) => {
    const summary = (await context.clients(resource.region).cloudfront.send(new DescribeFunctionCommand({ Name: name }))).FunctionSummary;
    return { id: name, attributes: { id: name, name, arn: summary?.FunctionMetadata?.FunctionARN } };
  },
  ['NoSuchFunctionExists'],
);

/** The stack's VPC origin: its endpoint's name and load balancer, from `vpc_origin_endpoint_config`. */
const vpcOrigin: Finder = {
  needs: [],
  async find(_args, resource, context) {
    const [endpoint] = (resource.args.vpc_origin_endpoint_config ?? []) as { name?: unknown; arn?: unknown }[];
    const name = endpoint?.name;
    if (typeof name !== 'string' || typeof endpoint.arn !== 'string') return [];
    const cloudfront = context.clients(resource.region).cloudfront;
    const found: Found[] = [];
    let marker: string | undefined;
    do {
      const page = (await cloudfront.send(new ListVpcOriginsCommand({ Marker: marker }))).VpcOriginList;
      for (const summary of page?.Items ?? []) {
        if (summary.Name !== name || summary.OriginEndpointArn !== endpoint.arn || !summary.Id) continue;
        const tags = tagRecord((await cloudfront.send(new ListTagsForResourceCommand({ Resource: summary.Arn }))).Tags?.Items);
        if (!ownedBy(tags, context.tags, false)) {
          throw new Error(
            `VPC origin ${name} (${summary.Id}) is tagged for ${tags.Project}/${tags.Environment}, not this stack: not adopted`,
          );
        }
        found.push({ id: summary.Id, attributes: { id: summary.Id, arn: summary.Arn }, note: `${name} to ${endpoint.arn}` });
      }
      marker = page?.IsTruncated ? page.NextMarker : undefined;
    } while (marker);
    return found;
  },
};

const monitoringSubscription = gotten(
  ['distribution_id'],
  async ({ distribution_id: distribution }, resource, context) => {
    await context.clients(resource.region).cloudfront.send(new GetMonitoringSubscriptionCommand({ DistributionId: distribution }));
    return { id: distribution, attributes: { id: distribution, distribution_id: distribution } };
  },
  ['NoSuchMonitoringSubscription', 'NoSuchDistribution'],
);

/** A CloudFront object found by name in a list that comes back whole (at most a few per account). */
function byName(list: (context: Parameters<Finder['find']>[2], region: string) => Promise<{ id?: string; name?: string }[]>): Finder {
  return {
    needs: ['name'],
    async find({ name }, resource, context) {
      return (await list(context, resource.region))
        .filter((item) => item.name === name && item.id)
        .map((item) => ({ id: item.id as string, attributes: { id: item.id, name } }));
    },
  };
}

export const CLOUDFRONT_FINDERS: Readonly<Record<string, Finder>> = {
  aws_cloudfront_distribution: distribution,
  aws_cloudfront_function: cloudfrontFunction,
  aws_cloudfront_vpc_origin: vpcOrigin,
  aws_cloudfront_monitoring_subscription: monitoringSubscription,
  aws_cloudfront_origin_access_control: byName(async (context, region) =>
    ((await context.clients(region).cloudfront.send(new ListOriginAccessControlsCommand({}))).OriginAccessControlList?.Items ?? []).map(
      (item) => ({ id: item.Id, name: item.Name }),
    ),
  ),
  aws_cloudfront_public_key: byName(async (context, region) =>
    ((await context.clients(region).cloudfront.send(new ListPublicKeysCommand({}))).PublicKeyList?.Items ?? []).map((item) => ({
      id: item.Id,
      name: item.Name,
    })),
  ),
  aws_cloudfront_key_group: byName(async (context, region) =>
    ((await context.clients(region).cloudfront.send(new ListKeyGroupsCommand({}))).KeyGroupList?.Items ?? []).map((item) => ({
      id: item.KeyGroup?.Id,
      name: item.KeyGroup?.KeyGroupConfig?.Name,
    })),
  ),
  aws_cloudfront_cache_policy: byName(async (context, region) =>
    ((await context.clients(region).cloudfront.send(new ListCachePoliciesCommand({ Type: 'custom' }))).CachePolicyList?.Items ?? []).map(
      (item) => ({ id: item.CachePolicy?.Id, name: item.CachePolicy?.CachePolicyConfig?.Name }),
    ),
  ),
  aws_cloudfront_response_headers_policy: byName(async (context, region) =>
    (
      (await context.clients(region).cloudfront.send(new ListResponseHeadersPoliciesCommand({ Type: 'custom' }))).ResponseHeadersPolicyList
        ?.Items ?? []
    ).map((item) => ({ id: item.ResponseHeadersPolicy?.Id, name: item.ResponseHeadersPolicy?.ResponseHeadersPolicyConfig?.Name })),
  ),
};
