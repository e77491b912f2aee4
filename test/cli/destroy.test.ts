/** storytime destroy: refused before anything is deleted while a bucket holds objects, or prevent_destroy protects something. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../../src/cli/commands/destroy';
import { synthesize } from '../../src/synth';
import { exampleInputs } from '../helpers';
import { tempDir } from '../temp';
import { runCommand } from './run-command';
import { cloudBackend, overrideSettings } from './settings-override';

const identity = () => Promise.resolve({ account: '111111111111', arn: 'arn:aws:iam::111111111111:user/ana' });

function synthesized(): string {
  const outdir = join(tempDir('destroy'), 'cdktf.out');
  expect(synthesize(exampleInputs(), { outdir, log: () => undefined })).toBe(0);
  process.env.CDKTF_OUTDIR = outdir;
  return join(outdir, 'stacks', 'storytime-dev');
}

describe('storytime destroy', () => {
  afterEach(() => {
    delete process.env.CDKTF_OUTDIR;
  });

  it('refuses while a bucket holds objects (versions and delete markers count), naming each, and runs nothing', async () => {
    synthesized();
    const runs: string[] = [];
    const held: Record<string, number | undefined> = {
      'storytime-master-uploads-dev': 3,
      'storytime-access-logs-dev': 1000,
      'storytime-hls-outputs-dev': 0,
    };
    const ran = await runCommand(command, ['dev', '--no-synth', '--yes'], {
      identity,
      contents: (bucket: string) => Promise.resolve(held[bucket]),
      run: (_bin: string, args: readonly string[]) => (runs.push(args.join(' ')), 0),
    });
    expect(ran).toEqual({
      status: 1,
      stdout: '',
      stderr: [
        'destroy: storytime-dev: bucket storytime-access-logs-dev holds at least 1000 object versions or delete markers',
        'destroy: storytime-dev: bucket storytime-master-uploads-dev holds 3 object versions or delete markers',
        'destroy: storytime-dev: destroyed nothing: Terraform would strip these buckets\' policies, public-access blocks and encryption, then fail on BucketNotEmpty. Copy out what you keep, empty each bucket (every version and delete marker: docs/recovery.md, "Destroy an environment"), then run destroy again; or keep the environment',
        '',
      ].join('\n'),
    });
    expect(runs).toEqual([]);
  });

  it('runs terraform apply -destroy once every bucket is empty or gone', async () => {
    const dir = synthesized();
    const runs: string[] = [];
    const ran = await runCommand(command, ['dev', '--no-synth', '--yes'], {
      identity,
      contents: (bucket: string) => Promise.resolve(bucket.includes('hls') ? undefined : 0),
      run: (_bin: string, args: readonly string[]) => (runs.push(args.join(' ')), 0),
    });
    expect(ran).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(runs).toEqual([`-chdir=${dir} init -input=false`, `-chdir=${dir} apply -destroy -auto-approve -input=false`]);
  });

  it('explains prevent_destroy before asking AWS anything', async () => {
    const dir = synthesized();
    const file = join(dir, 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.resource.aws_s3_bucket['master-uploads_bucket_5FB9B300'].lifecycle = { prevent_destroy: true };
    writeFileSync(file, JSON.stringify(json));
    const ran = await runCommand(command, ['dev', '--no-synth'], {
      identity,
      contents: () => Promise.reject(new Error('asked AWS')),
    });
    expect(ran.stderr).toBe(
      'destroy: storytime-dev: destroyed nothing: 1 resources carry prevent_destroy (aws_s3_bucket.master-uploads_bucket_5FB9B300), as the non-production tier sets; Terraform would refuse the whole destroy. To decommission, give tier.allowDestroy a reason in stacks/settings/dev.ts (docs/settings.md, "Decommission or rebuild production")\n',
    );
  });

  it("refuses another account's credentials in one line", async () => {
    synthesized();
    const ran = await runCommand(command, ['dev', '--no-synth'], {
      identity: () => Promise.resolve({ account: '222222222222', arn: 'arn:aws:iam::222222222222:user/ana' }),
    });
    expect(ran).toEqual({
      status: 1,
      stdout: '',
      stderr:
        "destroy: the AWS credentials are of account 222222222222 (arn:aws:iam::222222222222:user/ana), but storytime-dev needs account 111111111111 (aws.accountId in stacks/settings/dev.ts): use dev's credentials\n",
    });
  });
});

/** An output folder whose storytime-dev stack holds `resource` (type, then name, then arguments) and nothing else. */
function stackOf(resource: Record<string, Record<string, Record<string, unknown>>>): string {
  const outdir = join(tempDir('destroy-stack'), 'cdktf.out');
  const dir = join(outdir, 'stacks', 'storytime-dev');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify({ resource }));
  process.env.CDKTF_OUTDIR = outdir;
  return dir;
}

const TWO_BUCKETS = {
  aws_s3_bucket: { masters: { bucket: 'storytime-master-uploads-dev' }, logs: { bucket: 'storytime-access-logs-dev' } },
  aws_s3_bucket_policy: { masters: { bucket: 'storytime-master-uploads-dev', policy: '{}' } },
  aws_sqs_queue: { jobs: { name: 'storytime-dev-jobs' } },
};

/** Fakes for synth and terraform: each run logged, answering the next of its exit codes (0 when none left). */
function outside(synthCodes: number[] = [], runCodes: number[] = []) {
  const calls: string[] = [];
  return {
    calls,
    synthesize: () => (calls.push('synth'), synthCodes.shift() ?? 0),
    run: (_bin: string, args: readonly string[]) => (calls.push(args.join(' ')), runCodes.shift() ?? 0),
  };
}

describe('storytime destroy, step by step', () => {
  afterEach(() => {
    delete process.env.CDKTF_OUTDIR;
    vi.restoreAllMocks();
  });

  it('synthesizes first, asks for the contents of each bucket only, and lets terraform prompt without --yes', async () => {
    const dir = stackOf(TWO_BUCKETS);
    const asked: string[] = [];
    const { calls, synthesize, run } = outside();
    const contents = (bucket: string) => Promise.resolve((asked.push(bucket), bucket.includes('logs') ? undefined : 0));
    expect(await runCommand(command, ['dev'], { identity, contents, synthesize, run })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(asked).toEqual(['storytime-master-uploads-dev', 'storytime-access-logs-dev']);
    expect(calls).toEqual(['synth', `-chdir=${dir} init -input=false`, `-chdir=${dir} apply -destroy`]);
  });

  it("stops with exit 1 when synth fails, and with init's exit code when init fails", async () => {
    const dir = stackOf(TWO_BUCKETS);
    const contents = () => Promise.resolve(0);
    const synthFails = outside([2]);
    expect(await runCommand(command, ['dev'], { identity, contents, ...synthFails })).toEqual({ status: 1, stdout: '', stderr: '' });
    expect(synthFails.calls).toEqual(['synth']);
    const initFails = outside([], [7]);
    expect(await runCommand(command, ['dev', '--no-synth', '--yes'], { identity, contents, ...initFails })).toEqual({
      status: 7,
      stdout: '',
      stderr: '',
    });
    expect(initFails.calls).toEqual([`-chdir=${dir} init -input=false`]);
    const applyFails = outside([], [0, 3]);
    expect((await runCommand(command, ['dev', '--no-synth'], { identity, contents, ...applyFails })).status).toBe(3);
  });

  it('names only the buckets that hold something, not those gone', async () => {
    stackOf(TWO_BUCKETS);
    const { calls, synthesize, run } = outside();
    const contents = (bucket: string) => Promise.resolve(bucket.includes('logs') ? undefined : 1);
    const ran = await runCommand(command, ['dev', '--no-synth'], { identity, contents, synthesize, run });
    expect(ran.stderr.split('\n').slice(0, -2)).toEqual([
      'destroy: storytime-dev: bucket storytime-master-uploads-dev holds 1 object versions or delete markers',
    ]);
    expect(calls).toEqual([]);
  });

  it('names every resource that carries prevent_destroy', async () => {
    stackOf({
      aws_s3_bucket: { masters: { bucket: 'storytime-master-uploads-dev', lifecycle: { prevent_destroy: true } } },
      aws_kms_key: { main: { lifecycle: { prevent_destroy: true } } },
      aws_sqs_queue: { jobs: { lifecycle: { prevent_destroy: false } } },
    });
    const ran = await runCommand(command, ['dev', '--no-synth'], { identity, contents: () => Promise.reject(new Error('asked AWS')) });
    expect(ran).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'destroy: storytime-dev: destroyed nothing: 2 resources carry prevent_destroy (aws_s3_bucket.masters, aws_kms_key.main), as the non-production tier sets; Terraform would refuse the whole destroy. To decommission, give tier.allowDestroy a reason in stacks/settings/dev.ts (docs/settings.md, "Decommission or rebuild production")\n',
    });
  });

  it('asks STS nothing for a stack whose state is in Terraform Cloud', async () => {
    overrideSettings('dev', cloudBackend);
    stackOf(TWO_BUCKETS);
    const { synthesize, run } = outside();
    const ran = await runCommand(command, ['dev', '--no-synth'], {
      identity: () => Promise.reject(new Error('asked STS')),
      contents: () => Promise.resolve(0),
      synthesize,
      run,
    });
    expect(ran).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it("refuses a state bootstrap: destroy is for an environment's stack", async () => {
    const ran = await runCommand(command, ['state-dev'], { identity });
    expect(ran.status).toBe(2);
    expect(ran.stderr.split('\n')[0]).toBe('destroy: unknown stack "state-dev": expected one of dev, prod');
  });
});

describe('storytime destroy --help', () => {
  it('prints its usage', async () => {
    expect(await runCommand(command, ['--help'], { identity })).toEqual({
      status: 0,
      stderr: '',
      stdout: `usage: storytime destroy <env> [--no-synth] [--yes]
  <env>       the environment to destroy, e.g. dev
  --no-synth  use the output folder as it is (by default it is synthesized first)
  --yes       let terraform destroy without its own prompt
Refuses before anything is deleted while a bucket of the environment holds objects or a resource has prevent_destroy (docs/recovery.md).
`,
    });
  });
});
