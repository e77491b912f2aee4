/**
 * The verification plan of seed ADR 003 (mixed DEV/STAGING routing) as a
 * command: request an HLS path and an API path through an environment's CDN
 * domain and check that every answer names that environment.
 *
 * CloudFront adds the response-headers-policy header (x-storytime-environment)
 * to the responses it serves from its cache or forwards from the origin (AWS,
 * "Add or remove HTTP headers in CloudFront responses with a policy"). The 403
 * it generates itself for a request without signed cookies is neither, so the
 * HLS request carries a short-lived signed cookie when a private key is given;
 * without one, an unsigned answer counts only if it carries the header.
 */
import { request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { ENVIRONMENT_HEADER } from '../modules/cloudfront_hls/response-headers';
import { buildPolicy, distributionDomains, resolveKeyPairId, signCookies } from './cookies';
import { loadOutputs, parseFlags, UsageError, type Environment, type StackOutputsReader, type TerraformOutputs } from './lib/outputs';
import { parseEnvironment, settingsOf } from './lib/environments';
import { loadPrivateKey } from './lib/signing-key';

/** Header the Rails app adds to every response: the environment of the backend that answered. */
export const BACKEND_ENVIRONMENT_HEADER = 'x-storytime-backend-environment';

export const CHECK_ENV_USAGE = `usage: npm run check-env -- --env <environment> [--url https://<cdn-domain>] [--from <terraform output -json file>]
         [--private-key <pem file> [--key-pair-id <id>]] [--hls-path <path>] [--api-path <path>]
         [--require-backend-header] [--connect-to <host>:<port>] [--timeout <seconds>]
`;

export const DEFAULT_HLS_PATH = '/books/check-env/index.m3u8';
export const DEFAULT_API_PATH = '/api/health';
/** Lifetime of the cookie check-env signs: long enough for one request, short enough to be worthless if it leaks. */
export const COOKIE_LIFETIME_SECONDS = 300;
export const DEFAULT_TIMEOUT_SECONDS = 10;

/** Exit codes: 0 consistent, 1 a check failed, 2 bad input, 3 no answer, 4 unexpected error. */
export const EXIT = { ok: 0, failed: 1, usage: 2, noAnswer: 3, unexpected: 4 } as const;

export interface CheckEnvArgs {
  env: Environment;
  url?: string | undefined;
  from?: string | undefined;
  privateKeyFile?: string | undefined;
  keyPairId?: string | undefined;
  hlsPath: string;
  apiPath: string;
  requireBackendHeader: boolean;
  connectTo?: { host: string; port: number } | undefined;
  timeoutSeconds: number;
}

function parsePath(flag: string, value: string): string {
  if (!value.startsWith('/') || /\s/.test(value)) throw new UsageError(`${flag} "${value}" is not a path such as /books/42/index.m3u8`);
  return value;
}

function parseConnectTo(value: string): { host: string; port: number } {
  const match = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw new UsageError(`--connect-to "${value}" is not <host>:<port> such as 127.0.0.1:8443`);
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

function parseTimeout(value: string): number {
  if (!/^[1-9]\d{0,2}$/.test(value)) throw new UsageError(`--timeout "${value}" is not a number of seconds from 1 to 999`);
  return Number(value);
}

export function parseCheckEnvArgs(argv: string[]): CheckEnvArgs | 'help' {
  const values = parseFlags(argv, {
    env: { type: 'string' },
    url: { type: 'string' },
    from: { type: 'string' },
    'private-key': { type: 'string' },
    'key-pair-id': { type: 'string' },
    'hls-path': { type: 'string' },
    'api-path': { type: 'string' },
    'require-backend-header': { type: 'boolean' },
    'connect-to': { type: 'string' },
    timeout: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  const env = parseEnvironment(values.env);
  if (values['key-pair-id'] !== undefined && values['private-key'] === undefined) {
    throw new UsageError('--key-pair-id needs --private-key (the key signs the HLS request)');
  }
  return {
    env,
    url: values.url,
    from: values.from,
    privateKeyFile: values['private-key'],
    keyPairId: values['key-pair-id'],
    hlsPath: parsePath('--hls-path', values['hls-path'] ?? DEFAULT_HLS_PATH),
    apiPath: parsePath('--api-path', values['api-path'] ?? DEFAULT_API_PATH),
    requireBackendHeader: values['require-backend-header'] ?? false,
    connectTo: values['connect-to'] === undefined ? undefined : parseConnectTo(values['connect-to']),
    timeoutSeconds: values.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : parseTimeout(values.timeout),
  };
}

export interface Target {
  /** Host the requests name (Host header and TLS server name). */
  domain: string;
  /** Where the domain came from, for the report. */
  source: string;
}

/**
 * The CDN domain to check: --url when given (which must then be one of the
 * environment's domains, when those are known), else the outputs' domain, else
 * the custom domain in the environment's settings.
 */
export function resolveTarget(args: Pick<CheckEnvArgs, 'env' | 'url' | 'from'>, outputs: TerraformOutputs | undefined): Target {
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

/** The environment's known CDN domains, to judge a --url against. */
export function knownDomains(env: Environment, outputs: TerraformOutputs | undefined): string[] {
  const fromOutputs = distributionDomains(outputs);
  if (fromOutputs.length > 0) return fromOutputs;
  const settingsDomain = settingsOf(env).cdn.customDomain?.domainName.toLowerCase();
  return settingsDomain ? [settingsDomain] : [];
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
}

export class NoAnswerError extends Error {
  override name = 'NoAnswerError';
}

interface ProbeOptions {
  domain: string;
  path: string;
  cookie?: string | undefined;
  connectTo?: { host: string; port: number } | undefined;
  timeoutSeconds: number;
  /** Extra CA certificates (tests); in production the system store, or NODE_EXTRA_CA_CERTS. */
  ca?: string | undefined;
}

/**
 * One GET over HTTPS; resolves with the status and headers, rejects with NoAnswerError when nothing usable comes back.
 * The deadline covers connect, TLS and the response headers together: the request's own `timeout` is an idle
 * timer on the socket, which a silent TLS peer only trips after twice the value.
 */
function probe(options: ProbeOptions): Promise<Answer> {
  const { domain, path, cookie, connectTo, timeoutSeconds, ca } = options;
  return new Promise((resolve, reject) => {
    const req = request({
      host: connectTo?.host ?? domain,
      port: connectTo?.port ?? 443,
      servername: domain,
      path,
      method: 'GET',
      headers: { host: domain, 'user-agent': 'storytime-check-env', ...(cookie ? { cookie } : {}) },
      ca,
      agent: false,
    });
    const deadline = setTimeout(() => req.destroy(new NoAnswerError(`no answer within ${timeoutSeconds} s`)), timeoutSeconds * 1000);
    req.on('error', (err) => {
      clearTimeout(deadline);
      reject(err instanceof NoAnswerError ? err : new NoAnswerError((err as NodeJS.ErrnoException).code ?? err.message));
    });
    req.on('response', (res) => {
      clearTimeout(deadline);
      // Only the status and headers are checked; a body that never ends must not keep the command running.
      res.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.end();
  });
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

export interface CheckEnvDeps {
  now?: Date | undefined;
  readStack?: StackOutputsReader | undefined;
  ca?: string | undefined;
}

export interface CheckEnvResult {
  /** The report: one line per request, then the verdict. */
  stdout: string;
  /** Problems and notes, one line each (printed with the `check-env: ` prefix). */
  stderr: string[];
  exitCode: number;
}

/** Signs a cookie for exactly one URL, valid COOKIE_LIFETIME_SECONDS. */
function signedCookieFor(
  url: string,
  args: CheckEnvArgs,
  outputs: TerraformOutputs | undefined,
  now: Date,
): { cookie: string; keyPairId: string } {
  // A PEM file or the signing secret's JSON, whose key pair id then comes along (docs/signing-keys.md).
  const signingKey = loadPrivateKey(args.privateKeyFile!);
  const keyPairId = resolveKeyPairId(args.keyPairId, outputs, signingKey.keyPairId);
  const expires = Math.floor(now.getTime() / 1000) + COOKIE_LIFETIME_SECONDS;
  const cookies = signCookies(buildPolicy({ resource: url, expires }), keyPairId, signingKey.pem);
  const cookie = Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  return { cookie, keyPairId };
}

/** Runs the check; bad input throws UsageError, everything else is in the result. */
export async function runCheckEnv(argv: string[], deps: CheckEnvDeps = {}): Promise<CheckEnvResult> {
  const args = parseCheckEnvArgs(argv);
  if (args === 'help') return { stdout: CHECK_ENV_USAGE, stderr: [], exitCode: EXIT.ok };
  const now = deps.now ?? new Date();
  const outputs = loadOutputs(args.env, args.from, deps.readStack);
  const target = resolveTarget(args, outputs);
  const known = knownDomains(args.env, outputs);
  const hlsUrl = `https://${target.domain}${args.hlsPath}`;
  // Sign before any request, so that a bad key is bad input (exit 2), not a failed check.
  const signed = args.privateKeyFile === undefined ? undefined : signedCookieFor(hlsUrl, args, outputs, now);

  const lines = [`check-env ${args.env}: https://${target.domain} (domain from ${target.source})`];
  const problems: string[] = [];
  const notes: string[] = [];
  if (target.source === '--url' && known.length > 0 && !known.includes(target.domain)) {
    problems.push(`wrong domain: ${target.domain} is not a CDN domain of ${args.env} (${known.join(' or ')})`);
  }
  if (target.source === '--url' && known.length === 0)
    notes.push(`no outputs and no custom domain for ${args.env}: the domain was not checked`);

  const albEnabled = settingsOf(args.env).alb.enabled;
  const requests: { name: 'hls' | 'api'; path: string; cookie?: string | undefined; how: string }[] = [
    {
      name: 'hls',
      path: args.hlsPath,
      cookie: signed?.cookie,
      how: signed
        ? `signed cookie for this URL, key ${signed.keyPairId}, valid ${COOKIE_LIFETIME_SECONDS} s`
        : 'unsigned: no --private-key',
    },
  ];
  if (albEnabled) requests.push({ name: 'api', path: args.apiPath, how: 'no cookie' });
  else notes.push(`no API origin in ${args.env}'s settings (alb.enabled is false): only the HLS path was checked`);

  let unanswered = false;
  // Both requests at once: an origin that does not answer costs one timeout, not one per path.
  const answers = await Promise.allSettled(
    requests.map(({ path, cookie }) =>
      probe({ domain: target.domain, path, cookie, connectTo: args.connectTo, timeoutSeconds: args.timeoutSeconds, ca: deps.ca }),
    ),
  );
  for (const [index, { name, path, how }] of requests.entries()) {
    const settled = answers[index];
    if (settled.status === 'rejected') {
      const err: unknown = settled.reason;
      if (!(err instanceof NoAnswerError)) throw err;
      lines.push(`${name} GET ${path} -> no answer (${err.message})`);
      problems.push(`${name}: https://${target.domain}${path} did not answer (${err.message})`);
      unanswered = true;
      continue;
    }
    const answer: Answer = settled.value;
    const environment = headerValue(answer.headers, ENVIRONMENT_HEADER);
    const backend = name === 'api' ? headerValue(answer.headers, BACKEND_ENVIRONMENT_HEADER) : undefined;
    const seen = [`${ENVIRONMENT_HEADER}: ${environment ?? '(none)'}`];
    if (name === 'api') seen.push(`${BACKEND_ENVIRONMENT_HEADER}: ${backend ?? '(none)'}`);
    lines.push(`${name} GET ${path} -> ${answer.status}, ${seen.join(', ')} (${how})`);

    if (environment === undefined) {
      const hint =
        name === 'hls' && !signed && answer.status === 403
          ? `; CloudFront adds it only to responses from its cache or the origin, not to the 403 it generates for a request without signed cookies: pass --private-key <pem> to sign one`
          : '';
      problems.push(`${name}: no ${ENVIRONMENT_HEADER} header in the ${answer.status} answer${hint}`);
    } else if (environment !== args.env) {
      problems.push(`${name}: ${ENVIRONMENT_HEADER} is ${environment}, expected ${args.env}`);
    }
    if (name === 'api') {
      if (backend === undefined) {
        const text = `api: no ${BACKEND_ENVIRONMENT_HEADER} header: which backend answered is not verified (docs/signed-cookies.md says what Rails should send)`;
        (args.requireBackendHeader ? problems : notes).push(text);
      } else if (backend !== args.env) {
        problems.push(
          `api: ${BACKEND_ENVIRONMENT_HEADER} is ${backend}, expected ${args.env}: this CDN sends ${path} to another environment's backend`,
        );
      }
    }
  }

  const exitCode = problems.length === 0 ? EXIT.ok : unanswered ? EXIT.noAnswer : EXIT.failed;
  lines.push(
    problems.length === 0
      ? `check-env ${args.env}: OK, every answer names ${args.env}`
      : `check-env ${args.env}: FAILED (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
  );
  return { stdout: `${lines.join('\n')}\n`, stderr: [...problems, ...notes], exitCode };
}

/** Entry point: UsageError → one line and exit 2; unexpected errors → one line and exit 4. */
export async function main(argv: string[]): Promise<number> {
  try {
    const { stdout, stderr, exitCode } = await runCheckEnv(argv);
    process.stdout.write(stdout);
    for (const line of stderr) process.stderr.write(`check-env: ${line}\n`);
    return exitCode;
  } catch (err) {
    const usage = err instanceof UsageError;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`check-env: ${usage ? '' : 'unexpected error: '}${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return usage ? EXIT.usage : EXIT.unexpected;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
