/** What cookies are signed for, checked against the distribution's outputs: the resource's host and the key pair id. */
import { UsageError } from '../errors';
import { outputString, outputStringMap, type TerraformOutputs } from '../outputs';

/** Hosts the distribution answers on, custom domain first. */
export function distributionDomains(outputs: TerraformOutputs | undefined): string[] {
  if (!outputs) return [];
  const names = [outputString(outputs, 'cdn_domain_name'), outputString(outputs, 'cloudfront_domain_name')];
  return [...new Set(names.filter((name): name is string => Boolean(name)).map((name) => name.toLowerCase()))];
}

/**
 * The policy's Resource: an https URL on the distribution's domain. A bare path
 * (`/books/42/*`) takes the domain from the outputs.
 */
export function resolveResource(resource: string, outputs: TerraformOutputs | undefined): string {
  const domains = distributionDomains(outputs);
  let full = resource;
  if (resource.startsWith('/')) {
    if (domains.length === 0) {
      throw new UsageError(
        `--resource ${resource} has no host and no cdn_domain_name output to take it from; pass https://<domain>${resource}`,
      );
    }
    full = `https://${domains[0]}${resource}`;
  }
  let url: URL;
  try {
    url = new URL(full);
  } catch {
    throw new UsageError(`--resource ${resource} is not an https URL`);
  }
  if (url.protocol !== 'https:') throw new UsageError(`--resource ${resource} is not an https URL`);
  const pathStart = full.indexOf('/', 'https://'.length);
  const host = full.slice('https://'.length, pathStart === -1 ? undefined : pathStart);
  // The host as typed: URL would keep a `*` in it, and a hint built from that is garbage.
  const example = `https://${domains[0] ?? (/^[a-z0-9.-]+$/i.test(host) ? host : '<cdn-domain>')}/books/<id>/*`;
  if (!/^[a-z0-9.-]+$/i.test(host))
    throw new UsageError(`--resource host "${host}" is not a host name; wildcards belong in the path, e.g. ${example}`);
  if (pathStart === -1) throw new UsageError(`--resource ${resource} has no path (e.g. ${example})`);
  if (domains.length > 0 && !domains.includes(url.host)) {
    throw new UsageError(`--resource host ${url.host} is not the distribution's domain (${domains.join(' or ')})`);
  }
  // Keep the path as typed: URL serialisation could percent-encode what the viewer's request will not.
  return `https://${url.host}${full.slice(pathStart)}`;
}

/** The key pair id to sign with: --key-pair-id, else the one in the secret's JSON, else the active key from the outputs. */
export function resolveKeyPairId(flag: string | undefined, outputs: TerraformOutputs | undefined, fromSecret?: string): string {
  const active = outputs && outputString(outputs, 'cloudfront_public_key_id');
  const inGroup = Object.values((outputs && outputStringMap(outputs, 'cloudfront_public_key_ids')) ?? {});
  const known = [...new Set([...(active ? [active] : []), ...inGroup])];
  const id = flag ?? fromSecret ?? active;
  if (id === undefined) {
    throw new UsageError(
      'missing --key-pair-id and no cloudfront_public_key_id output to default to (pass --key-pair-id or --from <outputs.json>)',
    );
  }
  if (!/^[A-Z0-9]+$/.test(id)) throw new UsageError(`--key-pair-id "${id}" is not a CloudFront public key id such as K3ABCDEFGHIJKL`);
  if (known.length > 0 && !known.includes(id)) {
    throw new UsageError(`--key-pair-id ${id} is not in the distribution's key group (${known.join(', ')})`);
  }
  return id;
}
