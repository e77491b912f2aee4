/** What of the shipped examples is left in settings, the stack a command is named, and the settings as the CLI loads them. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnvironmentSettings } from '../../stacks/schema/schema';
import { environmentSettings, settingsOf } from '../../src/cli/environments';
import { UsageError } from '../../src/cli/errors';
import { placeholders } from '../../src/cli/placeholders';
import { synthesizedStack } from '../../src/cli/stack-file';
import { stackTarget } from '../../src/cli/target';

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'storytime-placeholders-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const left = (settings: unknown) => placeholders('qa', settings as EnvironmentSettings, root);

describe('placeholders', () => {
  it('lists each marker of the settings file with its line, then each example value by its field', () => {
    mkdirSync(path.join(root, 'stacks', 'settings'), { recursive: true });
    writeFileSync(
      path.join(root, 'stacks', 'settings', 'qa.ts'),
      "export const settings = {\n  bucket: 'b',   // PLACEHOLDER: a global name  \n  region: 'us-east-1',\n};\n",
    );
    expect(left({ aws: { accountId: '111111111111' } })).toEqual([
      "stacks/settings/qa.ts:2: bucket: 'b',   // PLACEHOLDER: a global name",
      'aws.accountId: 111111111111 (the example account)',
    ]);
    rmSync(path.join(root, 'stacks'), { recursive: true });
  });

  it('finds the example accounts, alone or inside an ARN', () => {
    expect(
      left({
        a: '222222222222',
        arn: 'arn:aws:iam::111111111111:role/x',
        other: '333333333333',
        own: 'arn:aws:iam::333333333333:role/x',
        empty: '',
      }),
    ).toEqual(['a: 222222222222 (the example account)', 'arn: arn:aws:iam::111111111111:role/x (the example account)']);
  });

  it('finds the example zone ids: Z and five or more zeros, then digits only', () => {
    const zones = ['Z00000', 'Z000000000001', 'Z0000', 'Z0123', 'XZ00000', 'Z00000X', 'Z00000 1'];
    expect(left({ zones })).toEqual(['zones[0]: Z00000 (the example zone id)', 'zones[1]: Z000000000001 (the example zone id)']);
  });

  it('finds *.example names, in URLs and addresses too, and nothing that merely contains the word', () => {
    const names = [
      'storytime.example',
      'cdn.storytime.example',
      'ops@storytime.example',
      'https://cdn.example/books',
      'cdn.example:443',
      'cdn.example.',
      'storytime.example.com',
      'storytime.examples',
      'x_cdn.example',
      'cdn.example-x',
    ];
    expect(left({ names })).toEqual([
      'names[0]: storytime.example (an example domain)',
      'names[1]: cdn.storytime.example (an example domain)',
      'names[2]: ops@storytime.example (an example domain)',
      'names[3]: https://cdn.example/books (an example domain)',
      'names[4]: cdn.example:443 (an example domain)',
      'names[5]: cdn.example. (an example domain)',
    ]);
  });

  it('passes over what is not a string, an array or an object', () => {
    expect(left({ none: null, count: 3, on: true, nested: [{ zone: 'Z00000' }, null] })).toEqual([
      'nested[0].zone: Z00000 (the example zone id)',
    ]);
  });
});

describe('stackTarget', () => {
  const refused = (positionals: string[], bootstraps: boolean) => {
    try {
      stackTarget(positionals, { bootstraps });
    } catch (error) {
      return [(error as UsageError).message, (error as UsageError).showUsage];
    }
    return 'accepted';
  };

  it('refuses no stack, naming the ones there are', () => {
    expect(refused([], true)).toEqual(['missing the stack: <env> or state-<env>, one of dev, prod, or state-<one of them>', true]);
    expect(refused([], false)).toEqual(['missing the stack: <env>, one of dev, prod', true]);
  });

  it('refuses a second stack, quoting each extra word', () => {
    expect(refused(['dev', 'prod', 'x y'], false)).toEqual(['one stack per run; unexpected "prod" "x y"', true]);
  });

  it('takes state-<env> only where bootstraps are', () => {
    expect(refused(['state-dev'], false)).toEqual(['unknown stack "state-dev": expected one of dev, prod', true]);
    expect(stackTarget(['state-dev'], { bootstraps: true })).toMatchObject({
      environment: 'dev',
      bootstrap: true,
      stack: 'storytime-state-dev',
    });
    expect(stackTarget(['prod'], { bootstraps: true })).toMatchObject({ environment: 'prod', bootstrap: false, stack: 'storytime-prod' });
  });
});

describe('the settings as the CLI loads them', () => {
  it('loads them once per folder', () => {
    expect(environmentSettings()).toBe(environmentSettings());
  });

  it('refuses an unknown environment', () => {
    expect(() => settingsOf('qa')).toThrow(new UsageError('unknown env "qa"'));
  });

  it('turns a settings problem into one usage error', () => {
    const bad = path.join(root, 'bad');
    mkdirSync(path.join(bad, 'stacks', 'settings'), { recursive: true });
    writeFileSync(path.join(bad, 'stacks', 'settings', 'qa.ts'), 'export const other = 1;\n');
    expect(() => environmentSettings(bad)).toThrow(UsageError);
    expect(() => environmentSettings(bad)).toThrow(
      new UsageError(
        "settings error: qa: stacks/settings/qa.ts: expected `export const settings: EnvironmentSettingsInput = { ... }`, but it exports 'other'",
      ),
    );
  });

  it('says which stack was not synthesized', () => {
    const saved = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = path.join(root, 'out');
    try {
      expect(() => synthesizedStack('storytime-dev')).toThrow(
        new UsageError(`${path.join(root, 'out', 'stacks', 'storytime-dev')} was not synthesized: run npm run synth`),
      );
      mkdirSync(path.join(root, 'out', 'stacks', 'storytime-dev'), { recursive: true });
      writeFileSync(path.join(root, 'out', 'stacks', 'storytime-dev', 'cdk.tf.json'), '{"resource":{}}');
      expect(synthesizedStack('storytime-dev')).toEqual({ dir: path.join(root, 'out', 'stacks', 'storytime-dev'), json: { resource: {} } });
    } finally {
      if (saved === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = saved;
    }
  });
});
