import type { GuardScope } from '../../stacks/guard-scope';
import type { ResolvedResource, StackJson } from './resources';

/** What a rule knows of a stack: its scope, and the names of every environment of the app. */
export interface RuleContext extends GuardScope {
  readonly environments: readonly string[];
}

export interface Violation {
  readonly resource: ResolvedResource;
  readonly detail: string;
}

/** A rule on the resources of a stack; a suppression on a resource exempts it. */
export interface GuardRule {
  /** Stable id used in messages and suppressions, e.g. `ST-S3-1`. */
  readonly id: string;
  /** Why the rule exists, in one line. */
  readonly reason: string;
  /** A pure function of the stack's resources, as synthesized, and the rule context. */
  check(resources: readonly ResolvedResource[], context: RuleContext): Violation[];
}

/** A rule on the whole JSON of a stack (providers and outputs included), which no suppression exempts. */
export interface StackRule {
  readonly id: string;
  readonly reason: string;
  /** One detail per violation, each ending the message `[id] reason: detail (stack)`. */
  check(json: StackJson): string[];
}
