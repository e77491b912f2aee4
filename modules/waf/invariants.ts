/**
 * What WAF requires of this module's props, as validators that return what was
 * expected (undefined when the value passes). The construct refuses props that
 * fail them; settings validation calls the same functions.
 */
import { earlierDuplicates, isKnown, oneOfProblem, type PropCheck } from '../shared/props';

/** The web ACL's rules, by the names settings use for them, in priority order. */
export const WAF_RULES = ['ip-reputation', 'common', 'known-bad-inputs', 'rate-limit'] as const;
export type WafRuleName = (typeof WAF_RULES)[number];

/** Seed 000: 2000 requests per 5 minutes per IP. */
export const DEFAULT_RATE_LIMIT = 2000;
/** WAF's bounds of a rate-based rule's limit (requests per evaluation window). */
const MIN_RATE_LIMIT = 10;
const MAX_RATE_LIMIT = 2_000_000_000;

export function rateLimitProblem(limit: number | undefined): string | undefined {
  if (limit === undefined || !isKnown(limit) || (Number.isInteger(limit) && limit >= MIN_RATE_LIMIT && limit <= MAX_RATE_LIMIT)) {
    return undefined;
  }
  return `expected ${MIN_RATE_LIMIT} to ${MAX_RATE_LIMIT} requests per 5 minutes per IP (WAF's bounds of a rate-based rule)`;
}

/** Checks of the rules in count mode, below them: each a rule of the web ACL, once. */
export function countModeProblems(rules: readonly string[] | undefined): PropCheck[] {
  if (rules === undefined || !isKnown(rules)) return [];
  const earlier = earlierDuplicates(rules);
  return rules.map((rule, index) => ({
    path: [index],
    message: oneOfProblem(WAF_RULES, rule) ?? (earlier[index] === undefined ? undefined : `'${rule}' is listed twice; remove one`),
  }));
}
