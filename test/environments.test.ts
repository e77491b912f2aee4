import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverEnvironments } from '../src/config/environments';
import { SettingsError } from '../src/config/validate';
import { copyProject, discoveredInputs, ENVIRONMENTS, exampleInputs, ROOT, type Json } from './helpers';
import { rsaKeyPair } from './keys';
import { tempDir } from './temp';

/** A settings file holding `settings` as its export. */
const settingsModule = (settings: unknown) => `export const settings = ${JSON.stringify(settings, null, 2)};\n`;

/** A project folder whose stacks/settings holds exactly `files` (name → content). */
function settingsRoot(files: Record<string, string>): string {
  const root = tempDir('settings-root');
  mkdirSync(join(root, 'stacks', 'settings'), { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(root, 'stacks', 'settings', name), content);
  return root;
}

const problems = (run: () => unknown): readonly string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  return [];
};

/** Dev's example settings as a team would copy them for staging: its own name, account, zones, certificate and key. */
function stagingSettings(): Json {
  const dev = exampleInputs().environments.dev as Json;
  const copy = JSON.parse(
    JSON.stringify(dev)
      .replace(/\bdev\b/g, 'staging')
      .replaceAll('111111111111', '333333333333')
      .replaceAll('Z00000000000000000001', 'Z00000000000000000003')
      .replaceAll('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000003'),
  );
  copy.signing.publicKeys = [{ name: '2026-11', pem: rsaKeyPair('staging').publicKey.export({ type: 'spki', format: 'pem' }) }];
  return copy;
}

describe('discovery: every stacks/settings/<name>.ts is an environment', () => {
  it('finds the shipped dev and prod, and every other file there', () => {
    expect(discoverEnvironments(ROOT)).toEqual(ENVIRONMENTS);
    expect(ENVIRONMENTS).toEqual(expect.arrayContaining(['dev', 'prod']));
  });

  it('takes a new file as a new environment and ignores dotfiles', () => {
    const root = settingsRoot({ 'dev.ts': '', 'qa.ts': '', 'pr-42.ts': '', '.qa.ts.swp': '' });
    expect(discoverEnvironments(root)).toEqual(['dev', 'pr-42', 'qa']);
  });

  it('refuses what cannot be an environment, naming each file', () => {
    const root = settingsRoot({ 'Staging.ts': '', 'state-dev.ts': '', 'staging.json': '', 'types.d.ts': '', 'qa.ts': '' });
    expect(problems(() => discoverEnvironments(root))).toEqual([
      "(settings): stacks/settings/Staging.ts: the file name is the environment's name: expected lower-case letters, digits and single dashes, starting with a letter and ending with a letter or digit (a DNS label)",
      '(settings): stacks/settings/staging.json: not a settings file; an environment is a <name>.ts file exporting `settings`',
      "(settings): stacks/settings/state-dev.ts: the file name is the environment's name: 'state-dev' is reserved: state-<env> names the state bootstrap of <env>",
      '(settings): stacks/settings/types.d.ts: not a settings file; an environment is a <name>.ts file exporting `settings`',
    ]);
  });

  it('refuses an empty settings folder', () => {
    expect(problems(() => discoverEnvironments(settingsRoot({})))).toEqual([
      '(settings): stacks/settings/ holds no environment; add <name>.ts (docs/settings.md, "Add an environment")',
    ]);
  });

  it('names the file that exports nothing usable, or says it is another environment', () => {
    const prod = exampleInputs().environments.prod as Json;
    const root = settingsRoot({
      'dev.ts': settingsModule({ ...prod, environment: 'prod' }),
      'prod.ts': `export default ${JSON.stringify(prod)};\n`,
      'qa.ts': `export const qa = ${JSON.stringify(prod)};\n`,
      'uat.ts': '',
    });
    expect(problems(() => discoveredInputs(root))).toEqual([
      "dev: environment: stacks/settings/dev.ts says 'prod'; the file's name is the environment's name",
      'prod: stacks/settings/prod.ts: expected `export const settings: EnvironmentSettingsInput = { ... }`, but it exports a default export',
      "qa: stacks/settings/qa.ts: expected `export const settings: EnvironmentSettingsInput = { ... }`, but it exports 'qa'",
      'uat: stacks/settings/uat.ts: expected `export const settings: EnvironmentSettingsInput = { ... }`, but it exports nothing',
    ]);
  });
});

describe('a third environment: staging.ts added to a copy of the project, nothing else', () => {
  let project: string;
  let synth: { status: number | null; stdout: string; stderr: string };
  const stack = (name: string): Json => JSON.parse(readFileSync(join(project, 'cdktf.out', 'stacks', name, 'cdk.tf.json'), 'utf8'));

  beforeAll(() => {
    project = copyProject();
    writeFileSync(join(project, 'stacks', 'settings', 'staging.ts'), settingsModule(stagingSettings()));
    synth = spawnSync('sh', ['scripts/app.sh'], { cwd: project, encoding: 'utf8' });
  });

  it('synthesizes its stack and state bootstrap beside dev and prod', () => {
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    expect(readdirSync(join(project, 'cdktf.out', 'stacks')).sort()).toEqual([
      'storytime-dev',
      'storytime-prod',
      'storytime-staging',
      'storytime-state-dev',
      'storytime-state-prod',
      'storytime-state-staging',
    ]);
  });

  it('names every bucket, role and secret for staging only', () => {
    const json = stack('storytime-staging');
    const names = Object.values<Json>(json.resource).flatMap((byId) =>
      Object.values<Json>(byId).flatMap((config) =>
        [config.bucket, config.name].filter((value) => typeof value === 'string' && !value.includes('${')),
      ),
    );
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter((name: string) => /\b(dev|prod)\b/.test(name))).toEqual([]);
    expect(names).toContain('storytime-master-uploads-staging');
    expect(names).toContain('storytime/staging/cloudfront_private_key');
    expect(json.provider.aws[0].allowed_account_ids).toEqual(['333333333333']);
    expect(stack('storytime-state-staging').terraform.backend.local.path).toBe('../../../bootstrap-state/storytime-state-staging.tfstate');
  });

  it('is accepted by the tools', () => {
    const pem = join(project, 'staging.pem');
    writeFileSync(pem, rsaKeyPair('staging').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const run = spawnSync(
      'sh',
      [
        'scripts/storytime.sh',
        'cookies',
        '--env',
        'staging',
        '--resource',
        'https://cdn.staging.storytime.example/books/1/*',
        '--private-key',
        pem,
        '--key-pair-id',
        'K2STAGING',
      ],
      { cwd: project, encoding: 'utf8' },
    );
    expect(run.stderr).toBe(
      'cookies: no outputs for storytime-staging (no --from, and terraform output gave none); domain and key id were not checked\n',
    );
    expect(run.stdout.split('\n')[2]).toBe('CloudFront-Key-Pair-Id=K2STAGING');
    expect(run.status).toBe(0);
  });

  it.each([
    [
      "prod's listener (prod's account)",
      'arn:aws:elasticloadbalancing:us-east-1:222222222222:listener/app/storytime-prod/0123456789abcdef/0123456789abcdef',
      "settings error: staging: alb.listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:222222222222:listener/app/storytime-prod/0123456789abcdef/0123456789abcdef' is in account 222222222222, but this stack deploys to 333333333333",
    ],
    [
      'a listener named for prod in its own account',
      'arn:aws:elasticloadbalancing:us-east-1:333333333333:listener/app/storytime-prod/0123456789abcdef/0123456789abcdef',
      "settings error: staging: alb.listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:333333333333:listener/app/storytime-prod/0123456789abcdef/0123456789abcdef' belongs to environment prod (token 'prod'), but this stack is staging; point it at the staging resource or mark the block shared with a reason",
    ],
  ])('refuses staging pointing at %s, writing nothing', (_case, listenerArn, line) => {
    const staging = stagingSettings();
    staging.alb.listenerArn = listenerArn;
    writeFileSync(join(project, 'stacks', 'settings', 'staging.ts'), settingsModule(staging));
    const before = readFileSync(join(project, 'cdktf.out', 'stacks', 'storytime-staging', 'cdk.tf.json'), 'utf8');
    const refused = spawnSync('sh', ['scripts/app.sh'], { cwd: project, encoding: 'utf8' });
    expect(refused.stderr).toBe(`${line}\n`);
    expect(refused.status).toBe(1);
    expect(readFileSync(join(project, 'cdktf.out', 'stacks', 'storytime-staging', 'cdk.tf.json'), 'utf8')).toBe(before);
  });
});
