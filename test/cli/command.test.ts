/** How the CLI runs any command in this process: its output, one line per problem, the exit codes, the flag parser's refusals, dispatch. */
import { describe, expect, it } from 'vitest';
import { defineCommand, execute } from '../../src/cli/command';
import { dispatch } from '../../src/cli/dispatch';
import { CommandFailure, flagError, UsageError } from '../../src/cli/errors';

const USAGE = 'usage: storytime demo [--env <env>]\n';

/** A command whose run does what the test gives it. */
const demo = (run: () => { stdout: string; stderr: string[]; exitCode: number }, unexpectedExitCode?: number) =>
  defineCommand({ name: 'demo', usage: USAGE, unexpectedExitCode, positionals: true, flags: { env: { type: 'string' } }, run });

const captured = async (command: Parameters<typeof execute>[0], argv: readonly string[] = []) => {
  let stdout = '';
  let stderr = '';
  const status = await execute(command, argv, {
    stdout: { write: (text) => (stdout += text) },
    stderr: { write: (text) => (stderr += text) },
  });
  return { status, stdout, stderr };
};

const throwing = (error: unknown) => () => {
  throw error;
};

describe('execute', () => {
  it("prints the command's stdout, and each stderr line after its name, on one line", async () => {
    expect(await captured(demo(() => ({ stdout: 'out\n', stderr: ['first\n   continued  \n more', 'second'], exitCode: 4 })))).toEqual({
      status: 4,
      stdout: 'out\n',
      stderr: 'demo: first continued more\ndemo: second\n',
    });
  });

  it('prints --help on stdout with exit 0', async () => {
    expect(await captured(demo(throwing(new Error('ran'))), ['--help'])).toEqual({ status: 0, stdout: USAGE, stderr: '' });
  });

  it('refuses bad input with exit 2, with the usage only for a command-line error', async () => {
    expect(await captured(demo(throwing(new UsageError('unknown env "qa"\n(expected dev)'))))).toEqual({
      status: 2,
      stdout: '',
      stderr: 'demo: unknown env "qa" (expected dev)\n',
    });
    expect(await captured(demo(throwing(flagError('missing --env'))))).toEqual({
      status: 2,
      stdout: '',
      stderr: `demo: missing --env\n${USAGE}`,
    });
  });

  it('stops on a failure with exit 1, and on anything else as unexpected, with the exit code the command gives it', async () => {
    expect(await captured(demo(throwing(new CommandFailure('the lock is held'))))).toEqual({
      status: 1,
      stdout: '',
      stderr: 'demo: the lock is held\n',
    });
    expect(await captured(demo(throwing(new TypeError('x is undefined'))))).toEqual({
      status: 1,
      stdout: '',
      stderr: 'demo: unexpected error: x is undefined\n',
    });
    expect(await captured(demo(throwing('a string'), 4))).toEqual({ status: 4, stdout: '', stderr: 'demo: unexpected error: a string\n' });
  });
});

describe('errors', () => {
  it('name themselves, and show no usage unless made by flagError', () => {
    expect([new UsageError('x').name, new UsageError('x').showUsage, flagError('x').showUsage]).toEqual(['UsageError', false, true]);
    expect(new CommandFailure('x').name).toBe('CommandFailure');
  });
});

describe('the flag parser, through a command', () => {
  const echo = defineCommand({
    name: 'echo',
    usage: USAGE,
    positionals: true,
    flags: { env: { type: 'string' } },
    run: ({ flags, positionals }) => ({ stdout: JSON.stringify({ flags, positionals }), stderr: [], exitCode: 0 }),
  });

  it('takes what follows -- as arguments', async () => {
    expect((await captured(echo, ['--env', 'dev', '--', '--x'])).stdout).toBe('{"flags":{"env":"dev"},"positionals":["--x"]}');
  });

  it('takes a lone - as a value', async () => {
    expect((await captured(echo, ['--env', '-'])).stdout).toBe('{"flags":{"env":"-"},"positionals":[]}');
  });

  it('refuses --help twice, a value starting with -, and a boolean with a value', async () => {
    expect((await captured(echo, ['--help', '-h'])).stderr).toBe(`echo: --help is given more than once; give it once\n${USAGE}`);
    expect((await captured(echo, ['--env', '-x'])).stderr).toBe(
      `echo: --env is followed by a value starting with -; write --env=<value> to pass it\n${USAGE}`,
    );
    expect((await captured(echo, ['--help=yes'])).stderr).toBe(`echo: --help takes no value\n${USAGE}`);
  });
});

describe('dispatch', () => {
  const run = async (argv: readonly string[], version?: string) => {
    let stdout = '';
    let stderr = '';
    const status = await dispatch(
      argv,
      { stdout: { write: (text) => (stdout += text) }, stderr: { write: (text) => (stderr += text) } },
      version,
    );
    return { status, stdout, stderr };
  };

  it('refuses a Node.js the project does not support, in one line', async () => {
    const ran = await run(['environments'], 'v16.0.0');
    expect(ran.status).toBe(1);
    expect(ran.stderr).toMatch(/^[^\n]*16\.0\.0[^\n]*\n$/);
  });

  it('refuses a name that is no command, even one every object has', async () => {
    for (const name of ['toString', 'nope']) {
      const ran = await run([name]);
      expect([ran.status, ran.stderr.split('\n')[0]]).toEqual([
        2,
        `storytime: unknown command "${name}" (expected one of plan, state:migrate, destroy, unlock, state:restore, recover, drift, masters:restore, rails-env, cookies, check-env, environments, verify)`,
      ]);
    }
  });

  it('runs the command named with the rest of the line', async () => {
    const ran = await run(['environments', '--json']);
    expect([ran.status, JSON.parse(ran.stdout).map((environment: { name: string }) => environment.name)]).toEqual([0, ['dev', 'prod']]);
  });
});
