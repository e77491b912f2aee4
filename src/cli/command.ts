/**
 * What a `storytime` command is, and how the CLI runs one: the same for every
 * command, so that each prints its usage on --help, refuses bad input in one
 * line with exit 2, and never shows a stack trace.
 */
import { CommandFailure, UsageError } from './errors';
import { parseFlags, type CommandLine, type FlagSpec } from './flags';

export interface CommandResult {
  readonly stdout: string;
  /** Notes and problems, one line each; the CLI prefixes each with `<command>: `. */
  readonly stderr: readonly string[];
  readonly exitCode: number;
}

type Outcome = CommandResult | Promise<CommandResult>;

/**
 * A command, `D` being what tests may put in place of the outside world (clock, terraform, servers),
 * `R` what its run returns (a promise for a command that waits on the network).
 */
export interface Command<D = never, R extends Outcome = Outcome> {
  readonly name: string;
  /** Printed on --help (stdout) and after a command-line error (stderr). */
  readonly usage: string;
  /** Exit code of an unexpected failure (a bug): 1 unless the command gives 1 another meaning. */
  readonly unexpectedExitCode?: number;
  run(argv: readonly string[], deps?: D): R | CommandResult;
}

export interface CommandDefinition<S extends FlagSpec, D, R extends Outcome> extends Omit<Command<D, R>, 'run'> {
  readonly flags: S;
  /** Whether the command takes arguments besides its flags; it checks them itself. */
  readonly positionals?: boolean;
  run(line: CommandLine<S>, deps: D | undefined): R;
}

/** A command whose flags are parsed by the CLI's one parser, --help included. */
export function defineCommand<const S extends FlagSpec, D = never, R extends Outcome = Outcome>(
  definition: CommandDefinition<S, D, R>,
): Command<D, R> {
  const { flags, positionals, name, usage, unexpectedExitCode } = definition;
  return {
    name,
    usage,
    unexpectedExitCode,
    run(argv, deps) {
      const line = parseFlags(argv, flags, { positionals });
      return line.help ? { stdout: usage, stderr: [], exitCode: 0 } : definition.run(line, deps);
    },
  };
}

export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Runs a command as the CLI does and returns its exit code: bad input 2, a failure the operator can act on 1, a bug 1 (or the command's own). */
export async function execute(command: Command<unknown>, argv: readonly string[], io: Io): Promise<number> {
  const line = (text: string) => `${command.name}: ${text.replace(/\s*\n\s*/g, ' ')}\n`;
  try {
    const { stdout, stderr, exitCode } = await command.run(argv);
    io.stdout.write(stdout);
    for (const text of stderr) io.stderr.write(line(text));
    return exitCode;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      io.stderr.write(line(message) + (error.showUsage ? command.usage : ''));
      return 2;
    }
    if (error instanceof CommandFailure) {
      io.stderr.write(line(message));
      return 1;
    }
    io.stderr.write(line(`unexpected error: ${message}`));
    return command.unexpectedExitCode ?? 1;
  }
}
