/**
 * The synthesized stack and the Terraform state as recover and drift read
 * them: resources by address, the region of each resource's provider, the
 * default tags, and `${type.name.attribute}` references resolved from what is
 * known (literal arguments, the state, what recover has found in AWS).
 */

/** A resource's arguments as synthesized (untyped JSON). */
export type Arguments = Readonly<Record<string, unknown>>;

export interface StackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Arguments>>>>;
  readonly provider?: { readonly aws?: readonly Arguments[] };
}

export interface ConfiguredResource {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly args: Arguments;
  /** `aws.<alias>` when the resource names a provider; undefined for the default one. */
  readonly provider: string | undefined;
  readonly region: string;
}

/** Every resource of the stack, with the region of the provider it uses. */
export function configuredResources(stack: StackJson): ConfiguredResource[] {
  const providers = stack.provider?.aws ?? [];
  const regionOf = (provider: string | undefined): string => {
    const alias = provider?.replace(/^aws\./, '');
    const block = providers.find((candidate) => (candidate.alias ?? undefined) === alias) ?? providers[0];
    return typeof block?.region === 'string' ? block.region : 'us-east-1';
  };
  return Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, args]) => {
      const provider = typeof args.provider === 'string' ? args.provider : undefined;
      return { address: `${type}.${name}`, type, name, args, provider, region: regionOf(provider) };
    }),
  );
}

/** The default tags of the stack's first AWS provider (Project, Environment…). */
export function defaultTags(stack: StackJson): Record<string, string> {
  const blocks = (stack.provider?.aws?.[0]?.default_tags ?? []) as { tags?: Record<string, string> }[];
  return Object.assign({}, ...blocks.map((block) => block.tags ?? {})) as Record<string, string>;
}

/** One resource instance of `terraform state pull` (version 4). */
export interface StateInstance {
  readonly address: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly tainted: boolean;
}

interface StateFile {
  readonly resources?: readonly {
    readonly mode?: string;
    readonly type: string;
    readonly name: string;
    readonly module?: string;
    readonly instances?: readonly {
      readonly attributes?: Record<string, unknown>;
      readonly status?: string;
      readonly index_key?: unknown;
    }[];
  }[];
}

/** Managed resources of a state, by address; a missing or empty state has none. */
export function stateInstances(text: string): Map<string, StateInstance> {
  const state = (text.trim() === '' ? {} : JSON.parse(text)) as StateFile;
  const found = new Map<string, StateInstance>();
  for (const resource of state.resources ?? []) {
    if (resource.mode !== 'managed' || resource.module) continue;
    for (const instance of resource.instances ?? []) {
      if (instance.index_key !== undefined) continue;
      const address = `${resource.type}.${resource.name}`;
      found.set(address, { address, attributes: instance.attributes ?? {}, tainted: instance.status === 'tainted' });
    }
  }
  return found;
}

const REFERENCE = /^\$\{([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.([a-z_][a-z0-9_]*)\}$/;

/** Where a reference's value may come from: the attributes known of an address. */
export type Known = (address: string) => Readonly<Record<string, unknown>> | undefined;

/**
 * A string argument with every whole-value reference resolved, or undefined
 * while a reference cannot be resolved yet. Expressions other than a single
 * reference (functions, interpolation inside text) are not evaluated.
 */
export function resolve(value: unknown, known: Known): string | undefined {
  if (typeof value !== 'string') return typeof value === 'number' ? String(value) : undefined;
  if (!value.includes('${')) return value;
  const match = REFERENCE.exec(value);
  if (!match) return undefined;
  const [, type, name, attribute] = match;
  const found = known(`${type}.${name}`)?.[attribute];
  return typeof found === 'string' ? found : typeof found === 'number' ? String(found) : undefined;
}
