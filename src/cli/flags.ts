/**
 * The one command-line parser of the CLI: node:util parseArgs reads the
 * tokens, and each problem it could meet becomes one line naming the flag as
 * the operator wrote it. Every flag is given at most once: a second `--env`
 * is refused rather than silently winning.
 */
import { parseArgs } from 'node:util';
import { flagError } from './errors';

export interface FlagOption {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
}
export type FlagSpec = Readonly<Record<string, FlagOption>>;
export type FlagValues<S extends FlagSpec> = { -readonly [K in keyof S]?: S[K]['type'] extends 'string' ? string : boolean };

export interface CommandLine<S extends FlagSpec> {
  readonly flags: FlagValues<S>;
  readonly positionals: readonly string[];
  /** `--help` or `-h`, which every command knows. */
  readonly help: boolean;
}

const HELP: FlagOption = { type: 'boolean', short: 'h' };

/** Flags per `spec`, plus `--help`; positionals only when `positionals` is set (the command checks them). */
export function parseFlags<const S extends FlagSpec>(
  argv: readonly string[],
  spec: S,
  options: { positionals?: boolean } = {},
): CommandLine<S> {
  const known: FlagSpec = { ...spec, help: HELP };
  const { tokens } = parseArgs({
    args: [...argv],
    options: known,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const flags: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  let help = false;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (!options.positionals) throw flagError(`unexpected argument "${token.value}": every value follows its flag, e.g. --env dev`);
      positionals.push(token.value);
      continue;
    }
    // As written: `-destroy`, not the `-d` parseArgs split it into; `--expires`, not `--expires=1h`.
    const written = (argv[token.index] ?? token.rawName).split('=')[0];
    const option = Object.hasOwn(known, token.name) ? known[token.name] : undefined;
    if (option === undefined) throw flagError(`unknown flag ${written}`);
    const flag = `--${token.name}`;
    if (token.name === 'help' ? help : token.name in flags) throw flagError(`${flag} is given more than once; give it once`);
    if (option.type === 'boolean') {
      if (token.value !== undefined) throw flagError(`${flag} takes no value`);
      if (token.name === 'help') help = true;
      else flags[token.name] = true;
      continue;
    }
    if (token.value === undefined) throw flagError(`${flag} needs a value`);
    // What strict parseArgs calls ambiguous: `--expires-in -1h` may be a forgotten value followed by a flag.
    if (!token.inlineValue && token.value.length > 1 && token.value.startsWith('-')) {
      throw flagError(`${flag} is followed by a value starting with -; write ${flag}=<value> to pass it`);
    }
    flags[token.name] = token.value;
  }
  return { flags: flags as FlagValues<S>, positionals, help };
}
