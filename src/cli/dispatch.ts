/** `storytime <command> …`: picks the command and runs it; `storytime --help` lists them. */
import { nodeVersionProblem } from '../node-version';
import { execute, type Io } from './command';
import { COMMANDS } from './commands';

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const list = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`);
  return [
    'usage: storytime <command> [flags]   (npm run storytime -- <command> [flags], or npm run <command> -- [flags])',
    '',
    ...list,
    '',
    'storytime <command> --help prints the flags of a command; docs/tools.md has each in full.',
    '',
  ].join('\n');
}

/** Runs the command line; returns the exit code (2 for a missing or unknown command). */
export async function dispatch(argv: readonly string[], io: Io, version: string = process.version): Promise<number> {
  const nodeProblem = nodeVersionProblem(version);
  if (nodeProblem) {
    io.stderr.write(`${nodeProblem}\n`);
    return 1;
  }
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') {
    io.stdout.write(usage());
    return 0;
  }
  const entry = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    const problem = name === undefined ? 'missing command' : `unknown command "${name}"`;
    io.stderr.write(`storytime: ${problem} (expected one of ${Object.keys(COMMANDS).join(', ')})\n${usage()}`);
    return 2;
  }
  return execute(await entry.load(), rest, io);
}
