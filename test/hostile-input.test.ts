import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSettingsModules } from '../src/config/load';
import { applyBackendOverrides } from '../src/config/overrides';
import type { SettingsInputs } from '../src/config/validate';
import { synthesize } from '../src/synth';
import { exampleInputs, exampleWith, type Json } from './helpers';
import { tempDir } from './temp';

/** Runs synth as npm run synth does; returns exit code and lines, and checks that nothing was written. */
function synthLines(inputs: SettingsInputs | (() => SettingsInputs)): { code: number; lines: string[] } {
  const outdir = join(tempDir('hostile'), 'out');
  const lines: string[] = [];
  const code = synthesize(inputs, { outdir, report: (line) => lines.push(line) });
  expect(existsSync(outdir)).toBe(false);
  return { code, lines };
}

const pem = (s: Json) => s.signing.publicKeys[0].pem;
const manyTags = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`Tag${i}`, 'x']));

describe('hostile settings: exit 1, one line each, nothing written', () => {
  it.each<[string, 'dev' | 'prod', (s: Json) => void, string]>([
    [
      'an unknown region',
      'dev',
      (s) => (s.aws.region = 'us-middle-7'),
      'dev: aws.region: expected an AWS region such as us-east-1 (from the AWS SDK partition list)',
    ],
    [
      'a pseudo-region',
      'prod',
      (s) => (s.aws.region = 'aws-global'),
      'prod: aws.region: expected an AWS region such as us-east-1 (from the AWS SDK partition list)',
    ],
    [
      'a manifest TTL above the segment TTL',
      'dev',
      (s) => Object.assign(s.cdn, { manifestTtlSeconds: 3600, segmentTtlSeconds: 60 }),
      'dev: cdn.manifestTtlSeconds: expected at most segmentTtlSeconds (60): a manifest cached longer than its segments lists segments already gone',
    ],
    [
      'a wildcard admin origin',
      'dev',
      (s) => (s.uploads.adminOrigins = ['https://*.storytime.example']),
      'dev: uploads.adminOrigins[0]: expected an https origin such as https://admin.example.com (scheme and host, no wildcard, path or trailing slash)',
    ],
    [
      'a regional WAF web ACL',
      'prod',
      (s) => (s.cdn.webAclArn = 'arn:aws:wafv2:eu-west-1:222222222222:regional/webacl/storytime-prod/00000000-0000-4000-8000-000000000002'),
      "prod: cdn.webAclArn: 'arn:aws:wafv2:eu-west-1:222222222222:regional/webacl/storytime-prod/00000000-0000-4000-8000-000000000002' is not a CloudFront web ACL: expected arn:aws:wafv2:us-east-1:222222222222:global/webacl/<name>/<id> (scope CLOUDFRONT)",
    ],
    [
      'a tag key with the aws: prefix',
      'dev',
      (s) => (s.tags['aws:owner'] = 'me'),
      "dev: tags: tag 'aws:owner': keys starting with aws: are reserved by AWS",
    ],
    [
      'a 10,000-character tag value',
      'dev',
      (s) => (s.tags.Note = 'x'.repeat(10_000)),
      "dev: tags: tag 'Note': expected a value of at most 256 characters, got 10000",
    ],
    [
      'a 129-character tag key',
      'prod',
      (s) => (s.tags['k'.repeat(129)] = 'v'),
      'prod: tags: tag #2: expected a key of 1 to 128 characters, got 129',
    ],
    [
      'a tag value with a newline',
      'dev',
      (s) => (s.tags.Owner = 'a\nb'),
      "dev: tags: tag 'Owner': expected a value of letters, digits, spaces and _ . : / = + - @",
    ],
    [
      'a tag the stack sets itself',
      'prod',
      (s) => (s.tags.Environment = 'dev'),
      "prod: tags: tag 'Environment': set by every stack (Project, Environment, ManagedBy); remove it",
    ],
    [
      '49 tags',
      'dev',
      (s) => (s.tags = manyTags),
      'dev: tags: expected at most 47 tags (AWS allows 50 per resource and every stack adds 3), got 48',
    ],
    [
      'six public keys',
      'dev',
      (s) => (s.signing.publicKeys = Array.from({ length: 6 }, (_, i) => ({ name: i === 0 ? s.signing.activeKey : `k${i}`, pem: pem(s) }))),
      'dev: signing.publicKeys: expected at most 5 (CloudFront quota: public keys per key group)',
    ],
    [
      'an environment name holding a newline',
      'dev',
      (s) => (s.environment = 'dev\nprod'),
      'dev: environment: expected lower-case letters, digits and single dashes, starting with a letter and ending with a letter or digit (a DNS label)',
    ],
    ['an unknown field with a newline in its name', 'prod', (s) => (s.cdn['ttl\nx'] = 1), 'prod: cdn: unknown field(s) ttl\\nx'],
    [
      'an unknown price class',
      'prod',
      (s) => (s.cdn.priceClass = 'PriceClass_\u2028Cheap'),
      'prod: cdn.priceClass: expected one of PriceClass_100, PriceClass_200, PriceClass_All',
    ],
    [
      'a private key as an unknown field name',
      'dev',
      (s) => (s['-----BEGIN PRIVATE KEY-----\nMIIE'] = 1),
      'dev: (settings): holds private key material (value not shown)',
    ],
  ])('refuses %s', (_name, environment, change, expected) => {
    expect(synthLines(exampleWith(environment, change))).toEqual({ code: 1, lines: [`settings error: ${expected}`] });
  });
});

describe('hostile STORYTIME_TFC_* variables: exit 1, one line each, nothing written', () => {
  const withVariables = (variables: Record<string, string>) => () => {
    return { environments: applyBackendOverrides(exampleInputs().environments, variables) };
  };
  const ORG =
    'STORYTIME_TFC_ORGANIZATION (environment variable): expected a Terraform Cloud organization name: 1-90 letters, digits, - or _';

  it.each<[string, Record<string, string>, string[]]>([
    ['an organization of spaces', { STORYTIME_TFC_ORGANIZATION: '   ' }, [ORG]],
    ['an organization with a newline', { STORYTIME_TFC_ORGANIZATION: 'acme\nevil' }, [ORG]],
    ['a 5,000-character organization', { STORYTIME_TFC_ORGANIZATION: 'a'.repeat(5000) }, [ORG]],
    [
      'an empty organization',
      { STORYTIME_TFC_ORGANIZATION: '' },
      ['STORYTIME_TFC_ORGANIZATION (environment variable): set but empty; unset it to keep the settings backend, or give a value'],
    ],
    [
      'a hostname with scheme, path and space',
      { STORYTIME_TFC_ORGANIZATION: 'acme', STORYTIME_TFC_HOSTNAME: 'https://x/ bad' },
      ['STORYTIME_TFC_HOSTNAME (environment variable): expected a host name such as app.terraform.io (no scheme, port, path or spaces)'],
    ],
    [
      'a hostname without an organization',
      { STORYTIME_TFC_HOSTNAME: 'tfe.example.com' },
      ['STORYTIME_TFC_ORGANIZATION (environment variable): required with STORYTIME_TFC_HOSTNAME; Terraform Cloud needs an organization'],
    ],
    [
      'a misspelt variable',
      { STORYTIME_TFC_ORGANISATION: 'acme' },
      [
        'STORYTIME_TFC_ORGANISATION (environment variable): unknown; expected STORYTIME_TFC_ORGANIZATION or STORYTIME_TFC_HOSTNAME',
        'STORYTIME_TFC_ORGANIZATION (environment variable): required with STORYTIME_TFC_ORGANISATION; Terraform Cloud needs an organization',
      ],
    ],
  ])('refuses %s', (_name, variables, expected) => {
    expect(synthLines(withVariables(variables))).toEqual({ code: 1, lines: expected.map((line) => `settings error: ${line}`) });
  });

  it('still switches to Terraform Cloud with a valid organization and hostname', () => {
    const environments = applyBackendOverrides(exampleInputs().environments, {
      STORYTIME_TFC_ORGANIZATION: 'acme',
      STORYTIME_TFC_HOSTNAME: 'tfe.example.com',
    });
    expect((environments.dev as Json).backend).toEqual({
      type: 'cloud',
      organization: 'acme',
      workspace: 'storytime-dev',
      hostname: 'tfe.example.com',
    });
  });
});

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
    const run = spawnSync(process.execPath, [BUNDLE], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe(`bad: ${FILE}:4: threw while loading: TypeError: Cannot read properties of undefined (reading 'name')\n`);
    expect(run.status).toBe(1);
  });

  it('stops synth with exit 1, one line, nothing written', () => {
    const outdir = join(tempDir('synth'), 'out');
    const lines: string[] = [];
    const load = () => {
      loadSettingsModules([{ label: 'dev', file: 'test/hostile-input.test.ts', load: () => JSON.parse('{') }]);
      throw new Error('unreachable');
    };
    expect(synthesize(load, { outdir, report: (line) => lines.push(line) })).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^settings error: dev: test\/hostile-input\.test\.ts:\d+: threw while loading: SyntaxError: /);
    expect(existsSync(outdir)).toBe(false);
  });
});
