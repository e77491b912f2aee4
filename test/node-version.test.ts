import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeVersionProblem, satisfies } from '../src/node-version';
import { tempDir } from './temp';

const ROOT = join(__dirname, '..');
const MAY_2026 = new Date('2026-05-01T00:00:00Z');
const NODE_20_REFUSED =
  'storytime-infra needs Node.js 22.19 or newer (22 or 24); found v20.20.2, which reached end of life on 2026-04-30: run `nvm use` (.nvmrc), or `. scripts/use-node.sh` to take Node.js 24 from npm';

describe('node version', () => {
  it('supports the 22 and 24 lines: package.json engines, and .nvmrc names 24', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.engines).toEqual({ node: '^22.19.0 || >=24' });
    expect(readFileSync(join(ROOT, '.nvmrc'), 'utf8')).toBe('24\n');
  });

  it.each([
    ['v22.19.0', true],
    ['v22.23.5', true],
    ['v24.0.0', true],
    ['v26.1.0', true],
    ['v22.18.9', false],
    ['v23.11.0', false],
    ['v20.20.2', false],
  ])('reads the shipped range: %s supported is %s', (version, supported) => {
    expect(satisfies(version, '^22.19.0 || >=24')).toBe(supported);
  });

  it.each([
    ['>=22.19', 'v22.19.0', true],
    ['>=22.19', 'v22.18.1', false],
    ['>=22.19', 'v24.1.0', true],
    ['^24', 'v24.9.0', true],
    ['^24', 'v25.0.0', false],
    ['^24', 'v23.9.0', false],
    ['22.x', 'v22.0.0', true],
    ['22.x', 'v23.0.0', false],
    ['22', 'v22.5.1', true],
    ['~22.19', 'v22.19.7', true],
    ['~22.19', 'v22.20.0', false],
    ['>=22.19 <23', 'v22.30.0', true],
    ['>=22.19 <23', 'v23.0.0', false],
    ['>22.19.0', 'v22.19.0', false],
    ['>22.19.0', 'v22.19.1', true],
    ['<=22.19', 'v22.19.9', true],
    ['<=22.19', 'v22.20.0', false],
    ['20.x || 22.x', 'v21.0.0', false],
    ['20.x || 22.x', 'v20.1.0', true],
  ])('reads %s: %s satisfies it is %s', (range, version, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it('accepts the supported lines, and refuses Node.js 20 in one line that says it reached end of life', () => {
    expect(nodeVersionProblem('v22.19.0', MAY_2026)).toBeUndefined();
    expect(nodeVersionProblem('v24.22.3', MAY_2026)).toBeUndefined();
    expect(nodeVersionProblem('v20.20.2', MAY_2026)).toBe(NODE_20_REFUSED);
  });

  it('names end of life only once the date has come, and not for a version of a supported line', () => {
    expect(nodeVersionProblem('v20.20.2', new Date('2026-04-29T12:00:00Z'))).toBe(
      'storytime-infra needs Node.js 22.19 or newer (22 or 24); found v20.20.2: run `nvm use` (.nvmrc), or `. scripts/use-node.sh` to take Node.js 24 from npm',
    );
    expect(nodeVersionProblem('v22.11.0', MAY_2026)).toBe(
      'storytime-infra needs Node.js 22.19 or newer (22 or 24); found v22.11.0: run `nvm use` (.nvmrc), or `. scripts/use-node.sh` to take Node.js 24 from npm',
    );
    expect(nodeVersionProblem('v18.20.4', MAY_2026, '>=22.19')).toBe(
      'storytime-infra needs Node.js 22.19 or newer; found v18.20.4, which reached end of life on 2025-04-30: run `nvm use` (.nvmrc), or `. scripts/use-node.sh` to take Node.js 22 from npm',
    );
  });

  it('stops the app and the CLI before they do anything on Node.js 20', () => {
    const dir = tempDir('node-version');
    const fake = join(dir, 'node20.cjs');
    writeFileSync(fake, "Object.defineProperty(process, 'version', { value: 'v20.20.2' });\n");
    const outdir = join(dir, 'out');
    const env = { ...process.env, CDKTF_OUTDIR: outdir, NODE_OPTIONS: `--require ${fake}` };
    // As npm run synth and npm run storytime start them, with the older version preloaded.
    for (const command of [['scripts/app.sh'], ['scripts/storytime.sh', 'plan', 'dev']]) {
      const result = spawnSync('sh', command, { cwd: ROOT, encoding: 'utf8', env });
      expect(result.stderr).toBe(`${NODE_20_REFUSED}\n`);
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
    }
    expect(existsSync(outdir)).toBe(false);
  });
});
