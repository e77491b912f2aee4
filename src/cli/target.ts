/**
 * The stack a command works on, as the operator names it: `<env>` (the
 * environment's stack) or `state-<env>` (its state bootstrap), one per
 * stacks/settings/<env>.ts. Each command takes exactly one.
 */
import { stackName, stateStackName } from '../../stacks/naming';
import type { EnvironmentSettings } from '../../stacks/schema/schema';
import { environmentSettings, settingsOf } from './environments';
import { flagError } from './errors';

export interface StackTarget {
  readonly environment: string;
  /** The state bootstrap (`state-<env>`) rather than the environment's stack. */
  readonly bootstrap: boolean;
  readonly settings: EnvironmentSettings;
  /** `storytime-dev` or `storytime-state-dev`: its folder under <outdir>/stacks. */
  readonly stack: string;
}

/**
 * `<env>` or, for a command that also takes the state bootstraps (`bootstraps: true`), `state-<env>`; any
 * other word, a second one or none is a usage error.
 */
export function stackTarget(positionals: readonly string[], options: { readonly bootstraps?: boolean } = {}): StackTarget {
  const [target, ...extra] = positionals;
  const environments = [...environmentSettings().keys()];
  const expected = options.bootstraps ? `${environments.join(', ')}, or state-<one of them>` : environments.join(', ');
  if (target === undefined)
    throw flagError(`missing the stack: ${options.bootstraps ? '<env> or state-<env>' : '<env>'}, one of ${expected}`);
  if (extra.length > 0) throw flagError(`one stack per run; unexpected ${extra.map((word) => `"${word}"`).join(' ')}`);
  const bootstrap = options.bootstraps === true && target.startsWith('state-');
  const environment = bootstrap ? target.slice('state-'.length) : target;
  if (!environments.includes(environment)) throw flagError(`unknown stack "${target}": expected one of ${expected}`);
  const settings = settingsOf(environment);
  return { environment, bootstrap, settings, stack: bootstrap ? stateStackName(settings) : stackName(settings) };
}
