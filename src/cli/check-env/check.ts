/**
 * The verification plan of seed ADR 003 (mixed DEV/STAGING routing): request
 * an HLS path and an API path through an environment's CDN domain and check
 * that every answer names that environment.
 *
 * CloudFront adds the response-headers-policy header (x-storytime-environment)
 * to the responses it serves from its cache or forwards from the origin (AWS,
 * "Add or remove HTTP headers in CloudFront responses with a policy"). The 403
 * it generates itself for a request without signed cookies is neither, so the
 * HLS request carries a short-lived signed cookie when a private key is given;
 * without one, an unsigned answer counts only if it carries the header.
 */
import { ENVIRONMENT_HEADER } from '../../../modules/cloudfront_hls/response-headers';
import type { CommandResult } from '../command';
import { settingsOf } from '../environments';
import { loadOutputs, type Environment, type StackOutputsReader, type TerraformOutputs } from '../outputs';
import { loadPrivateKey } from '../signing/key';
import { buildPolicy, cookieHeader, signCookies } from '../signing/policy';
import { resolveKeyPairId } from '../signing/target';
import { headerValue, NoAnswerError, probe, type Answer } from './probe';
import { knownDomains, resolveTarget } from './target';

/** Header the Rails app adds to every response: the environment of the backend that answered. */
const BACKEND_ENVIRONMENT_HEADER = 'x-storytime-backend-environment';
/** Lifetime of the cookie check-env signs: long enough for one request, short enough to be worthless if it leaks. */
const COOKIE_LIFETIME_SECONDS = 300;
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

export interface CheckEnvDeps {
  readonly now?: Date | undefined;
  readonly readStack?: StackOutputsReader | undefined;
  readonly ca?: string | undefined;
}

/** Signs a cookie for exactly one URL, valid COOKIE_LIFETIME_SECONDS. */
function signedCookieFor(url: string, privateKeyFile: string, args: CheckEnvArgs, outputs: TerraformOutputs | undefined, now: Date) {
  // A PEM file or the signing secret's JSON, whose key pair id then comes along (docs/signing-keys.md).
  const signingKey = loadPrivateKey(privateKeyFile);
  const keyPairId = resolveKeyPairId(args.keyPairId, outputs, signingKey.keyPairId);
  const expires = Math.floor(now.getTime() / 1000) + COOKIE_LIFETIME_SECONDS;
  return { cookie: cookieHeader(signCookies(buildPolicy({ resource: url, expires }), keyPairId, signingKey.pem)), keyPairId };
}

/** Runs the check; bad input throws UsageError, everything else is in the result. */
export async function checkEnvironment(args: CheckEnvArgs, deps: CheckEnvDeps = {}): Promise<CommandResult> {
  const now = deps.now ?? new Date();
  const outputs = loadOutputs(args.env, args.from, deps.readStack);
  const target = resolveTarget(args, outputs);
  const known = knownDomains(args.env, outputs);
  const hlsUrl = `https://${target.domain}${args.hlsPath}`;
  // Sign before any request, so that a bad key is bad input (exit 2), not a failed check.
  const signed = args.privateKeyFile === undefined ? undefined : signedCookieFor(hlsUrl, args.privateKeyFile, args, outputs, now);

  const lines = [`check-env ${args.env}: https://${target.domain} (domain from ${target.source})`];
  const problems: string[] = [];
  const notes: string[] = [];
  if (target.source === '--url' && known.length > 0 && !known.includes(target.domain)) {
    problems.push(`wrong domain: ${target.domain} is not a CDN domain of ${args.env} (${known.join(' or ')})`);
  }
  if (target.source === '--url' && known.length === 0)
    notes.push(`no outputs and no custom domain for ${args.env}: the domain was not checked`);

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
  if (settingsOf(args.env).alb.enabled) requests.push({ name: 'api', path: args.apiPath, how: 'no cookie' });
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
