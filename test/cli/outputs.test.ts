import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/cli/errors';
import {
  fileErrorReason,
  loadOutputs,
  outputString,
  outputStringMap,
  readOutputsFile,
  readStackOutputs,
  stackDir,
  type TerraformOutputs,
} from '../../src/cli/outputs';

const OUTPUTS_JSON = '{"environment":{"sensitive":false,"type":"string","value":"dev"}}';

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'storytime-outputs-'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readStackOutputs', () => {
  it('does not run terraform where the stack was never initialised', () => {
    const run = vi.fn(() => OUTPUTS_JSON);
    expect(readStackOutputs('prod', { root, run })).toBeUndefined();
    expect(run).not.toHaveBeenCalled();
  });

  describe('in an initialised stack directory', () => {
    beforeAll(() => mkdirSync(path.join(stackDir('dev', root), '.terraform'), { recursive: true }));

    it('runs terraform output there', () => {
      const run = vi.fn(() => OUTPUTS_JSON);
      expect(readStackOutputs('dev', { root, run })).toEqual({
        environment: { sensitive: false, type: 'string', value: 'dev' },
      });
      expect(run).toHaveBeenCalledWith(path.join(root, 'cdktf.out', 'stacks', 'storytime-dev'));
    });

    it.each([
      ['terraform fails', undefined],
      ['nothing is applied', '{}\n'],
    ])('has no outputs when %s', (_name, stdout) => {
      expect(readStackOutputs('dev', { root, run: () => stdout })).toBeUndefined();
    });

    it("refuses what is not JSON, showing Terraform's first line, instead of skipping the checks", () => {
      const run = () => '\nWarning: Deprecated attribute\n\n  on main.tf line 3\n{"environment":{"value":"dev"}}';
      expect(() => readStackOutputs('dev', { root, run })).toThrow(
        new UsageError(`terraform output -json in ${stackDir('dev', root)} did not print JSON; it began: Warning: Deprecated attribute`),
      );
    });
  });
});

describe('readStackOutputs with terraform on PATH', () => {
  // A fake terraform that logs its arguments and prints FAKE_TF_STDOUT, exiting with FAKE_TF_EXIT.
  const FAKE = '#!/bin/sh\necho "$*" >> "$FAKE_TF_LOG"\nprintf "%s" "$FAKE_TF_STDOUT"\nexit "${FAKE_TF_EXIT:-0}"\n';
  const VARIABLES = ['PATH', 'FAKE_TF_LOG', 'FAKE_TF_STDOUT', 'FAKE_TF_EXIT'] as const;
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  let stateRoot: string;
  let log: string;

  beforeAll(() => {
    const bin = path.join(root, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'terraform'), FAKE);
    chmodSync(path.join(bin, 'terraform'), 0o755);
    log = path.join(root, 'terraform.log');
    process.env.PATH = `${bin}:${process.env.PATH ?? ''}`;
    process.env.FAKE_TF_LOG = log;
    // Only a local state file: a stack applied without a backend folder is read too.
    stateRoot = path.join(root, 'state-only');
    mkdirSync(stackDir('dev', stateRoot), { recursive: true });
    writeFileSync(path.join(stackDir('dev', stateRoot), 'terraform.tfstate'), '{}');
  });

  afterAll(() => {
    for (const name of VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('runs terraform output -json in the stack folder and reads what it prints', () => {
    process.env.FAKE_TF_STDOUT = OUTPUTS_JSON;
    process.env.FAKE_TF_EXIT = '0';
    expect(readStackOutputs('dev', { root: stateRoot })).toEqual({ environment: { sensitive: false, type: 'string', value: 'dev' } });
    expect(readFileSync(log, 'utf8')).toBe(`-chdir=${stackDir('dev', stateRoot)} output -json\n`);
  });

  it('has no outputs when terraform fails, whatever it printed', () => {
    process.env.FAKE_TF_STDOUT = OUTPUTS_JSON;
    process.env.FAKE_TF_EXIT = '1';
    expect(readStackOutputs('dev', { root: stateRoot })).toBeUndefined();
  });
});

describe('readStackOutputs: what terraform printed instead of JSON', () => {
  beforeAll(() => mkdirSync(path.join(stackDir('dev', root), '.terraform'), { recursive: true }));
  const began = (stdout: string) => {
    try {
      readStackOutputs('dev', { root, run: () => stdout });
    } catch (error) {
      return (error as Error).message.replace(`terraform output -json in ${stackDir('dev', root)} did not print JSON; it began: `, '');
    }
    return 'no error';
  };

  it('shows its first line that is not blank, trimmed and cut at 200 characters', () => {
    expect(began('   \n  Warning: x  \nmore')).toBe('Warning: x');
    expect(began(`${'a'.repeat(250)}\n`)).toBe('a'.repeat(200));
    expect(began(' \n\t\n')).toBe('(nothing)');
  });
});

describe('fileErrorReason', () => {
  const coded = (code: string) => Object.assign(new Error('raw'), { code });

  it('names the usual failures in words, and any other by its code or text', () => {
    expect(fileErrorReason(coded('ENOENT'))).toBe('no such file');
    expect(fileErrorReason(coded('EACCES'))).toBe('permission denied');
    expect(fileErrorReason(coded('EISDIR'))).toBe('is a directory');
    expect(fileErrorReason(coded('EMFILE'))).toBe('EMFILE');
    expect(fileErrorReason(new Error('disk gone'))).toBe('Error: disk gone');
  });
});

describe('readOutputsFile', () => {
  it('reads standard input for -', () => {
    expect(readOutputsFile('-', () => OUTPUTS_JSON)).toEqual({ environment: { sensitive: false, type: 'string', value: 'dev' } });
  });

  it('says why a file or standard input cannot be read', () => {
    const missing = path.join(root, 'missing.json');
    expect(() => readOutputsFile(missing)).toThrow(new UsageError(`cannot read ${missing}: no such file`));
    expect(() => readOutputsFile(root)).toThrow(new UsageError(`cannot read ${root}: is a directory`));
    const closed = () => {
      throw Object.assign(new Error('closed'), { code: 'EAGAIN' });
    };
    expect(() => readOutputsFile('-', closed)).toThrow(new UsageError('cannot read standard input: EAGAIN'));
  });

  it('refuses what is not the JSON terraform output -json prints, naming where it came from', () => {
    const file = path.join(root, 'outputs.json');
    const refused = (text: string) => {
      writeFileSync(file, text);
      return () => readOutputsFile(file);
    };
    expect(refused('{')).toThrow(/^.*outputs\.json is not valid JSON: /);
    expect(() => readOutputsFile('-', () => '{')).toThrow(/^standard input is not valid JSON: /);
    expect(refused('"dev"')).toThrow(new UsageError(`${file} is not \`terraform output -json\` output: expected an object`));
    expect(refused('[]')).toThrow(new UsageError(`${file} is not \`terraform output -json\` output: expected an object`));
    expect(refused('null')).toThrow(new UsageError(`${file} is not \`terraform output -json\` output: expected an object`));
    expect(() => readOutputsFile('-', () => '{"cdn_domain_name":{"type":"string"}}')).toThrow(
      new UsageError('standard input is not `terraform output -json` output: "cdn_domain_name" has no value'),
    );
    expect(refused('{"environment":"dev"}')).toThrow(
      new UsageError(`${file} is not \`terraform output -json\` output: "environment" has no value`),
    );
  });
});

describe('loadOutputs', () => {
  const of = (values: Record<string, unknown>): TerraformOutputs =>
    Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value }]));

  it("refuses another environment's outputs, saying where they came from", () => {
    expect(() => loadOutputs('dev', undefined, () => of({ environment: 'prod' }))).toThrow(
      new UsageError('outputs are for env "prod", not "dev"'),
    );
    const file = path.join(root, 'prod-outputs.json');
    writeFileSync(file, '{"environment":{"value":"prod"}}');
    expect(() => loadOutputs('dev', file)).toThrow(new UsageError(`outputs in ${file} are for env "prod", not "dev"`));
  });

  it('takes outputs without an environment, or of this one, as they are', () => {
    expect(loadOutputs('dev', undefined, () => of({ cdn_domain_name: 'd' }))).toEqual({ cdn_domain_name: { value: 'd' } });
    expect(loadOutputs('dev', undefined, () => of({ environment: 'dev' }))).toEqual({ environment: { value: 'dev' } });
    expect(loadOutputs('dev', undefined, () => undefined)).toBeUndefined();
  });
});

describe('outputString and outputStringMap', () => {
  const outputs: TerraformOutputs = {
    cdn_domain_name: { value: 'cdn.dev.storytime.example' },
    environment: { value: null },
    master_uploads_bucket_name: { value: 3 },
    hls_outputs_bucket_name: { value: { a: 'x', b: 'y' } },
    master_uploads_prefix: { value: { a: 'x', b: 1 } },
    mediaconvert_job_settings_template: { value: ['x'] },
  };

  it('reads a string, none when absent or null, and refuses another type', () => {
    expect(outputString(outputs, 'cdn_domain_name')).toBe('cdn.dev.storytime.example');
    expect(outputString(outputs, 'environment')).toBeUndefined();
    expect(outputString({}, 'cdn_domain_name')).toBeUndefined();
    expect(() => outputString(outputs, 'master_uploads_bucket_name')).toThrow(
      new UsageError('output master_uploads_bucket_name is not a string'),
    );
  });

  it('reads a map of strings, none when absent or null, and refuses anything else', () => {
    expect(outputStringMap(outputs, 'hls_outputs_bucket_name')).toEqual({ a: 'x', b: 'y' });
    expect(outputStringMap(outputs, 'environment')).toBeUndefined();
    expect(outputStringMap({}, 'environment')).toBeUndefined();
    for (const name of [
      'master_uploads_prefix',
      'mediaconvert_job_settings_template',
      'cdn_domain_name',
      'master_uploads_bucket_name',
    ] as const) {
      expect(() => outputStringMap(outputs, name)).toThrow(new UsageError(`output ${name} is not a map of strings`));
    }
  });
});
