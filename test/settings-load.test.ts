import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSettingsModules } from '../src/config/load';
import { synthesize } from '../src/synth';
import { tempDir } from './temp';

const ROOT = join(__dirname, '..');
const FILE = 'test/fixtures/settings-throws/bad-settings.ts';
// Beside the app's own bundles (scripts/app.sh), so that node finds node_modules from it.
const BUNDLE = join(ROOT, '.cache', 'test', `settings-throws.${process.pid}.cjs`);

afterAll(() => {
  for (const file of [BUNDLE, `${BUNDLE}.map`]) rmSync(file, { force: true });
});

describe('a settings file that throws while loading', () => {
  it('is one line naming the source file and line, from an esbuild bundle run by node as npm run synth does', () => {
    mkdirSync(join(ROOT, '.cache', 'test'), { recursive: true });
    // The flags of scripts/app.sh.
    buildSync({
      entryPoints: [join(ROOT, 'test/fixtures/settings-throws/entry.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: true,
      outfile: BUNDLE,
      logLevel: 'warning',
    });
    const run = spawnSync(process.execPath, ['--enable-source-maps', BUNDLE], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe(`bad: ${FILE}:4: threw while loading: TypeError: Cannot read properties of undefined (reading 'name')\n`);
    expect(run.status).toBe(1);
  });

  it('stops synth with exit 1, one line, nothing written', () => {
    const outdir = join(tempDir('synth'), 'out');
    const lines: string[] = [];
    const load = () => {
      loadSettingsModules([{ label: 'dev', file: 'test/settings-load.test.ts', load: () => JSON.parse('{') }]);
      throw new Error('unreachable');
    };
    expect(synthesize(load, { outdir, report: (line) => lines.push(line) })).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^settings error: dev: test\/settings-load\.test\.ts:\d+: threw while loading: SyntaxError: /);
    expect(existsSync(outdir)).toBe(false);
  });
});
