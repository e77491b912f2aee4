/**
 * What a plan cannot see, checked against what the stack expects:
 * - the value Secrets Manager serves (AWSCURRENT) of every secret version
 *   Terraform writes: a value put outside Terraform leaves Terraform's own
 *   version in place, which is all a refresh reads;
 * - the origin-verify secret: `{active, value}` is the active colour and its
 *   value, which CloudFront sends and every listener rule accepts;
 * - the signing secret: its `keyPairId` is a key of the key group;
 * - the key group holds exactly the stack's public keys;
 * - every response headers policy names this environment in
 *   `x-storytime-environment`, and every behavior uses one of the stack's;
 * - the cache TTLs: each cache policy's as configured, and no behavior with
 *   TTLs of its own beside its cache policy (which a plan reads as computed).
 * The live values of Terraform's resources come from the plan's refreshed state.
 */
import type { StackJson } from '../stack-json';
import type { PriorResource } from './plan-json';

export interface SecretValue {
  readonly versionId: string;
  readonly value: string | undefined;
}

/** AWSCURRENT of a secret; undefined when it has no value yet. */
export type SecretReader = (arn: string) => Promise<SecretValue | undefined>;

type Values = Readonly<Record<string, unknown>>;
/** A JSON value as text: strings and numbers as they are, anything else empty. */
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
/** A nested block: a list in Terraform's JSON state and plan, a single object in synthesized JSON. */
const list = (value: unknown): Values[] =>
  Array.isArray(value) ? (value as Values[]) : value !== null && typeof value === 'object' ? [value as Values] : [];
const ORIGIN_VERIFY_HEADER = 'x-origin-verify';
const ENVIRONMENT_HEADER = 'x-storytime-environment';

export interface DriftInput {
  readonly environment: string;
  readonly stack: StackJson;
  readonly prior: readonly PriorResource[];
  readonly secret: SecretReader;
}

const byType = (prior: readonly PriorResource[], type: string) => prior.filter((resource) => resource.type === type);
const configOf = (stack: StackJson, address: string) => {
  const [type, name] = address.split('.');
  return stack.resource?.[type]?.[name];
};

/**
 * A secret's value as JSON, `{}` when it is none or not JSON (`String` makes none the text `undefined`).
 * JSON other than an object has none of the fields read here, so it is kept as it is.
 */
function fieldsOf(value: string | undefined): Values {
  try {
    return (JSON.parse(String(value)) as Values | null) ?? {};
  } catch {
    return {};
  }
}

async function secretVersions({ prior, secret }: DriftInput): Promise<string[]> {
  const findings: string[] = [];
  for (const version of byType(prior, 'aws_secretsmanager_secret_version')) {
    const arn = text(version.values.arn) || text(version.values.secret_id);
    const name = arn.split(':secret:')[1]?.replace(/-[A-Za-z0-9]{6}$/, '') ?? arn;
    const current = await secret(arn);
    if (current?.versionId !== version.values.version_id) {
      findings.push(
        `secret ${name}: AWSCURRENT is version ${current?.versionId ?? '(none)'}, not ${text(version.values.version_id)} that Terraform wrote: its value was changed outside Terraform; an apply puts Terraform's back`,
      );
    }
  }
  return findings;
}

async function originVerify({ stack, prior, secret }: DriftInput): Promise<string[]> {
  const version = byType(prior, 'aws_secretsmanager_secret_version').find((resource) =>
    /\/origin_verify-[A-Za-z0-9]{6}$/.test(text(resource.values.arn)),
  );
  if (!version) return [];
  const expression = text(configOf(stack, version.address)?.secret_string);
  const active = /"active" = "([a-z]+)"/.exec(expression)?.[1];
  const password = /"value" = (random_password\.[^.]+)\.result/.exec(expression)?.[1];
  const expected = prior.find((resource) => resource.address === password)?.values.result;
  if (active === undefined || typeof expected !== 'string') return [];
  const findings: string[] = [];
  const current = fieldsOf((await secret(text(version.values.arn)))?.value);
  if (current.active !== active || current.value !== expected) {
    findings.push(
      `origin-verify secret: AWSCURRENT is not {"active": "${active}", value: the ${active} value} as the stack sets it; CloudFront, the listener rules and whoever reads the secret disagree`,
    );
  }
  for (const distribution of byType(prior, 'aws_cloudfront_distribution')) {
    for (const origin of list(distribution.values.origin)) {
      const header = list(origin.custom_header).find((item) => text(item.name).toLowerCase() === ORIGIN_VERIFY_HEADER);
      if (header && header.value !== expected)
        findings.push(`${distribution.address}: origin ${text(origin.origin_id)} sends an X-Origin-Verify that is not the ${active} value`);
    }
  }
  for (const rule of byType(prior, 'aws_lb_listener_rule')) {
    for (const condition of list(rule.values.condition)) {
      const header = list(condition.http_header).find((item) => text(item.http_header_name).toLowerCase() === ORIGIN_VERIFY_HEADER);
      if (header && !(Array.isArray(header.values) && header.values.includes(expected))) {
        findings.push(`${rule.address}: does not accept the ${active} X-Origin-Verify value that CloudFront sends`);
      }
    }
  }
  return findings;
}

async function signing({ stack, prior, secret }: DriftInput): Promise<string[]> {
  const signingSecret = byType(prior, 'aws_secretsmanager_secret').find((resource) =>
    text(resource.values.name).endsWith('/cloudfront_private_key'),
  );
  const keyGroup = byType(prior, 'aws_cloudfront_key_group')[0];
  const findings: string[] = [];
  const items = Array.isArray(keyGroup?.values.items) ? (keyGroup.values.items as string[]) : [];
  if (keyGroup) {
    const configured = configOf(stack, keyGroup.address)?.items;
    const expected = (Array.isArray(configured) ? (configured as string[]) : []).map((reference) => {
      const address = /^\$\{([^}]+)\.id\}$/.exec(reference)?.[1];
      return text(prior.find((resource) => resource.address === address)?.values.id) || reference;
    });
    if ([...items].sort().join() !== [...expected].sort().join()) {
      findings.push(`${keyGroup.address}: holds keys ${items.join(', ') || '(none)'}, the stack's public keys are ${expected.join(', ')}`);
    }
  }
  if (signingSecret) {
    const name = text(signingSecret.values.name);
    const current = await secret(text(signingSecret.values.arn));
    const pair = fieldsOf(current?.value);
    if (current?.value === undefined) findings.push(`secret ${name}: no value yet: put the key pair in (docs/signing-keys.md)`);
    else if (typeof pair.keyPairId !== 'string') findings.push(`secret ${name}: not the JSON {keyPairId, privateKeyPem} Rails reads`);
    else if (keyGroup && !items.includes(pair.keyPairId))
      findings.push(
        `secret ${name}: keyPairId ${pair.keyPairId} is not in the key group: CloudFront refuses every cookie Rails signs with it`,
      );
  }
  return findings;
}

function edge({ environment, stack, prior }: DriftInput): string[] {
  const findings: string[] = [];
  const policies = byType(prior, 'aws_cloudfront_response_headers_policy');
  for (const policy of policies) {
    const configured = list(list(configOf(stack, policy.address)?.custom_headers_config)[0]?.items).find(
      (item) => text(item.header).toLowerCase() === ENVIRONMENT_HEADER,
    );
    if (!configured) continue;
    const live = list(list(policy.values.custom_headers_config)[0]?.items).find(
      (item) => text(item.header).toLowerCase() === ENVIRONMENT_HEADER,
    );
    if (live?.value !== environment)
      findings.push(`${policy.address}: ${ENVIRONMENT_HEADER} is ${live ? text(live.value) : 'missing'}, expected ${environment}`);
  }
  const policyIds = new Set(policies.map((policy) => policy.values.id));
  const cachePolicies = new Map(byType(prior, 'aws_cloudfront_cache_policy').map((policy) => [policy.values.id, policy]));
  for (const policy of cachePolicies.values()) {
    const config = configOf(stack, policy.address) ?? {};
    const ttl = (values: Values) => ['min_ttl', 'default_ttl', 'max_ttl'].map((key) => Number(values[key] ?? 0)).join('/');
    if (ttl(policy.values) !== ttl(config))
      findings.push(`${policy.address}: TTLs min/default/max are ${ttl(policy.values)} s, the stack sets ${ttl(config)} s`);
  }
  for (const distribution of byType(prior, 'aws_cloudfront_distribution')) {
    for (const behavior of [...list(distribution.values.default_cache_behavior), ...list(distribution.values.ordered_cache_behavior)]) {
      const where = `${distribution.address}: behavior ${text(behavior.path_pattern) || 'default'}`;
      if (policies.length > 0 && !policyIds.has(behavior.response_headers_policy_id))
        findings.push(
          `${where} uses response headers policy ${text(behavior.response_headers_policy_id) || '(none)'}, not one of the stack's`,
        );
      const own = ['min_ttl', 'default_ttl', 'max_ttl'].map((key) => Number(behavior[key] ?? 0));
      if (cachePolicies.has(behavior.cache_policy_id) && own.some((value) => value !== 0)) {
        findings.push(`${where} has TTLs of its own (${own.join('/')} s) beside its cache policy`);
      }
    }
  }
  return findings;
}

/** Every finding, one line each; empty when AWS holds what the stack expects. */
export async function driftChecks(input: DriftInput): Promise<string[]> {
  return [...(await secretVersions(input)), ...(await originVerify(input)), ...(await signing(input)), ...edge(input)];
}
