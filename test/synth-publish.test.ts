import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthesize } from '../src/synth';
import { exampleInputs, exampleWith } from './helpers';
import { tempDir } from './temp';

const quiet = { report: () => undefined, log: () => undefined };
// Private key armour with a body, in a tag value: only the guardrail over the written JSON catches it.
const SMUGGLED = '-----BEGIN RSA PRIVATE KEY----- MIIEowIBAAKCAQEAz1Ehr6jnNxd74fyTXtak';

describe('synth publishes only JSON that passed the guardrails', () => {
  it('leaves an existing output exactly as it was when a guardrail refuses, and no staging folder behind', () => {
    const parent = tempDir('publish');
    const outdir = join(parent, 'out');
    expect(synthesize(exampleInputs(), { outdir, ...quiet })).toBe(0);
    const devJson = join(outdir, 'stacks', 'storytime-dev', 'cdk.tf.json');
    const before = readFileSync(devJson, 'utf8');

    const lines: string[] = [];
    expect(
      synthesize(
        exampleWith('dev', (s) => (s.tags.Owner = SMUGGLED)),
        { outdir, report: (line) => lines.push(line), log: () => undefined },
      ),
    ).toBe(1);
    expect(lines[0]).toMatch(/^guardrail: \[ST-KEY-1\] .*provider\.aws\[0\]\.default_tags\[0\]\.tags\.Owner holds private key material/);
    expect(readFileSync(devJson, 'utf8')).toBe(before);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it("keeps what Terraform keeps beside a stack's JSON (.terraform/, the lock file, a plan)", () => {
    const outdir = join(tempDir('publish'), 'out');
    expect(synthesize(exampleInputs(), { outdir, ...quiet })).toBe(0);
    const kept = ['.terraform/terraform.tfstate', '.terraform.lock.hcl', 'storytime-dev.tfplan'].map((file) =>
      join(outdir, 'stacks', 'storytime-dev', file),
    );
    for (const file of kept) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, 'kept');
    }
    expect(synthesize(exampleInputs(), { outdir, ...quiet })).toBe(0);
    for (const file of kept) expect(readFileSync(file, 'utf8')).toBe('kept');
    expect(JSON.parse(readFileSync(join(outdir, 'stacks', 'storytime-dev', 'cdk.tf.json'), 'utf8')).terraform.backend.s3.key).toBe(
      'storytime/dev/terraform.tfstate',
    );
    expect(existsSync(join(outdir, 'manifest.json'))).toBe(true);
  });
});
