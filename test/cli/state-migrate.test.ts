/** storytime state:migrate in-process: the checks before terraform runs, the two terraform runs, and the backup left behind. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../../src/cli/commands/state-migrate';
import { tempDir } from '../temp';
import { runCommand } from './run-command';
import { cloudBackend, overrideSettings } from './settings-override';

const S3_BACKEND = { terraform: { backend: { s3: { bucket: 'storytime-terraform-state-dev-example' } } } };

/** An output folder with the bootstrap's stack file as given, and its local state beside it unless `local` is false. */
function project(stackJson: unknown, local = true) {
  const base = tempDir('state-migrate');
  const outdir = join(base, 'cdktf.out');
  const dir = join(outdir, 'stacks', 'storytime-state-dev');
  if (stackJson !== undefined) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(stackJson));
  }
  const state = join(base, 'bootstrap-state', 'storytime-state-dev.tfstate');
  if (local) {
    mkdirSync(join(base, 'bootstrap-state'));
    writeFileSync(state, '{"version":4,"serial":3}');
  }
  process.env.CDKTF_OUTDIR = outdir;
  process.env.TERRAFORM_BIN = 'terraform-under-test';
  return { dir, state };
}

/** Fakes for synth and terraform: each run logged, each answering with the next of its exit codes (0 when none left). */
function outside(synthCodes: number[] = [], runCodes: number[] = []) {
  const calls: string[] = [];
  return {
    calls,
    deps: {
      synthesize: () => (calls.push('synth'), synthCodes.shift() ?? 0),
      run: (bin: string, args: readonly string[]) => (calls.push(`${bin} ${args.join(' ')}`), runCodes.shift() ?? 0),
    },
  };
}

afterEach(() => {
  delete process.env.CDKTF_OUTDIR;
  delete process.env.TERRAFORM_BIN;
  vi.restoreAllMocks();
});

describe('storytime state:migrate', () => {
  it('synthesizes, then pushes the local bootstrap state into its bucket and keeps the old file as a backup', async () => {
    const { dir, state } = project(S3_BACKEND);
    const { calls, deps } = outside();
    expect(await runCommand(command, ['dev'], deps)).toEqual({
      status: 0,
      stdout: `storytime-state-dev now keeps its state in its bucket; ${state}.migrated is the old local copy\n`,
      stderr: '',
    });
    expect(calls).toEqual([
      'synth',
      `terraform-under-test -chdir=${dir} init -input=false -reconfigure`,
      `terraform-under-test -chdir=${dir} state push ${state}`,
    ]);
    expect(existsSync(state)).toBe(false);
    expect(readFileSync(`${state}.migrated`, 'utf8')).toBe('{"version":4,"serial":3}');
  });

  it('stops with exit 1 and runs no terraform when synth fails; --no-synth skips synth', async () => {
    const { dir, state } = project(S3_BACKEND);
    const failed = outside([3]);
    expect(await runCommand(command, ['dev'], failed.deps)).toEqual({ status: 1, stdout: '', stderr: '' });
    expect(failed.calls).toEqual(['synth']);
    const skipped = outside([3]);
    expect((await runCommand(command, ['dev', '--no-synth'], skipped.deps)).status).toBe(0);
    expect(skipped.calls).toEqual([
      `terraform-under-test -chdir=${dir} init -input=false -reconfigure`,
      `terraform-under-test -chdir=${dir} state push ${state}`,
    ]);
  });

  it("passes on terraform's exit code when init or push fails, and keeps the local state then", async () => {
    const { dir, state } = project(S3_BACKEND);
    const init = outside([], [4]);
    expect(await runCommand(command, ['dev', '--no-synth'], init.deps)).toEqual({ status: 4, stdout: '', stderr: '' });
    expect(init.calls).toEqual([`terraform-under-test -chdir=${dir} init -input=false -reconfigure`]);
    const push = outside([], [0, 5]);
    expect(await runCommand(command, ['dev', '--no-synth'], push.deps)).toEqual({ status: 5, stdout: '', stderr: '' });
    expect(push.calls).toEqual([
      `terraform-under-test -chdir=${dir} init -input=false -reconfigure`,
      `terraform-under-test -chdir=${dir} state push ${state}`,
    ]);
    expect(existsSync(state)).toBe(true);
    expect(existsSync(`${state}.migrated`)).toBe(false);
  });

  it('refuses an output folder without the bootstrap, a bootstrap still on local state, and a missing local state', async () => {
    const none = project(undefined);
    const { calls, deps } = outside();
    expect(await runCommand(command, ['dev', '--no-synth'], deps)).toEqual({
      status: 1,
      stdout: '',
      stderr: `state:migrate: ${none.dir} was not synthesized: run npm run synth\n`,
    });
    const local =
      "state:migrate: storytime-state-dev still keeps its state locally: set backend.bootstrapState: 'bucket' in stacks/settings/dev.ts first\n";
    for (const json of [{ terraform: { backend: { local: { path: 'x.tfstate' } } } }, { terraform: {} }, {}]) {
      project(json);
      expect(await runCommand(command, ['dev', '--no-synth'], deps)).toEqual({ status: 1, stdout: '', stderr: local });
    }
    const { state } = project(S3_BACKEND, false);
    expect(await runCommand(command, ['dev', '--no-synth'], deps)).toEqual({
      status: 1,
      stdout: '',
      stderr: `state:migrate: no local state at ${state}: nothing to migrate (already migrated, or never applied)\n`,
    });
    expect(calls).toEqual([]);
  });

  it('refuses an environment whose state is in Terraform Cloud', async () => {
    project(S3_BACKEND);
    overrideSettings('dev', cloudBackend);
    const { calls, deps } = outside();
    expect(await runCommand(command, ['dev'], deps)).toEqual({
      status: 2,
      stdout: '',
      stderr: "state:migrate: dev has no state bootstrap: its state is in Terraform Cloud (backend.type 'cloud')\n",
    });
    expect(calls).toEqual([]);
  });

  it.each([
    [[], 'missing the environment: one of dev, prod'],
    [['dev', 'prod', 'qa'], 'one environment per run; unexpected "prod" "qa"'],
    [['staging'], 'unknown env "staging" (expected one of dev, prod)'],
    [['state-dev'], 'unknown env "state-dev" (expected one of dev, prod)'],
    [['dev', '--force'], 'unknown flag --force'],
  ])('refuses %j in one line with its usage, exit 2', async (argv, message) => {
    const { calls, deps } = outside();
    expect(await runCommand(command, argv, deps)).toEqual({
      status: 2,
      stdout: '',
      stderr: `state:migrate: ${message}
usage: storytime state:migrate <env> [--no-synth]
  <env>         the environment whose state bootstrap moves its state into its bucket, e.g. dev
  --no-synth    use the output folder as it is (by default it is synthesized first)
  CDKTF_OUTDIR  output folder (default cdktf.out); TERRAFORM_BIN: terraform to run (default terraform)
`,
    });
    expect(calls).toEqual([]);
  });
});
