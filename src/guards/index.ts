import { Annotations, Aspects, TerraformStack, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { resolveResources } from './resources';
import { GUARD_RULES, type GuardContext, type GuardRule } from './rules';

export { GUARD_RULES, type GuardContext } from './rules';

export interface GuardFinding {
  readonly ruleId: string;
  readonly construct: IConstruct;
  /** Construct path of the offending resource. */
  readonly path: string;
  /** `[ST-S3-1] every bucket blocks all public access: bucket x lacks ... (path)` */
  readonly message: string;
}

const SUPPRESSIONS = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Exempts `construct` and everything below it from one rule. The reason is
 * mandatory and kept beside the code, as with cdk-nag.
 */
export function suppressGuardrail(construct: IConstruct, ruleId: string, reason: string): void {
  if (!GUARD_RULES.some((rule) => rule.id === ruleId)) {
    throw new Error(`suppressGuardrail: unknown rule ${ruleId}`);
  }
  if (reason.trim().length < 10) {
    throw new Error(`suppressGuardrail: ${ruleId} on ${construct.node.path} needs a reason of at least 10 characters`);
  }
  const rules = SUPPRESSIONS.get(construct) ?? new Map<string, string>();
  rules.set(ruleId, reason);
  SUPPRESSIONS.set(construct, rules);
}

function isSuppressed(construct: IConstruct, ruleId: string): boolean {
  return construct.node.scopes.some((scope) => SUPPRESSIONS.get(scope)?.has(ruleId) ?? false);
}

/** Runs every rule on one stack and fails its synth with one error per finding. */
export class Guardrails implements IAspect {
  constructor(
    private readonly context: GuardContext,
    private readonly rules: readonly GuardRule[] = GUARD_RULES,
  ) {}

  check(stack: TerraformStack): GuardFinding[] {
    const resources = resolveResources(stack);
    return this.rules.flatMap((rule) =>
      rule
        .check(resources, this.context)
        .filter((violation) => !isSuppressed(violation.resource.construct, rule.id))
        .map((violation) => {
          const construct = violation.resource.construct;
          const path = construct.node.path;
          return { ruleId: rule.id, construct, path, message: `[${rule.id}] ${rule.reason}: ${violation.detail} (${path})` };
        }),
    );
  }

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    for (const finding of this.check(node)) {
      Annotations.of(finding.construct).addError(finding.message);
    }
  }
}

export function applyGuardrails(stack: TerraformStack, context: GuardContext): void {
  Aspects.of(stack).add(new Guardrails(context));
}

/** Findings of every stack under `scope`, so that synth can stop before any file is written. */
export function checkGuardrails(scope: IConstruct): GuardFinding[] {
  return scope.node
    .findAll()
    .filter(TerraformStack.isStack)
    .flatMap((stack) =>
      Aspects.of(stack)
        .all.filter((aspect): aspect is Guardrails => aspect instanceof Guardrails)
        .flatMap((guardrails) => guardrails.check(stack)),
    );
}
