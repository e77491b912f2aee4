import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { applyBackendOverrides } from '../src/config/overrides';
import { validateSettings } from '../src/config/validate';
import { synthesize } from '../src/synth';
import { ENVIRONMENTS, exampleInputs, exampleWith, type Json, problemsOf, shippedStackNames } from './helpers';
import { tempDir } from './temp';

const ADR_STAGING_ALB = 'webdev-alb-stg-699722072.us-west-1.elb.amazonaws.com';

describe('settings validation', () => {
  it('accepts the shipped example settings', () => {
    const valid = validateSettings(exampleInputs());
    expect(valid.environments.map((settings) => settings.environment)).toEqual(ENVIRONMENTS);
    const buckets = new Map(
      valid.environments.map((settings) => [settings.environment, settings.backend.type === 's3' && settings.backend.bucket]),
    );
    expect(buckets.get('dev')).toBe('storytime-terraform-state-dev-example');
    expect(buckets.get('prod')).toBe('storytime-terraform-state-prod-example');
  });

  it('asks for the state log bucket name when the default would be too long for S3', () => {
    const inputs = exampleInputs();
    const backend = inputs.environments.dev.backend as Json;
    backend.bucket = 'storytime-terraform-state-example-with-a-longer-name-x';
    expect(problemsOf(inputs)).toEqual([
      "dev: backend.accessLogsBucket: required when bucket is longer than 51 characters (the default '<bucket>-access-logs' would exceed 63)",
    ]);
    backend.accessLogsBucket = 'storytime-state-access-logs';
    expect(problemsOf(inputs)).toEqual([]);
  });

  it.each<[string, string, (settings: Json) => void, string[]]>([
    [
      'an environment name that is not a DNS label',
      'dev',
      (s) => (s.environment = 'Dev_1'),
      [
        'dev: environment: expected lower-case letters, digits and single dashes, starting with a letter and ending with a letter or digit (a DNS label)',
      ],
    ],
    [
      'an environment name that would collide with a state bootstrap',
      'dev',
      (s) => (s.environment = 'state-dev'),
      ["dev: environment: 'state-dev' is reserved: state-<env> names the state bootstrap of <env>"],
    ],
    [
      'an environment name S3 refuses at the end of a bucket name',
      'dev',
      (s) => (s.environment = 's3alias'),
      ["dev: environment: 's3alias' is reserved: S3 refuses bucket names ending in -s3alias"],
    ],
    [
      'an environment name of 17 characters',
      'dev',
      (s) => (s.environment = 'a234567890123456x'),
      ['dev: environment: expected at most 16 characters, got 17'],
    ],
    [
      'an ACM certificate outside us-east-1',
      'prod',
      (s) => (s.cdn.customDomain.certificateArn = 'arn:aws:acm:eu-west-1:222222222222:certificate/00000000-0000-4000-8000-000000000002'),
      [
        'prod: cdn.customDomain.certificateArn: expected an ACM certificate in us-east-1 (CloudFront only uses certificates from there), got eu-west-1',
      ],
    ],
    [
      'a custom domain without certificate',
      'dev',
      (s) => delete s.cdn.customDomain.certificateArn,
      ['dev: cdn.customDomain.certificateArn: required when a custom domain is set: expected an ACM certificate ARN in us-east-1'],
    ],
    [
      'a malformed public-key PEM',
      'dev',
      (s) => (s.signing.publicKeys[0].pem = '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n'),
      ['dev: signing.publicKeys[0].pem: expected a PEM-encoded public key (-----BEGIN PUBLIC KEY-----)'],
    ],
    [
      'a public key that is not RSA 2048',
      'dev',
      (s) =>
        (s.signing.publicKeys[0].pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
          type: 'spki',
          format: 'pem',
        })),
      ['dev: signing.publicKeys[0].pem: expected an RSA 2048-bit public key (CloudFront key groups accept only these)'],
    ],
    [
      'duplicate key names',
      'dev',
      (s) => s.signing.publicKeys.push({ ...s.signing.publicKeys[0] }),
      ["dev: signing.publicKeys[1].name: duplicate key name '2026-11'"],
    ],
    [
      'an active key that is not configured',
      'prod',
      (s) => (s.signing.activeKey = '2027-01'),
      ['prod: signing.activeKey: expected the name of one of publicKeys (2026-11)'],
    ],
    [
      'an admin origin that is not an https origin',
      'dev',
      (s) => (s.uploads.adminOrigins = ['http://admin.dev.storytime.example', 'https://admin.dev.storytime.example/app']),
      [
        'dev: uploads.adminOrigins[0]: expected an https origin such as https://admin.example.com (scheme and host, no wildcard, path or trailing slash)',
        'dev: uploads.adminOrigins[1]: expected an https origin such as https://admin.example.com (scheme and host, no wildcard, path or trailing slash)',
      ],
    ],
    ['lifecycle days below 30', 'dev', (s) => (s.uploads.archiveAfterDays = 29), ['dev: uploads.archiveAfterDays: expected 30 to 90 days']],
    [
      'lifecycle days above 90',
      'prod',
      (s) => (s.uploads.archiveAfterDays = 91),
      ['prod: uploads.archiveAfterDays: expected 30 to 90 days'],
    ],
    [
      'an ALB enabled without listener ARN or target groups',
      'dev',
      (s) => {
        delete s.alb.listenerArn;
        delete s.alb.apiTargetGroupArn;
      },
      [
        'dev: alb.listenerArn: required when the ALB origin is enabled: expected an HTTPS listener ARN',
        'dev: alb.apiTargetGroupArn: required when the ALB origin is enabled: expected a target group ARN',
      ],
    ],
    [
      'an empty allowed-account list',
      'prod',
      (s) => (s.aws.allowedAccountIds = []),
      ['prod: aws.allowedAccountIds: expected at least one allowed account id'],
    ],
    [
      'an account outside the allowed list',
      'prod',
      (s) => (s.aws.accountId = '333333333333'),
      ['prod: aws.accountId: expected one of allowedAccountIds'],
    ],
    ['an unknown field', 'dev', (s) => (s.cdn.ttl = 5), ['dev: cdn: unknown field(s) ttl']],
  ])('rejects %s with one line naming environment and field', (_name, environment, change, expected) => {
    expect(problemsOf(exampleWith(environment, change))).toEqual(expected);
  });

  it('reports the problems of every environment together', () => {
    const inputs = exampleInputs();
    (inputs.environments.dev as Json).uploads.archiveAfterDays = 10;
    (inputs.environments.prod as Json).aws.allowedAccountIds = [];
    expect(problemsOf(inputs)).toEqual([
      'dev: uploads.archiveAfterDays: expected 30 to 90 days',
      'prod: aws.allowedAccountIds: expected at least one allowed account id',
    ]);
  });
});

describe('environment consistency (seed 003)', () => {
  it("rejects the ADR's dev stack whose API origin is the STAGING ALB, naming both environments", () => {
    const problems = problemsOf(exampleWith('dev', (s) => (s.alb.dnsName = ADR_STAGING_ALB)));
    expect(problems).toEqual([
      `dev: alb.dnsName: '${ADR_STAGING_ALB}' belongs to environment staging (token 'stg'), but this stack is dev; point it at the dev resource or mark the block shared with a reason`,
    ]);
  });

  it('rejects a prod stack pointing at dev certificate, hosts and target groups', () => {
    const problems = problemsOf(
      exampleWith('prod', (s) => {
        s.cdn.customDomain.domainName = 'cdn.dev.storytime.example';
        s.alb.apiTargetGroupArn =
          'arn:aws:elasticloadbalancing:us-east-1:222222222222:targetgroup/storytime-development-api/0123456789abcdef';
      }),
    );
    expect(problems).toEqual([
      "prod: alb.apiTargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:222222222222:targetgroup/storytime-development-api/0123456789abcdef' belongs to environment dev (token 'development'), but this stack is prod; point it at the prod resource or mark the block shared with a reason",
      "prod: cdn.customDomain.domainName: 'cdn.dev.storytime.example' belongs to environment dev (token 'dev'), but this stack is prod; point it at the prod resource or mark the block shared with a reason",
    ]);
  });

  it('does not mistake a word containing an environment name for a token', () => {
    expect(problemsOf(exampleWith('prod', (s) => (s.alb.dnsName = 'webdev-alb-0123456789.us-east-1.elb.amazonaws.com')))).toEqual([]);
  });

  it('accepts a foreign environment only when the block is marked shared with a reason', () => {
    expect(
      problemsOf(
        exampleWith('dev', (s) => {
          s.alb.dnsName = ADR_STAGING_ALB;
          s.alb.shared = { reason: 'dev and staging share one ALB until Q3' };
        }),
      ),
    ).toEqual([]);
    expect(
      problemsOf(
        exampleWith('dev', (s) => {
          s.alb.dnsName = ADR_STAGING_ALB;
          s.alb.shared = { reason: 'ok' };
        }),
      ),
    ).toEqual(['dev: alb.shared.reason: expected a reason of at least 10 characters']);
  });
});

describe('synth entry point', () => {
  it('exits 1, prints one line per problem and writes nothing when settings are invalid', () => {
    const outdir = join(tempDir('synth'), 'out');
    const lines: string[] = [];
    const code = synthesize(
      exampleWith('dev', (s) => {
        s.environment = 'Dev';
        s.uploads.archiveAfterDays = 10;
      }),
      { outdir, report: (line) => lines.push(line) },
    );
    expect(code).toBe(1);
    expect(lines).toEqual([
      'settings error: dev: environment: expected lower-case letters, digits and single dashes, starting with a letter and ending with a letter or digit (a DNS label)',
      'settings error: dev: uploads.archiveAfterDays: expected 30 to 90 days',
    ]);
    expect(existsSync(outdir)).toBe(false);
  });

  it('writes every environment stack and state bootstrap when settings are valid, and says so in one line per stack', () => {
    const outdir = tempDir('synth');
    const logged: string[] = [];
    expect(synthesize(exampleInputs(), { outdir, report: () => undefined, log: (line) => logged.push(line) })).toBe(0);
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(shippedStackNames());
    expect(shippedStackNames()).toEqual(
      expect.arrayContaining(['storytime-dev', 'storytime-prod', 'storytime-state-dev', 'storytime-state-prod']),
    );
    // In the order synth writes them: every environment's stack, then every state bootstrap.
    const order = [...ENVIRONMENTS.map((env) => `storytime-${env}`), ...ENVIRONMENTS.map((env) => `storytime-state-${env}`)];
    const expected = order.map((stack) => {
      const file = join(outdir, 'stacks', stack, 'cdk.tf.json');
      const count = Object.values(JSON.parse(readFileSync(file, 'utf8')).resource as Record<string, object>).flatMap(Object.keys).length;
      expect(count).toBeGreaterThan(10);
      return `wrote ${file} (${count} resources)`;
    });
    expect(logged).toEqual(expected);
  });

  it('prints the written stacks on stdout by default, and nothing when it writes nothing', () => {
    const outdir = tempDir('synth');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(synthesize(exampleInputs(), { outdir, report: () => undefined })).toBe(0);
      expect(log.mock.calls.map(([line]) => line)).toEqual(
        [...ENVIRONMENTS.map((env) => `storytime-${env}`), ...ENVIRONMENTS.map((env) => `storytime-state-${env}`)].map((stack) =>
          expect.stringMatching(new RegExp(`^wrote ${join(outdir, 'stacks', stack, 'cdk.tf.json')} \\(\\d+ resources\\)$`)),
        ),
      );
      log.mockClear();
      expect(
        synthesize(
          exampleWith('dev', (settings) => (settings.environment = 'staging')),
          { outdir: tempDir('synth'), report: () => undefined },
        ),
      ).toBe(1);
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });

  it('switches every environment to Terraform Cloud when STORYTIME_TFC_ORGANIZATION is set', () => {
    const environments = applyBackendOverrides(exampleInputs().environments, { STORYTIME_TFC_ORGANIZATION: 'storytime-org' });
    expect((environments.dev as Json).backend).toEqual({ type: 'cloud', organization: 'storytime-org', workspace: 'storytime-dev' });
    expect((environments.prod as Json).backend).toEqual({ type: 'cloud', organization: 'storytime-org', workspace: 'storytime-prod' });
    expect(applyBackendOverrides(exampleInputs().environments, {})).toEqual(exampleInputs().environments);
  });
});
