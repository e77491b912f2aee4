/** The CDN domain check-env requests, and the domains it is judged against. */
import { settingsOf } from '../environments';
import { UsageError } from '../errors';
import type { Environment, TerraformOutputs } from '../outputs';
import { distributionDomains } from '../signing/target';

export interface Target {
  /** Host the requests name (Host header and TLS server name). */
  domain: string;
  /** Where the domain came from, for the report. */
  source: string;
}

/** The environment's known CDN domains, to judge a --url against. */
export function knownDomains(env: Environment, outputs: TerraformOutputs | undefined): string[] {
  const fromOutputs = distributionDomains(outputs);
  if (fromOutputs.length > 0) return fromOutputs;
  const settingsDomain = settingsOf(env).cdn.customDomain?.domainName.toLowerCase();
  return settingsDomain ? [settingsDomain] : [];
}

/**
 * The CDN domain to check: --url when given (which must then be one of the
 * environment's domains, when those are known), else the outputs' domain, else
 * the custom domain in the environment's settings.
 */
export function resolveTarget(
  args: { readonly env: Environment; readonly url?: string | undefined; readonly from?: string | undefined },
  outputs: TerraformOutputs | undefined,
): Target {
  const known = knownDomains(args.env, outputs);
  const knownSource =
    distributionDomains(outputs).length > 0 ? `outputs${args.from ? ` in ${args.from}` : ''}` : `stacks/settings/${args.env}.ts`;
  if (args.url === undefined) {
    if (known.length === 0)
      throw new UsageError(`no CDN domain known for ${args.env}: pass --url https://<cdn-domain> or --from <outputs file>`);
    return { domain: known[0], source: knownSource };
  }
  let url: URL;
  try {
    url = new URL(args.url);
  } catch {
    throw new UsageError(`--url ${args.url} is not an https URL`);
  }
  if (url.protocol !== 'https:') throw new UsageError(`--url ${args.url} is not an https URL`);
  if (url.pathname !== '/' || url.search !== '' || url.port !== '') {
    throw new UsageError(`--url ${args.url} must be just https://<cdn-domain>; paths go in --hls-path and --api-path`);
  }
  return { domain: url.hostname, source: '--url' };
}
