import { Token } from 'cdktf';

/**
 * One rule of a module's props, checked: where (`['priorities', 'apiHost']`,
 * `['publicKeys', 1, 'name']`) and what was expected, or undefined when the
 * value passes. Modules refuse with it; settings validation reports the same
 * words at the settings field that feeds the prop.
 */
export interface PropCheck {
  readonly path: readonly (string | number)[];
  readonly message: string | undefined;
}

/** A value synth can check: not a Terraform reference or expression, which only Terraform resolves. */
export function isKnown(value: unknown): boolean {
  return !Token.isUnresolved(value);
}

/** `expected one of a, b, c` when a known value is not among `allowed`. */
export function oneOfProblem(allowed: readonly string[], value: string | undefined): string | undefined {
  if (value === undefined || !isKnown(value) || allowed.includes(value)) return undefined;
  return `expected one of ${allowed.join(', ')}`;
}

/** Checks of a nested value, placed below its prop: `under(['geoRestriction'], ...)`. */
export function under(prefix: readonly (string | number)[], checks: readonly PropCheck[]): PropCheck[] {
  return checks.map((check) => ({ ...check, path: [...prefix, ...check.path] }));
}

/** `apiOrigin.paths[1]` */
function formatPath(path: readonly (string | number)[]): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/**
 * Throws `<module>: <prop>: <expected>` for the first check that fails, so that
 * a module used without the settings schema refuses what the schema refuses.
 */
export function refuseProps(module: string, checks: readonly PropCheck[]): void {
  const failed = checks.find((check) => check.message !== undefined);
  if (failed) throw new Error(`${module}: ${formatPath(failed.path)}: ${failed.message}`);
}

/** For each entry, the index of the first earlier entry with the same key, or undefined: lists that AWS keeps as sets. */
export function earlierDuplicates<T>(values: readonly T[], key: (value: T) => unknown = (value) => value): (number | undefined)[] {
  const first = new Map<unknown, number>();
  return values.map((value, index) => {
    const k = key(value);
    const earlier = first.get(k);
    if (earlier === undefined) first.set(k, index);
    return earlier;
  });
}
