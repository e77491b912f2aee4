/** The web ACL, by name in its scope: a CLOUDFRONT-scope ACL lives in us-east-1, the region of the provider that creates it. */
import { ListTagsForResourceCommand, ListWebACLsCommand, type Scope } from '@aws-sdk/client-wafv2';
import { ownedBy, tagRecord, type Finder, type Found } from './context';

const webAcl: Finder = {
  needs: ['name', 'scope'],
  async find({ name, scope }, resource, context) {
    const waf = context.clients(resource.region).wafv2;
    const found: Found[] = [];
    let marker: string | undefined;
    do {
      const page = await waf.send(new ListWebACLsCommand({ Scope: scope as Scope, NextMarker: marker, Limit: 100 }));
      for (const acl of page.WebACLs ?? []) {
        if (acl.Name !== name || !acl.Id) continue;
        const tags = tagRecord((await waf.send(new ListTagsForResourceCommand({ ResourceARN: acl.ARN }))).TagInfoForResource?.TagList);
        if (!ownedBy(tags, context.tags, false)) {
          throw new Error(`web ACL ${name} is tagged for ${tags.Project}/${tags.Environment}, not this stack: not adopted`);
        }
        // Terraform imports a web ACL by id, name and scope together.
        const id = `${acl.Id}/${name}/${scope}`;
        found.push({ id, attributes: { id: acl.Id, arn: acl.ARN, name }, note: `${scope} scope in ${resource.region}` });
      }
      // WAF may hand back a marker with the last page: an empty page ends the listing too.
      marker = (page.WebACLs ?? []).length > 0 ? page.NextMarker : undefined;
    } while (marker);
    return found;
  },
};

export const WAF_FINDERS: Readonly<Record<string, Finder>> = { aws_wafv2_web_acl: webAcl };
