import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discoverEnvironments } from '../src/config/environments';
import { SettingsError } from '../src/config/validate';
import { copyProject, exampleInputs } from './helpers';
import { rsaKeyPair } from './keys';
import { tempDir } from './temp';

/**
 * Settings files that are not plain TypeScript files: each is one line naming
 * the file, from `npm run synth` itself (scripts/app.sh: esbuild bundle, node),
 * exit 1, nothing written.
 */
let project: string;
const settingsDir = () => join(project, 'stacks', 'settings');
const synth = () => spawnSync('sh', ['scripts/app.sh'], { cwd: project, encoding: 'utf8' });

/** Dev's example settings as a third environment `qa`, with its own account, zones, certificate and key. */
function qaSettings(tag: string): string {
  const copy = JSON.parse(
    JSON.stringify(exampleInputs().environments.dev)
      .replace(/\bdev\b/g, 'qa')
      .replaceAll('111111111111', '333333333333')
      .replaceAll('Z00000000000000000001', 'Z00000000000000000003')
      .replaceAll('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000003'),
  );
  copy.signing.publicKeys = [{ name: '2026-11', pem: rsaKeyPair('qa').publicKey.export({ type: 'spki', format: 'pem' }) }];
  copy.tags = { CostCenter: tag };
  return `export const settings = ${JSON.stringify(copy, null, 2)};\n`;
}

beforeAll(() => {
  project = copyProject();
});
beforeEach(() => {
  rmSync(join(project, 'cdktf.out'), { recursive: true, force: true });
  for (const entry of readdirSync(settingsDir()))
    if (!['dev.ts', 'prod.ts'].includes(entry)) rmSync(join(settingsDir(), entry), { recursive: true });
});

describe('a settings file esbuild cannot compile', () => {
  it('is one line per file naming file and line: binary, a syntax error, a key given twice', () => {
    writeFileSync(join(settingsDir(), 'qa.ts'), readFileSync(process.execPath).subarray(0, 64));
    writeFileSync(join(settingsDir(), 'uat.ts'), 'export const settings = {\n  project: "storytime",,\n};\n');
    writeFileSync(
      join(settingsDir(), 'stg.ts'),
      'export const settings = {\n  project: "storytime",\n  tags: {},\n  project: "other",\n};\n',
    );
    const run = synth();
    expect(run.stderr).toBe(
      [
        'settings error: qa: stacks/settings/qa.ts:1: does not compile: Unexpected "\\x7f"',
        'settings error: stg: stacks/settings/stg.ts:4: does not compile: Duplicate key "project" in object literal',
        'settings error: uat: stacks/settings/uat.ts:2: does not compile: Expected identifier but found ","',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(1);
    expect(existsSync(join(project, 'cdktf.out'))).toBe(false);
  });
});

describe('a settings file that cannot be read', () => {
  it('is one line naming the file', () => {
    writeFileSync(join(settingsDir(), 'qa.ts'), qaSettings('video-library'));
    // root reads any file: run synth as an unprivileged user then, in a project it may write to.
    const root = process.getuid?.() === 0;
    if (root) spawnSync('chmod', ['-R', 'a+rwX', project]);
    chmodSync(join(settingsDir(), 'qa.ts'), 0o000);
    const command = root ? ['runuser', '-u', 'nobody', '--', 'sh', 'scripts/app.sh'] : ['sh', 'scripts/app.sh'];
    const run = spawnSync(command[0], command.slice(1), { cwd: project, encoding: 'utf8' });
    expect(run.stderr).toBe('settings error: qa: stacks/settings/qa.ts: cannot be read: permission denied\n');
    expect(run.status).toBe(1);
    expect(existsSync(join(project, 'cdktf.out'))).toBe(false);
  });
});

describe('a settings file that is not a file', () => {
  const make = () => {
    symlinkSync(join(project, 'shared', 'gone.ts'), join(settingsDir(), 'qa.ts'));
    symlinkSync('uat.ts', join(settingsDir(), 'uat.ts'));
    mkdirSync(join(settingsDir(), 'stg.ts'));
  };
  const lines = () => [
    `(settings): stacks/settings/qa.ts: a symbolic link to '${join(project, 'shared', 'gone.ts')}', which does not exist`,
    '(settings): stacks/settings/stg.ts: not a file; an environment is a <name>.ts file exporting `settings`',
    "(settings): stacks/settings/uat.ts: a symbolic link to 'uat.ts', which leads back to itself",
  ];

  it('is one line each in discovery: a link to nothing, a link to itself, a directory', () => {
    make();
    let problems: readonly string[] = [];
    try {
      discoverEnvironments(project);
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      problems = (error as SettingsError).problems;
    }
    expect(problems).toEqual(lines());
  });

  it('is one line each from npm run synth, exit 1, nothing written', () => {
    make();
    const run = synth();
    expect(run.stderr).toBe(
      lines()
        .map((line) => `settings error: ${line}\n`)
        .join(''),
    );
    expect(run.status).toBe(1);
    expect(existsSync(join(project, 'cdktf.out'))).toBe(false);
  });
});

describe('a settings file without the settings export', () => {
  it('is one line naming the file from npm run synth: empty, or a default export', () => {
    writeFileSync(join(settingsDir(), 'qa.ts'), '');
    writeFileSync(join(settingsDir(), 'uat.ts'), 'export default { project: "storytime" };\n');
    const run = synth();
    expect(run.stderr).toBe(
      [
        'settings error: qa: stacks/settings/qa.ts: expected `export const settings: EnvironmentSettingsInput = { ... }`, but it exports nothing',
        'settings error: uat: stacks/settings/uat.ts: expected `export const settings: EnvironmentSettingsInput = { ... }`, but it exports a default export',
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(1);
    expect(existsSync(join(project, 'cdktf.out'))).toBe(false);
  });
});

describe('a settings file that is a symbolic link to a file', () => {
  it('is followed, and its target edited is synthesized anew', () => {
    const target = join(tempDir('linked-settings'), 'qa.ts');
    writeFileSync(target, qaSettings('video-library'));
    symlinkSync(target, join(settingsDir(), 'qa.ts'));
    const first = synth();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const tags = () =>
      JSON.parse(readFileSync(join(project, 'cdktf.out', 'stacks', 'storytime-qa', 'cdk.tf.json'), 'utf8')).provider.aws[0].default_tags[0]
        .tags;
    expect(tags().CostCenter).toBe('video-library');

    writeFileSync(target, qaSettings('video-archive'));
    // Later than the bundle whatever the clock's resolution: only the link's target changed, not the link.
    const later = new Date(Date.now() + 10_000);
    utimesSync(target, later, later);
    expect(synth().status).toBe(0);
    expect(tags().CostCenter).toBe('video-archive');
  });
});
