/**
 * Second-plan diffs that come from moto's read-back, not from the stacks:
 * attributes moto drops or adds when the provider reads a resource back. Each
 * path is `<attribute>.<nested attribute>` without list indexes. A row with
 * `sameJson` allows a diff only when both sides parse to the same JSON value
 * (moto re-serializes a document; a changed value is still drift). Any other
 * diff after an apply fails the suite and is printed.
 */
export const READ_BACK_GAPS: Readonly<
  Record<string, { readonly paths: readonly string[]; readonly why: string; readonly sameJson?: boolean }>
> = {
  aws_sqs_queue: {
    paths: ['redrive_policy'],
    why: 'moto returns the redrive policy re-serialized with spaces after the separators (AWS returns it compact), and the provider compares the strings',
    sameJson: true,
  },
  aws_cloudfront_public_key: {
    paths: ['comment'],
    why: 'moto drops the comment of a public key on read-back',
  },
  aws_cloudfront_distribution: {
    paths: [
      'comment',
      'origin.origin_access_control_id',
      'viewer_certificate.cloudfront_default_certificate',
      'default_cache_behavior.forwarded_values',
      'ordered_cache_behavior.forwarded_values',
    ],
    why: 'moto drops comment, origin_access_control_id and cloudfront_default_certificate on read-back and returns legacy forwarded_values next to the cache policy ids',
  },
};

// `terraform show -json` plan output; its schema is Terraform's.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped by nature
type Json = any;

/** Paths (list indexes dropped) where `before` and `after` differ, with unknown-after values counted as different. */
export function changedPaths(before: Json, after: Json, unknown: Json, prefix = ''): string[] {
  if (unknown === true) return [prefix];
  const isObject = (value: Json) => value !== null && typeof value === 'object';
  if (Array.isArray(before) || Array.isArray(after)) {
    const left: Json[] = Array.isArray(before) ? before : [];
    const right: Json[] = Array.isArray(after) ? after : [];
    const unknowns: Json[] = Array.isArray(unknown) ? unknown : [];
    const length = Math.max(left.length, right.length);
    const paths = Array.from({ length }, (_, index) => changedPaths(left[index], right[index], unknowns[index], prefix)).flat();
    return [...new Set(paths)];
  }
  if (isObject(before) || isObject(after)) {
    const keys = new Set([...Object.keys(isObject(before) ? before : {}), ...Object.keys(isObject(after) ? after : {})]);
    return [...keys].flatMap((key) =>
      changedPaths(before?.[key], after?.[key], isObject(unknown) ? unknown[key] : undefined, prefix ? `${prefix}.${key}` : key),
    );
  }
  // An empty value and a missing one are the same to Terraform's diff.
  const empty = (value: Json) => value === null || value === undefined || value === '';
  return before === after || (empty(before) && empty(after)) ? [] : [prefix];
}

export interface SecondPlan {
  /** `address: path` of every diff the allow-list does not explain. */
  readonly unexpected: readonly string[];
  /** `address: path (why)` of every diff it does. */
  readonly allowed: readonly string[];
}

/** Sorts the resource changes of a second plan into allowed read-back gaps and real drift. */
export function classifySecondPlan(plan: Json): SecondPlan {
  const unexpected: string[] = [];
  const allowed: string[] = [];
  for (const change of plan.resource_changes ?? []) {
    const actions: string[] = change.change.actions;
    if (actions.length === 1 && (actions[0] === 'no-op' || actions[0] === 'read')) continue;
    if (!actions.includes('update') || actions.length !== 1) {
      unexpected.push(`${change.address}: ${actions.join('+')}`);
      continue;
    }
    const gap = READ_BACK_GAPS[change.type];
    for (const path of changedPaths(change.change.before, change.change.after, change.change.after_unknown)) {
      const listed = gap?.paths.some((allowedPath) => path === allowedPath || path.startsWith(`${allowedPath}.`));
      if (gap && listed && (!gap.sameJson || sameJson(valueAt(change.change.before, path), valueAt(change.change.after, path)))) {
        allowed.push(`${change.address}: ${path} (${gap.why})`);
      } else {
        unexpected.push(
          `${change.address}: ${path}: ${JSON.stringify(valueAt(change.change.before, path))} → ${JSON.stringify(valueAt(change.change.after, path))}`,
        );
      }
    }
  }
  return { unexpected, allowed };
}

/** Whether two strings are the same JSON document (key order and spacing aside). */
function sameJson(before: Json, after: Json): boolean {
  const parse = (text: Json) => {
    try {
      return typeof text === 'string' ? JSON.parse(text) : undefined;
    } catch {
      return undefined;
    }
  };
  const canonical = (value: Json): Json =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, canonical(value[key])]),
          )
        : value;
  const [left, right] = [parse(before), parse(after)];
  return left !== undefined && JSON.stringify(canonical(left)) === JSON.stringify(canonical(right));
}

/** Value at a dotted path, following the first element of lists, for the failure message. */
function valueAt(value: Json, path: string): Json {
  return path.split('.').reduce((current, key) => {
    const inner = Array.isArray(current) ? current[0] : current;
    return inner?.[key];
  }, value);
}
