import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { SettingsError } from './validate';

export interface SettingsModule {
  /** Name used in messages, e.g. `dev`. */
  readonly label: string;
  /** Source file relative to the project, e.g. `stacks/settings/dev.ts`: named in messages and found in stack traces. */
  readonly file: string;
  /** A literal `require(...)` of the module, so that the bundler keeps it lazy and an error surfaces here. */
  readonly load: () => unknown;
}

/** A stack frame's file, line and column (1-based), e.g. `/x/.cache/app/main.1.cjs:120:7`. */
const FRAME = /\(?([^()\s]+):(\d+):(\d+)\)?$/;

/**
 * Source line of `file` a frame stands for: itself when the frame already
 * names it, else through the bundle's source map, read only now that an error
 * happened (Node's --enable-source-maps would parse every map at start-up).
 */
function sourceLine(frame: string, file: string): number | undefined {
  const match = FRAME.exec(frame.trim());
  if (!match) return undefined;
  const [, path, line, column] = match;
  if (path.replace(/\\/g, '/').endsWith(file)) return Number(line);
  if (!existsSync(`${path}.map`)) return undefined;
  const map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number };
  return entry.originalSource?.replace(/\\/g, '/').endsWith(file) && entry.originalLine !== undefined ? entry.originalLine + 1 : undefined;
}

/** `:12` when a frame of `error` lies in `file`, else nothing. */
function lineIn(error: unknown, file: string): string {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  for (const frame of stack.split('\n').slice(1)) {
    const line = sourceLine(frame, file);
    if (line !== undefined) return `:${line}`;
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
