/** storytime plan in this process, past its checks: the stack named, the synthesized folder, and the terraform it runs (a fake that logs its arguments). */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/plan';
import { captureTerraform, runIn, terraformBin, terraformError } from '../../src/cli/terraform-run';
import { runCommand } from './run-command';

const USAGE = `usage: storytime plan <env> | state-<env> [--no-synth]
  <env>         an environment's stack, e.g. dev (one per stacks/settings/<env>.ts)
  state-<env>   that environment's state bootstrap, e.g. state-dev (S3 backends only)
  --no-synth    plan the output folder as it is (by default it is synthesized first)
  CDKTF_OUTDIR  output folder (default cdktf.out); TERRAFORM_BIN: terraform to run (default terraform)
`;

// Logs each call's arguments; init and plan exit with FAKE_TF_INIT / FAKE_TF_PLAN (default 0).
const FAKE_TERRAFORM = `#!/bin/sh
echo "$*" >> "$FAKE_TF_LOG"
echo "out:$2"
echo "err:$2" >&2
case "$2" in init) exit "\${FAKE_TF_INIT:-0}" ;; *) exit "\${FAKE_TF_PLAN:-0}" ;; esac
`;

const VARIABLES = ['AWS_ENDPOINT_URL', 'CDKTF_OUTDIR', 'TERRAFORM_BIN', 'FAKE_TF_LOG', 'FAKE_TF_INIT', 'FAKE_TF_PLAN'] as const;

let tmp: string;
let outdir: string;
let log: string;
let bin: string;
const saved: Partial<Record<(typeof VARIABLES)[number], string>> = {};

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'storytime-plan-'));
  bin = path.join(tmp, 'terraform');
  writeFileSync(bin, FAKE_TERRAFORM);
  chmodSync(bin, 0o755);
  for (const name of VARIABLES) saved[name] = process.env[name];
});

afterAll(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => {
  outdir = mkdtempSync(path.join(tmp, 'run-'));
  outdir = path.join(outdir, 'out');
  log = path.join(tmp, `calls-${path.basename(path.dirname(outdir))}.log`);
  // An emulator's endpoint: the shipped example values are allowed there.
  Object.assign(process.env, { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', CDKTF_OUTDIR: outdir, TERRAFORM_BIN: bin, FAKE_TF_LOG: log });
  delete process.env.FAKE_TF_INIT;
  delete process.env.FAKE_TF_PLAN;
});

afterEach(() => {
  delete process.env.FAKE_TF_INIT;
  delete process.env.FAKE_TF_PLAN;
});

const devAccount = { identity: () => Promise.resolve({ account: '111111111111', arn: 'arn:aws:iam::111111111111:user/ana' }) };
const calls = () => {
  try {
    return readFileSync(log, 'utf8').trimEnd().split('\n');
  } catch {
    return [];
  }
};
const synthesized = (stack: string, config: object = {}) => {
  mkdirSync(path.join(outdir, 'stacks', stack), { recursive: true });
  writeFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), JSON.stringify(config));
  return path.join(outdir, 'stacks', stack);
};

describe('storytime plan: the stack named', () => {
  it('refuses no stack, with the usage', async () => {
    expect(await runCommand(command, [], devAccount)).toEqual({
      status: 2,
      stdout: '',
      stderr: `plan: missing the stack to plan: <env> or state-<env>\n${USAGE}`,
    });
  });

  it('refuses a second word, quoting each extra one', async () => {
    const ran = await runCommand(command, ['dev', 'prod', 'qa'], devAccount);
    expect([ran.status, ran.stderr.split('\n')[0]]).toEqual([2, 'plan: one stack per plan; unexpected "prod" "qa"']);
  });

  it('refuses an unknown environment and an unknown bootstrap, naming the known ones', async () => {
    for (const stack of ['qa', 'state-qa', 'xstate-dev']) {
      const ran = await runCommand(command, [stack, '--no-synth'], devAccount);
      expect([ran.status, ran.stderr.split('\n')[0]]).toEqual([
        2,
        `plan: unknown stack "${stack}": expected one of dev, prod, or state-<one of them>`,
      ]);
    }
  });

  it('says the stack was not synthesized when its folder is missing', async () => {
    expect(await runCommand(command, ['dev', '--no-synth'], devAccount)).toEqual({
      status: 2,
      stdout: '',
      stderr: `plan: ${outdir}/stacks/storytime-dev was not synthesized: run npm run synth\n`,
    });
    expect(calls()).toEqual([]);
  });

  it('says a bootstrap that was not synthesized is in Terraform Cloud', async () => {
    expect(await runCommand(command, ['state-dev', '--no-synth'], devAccount)).toEqual({
      status: 2,
      stdout: '',
      stderr: "plan: dev has no state bootstrap: its state is in Terraform Cloud (backend.type 'cloud')\n",
    });
  });

  it('says nothing on standard output when the settings hold example values against AWS', async () => {
    delete process.env.AWS_ENDPOINT_URL;
    const ran = await runCommand(command, ['prod', '--no-synth'], devAccount);
    expect([ran.status, ran.stdout]).toEqual([1, '']);
  });
});

describe('storytime plan: synth, then terraform init and plan', () => {
  it('runs init, then plan into <stack>.tfplan, in the stack folder; the exit code is the plan’s', async () => {
    const dir = synthesized('storytime-dev');
    process.env.FAKE_TF_PLAN = '2';
    expect(await runCommand(command, ['dev', '--no-synth'], devAccount)).toEqual({ status: 2, stdout: '', stderr: '' });
    expect(calls()).toEqual([`-chdir=${dir} init -input=false`, `-chdir=${dir} plan -input=false -out=storytime-dev.tfplan`]);
  });

  it('stops after a failed init with its exit code', async () => {
    const dir = synthesized('storytime-dev');
    process.env.FAKE_TF_INIT = '3';
    expect(await runCommand(command, ['dev', '--no-synth'], devAccount)).toEqual({ status: 3, stdout: '', stderr: '' });
    expect(calls()).toEqual([`-chdir=${dir} init -input=false`]);
  });

  it('exits 0 when init and plan succeed', async () => {
    synthesized('storytime-dev');
    expect((await runCommand(command, ['dev', '--no-synth'], devAccount)).status).toBe(0);
  });

  it('synthesizes first unless --no-synth, and stops with exit 1 when synth fails, before terraform', async () => {
    synthesized('storytime-dev');
    let synths = 0;
    const failing = { ...devAccount, synthesize: () => (synths++, 1) };
    expect(await runCommand(command, ['dev'], failing)).toEqual({ status: 1, stdout: '', stderr: '' });
    expect([synths, calls()]).toEqual([1, []]);
    expect((await runCommand(command, ['dev', '--no-synth'], failing)).status).toBe(0);
    expect(synths).toBe(1);
    const passing = { ...devAccount, synthesize: () => (synths++, 0) };
    expect((await runCommand(command, ['dev'], passing)).status).toBe(0);
    expect([synths, calls().length]).toEqual([2, 4]);
  });

  it('checks the account before synth', async () => {
    const ran = await runCommand(command, ['dev'], {
      identity: () => Promise.resolve({ account: '999999999999', arn: 'arn:aws:iam::999999999999:user/eve' }),
      synthesize: () => {
        throw new Error('synthesized');
      },
    });
    expect(ran.status).toBe(1);
  });

  it('exits 1 when terraform cannot be started', async () => {
    synthesized('storytime-dev');
    process.env.TERRAFORM_BIN = path.join(tmp, 'missing', 'terraform');
    expect((await runCommand(command, ['dev', '--no-synth'], devAccount)).status).toBe(1);
  });

  describe('a state bootstrap', () => {
    const localState = () => {
      const file = path.join(path.dirname(outdir), 'bootstrap-state', 'storytime-state-dev.tfstate');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, '{}');
      return file;
    };

    it('refuses a bucket backend while the local state is not moved into it', async () => {
      synthesized('storytime-state-dev', { terraform: { backend: { s3: { bucket: 'b' } } } });
      const file = localState();
      expect(await runCommand(command, ['state-dev', '--no-synth'], devAccount)).toEqual({
        status: 1,
        stdout: '',
        stderr: `plan: storytime-state-dev now keeps its state in its bucket, but ${file} is not moved there yet: run npm run state:migrate -- dev first (docs/state.md)\n`,
      });
      expect(calls()).toEqual([]);
    });

    it('plans a bootstrap still on its local state', async () => {
      const dir = synthesized('storytime-state-dev', { terraform: { backend: { local: { path: 'x' } } } });
      localState();
      expect((await runCommand(command, ['state-dev', '--no-synth'], devAccount)).status).toBe(0);
      expect(calls()).toEqual([`-chdir=${dir} init -input=false`, `-chdir=${dir} plan -input=false -out=storytime-state-dev.tfplan`]);
    });

    it('plans a bootstrap without a backend block, or one already in its bucket', async () => {
      synthesized('storytime-state-dev', {});
      localState();
      expect((await runCommand(command, ['state-dev', '--no-synth'], devAccount)).status).toBe(0);
      synthesized('storytime-state-dev', { terraform: {} });
      expect((await runCommand(command, ['state-dev', '--no-synth'], devAccount)).status).toBe(0);
      rmSync(path.join(path.dirname(outdir), 'bootstrap-state'), { recursive: true });
      synthesized('storytime-state-dev', { terraform: { backend: { s3: { bucket: 'b' } } } });
      expect((await runCommand(command, ['state-dev', '--no-synth'], devAccount)).status).toBe(0);
    });

    it('does not look for a local state of an environment stack', async () => {
      synthesized('storytime-dev', { terraform: { backend: { s3: { bucket: 'b' } } } });
      const file = path.join(path.dirname(outdir), 'bootstrap-state', 'storytime-dev.tfstate');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, '{}');
      expect((await runCommand(command, ['dev', '--no-synth'], devAccount)).status).toBe(0);
    });
  });
});

describe('terraform-run', () => {
  it('runs TERRAFORM_BIN, else terraform', () => {
    expect(terraformBin()).toBe(bin);
    delete process.env.TERRAFORM_BIN;
    expect(terraformBin()).toBe('terraform');
  });

  it('runIn returns the exit code, and 1 when the program cannot start', () => {
    expect(runIn('sh', ['-c', 'exit 5'])).toBe(5);
    expect(runIn(path.join(tmp, 'missing'), [])).toBe(1);
  });

  it('captureTerraform keeps both outputs and the exit code', () => {
    process.env.FAKE_TF_PLAN = '4';
    expect(captureTerraform(['-chdir=x', 'show'])).toEqual({ status: 4, stdout: 'out:show\n', stderr: 'err:show\n' });
    expect(captureTerraform(['-chdir=x', 'init'])).toEqual({ status: 0, stdout: 'out:init\n', stderr: 'err:init\n' });
  });

  it('captureTerraform says why terraform could not start', () => {
    process.env.TERRAFORM_BIN = path.join(tmp, 'missing');
    expect(captureTerraform(['version'])).toEqual({
      status: 1,
      stdout: '',
      stderr: `Error: spawnSync ${tmp}/missing ENOENT`,
    });
  });

  it("terraformError keeps Terraform's error and the two lines after it, without the box", () => {
    expect(
      terraformError({
        status: 1,
        stdout: 'Initializing the backend...',
        stderr: '╷\n│ Error: No valid credential sources found\n│ \n│ Please see the docs\n│ for more\n│ and more\n╵',
      }),
    ).toBe('Error: No valid credential sources found Please see the docs for more');
    expect(terraformError({ status: 1, stdout: '', stderr: 'Warning: old\nError: boom\na\nb\nc' })).toBe('Error: boom a b');
  });

  it('terraformError keeps the last three lines when there is no Error:', () => {
    expect(terraformError({ status: 1, stdout: 'd\n', stderr: 'a\n  b\n\nc' })).toBe('b c d');
  });
});
