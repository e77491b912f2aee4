import { TerraformResource, type TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { GuardScope } from '../../stacks/guard-scope';
import { privateKeyMessages, PRIVATE_KEY_RULE } from './private-key';
import { resolveResources } from './resources';
import { GUARD_RULES, type GuardRule } from './rules';

export { GUARD_RULES } from './rules';

export interface GuardFinding {
  readonly ruleId: string;
  readonly construct: IConstruct;
  /** Construct path of the offending resource. */
  readonly path: string;
  /** `[ST-S3-1] every bucket blocks all public access: bucket x lacks ... (path)` */
  readonly message: string;
}

/** A stack to check, with the environment it serves and the values it may share with others. */
export interface GuardedStack {
  readonly stack: TerraformStack;
  readonly scope: GuardScope;
}

const SUPPRESSION = 'storytime:guardrail-suppression';

interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
}

/**
 * Exempts `construct` and everything below it from one rule. The reason is
 * mandatory; it is kept on the construct and written beside every resource it
 * exempts in the synthesized JSON, so an auditor sees it there (as with cdk-nag).
 */
export function suppressGuardrail(construct: IConstruct, ruleId: string, reason: string): void {
  if (!GUARD_RULES.some((rule) => rule.id === ruleId)) {
    throw new Error(`suppressGuardrail: unknown rule ${ruleId}`);
  }
  if (reason.trim().length < 10) {
    throw new Error(`suppressGuardrail: ${ruleId} on ${construct.node.path} needs a reason of at least 10 characters`);
  }
  construct.node.addMetadata(SUPPRESSION, { ruleId, reason } satisfies Suppression);
}

function suppressionOf(construct: IConstruct, ruleId: string): Suppression | undefined {
  for (const scope of construct.node.scopes) {
    for (const entry of scope.node.metadata) {
      const data = entry.data as Suppression;
      if (entry.type === SUPPRESSION && data.ruleId === ruleId) return data;
    }
  }
  return undefined;
}

/**
 * Runs every rule once on every stack, before anything is written. Findings
 * come back; suppressed ones are recorded under `//.guardrail_suppressions`
 * of the resource they exempt.
 */
export function checkGuardrails(stacks: readonly GuardedStack[], rules: readonly GuardRule[] = GUARD_RULES): GuardFinding[] {
  const findings: GuardFinding[] = [];
  const suppressed = new Map<IConstruct, Suppression[]>();
  for (const { stack, scope } of stacks) {
    const resources = resolveResources(stack);
    for (const rule of rules) {
      for (const violation of rule.check(resources, scope)) {
        const construct = violation.resource.construct;
        const suppression = suppressionOf(construct, rule.id);
        if (suppression) {
          suppressed.set(construct, [...(suppressed.get(construct) ?? []), suppression]);
          continue;
        }
        const path = construct.node.path;
        findings.push({ ruleId: rule.id, construct, path, message: `[${rule.id}] ${rule.reason}: ${violation.detail} (${path})` });
      }
    }
    // Not suppressible: a private key in the JSON is a leak whatever the reason.
    for (const message of privateKeyMessages(stack)) {
      findings.push({ ruleId: PRIVATE_KEY_RULE.id, construct: stack, path: stack.node.path, message });
    }
  }
  for (const [construct, entries] of suppressed) {
    if (TerraformResource.isTerraformResource(construct)) {
      const unique = [...new Map(entries.map((entry) => [entry.ruleId, entry])).values()];
      construct.addOverride('//.guardrail_suppressions', unique.map(({ ruleId, reason }) => ({ id: ruleId, reason })));
    }
  }
  return findings;
}
