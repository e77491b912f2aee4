/**
 * The environments as the CLI sees them: the same discovery and validation
 * as synth (src/config), with the settings files loaded through tsx, so that
 * a command accepts exactly the environments synth writes stacks for.
 */
import path from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';
import { SETTINGS_FOLDER, stackName } from '../../stacks/naming';
import type { EnvironmentSettings } from '../../stacks/schema/schema';
import { loadEnvironments } from '../config/environments';
import { SettingsError, validateSettings } from '../config/validate';
import { UsageError } from './errors';

/** The project's folder: two up from this file, and from the CLI's bundle (.cache/cli/), which has this file inside. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

const cache = new Map<string, ReadonlyMap<string, EnvironmentSettings>>();

/** Validated settings of every environment under `root`, by name; a settings error is a UsageError listing its lines. */
export function environmentSettings(root: string = REPO_ROOT): ReadonlyMap<string, EnvironmentSettings> {
  const cached = cache.get(root);
  if (cached) return cached;
  try {
    const inputs = loadEnvironments(root, (name) => tsxRequire(path.join(root, SETTINGS_FOLDER, `${name}.ts`), __filename));
    const environments = new Map(
      validateSettings({ environments: inputs }).environments.map((settings) => [settings.environment, settings]),
    );
    cache.set(root, environments);
    return environments;
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(`settings error: ${error.problems.join('; ')}`);
    throw error;
  }
}

/** The name given with `--env`: missing or unknown names are refused with the known ones listed. */
export function parseEnvironment(value: string | undefined, root: string = REPO_ROOT): string {
  const environments = environmentSettings(root);
  const expected = [...environments.keys()].join(', ');
  if (value === undefined) throw new UsageError(`missing --env (one of ${expected})`);
  if (!environments.has(value)) throw new UsageError(`unknown env "${value}" (expected one of ${expected})`);
  return value;
}

/** Settings of a known environment (one parseEnvironment accepted). */
export function settingsOf(env: string, root: string = REPO_ROOT): EnvironmentSettings {
  const settings = environmentSettings(root).get(env);
  if (!settings) throw new UsageError(`unknown env "${env}"`);
  return settings;
}

/** `storytime-dev`: the stack of an environment, with the project of its settings. */
export function envStackName(env: string, root: string = REPO_ROOT): string {
  return stackName(settingsOf(env, root));
}
