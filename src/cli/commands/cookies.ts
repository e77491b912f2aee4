/**
 * `storytime cookies`: mints CloudFront signed cookies (custom policy,
 * wildcard resource) and a curl command that uses them, so an operator can
 * check by hand that the distribution serves /books/<id>/... to signed viewers.
 */
import { defineCommand } from '../command';
import { envStackName, parseEnvironment } from '../environments';
import { UsageError } from '../errors';
import { loadOutputs, type StackOutputsReader } from '../outputs';
import { resolveExpiry } from '../signing/expiry';
import { checkKeyMatches, loadPrivateKey, type PublicKeysReader } from '../signing/key';
import { buildPolicy, curlCommand, exampleUrl, signCookies } from '../signing/policy';
import { resolveKeyPairId, resolveResource } from '../signing/target';

const USAGE = `usage: storytime cookies --env <environment> --resource <url> --private-key <pem file, or the secret's JSON>
         [--key-pair-id <id>] [--expires-in <n>s|m|h|d (default 1h, at most 7d) | --expires-at <ISO date>]
         [--source-ip <IPv4 address or CIDR>] [--from <terraform output -json file>]
Prints CloudFront signed cookies for the resource, then a curl command that fetches it with them (docs/tools.md).
`;

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_OR_CIDR = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}(?:/(?:3[0-2]|[12]?\\d))?$`);

/** IPv4 address or CIDR → CIDR, as CloudFront's AWS:SourceIp wants a prefix length. */
export function normalizeSourceIp(text: string): string {
  if (!IPV4_OR_CIDR.test(text)) {
    throw new UsageError(`--source-ip "${text}" is not an IPv4 address or CIDR such as 203.0.113.0/24`);
  }
  return text.includes('/') ? text : `${text}/32`;
}

export interface CookiesDeps {
  readonly now?: Date | undefined;
  /** Default: the public keys of the environment's settings. */
  readonly publicKeys?: PublicKeysReader | undefined;
  readonly readStack?: StackOutputsReader | undefined;
}

export const command = defineCommand({
  name: 'cookies',
  usage: USAGE,
  flags: {
    env: { type: 'string' },
    resource: { type: 'string' },
    'private-key': { type: 'string' },
    'key-pair-id': { type: 'string' },
    'expires-in': { type: 'string' },
    'expires-at': { type: 'string' },
    'source-ip': { type: 'string' },
    from: { type: 'string' },
  },
  run({ flags }, deps: CookiesDeps = {}) {
    const env = parseEnvironment(flags.env);
    if (flags.resource === undefined) throw new UsageError('missing --resource (e.g. https://<cdn-domain>/books/<id>/*)');
    const keyFile = flags['private-key'];
    if (keyFile === undefined) throw new UsageError('missing --private-key <pem file>');
    if (flags['expires-in'] !== undefined && flags['expires-at'] !== undefined) {
      throw new UsageError('give either --expires-in or --expires-at, not both');
    }
    const expires = resolveExpiry({ expiresIn: flags['expires-in'], expiresAt: flags['expires-at'] }, deps.now ?? new Date());
    const sourceIp = flags['source-ip'] === undefined ? undefined : normalizeSourceIp(flags['source-ip']);
    const signingKey = loadPrivateKey(keyFile);
    const outputs = loadOutputs(env, flags.from, deps.readStack);
    const resource = resolveResource(flags.resource, outputs);
    const keyPairId = resolveKeyPairId(flags['key-pair-id'], outputs, signingKey.keyPairId);
    if (outputs) checkKeyMatches(env, { privateKeyPem: signingKey.pem, keyPairId, file: keyFile }, outputs, deps.publicKeys);

    const cookies = signCookies(buildPolicy({ resource, expires, sourceIp }), keyPairId, signingKey.pem);
    const lines = Object.entries(cookies).map(([name, value]) => `${name}=${value}`);
    const notes: string[] = [];
    if (!outputs) {
      notes.push(`no outputs for ${envStackName(env)} (no --from, and terraform output gave none); domain and key id were not checked`);
    }
    const url = exampleUrl(resource);
    if (url === undefined) notes.push(`no curl example: cannot pick a concrete URL under ${resource}`);
    else lines.push(curlCommand(cookies, url));
    return { stdout: `${lines.join('\n')}\n`, stderr: notes, exitCode: 0 };
  },
});
