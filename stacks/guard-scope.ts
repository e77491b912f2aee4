import type { Tier } from './schema/schema';

/** What the synth-time guardrails need to know of a stack, beside its resources. */
export interface GuardScope {
  /** Environment the stack serves, e.g. `dev`; the state bootstrap of an environment serves that environment. */
  readonly environment: string;
  /** Its tier: what it protects (rules read this, never the environment's name). */
  readonly tier: Tier;
  /** Values the settings declare shared between environments, each with a reason. */
  readonly sharedValues: readonly string[];
  /** Account the stack deploys to; an ARN of another account is a finding. Default: not checked. */
  readonly accountId?: string;
  /** Region of the stack; a load balancer or KMS ARN of another region is a finding. Default: not checked. */
  readonly region?: string;
  /** Regions beside `region` the stack deploys to through a provider of their own (the HLS replica's): their load balancer and KMS ARNs are the stack's too. Default: none. */
  readonly additionalRegions?: readonly string[];
}
