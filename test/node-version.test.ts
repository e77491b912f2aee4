import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINIMUM_NODE_MAJOR, nodeVersionProblem } from '../src/node-version';
import { tempDir } from './temp';

const ROOT = join(__dirname, '..');

describe('node version', () => {
  it('takes the minimum from package.json engines, and .nvmrc names that major', () => {
    expect(MINIMUM_NODE_MAJOR).toBe(20);
    expect(readFileSync(join(ROOT, '.nvmrc'), 'utf8')).toBe(`${MINIMUM_NODE_MAJOR}\n`);
  });

  it('accepts that major and newer ones, refuses older ones in one line', () => {
    expect(nodeVersionProblem('v20.0.0')).toBeUndefined();
    expect(nodeVersionProblem('v22.11.0')).toBeUndefined();
    expect(nodeVersionProblem('v19.9.0')).toBe(
      'storytime-infra needs Node.js 20 or newer (package.json engines, .nvmrc), found v19.9.0: run `nvm use` or install Node.js 20',
    );
  });

  it('stops the app before it synthesizes anything on an older Node.js', () => {
    const dir = tempDir('node-version');
    const fake = join(dir, 'node18.cjs');
    writeFileSync(fake, "Object.defineProperty(process, 'version', { value: 'v18.20.4' });\n");
    const outdir = join(dir, 'out');
    // The app as npm run synth starts it (scripts/app.sh runs the bundle), with the older version preloaded.
    const result = spawnSync('sh', ['scripts/app.sh'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDKTF_OUTDIR: outdir, NODE_OPTIONS: `--require ${fake}` },
    });
    expect(result.stderr).toBe(
      'storytime-infra needs Node.js 20 or newer (package.json engines, .nvmrc), found v18.20.4: run `nvm use` or install Node.js 20\n',
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(existsSync(outdir)).toBe(false);
  });
});
