/** storytime destroy: refused before anything is deleted while a bucket holds objects, or prevent_destroy protects something. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/destroy';
import { synthesize } from '../../src/synth';
import { exampleInputs } from '../helpers';
import { tempDir } from '../temp';
import { runCommand } from './run-command';

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
