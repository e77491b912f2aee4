/**
 * Mints CloudFront signed cookies (custom policy, wildcard resource) and a curl
 * command that uses them, so an operator can check by hand that the
 * distribution serves /books/<id>/... to signed viewers.
 */
import { getSignedCookies } from '@aws-sdk/cloudfront-signer';
import {
  loadOutputs,
  outputString,
  outputStringMap,
  parseFlags,
  runCli,
  UsageError,
  type CliResult,
  type Environment,
  type StackOutputsReader,
  type TerraformOutputs,
} from './lib/outputs';
import { envStackName, parseEnvironment } from './lib/environments';
import { checkKeyMatches, loadPrivateKey, type PublicKeysReader } from './lib/signing-key';

export const COOKIES_USAGE = `usage: npm run cookies -- --env <environment> --resource <url> --private-key <pem file, or the secret's JSON>
         [--key-pair-id <id>] [--expires-in <n>s|m|h|d (default 1h, at most 7d) | --expires-at <ISO date>]
         [--source-ip <IPv4 address or CIDR>] [--from <terraform output -json file>]
`;

export interface CookiesArgs {
  env: Environment;
  resource: string;
  privateKeyFile: string;
  keyPairId?: string | undefined;
  expiresIn?: string | undefined;
  expiresAt?: string | undefined;
  sourceIp?: string | undefined;
  from?: string | undefined;
}

export function parseCookiesArgs(argv: string[]): CookiesArgs | 'help' {
  const values = parseFlags(argv, {
    env: { type: 'string' },
    resource: { type: 'string' },
    'private-key': { type: 'string' },
    'key-pair-id': { type: 'string' },
    'expires-in': { type: 'string' },
    'expires-at': { type: 'string' },
    'source-ip': { type: 'string' },
    from: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  const env = parseEnvironment(values.env);
  if (values.resource === undefined) throw new UsageError('missing --resource (e.g. https://<cdn-domain>/books/<id>/*)');
  if (values['private-key'] === undefined) throw new UsageError('missing --private-key <pem file>');
  if (values['expires-in'] !== undefined && values['expires-at'] !== undefined) {
    throw new UsageError('give either --expires-in or --expires-at, not both');
  }
  return {
    env,
    resource: values.resource,
    privateKeyFile: values['private-key'],
    keyPairId: values['key-pair-id'],
    expiresIn: values['expires-in'],
    expiresAt: values['expires-at'],
    sourceIp: values['source-ip'],
    from: values.from,
  };
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/**
 * The longest validity this tool signs: a signed cookie is a bearer
 * credential that nothing revokes short of removing its key from the key
 * group, and a manual playback check needs minutes, not months.
 */
export const MAX_EXPIRES_SECONDS = 7 * 86_400;
const MAX_EXPIRES_TEXT = '7d (a signed cookie is a bearer credential that only removing its key from the key group revokes)';

/** `90s`, `30m`, `1h`, `7d` → seconds, at most MAX_EXPIRES_SECONDS. */
export function parseExpiresIn(text: string): number {
  const match = /^([1-9]\d*)([smhd])$/.exec(text);
  if (!match) throw new UsageError(`--expires-in "${text.slice(0, 40)}" is not a duration like 90s, 30m, 1h or 7d`);
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  if (seconds > MAX_EXPIRES_SECONDS) throw new UsageError(`--expires-in ${text} is longer than ${MAX_EXPIRES_TEXT}`);
  return seconds;
}

// A time of day must carry its zone: ECMAScript reads a zoneless time as local time, a trap on shared hosts.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

// Date.parse rolls 2025-02-30 over into March instead of failing.
function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** ISO 8601 date (UTC midnight) or date-time with zone → epoch milliseconds. */
export function parseExpiresAt(text: string): number {
  const match = ISO_DATE.exec(text);
  const ms = Date.parse(text);
  if (!match || Number.isNaN(ms) || !isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new UsageError(`--expires-at "${text}" is not an ISO date such as 2025-06-30 or 2025-06-30T18:00:00Z`);
  }
  return ms;
}

export const DEFAULT_EXPIRES_IN = '1h';

/** DateLessThan in epoch seconds; must lie after `now`. */
export function resolveExpiry(args: Pick<CookiesArgs, 'expiresIn' | 'expiresAt'>, now: Date): number {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (args.expiresAt === undefined) return nowSeconds + parseExpiresIn(args.expiresIn ?? DEFAULT_EXPIRES_IN);
  const expires = Math.floor(parseExpiresAt(args.expiresAt) / 1000);
  if (expires <= nowSeconds) {
    throw new UsageError(`--expires-at ${args.expiresAt} is in the past (now ${now.toISOString()})`);
  }
  if (expires - nowSeconds > MAX_EXPIRES_SECONDS) {
    throw new UsageError(`--expires-at ${args.expiresAt} is more than ${MAX_EXPIRES_TEXT} from now`);
  }
  return expires;
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_OR_CIDR = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}(?:/(?:3[0-2]|[12]?\\d))?$`);

/** IPv4 address or CIDR → CIDR, as CloudFront's AWS:SourceIp wants a prefix length. */
export function normalizeSourceIp(text: string): string {
  if (!IPV4_OR_CIDR.test(text)) {
    throw new UsageError(`--source-ip "${text}" is not an IPv4 address or CIDR such as 203.0.113.0/24`);
  }
  return text.includes('/') ? text : `${text}/32`;
}

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

export interface PolicyInput {
  resource: string;
  /** DateLessThan, epoch seconds. */
  expires: number;
  /** CIDR. */
  sourceIp?: string | undefined;
}

export interface CloudFrontPolicy {
  Statement: [
    {
      Resource: string;
      Condition: {
        DateLessThan: { 'AWS:EpochTime': number };
        IpAddress?: { 'AWS:SourceIp': string };
      };
    },
  ];
}

export function buildPolicy({ resource, expires, sourceIp }: PolicyInput): string {
  const policy: CloudFrontPolicy = {
    Statement: [{ Resource: resource, Condition: { DateLessThan: { 'AWS:EpochTime': expires } } }],
  };
  if (sourceIp !== undefined) policy.Statement[0].Condition.IpAddress = { 'AWS:SourceIp': sourceIp };
  return JSON.stringify(policy);
}

export interface SignedCookies {
  'CloudFront-Policy': string;
  'CloudFront-Signature': string;
  'CloudFront-Key-Pair-Id': string;
}

export function signCookies(policy: string, keyPairId: string, privateKeyPem: string): SignedCookies {
  const signed = getSignedCookies({ policy, keyPairId, privateKey: privateKeyPem });
  const encodedPolicy = signed['CloudFront-Policy'];
  if (encodedPolicy === undefined) throw new Error('the signer returned no CloudFront-Policy for a custom policy');
  return {
    'CloudFront-Policy': encodedPolicy,
    'CloudFront-Signature': signed['CloudFront-Signature'],
    'CloudFront-Key-Pair-Id': signed['CloudFront-Key-Pair-Id'],
  };
}

/** A URL the resource covers, for the curl check: `<prefix>/*` → the HLS playlist under it. */
export function exampleUrl(resource: string): string | undefined {
  const base = resource.endsWith('/*') ? `${resource.slice(0, -1)}index.m3u8` : resource;
  return /[*?]/.test(base) ? undefined : base;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function curlCommand(cookies: SignedCookies, url: string): string {
  const cookieHeader = Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  return `curl -sS -o /dev/null -w '%{http_code}\\n' --cookie ${shellQuote(cookieHeader)} ${shellQuote(url)}`;
}

export interface CookiesDeps {
  now?: Date | undefined;
  /** Default: the public keys of the environment's settings. */
  publicKeys?: PublicKeysReader | undefined;
  readStack?: StackOutputsReader | undefined;
}

export function runCookies(argv: string[], deps: CookiesDeps = {}): CliResult {
  const args = parseCookiesArgs(argv);
  if (args === 'help') return { stdout: COOKIES_USAGE, warnings: [] };
  const now = deps.now ?? new Date();
  const expires = resolveExpiry(args, now);
  const sourceIp = args.sourceIp === undefined ? undefined : normalizeSourceIp(args.sourceIp);
  const signingKey = loadPrivateKey(args.privateKeyFile);
  const outputs = loadOutputs(args.env, args.from, deps.readStack);
  const resource = resolveResource(args.resource, outputs);
  const keyPairId = resolveKeyPairId(args.keyPairId, outputs, signingKey.keyPairId);
  if (outputs) {
    checkKeyMatches(args.env, { privateKeyPem: signingKey.pem, keyPairId, file: args.privateKeyFile }, outputs, deps.publicKeys);
  }

  const cookies = signCookies(buildPolicy({ resource, expires, sourceIp }), keyPairId, signingKey.pem);
  const lines = Object.entries(cookies).map(([name, value]) => `${name}=${value}`);
  const warnings: string[] = [];
  if (!outputs) {
    warnings.push(
      `no outputs for ${envStackName(args.env)} (no --from, and terraform output gave none); domain and key id were not checked`,
    );
  }
  const url = exampleUrl(resource);
  if (url === undefined) warnings.push(`no curl example: cannot pick a concrete URL under ${resource}`);
  else lines.push(curlCommand(cookies, url));
  return { stdout: `${lines.join('\n')}\n`, warnings };
}

if (require.main === module) {
  runCli('cookies', () => runCookies(process.argv.slice(2)), COOKIES_USAGE);
}
