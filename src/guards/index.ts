import { TerraformResource, type TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { GuardScope } from '../../stacks/guard-scope';
import { resourcesIn, type RecordedSuppression, type StackJson } from './resources';
import type { GuardRule } from './rule';
import { GUARD_RULES, STACK_RULES } from './rules';

export { GUARD_RULES, STACK_RULES } from './rules';

export interface GuardFinding {
  readonly ruleId: string;
  /** Construct path of the offending resource, or the stack. */
  readonly path: string;
  /** `[ST-S3-1] every bucket blocks all public access: bucket x lacks ... (path)` */
  readonly message: string;
}

/** A stack to check, with the environment it serves and the values it may share with others. */
export interface GuardedStack {
  readonly stack: TerraformStack;
  readonly scope: GuardScope;
  /** The stack's synthesized JSON as written (`cdk.tf.json`). @default the stack resolved here, its suppressions recorded */
  readonly json?: StackJson;
}

const SUPPRESSION = 'storytime:guardrail-suppression';

/**
 * Exempts `construct` and everything below it from one rule. The reason is
 * mandatory; it is kept on the construct and written beside every resource
 * below it in the synthesized JSON, so an auditor sees it there (as with cdk-nag).
 */
export function suppressGuardrail(construct: IConstruct, ruleId: string, reason: string): void {
  if (!GUARD_RULES.some((rule) => rule.id === ruleId)) {
    throw new Error(`suppressGuardrail: unknown rule ${ruleId}`);
  }
  if (reason.trim().length < 10) {
    throw new Error(`suppressGuardrail: ${ruleId} on ${construct.node.path} needs a reason of at least 10 characters`);
  }
  construct.node.addMetadata(SUPPRESSION, { id: ruleId, reason } satisfies RecordedSuppression);
}

/**
 * Writes every suppression that applies to a resource (its own, or one of a
 * construct above it) under `//.guardrail_suppressions` of that resource, so
 * that the JSON carries its own exemptions. Call before the stack is synthesized.
 */
export function recordSuppressions(stack: TerraformStack): void {
  for (const node of stack.node.findAll()) {
    if (!TerraformResource.isTerraformResource(node)) continue;
    const byRule = new Map<string, RecordedSuppression>();
    // Nearest scope last, so that its reason wins.
    for (const scope of node.node.scopes) {
      for (const entry of scope.node.metadata) {
        if (entry.type === SUPPRESSION) byRule.set((entry.data as RecordedSuppression).id, entry.data as RecordedSuppression);
      }
    }
    if (byRule.size > 0) node.addOverride('//.guardrail_suppressions', [...byRule.values()]);
  }
}

/**
 * Runs every rule once on every stack's JSON. A violation on a resource whose
 * JSON records a suppression of that rule is not a finding; the stack rules
 * (`STACK_RULES`) always run and cannot be suppressed.
 */
export function checkGuardrails(stacks: readonly GuardedStack[], rules: readonly GuardRule[] = GUARD_RULES): GuardFinding[] {
  const findings: GuardFinding[] = [];
  // Every environment of the app is a name the others must not use.
  const environments = [...new Set(stacks.map(({ scope }) => scope.environment))];
  for (const { stack, scope, json: written } of stacks) {
    if (written === undefined) recordSuppressions(stack);
    const json = written ?? (stack.toTerraform() as StackJson);
    const resources = resourcesIn(json);
    for (const rule of rules) {
      for (const { resource, detail } of rule.check(resources, { ...scope, environments })) {
        if (resource.suppressions.some((suppression) => suppression.id === rule.id)) continue;
        findings.push({ ruleId: rule.id, path: resource.path, message: `[${rule.id}] ${rule.reason}: ${detail} (${resource.path})` });
      }
    }
    for (const rule of STACK_RULES) {
      for (const detail of rule.check(json)) {
        findings.push({ ruleId: rule.id, path: stack.node.path, message: `[${rule.id}] ${rule.reason}: ${detail} (${stack.node.id})` });
      }
    }
  }
  return findings;
}
