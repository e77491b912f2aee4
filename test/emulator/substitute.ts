/**
 * Replaces resources in a COPY of a synthesized stack with `terraform_data`
 * stand-ins, for the emulator run, where moto lacks an AWS API the real
 * resource needs (test/emulator/stand-ins.ts). Providers are always the real
 * ones. The product's synthesized files are never touched: callers pass parsed
 * JSON and write the result into their own temp folder.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped by nature
export type StackJson = any;

/** What the stand-in's value may use: the stack's AWS target, from its provider block. */
export interface StackTarget {
  readonly region: string;
  readonly accountId: string;
}

/** One row of a stand-in table. */
export interface StandIn {
  /** Resource type that is replaced. */
  readonly type: string;
  /** Why the real resource cannot be used where this table applies. */
  readonly why: string;
  /** The attributes other resources may read from it; a reference to any other attribute is refused. */
  readonly attributes: readonly string[];
  /** Value of each attribute, from the replaced resource's arguments; `terraform_data.output.<attribute>` carries it. */
  readonly value: (config: StackJson, target: StackTarget) => Record<string, unknown>;
}

export interface StandInUse {
  readonly address: string;
  readonly standIn: string;
  readonly why: string;
}

const REFERENCE = /\b([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)(?:\.([a-z_][a-z0-9_]*))?/g;

/** The stack's region and account, as its (first) AWS provider block states them. */
export function stackTarget(stack: StackJson): StackTarget {
  const provider = stack.provider?.aws?.[0] ?? {};
  return { region: provider.region ?? 'us-east-1', accountId: provider.allowed_account_ids?.[0] ?? '000000000000' };
}

/**
 * Returns a copy of `stack` where every resource of a type in `table` is a
 * `terraform_data` of the same name whose `output` holds the table's values,
 * with `${type.name.attr}` references and `depends_on` entries rewritten.
 * Throws when a reference reads an attribute the table does not provide, or a
 * name is taken: a silent gap would plan something else than the product.
 */
export function substitute(stack: StackJson, table: readonly StandIn[]): { stack: StackJson; used: StandInUse[] } {
  const copy = structuredClone(stack);
  const target = stackTarget(copy);
  const replaced = new Map<string, StandIn>(); // `type.name` → row
  const used: StandInUse[] = [];
  for (const row of table) {
    const resources: Record<string, StackJson> = copy.resource?.[row.type] ?? {};
    for (const [name, config] of Object.entries(resources)) {
      copy.resource.terraform_data ??= {};
      if (name in copy.resource.terraform_data) throw new Error(`stand-in for ${row.type}.${name}: terraform_data.${name} exists already`);
      copy.resource.terraform_data[name] = {
        ...(config['//'] ? { '//': config['//'] } : {}),
        input: row.value(config, target),
        ...(config.depends_on ? { depends_on: config.depends_on } : {}),
      };
      replaced.set(`${row.type}.${name}`, row);
      used.push({ address: `${row.type}.${name}`, standIn: `terraform_data.${name}`, why: row.why });
    }
    if (copy.resource && row.type in copy.resource) delete copy.resource[row.type];
  }
  if (replaced.size === 0) return { stack: copy, used };

  const rewrite = (text: string): string =>
    text.replace(REFERENCE, (whole, type: string, name: string, attribute: string | undefined) => {
      const row = replaced.get(`${type}.${name}`);
      if (!row) return whole;
      if (attribute === undefined) return `terraform_data.${name}`;
      if (!row.attributes.includes(attribute)) {
        throw new Error(
          `stand-in for ${type}.${name} has no '${attribute}' (it provides ${row.attributes.join(', ')}); add it to the table`,
        );
      }
      return `terraform_data.${name}.output.${attribute}`;
    });
  const walk = (value: StackJson): StackJson => {
    if (typeof value === 'string') return rewrite(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === '//' ? inner : walk(inner)]));
    return value;
  };
  return { stack: walk(copy), used };
}

/** One line per replaced resource, for the test output. */
export function describeUses(label: string, used: readonly StandInUse[]): string[] {
  return used.map((use) => `${label}: STAND-IN ${use.address} → ${use.standIn} (${use.why})`);
}

/** A row that keeps the resource but changes its arguments in the copy. */
export interface Rewrite {
  readonly type: string;
  readonly why: string;
  /** What the copy carries instead, in words. */
  readonly standIn: string;
  /** The arguments as the copy carries them, or undefined when this resource needs no change. */
  readonly rewrite: (config: StackJson) => StackJson;
}

/** Returns a copy of `stack` with every row of `table` applied where it changes something. */
export function rewrite(stack: StackJson, table: readonly Rewrite[]): { stack: StackJson; used: StandInUse[] } {
  const copy = structuredClone(stack);
  const used: StandInUse[] = [];
  for (const row of table) {
    for (const [name, config] of Object.entries(copy.resource?.[row.type] ?? {})) {
      const changed = row.rewrite(config);
      if (changed === undefined) continue;
      copy.resource[row.type][name] = changed;
      used.push({ address: `${row.type}.${name}`, standIn: `${row.type}.${name} ${row.standIn}`, why: row.why });
    }
  }
  return { stack: copy, used };
}
