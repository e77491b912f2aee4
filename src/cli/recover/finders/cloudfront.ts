/**
 * CloudFront: the distribution by its aliases or, without any, by the owner
 * tags (it has no name); policies, key groups, public keys and origin access
 * controls by name.
 */
import {
  ListCachePoliciesCommand,
  ListDistributionsCommand,
  ListKeyGroupsCommand,
  ListOriginAccessControlsCommand,
  ListPublicKeysCommand,
  ListResponseHeadersPoliciesCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-cloudfront';
import { ownedBy, tagRecord, type Finder, type Found } from './context';

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
