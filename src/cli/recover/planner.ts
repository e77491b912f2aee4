/**
 * What recover does, decided from the synthesized stack, the state and what
 * the finders see in the account: an `import` block for every resource of
 * the stack that exists in AWS but not in the state, and `untaint` for every
 * tainted resource that holds data and still exists (an interrupted create
 * leaves it tainted, and the next apply would replace it: delete, then create).
 */
import type { Finder, FinderContext, Found } from './finders/context';
import { configuredResources, resolve, type ConfiguredResource, type StackJson, type StateInstance } from '../stack-json';

/** Types whose replacement loses data or what other accounts hold on to: a retry must keep them. */
export const DATA_HOLDING = new Set([
  'aws_s3_bucket',
  'aws_sqs_queue',
  'aws_kms_key',
  'aws_secretsmanager_secret',
  'aws_secretsmanager_secret_version',
  'aws_sns_topic',
  'aws_dynamodb_table',
]);

/**
 * Types that hold nothing in AWS, each with what it is instead: recover has nothing to look for, and the
 * next apply creates what the state lacks. Every other type a stack synthesizes has a finder.
 */
export const STATE_ONLY: Readonly<Record<string, string>> = {
  random_password: 'a value the random provider generates into the state',
  // The emulator's copy of a stack stands in terraform_data for what the emulator lacks (docs/emulator.md).
  terraform_data: 'a value kept in the state',
};

export interface ImportAction {
  readonly address: string;
  readonly id: string;
  readonly provider: string | undefined;
  readonly note: string | undefined;
}

export interface RecoveryPlan {
  readonly imports: readonly ImportAction[];
  readonly untaint: readonly string[];
  /** Resources recover could not settle, one line each: the operator decides. */
  readonly problems: readonly string[];
  /** Resources not in the state and not in AWS: the next apply creates them. */
  readonly missing: number;
  /** Resources of a STATE_ONLY type missing from the state, with what they are: the next apply creates them. */
  readonly stateOnly: readonly { readonly address: string; readonly what: string }[];
}

export async function planRecovery(
  stack: StackJson,
  state: ReadonlyMap<string, StateInstance>,
  finders: Readonly<Record<string, Finder>>,
  context: FinderContext,
): Promise<RecoveryPlan> {
  const resources = configuredResources(stack);
  const found = new Map<string, Found>();
  const known = (address: string) => state.get(address)?.attributes ?? found.get(address)?.attributes ?? stackArguments(resources, address);
  const imports: ImportAction[] = [];
  const problems: string[] = [];
  let missing = 0;

  // Resources whose arguments reference others wait until those are found or known: a few passes settle them,
  // and a pass that settles none (an empty one too) ends them.
  const absent = resources.filter((resource) => !state.has(resource.address));
  const stateOnly = absent.flatMap(({ address, type }) => (type in STATE_ONLY ? [{ address, what: STATE_ONLY[type] }] : []));
  let pending = absent.filter((resource) => !(resource.type in STATE_ONLY));
  for (;;) {
    const waiting: ConfiguredResource[] = [];
    for (const resource of pending) {
      const finder = finders[resource.type];
      if (!finder) {
        problems.push(
          `${resource.address}: recover cannot look for ${resource.type}; if the interrupted apply created it, import it by hand`,
        );
        continue;
      }
      const args = Object.fromEntries(finder.needs.map((name) => [name, resolve(resource.args[name], known)]));
      if (Object.values(args).some((value) => value === undefined)) {
        waiting.push(resource);
        continue;
      }
      let candidates: Found[];
      try {
        candidates = await finder.find(args as Record<string, string>, resource, context);
      } catch (error) {
        problems.push(`${resource.address}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      if (candidates.length > 1) {
        problems.push(
          `${resource.address}: ${candidates.length} candidates (${candidates.map((candidate) => candidate.id).join(', ')}): adopt one by hand, delete the others`,
        );
      } else if (candidates.length === 1) {
        found.set(resource.address, candidates[0]);
        imports.push({ address: resource.address, id: candidates[0].id, provider: resource.provider, note: candidates[0].note });
      } else {
        missing++;
      }
    }
    if (waiting.length === pending.length) {
      // What they wait for does not exist yet: nothing of theirs can exist either.
      missing += waiting.length;
      break;
    }
    pending = waiting;
  }

  const untaint: string[] = [];
  for (const instance of state.values()) {
    if (!instance.tainted || !DATA_HOLDING.has(instance.address.split('.')[0])) continue;
    const resource = resources.find((candidate) => candidate.address === instance.address);
    const finder = resource && finders[resource.type];
    if (!resource || !finder) continue;
    const args = Object.fromEntries(finder.needs.map((name) => [name, resolve(resource.args[name], known)]));
    try {
      const exists = (await finder.find(args as Record<string, string>, resource, context)).length > 0;
      if (exists) untaint.push(instance.address);
    } catch (error) {
      problems.push(`${instance.address} (tainted): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { imports, untaint, problems, missing, stateOnly };
}

/** The literal arguments of a resource of the stack, for references to what neither the state nor AWS has yet. */
function stackArguments(resources: readonly ConfiguredResource[], address: string): Readonly<Record<string, unknown>> | undefined {
  return resources.find((resource) => resource.address === address)?.args;
}

/** recover.tf.json: Terraform reads every *.tf.json of the stack's folder, and synth writes only cdk.tf.json. */
export function importFile(imports: readonly ImportAction[]): string {
  const blocks = imports.map(({ address, id, provider }) => ({ to: address, id, ...(provider ? { provider } : {}) }));
  return `${JSON.stringify({ '//': 'Written by storytime recover (docs/recovery.md); delete it, or run recover again, once the apply adopted these.', import: blocks }, null, 2)}\n`;
}
