import { SettingsError } from './validate';

export interface SettingsModule {
  /** Name used in messages, e.g. `dev`. */
  readonly label: string;
  /** Source file relative to the project, e.g. `stacks/settings/dev.ts`: named in messages and found in stack traces. */
  readonly file: string;
  /** A literal `require(...)` of the module, so that the bundler keeps it lazy and an error surfaces here. */
  readonly load: () => unknown;
}

/** `:12` when a frame of `error` lies in `file` (source-mapped in the bundle), else nothing. */
function lineIn(error: unknown, file: string): string {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  for (const frame of stack.split('\n')) {
    const at = frame.replace(/\\/g, '/').indexOf(`${file}:`);
    if (at !== -1) return `:${/^\d+/.exec(frame.slice(at + file.length + 1))?.[0] ?? ''}`;
  }
  return '';
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const line = text.split('\n')[0];
  return line.includes('PRIVATE KEY') ? '(message withheld: it holds private key material)' : line.slice(0, 200);
}

/**
 * Loads every settings module; one that throws while loading becomes one line
 * naming its source file and line instead of a stack trace into the bundle.
 */
export function loadSettingsModules(modules: readonly SettingsModule[]): Record<string, unknown> {
  const problems: string[] = [];
  const loaded: Record<string, unknown> = {};
  for (const { label, file, load } of modules) {
    try {
      loaded[label] = load();
    } catch (error) {
      problems.push(`${label}: ${file}${lineIn(error, file)}: threw while loading: ${firstLine(error)}`);
    }
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return loaded;
}
