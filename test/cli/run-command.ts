/** A command run in this process as the CLI runs it (execute), with fakes for the outside world. */
import type { Command } from '../../src/cli/command';
import { CommandFailure, UsageError } from '../../src/cli/errors';

export interface Ran {
  readonly status: number;
  readonly stdout: string;
  /** Each line as the CLI prints it, `<command>: ` first. */
  readonly stderr: string;
}

export async function runCommand<D>(command: Command<D>, argv: readonly string[], deps: D): Promise<Ran> {
  const line = (text: string) => `${command.name}: ${text}\n`;
  try {
    const result = await command.run(argv, deps);
    return { status: result.exitCode, stdout: result.stdout, stderr: result.stderr.map(line).join('') };
  } catch (error) {
    if (error instanceof UsageError) return { status: 2, stdout: '', stderr: line(error.message) + (error.showUsage ? command.usage : '') };
    if (error instanceof CommandFailure) return { status: 1, stdout: '', stderr: line(error.message) };
    throw error;
  }
}
