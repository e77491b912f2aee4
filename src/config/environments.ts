import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { environmentNameProblem, SETTINGS_FOLDER, settingsFile } from '../../stacks/naming';
import { loadSettingsModules } from './load';
import { SettingsError } from './validate';

/** Loads the module of one environment's settings file, e.g. `require(\`../stacks/settings/${name}.ts\`)`. */
export type SettingsLoader = (environment: string) => unknown;

/** The export every settings file gives its settings under. */
export const SETTINGS_EXPORT = 'settings';

/**
 * The environments: one per `<name>.ts` in stacks/settings. Anything else
 * there (another extension, a name that cannot be an environment) is a
 * problem naming the file, never skipped; dotfiles (editor swap files) are ignored.
 */
export function discoverEnvironments(root: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(root, SETTINGS_FOLDER));
  } catch {
    throw new SettingsError([`(settings): ${SETTINGS_FOLDER}/ not found in ${root}: run from the project's folder`]);
  }
  const problems: string[] = [];
  const environments: string[] = [];
  for (const entry of entries.filter((name) => !name.startsWith('.')).sort()) {
    const name = entry.endsWith('.ts') ? entry.slice(0, -'.ts'.length) : undefined;
    if (name === undefined || name.endsWith('.d')) {
      problems.push(
        `(settings): ${SETTINGS_FOLDER}/${entry}: not a settings file; an environment is a <name>.ts file exporting \`settings\``,
      );
      continue;
    }
    const nameProblem = environmentNameProblem(name);
    const problem = nameProblem ? `the file name is the environment's name: ${nameProblem}` : fileProblem(root, entry);
    if (problem) problems.push(`(settings): ${settingsFile(name)}: ${problem}`);
    else environments.push(name);
  }
  if (problems.length === 0 && environments.length === 0) {
    problems.push(`(settings): ${SETTINGS_FOLDER}/ holds no environment; add <name>.ts (docs/settings.md, "Add an environment")`);
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return environments;
}

/**
 * Why `<name>.ts` cannot be loaded as a file: a directory, a symbolic link to
 * nothing or to itself. A link to a file is followed, as by the bundler and by Node.
 */
function fileProblem(root: string, entry: string): string | undefined {
  const path = join(root, SETTINGS_FOLDER, entry);
  try {
    if (statSync(path).isFile()) return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    let target: string | undefined;
    try {
      target = readlinkSync(path);
    } catch {
      return `cannot be read (${code})`;
    }
    return `a symbolic link to '${target}', which ${code === 'ELOOP' ? 'leads back to itself' : 'does not exist'}`;
  }
  return 'not a file; an environment is a <name>.ts file exporting `settings`';
}

/** Why a loaded settings module is unusable: it lacks the `settings` export, or names another environment. */
function moduleProblem(environment: string, exports: Record<string, unknown>): string | undefined {
  const file = settingsFile(environment);
  if (!(SETTINGS_EXPORT in exports)) {
    const names = Object.keys(exports).filter((name) => name !== '__esModule');
    const found =
      names.length === 0
        ? 'it exports nothing'
        : `it exports ${names.map((name) => (name === 'default' ? 'a default export' : `'${name}'`)).join(', ')}`;
    return `${environment}: ${file}: expected \`export const settings: EnvironmentSettingsInput = { ... }\`, but ${found}`;
  }
  const said = (exports[SETTINGS_EXPORT] as { environment?: unknown } | null)?.environment;
  if (typeof said === 'string' && said !== environment) {
    return `${environment}: environment: ${file} says '${said}'; the file's name is the environment's name`;
  }
  return undefined;
}

/**
 * Every environment's settings as its file exports them, keyed by the file's
 * name. A file that throws, exports nothing usable or names another
 * environment is one line naming the file; all are reported together.
 */
export function loadEnvironments(root: string, load: SettingsLoader): Record<string, unknown> {
  const environments = discoverEnvironments(root);
  const modules = loadSettingsModules(
    environments.map((environment) => ({ label: environment, file: settingsFile(environment), load: () => load(environment) })),
  );
  const problems: string[] = [];
  const loaded: Record<string, unknown> = {};
  for (const environment of environments) {
    const exports = (modules[environment] ?? {}) as Record<string, unknown>;
    const problem = moduleProblem(environment, exports);
    if (problem) problems.push(problem);
    else loaded[environment] = exports[SETTINGS_EXPORT];
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return loaded;
}
