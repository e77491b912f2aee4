/**
 * Stand-ins for providers that a machine cannot install (used by the plan
 * tests and the emulator run, never by synth). With the provider in the mirror
 * (TF_PLUGIN_MIRROR), nothing here is used and stacks are planned unaltered.
 */
import { randomBytes } from 'node:crypto';
import { substitute, type StackJson, type StandIn, type StandInUse } from './stand-ins';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh value like random_password's with `special = false` (the product never sets other classes). */
function alphanumeric(length: number): string {
  return [...randomBytes(length)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

const RANDOM_UNAVAILABLE =
  'hashicorp/random 3.7.2 is not in the provider mirror: no prebuilt copy, and the Go module proxy refuses its v3 versions, so scripts/provider-mirror.sh cannot build it';

/** Provider source (`hashicorp/random`) → why it may be missing, and a stand-in for each resource type it has in the product. */
export const PROVIDER_STAND_INS: Readonly<Record<string, { readonly why: string; readonly resources: readonly StandIn[] }>> = {
  'hashicorp/random': {
    why: RANDOM_UNAVAILABLE,
    resources: [
      {
        // The origin-verify secret: the stand-in carries a value generated here, of the configured length.
        type: 'random_password',
        why: RANDOM_UNAVAILABLE,
        attributes: ['result'],
        value: (config: StackJson) => ({ result: alphanumeric(Number(config.length)) }),
      },
    ],
  },
};

/** `hashicorp/random 3.7.2` for every provider a synthesized stack requires, with its local name. */
export function requiredProviders(stack: StackJson): { local: string; spec: string }[] {
  const required: Record<string, { source: string; version: string }> = stack.terraform?.required_providers ?? {};
  return Object.entries(required).map(([local, { source, version }]) => ({
    local,
    spec: `${source.includes('/') ? source : `hashicorp/${source}`} ${version}`,
  }));
}

/**
 * A copy of `stack` without the providers in `missing` (specs such as
 * `hashicorp/random 3.7.2`): their resources become stand-ins and their
 * required_providers and provider blocks go. Throws when a missing provider
 * has no stand-in or one of its resource types has none: that stack cannot be
 * checked here, and saying so beats skipping it.
 */
export function withoutMissingProviders(stack: StackJson, missing: ReadonlySet<string>): { stack: StackJson; used: StandInUse[] } {
  const absent = requiredProviders(stack).filter(({ spec }) => missing.has(spec));
  if (absent.length === 0) return { stack, used: [] };
  const rows: StandIn[] = [];
  for (const { local, spec } of absent) {
    const entry = PROVIDER_STAND_INS[spec.split(' ')[0]];
    if (!entry) throw new Error(`${spec} is not installable here and has no stand-in in scripts/lib/provider-stand-ins.ts`);
    const uncovered = Object.keys(stack.resource ?? {}).filter(
      (type) => type.startsWith(`${local}_`) && !entry.resources.some((row) => row.type === type),
    );
    if (uncovered.length > 0) throw new Error(`${spec} is not installable here and ${uncovered.join(', ')} has no stand-in`);
    rows.push(...entry.resources);
  }
  const result = substitute(stack, rows);
  for (const { local } of absent) {
    delete result.stack.terraform.required_providers[local];
    if (result.stack.provider) delete result.stack.provider[local];
  }
  return result;
}
