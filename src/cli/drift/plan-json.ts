/**
 * `terraform show -json <plan>` as drift reads it: the resources Terraform
 * would change (with the attributes that differ), and the refreshed state
 * the plan started from, i.e. what AWS holds now.
 */

// Terraform's JSON plan format: https://developer.hashicorp.com/terraform/internals/json-format
type Json = unknown;

export interface PlannedChange {
  readonly address: string;
  readonly actions: readonly string[];
  readonly paths: readonly string[];
}

export interface PlanJson {
  readonly resource_changes?: readonly {
    address: string;
    change: { actions: string[]; before: Json; after: Json; after_unknown?: Json };
  }[];
  readonly prior_state?: {
    values?: { root_module?: { resources?: readonly { address: string; type: string; values: Record<string, unknown> }[] } };
  };
}

const isObject = (value: Json): value is Record<string, Json> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Dotted paths (list indexes dropped) where `before` and `after` differ; unknown-after counts as different. */
export function changedPaths(before: Json, after: Json, unknown: Json, prefix = ''): string[] {
  if (unknown === true) return [prefix];
  if (Array.isArray(before) || Array.isArray(after)) {
    const left = Array.isArray(before) ? before : [];
    const right = Array.isArray(after) ? after : [];
    const paths = Array.from({ length: Math.max(left.length, right.length) }, (_, index) =>
      changedPaths(left[index], right[index], Array.isArray(unknown) ? unknown[index] : undefined, prefix),
    ).flat();
    return [...new Set(paths)];
  }
  if (isObject(before) || isObject(after)) {
    const keys = new Set([...Object.keys(isObject(before) ? before : {}), ...Object.keys(isObject(after) ? after : {})]);
    return [...keys].flatMap((key) =>
      changedPaths(
        isObject(before) ? before[key] : undefined,
        isObject(after) ? after[key] : undefined,
        isObject(unknown) ? unknown[key] : undefined,
        prefix ? `${prefix}.${key}` : key,
      ),
    );
  }
  const empty = (value: Json) => value === null || value === undefined || value === '';
  return before === after || (empty(before) && empty(after)) ? [] : [prefix];
}

/** Every resource the plan would create, change, replace or delete. */
export function plannedChanges(plan: PlanJson): PlannedChange[] {
  return (plan.resource_changes ?? [])
    .filter(({ change }) => !change.actions.every((action) => action === 'no-op' || action === 'read'))
    .map(({ address, change }) => ({
      address,
      actions: change.actions,
      paths: change.actions.includes('update') ? changedPaths(change.before, change.after, change.after_unknown) : [],
    }));
}

export interface PriorResource {
  readonly address: string;
  readonly type: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** The refreshed state: every resource of the root module as AWS holds it now. */
export function priorResources(plan: PlanJson): PriorResource[] {
  return [...(plan.prior_state?.values?.root_module?.resources ?? [])];
}

/** `update in place (comment, origin.custom_header)`, `replace`, `create`, `delete`. */
export function describeChange(change: PlannedChange): string {
  const { actions } = change;
  const verb =
    actions.includes('delete') && actions.includes('create')
      ? 'replace'
      : actions.includes('update')
        ? 'update in place'
        : actions.join('+');
  return `${change.address} would ${verb}${change.paths.length > 0 ? ` (${change.paths.join(', ')})` : ''}`;
}
