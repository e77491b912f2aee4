import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/cli/errors';
import { readStackOutputs, stackDir } from '../../src/cli/outputs';

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
