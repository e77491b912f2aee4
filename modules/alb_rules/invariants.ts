/**
 * What a listener requires of this module's rules, as validators that return
 * what was expected (undefined when the value passes). The construct refuses
 * props that fail them; settings validation calls the same functions.
 */
import { ORIGIN_VERIFY_HEADER } from '../shared/api-origin';
import { isKnown, type PropCheck } from '../shared/props';

/** Seed 000: CloudFront's API paths first, the direct API host next, web hosts last. */
export const DEFAULT_RULE_PRIORITIES = { apiViaCloudfront: 90, apiHost: 100, web: 110 } as const;
export type AlbRuleName = keyof typeof DEFAULT_RULE_PRIORITIES;

/** ALB quotas: priorities of a listener's rules, and values across the conditions of one rule. */
const MAX_RULE_PRIORITY = 50000;
const MAX_CONDITION_VALUES = 5;

export interface AlbRulePriorities {
  /** CloudFront's API paths with the origin header. @default 90 */
  readonly apiViaCloudfront?: number;
  /** The API host, reached directly. @default 100 */
  readonly apiHost?: number;
  /** Web hosts with the origin header. @default 110 */
  readonly web?: number;
}

export function rulePriorityProblem(priority: number): string | undefined {
  if (!isKnown(priority) || (Number.isInteger(priority) && priority >= 1 && priority <= MAX_RULE_PRIORITY)) return undefined;
  return `expected 1 to ${MAX_RULE_PRIORITY}`;
}

/** The rules that exist: CloudFront's API paths always, the API host and web hosts when set. */
export function albRuleNames(props: { readonly apiHost?: unknown; readonly web?: unknown }): AlbRuleName[] {
  return (['apiViaCloudfront', 'apiHost', 'web'] as const).filter((rule) => rule === 'apiViaCloudfront' || props[rule] !== undefined);
}

/** Checks of `priorities`, below it: each rule of `rules` on a priority an earlier one has, defaults included. */
export function rulePriorityClashes(priorities: AlbRulePriorities, rules: readonly AlbRuleName[]): PropCheck[] {
  const seen = new Map<number, AlbRuleName>();
  return rules.map((rule) => {
    const priority = priorities[rule] ?? DEFAULT_RULE_PRIORITIES[rule];
    const other = seen.get(priority);
    // Two unknown priorities are distinct numbers unless they are the same Terraform value, which clashes.
    seen.set(priority, rule);
    const value = isKnown(priority) ? `priority ${priority}` : 'the same Terraform priority';
    return {
      path: [rule],
      message: other === undefined ? undefined : `${value} is already the ${other} rule's; a listener takes each priority once`,
    };
  });
}

/** `count` values of one condition (paths, hosts) beside the `headerValues` of X-Origin-Verify in the same rule. */
export function conditionValuesProblem(count: number, headerValues: number): string | undefined {
  if (count < 1) return 'expected at least one';
  if (count + headerValues <= MAX_CONDITION_VALUES) return undefined;
  return `expected at most ${MAX_CONDITION_VALUES - headerValues} (an ALB rule takes ${MAX_CONDITION_VALUES} condition values and ${headerValues} are the accepted ${ORIGIN_VERIFY_HEADER} values)`;
}

/** ALB quota: characters of one path-pattern or host-header condition value. */
const MAX_CONDITION_VALUE_LENGTH = 128;

/** A path pattern or host the listener rule matches on. */
export function conditionValueProblem(value: string): string | undefined {
  if (!isKnown(value) || value.length <= MAX_CONDITION_VALUE_LENGTH) return undefined;
  return `expected at most ${MAX_CONDITION_VALUE_LENGTH} characters (an ALB rule condition value), got ${value.length}`;
}

/**
 * The direct API host beside the names CloudFront uses. CloudFront calls the ALB
 * with `Host: <originDomainName>`: were that the API host, its requests would also
 * match the direct-host rule, which forwards without X-Origin-Verify, so a wrong or
 * stale origin secret would go unnoticed. The CDN's domain resolves to CloudFront,
 * never to the ALB.
 */
export function apiHostProblem(
  apiHost: string,
  names: { readonly originDomainName?: string; readonly cdnDomainName?: string },
): string | undefined {
  // An unknown name equals only the same Terraform value, which is the same name once applied.
  const same = (name: string | undefined) => name !== undefined && name.toLowerCase() === apiHost.toLowerCase();
  const host = isKnown(apiHost) ? `'${apiHost}'` : 'the same Terraform value';
  if (same(names.originDomainName)) {
    return `${host} is also the origin name CloudFront calls: its requests would match this direct-host rule too, which forwards without X-Origin-Verify, so a wrong or stale origin secret would go unnoticed; give the origin its own name, such as origin-api.<domain>`;
  }
  if (same(names.cdnDomainName)) {
    return `${host} is the CDN's domain, which resolves to CloudFront: direct callers would never reach the ALB; give the API its own host, such as api.<domain>`;
  }
  return undefined;
}
