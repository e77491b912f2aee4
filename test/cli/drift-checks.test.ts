/** drift's checks one by one, each on a small stack and refreshed state of its own: which resource each reads, and each finding's line. */
import { describe, expect, it } from 'vitest';
import { driftChecks, type SecretReader, type SecretValue } from '../../src/cli/drift/checks';
import type { PriorResource } from '../../src/cli/drift/plan-json';
import type { StackJson } from '../../src/cli/stack-json';

const resource = (address: string, values: Record<string, unknown>): PriorResource => ({ address, type: address.split('.')[0], values });
const ARN = (name: string) => `arn:aws:secretsmanager:us-east-1:111111111111:secret:${name}-AbCdEf`;
/** AWSCURRENT by ARN; a secret not named has no value. */
const reader =
  (values: Record<string, SecretValue>): SecretReader =>
  (arn) =>
    Promise.resolve(values[arn]);
const checks = (stack: StackJson, prior: PriorResource[], secret: SecretReader = reader({})) =>
  driftChecks({ environment: 'dev', stack, prior, secret });

const BLUE = 'b'.repeat(64);
const GREEN = 'g'.repeat(64);
const OV_ARN = ARN('storytime/dev/origin_verify');
const ovStack = (secretString: string): StackJson => ({
  resource: { aws_secretsmanager_secret_version: { ov: { secret_string: secretString } } },
});
const OV_STACK = ovStack('${jsonencode({"active" = "blue", "value" = random_password.blue.result})}');
const ovPrior = (...more: PriorResource[]) => [
  // Green first: the blue value is the one the stack names, not the first password.
  resource('random_password.green', { result: GREEN }),
  resource('random_password.blue', { result: BLUE }),
  resource('aws_secretsmanager_secret_version.ov', { arn: OV_ARN, version_id: 'v1' }),
  ...more,
];
const ovValue = (value: string) => reader({ [OV_ARN]: { versionId: 'v1', value } });
const BLUE_ACTIVE = ovValue(JSON.stringify({ active: 'blue', value: BLUE }));
const OV_DISAGREE =
  'origin-verify secret: AWSCURRENT is not {"active": "blue", value: the blue value} as the stack sets it; CloudFront, the listener rules and whoever reads the secret disagree';

describe('drift checks: nothing to read', () => {
  it('find nothing in a state without secrets, key group, policies or distributions', async () => {
    expect(await checks(OV_STACK, [])).toEqual([]);
  });

  it('read a stack without resources (or without the type) as one that configures nothing', async () => {
    const policy = resource('aws_cloudfront_cache_policy.cp', { id: 'cp', min_ttl: 0, default_ttl: 60, max_ttl: 0 });
    const finding = 'aws_cloudfront_cache_policy.cp: TTLs min/default/max are 0/60/0 s, the stack sets 0/0/0 s';
    expect(await checks({}, [policy])).toEqual([finding]);
    expect(await checks({ resource: {} }, [policy])).toEqual([finding]);
  });
});

describe('drift checks: secret versions', () => {
  it("name each secret without the ARN's random suffix, or by its id when it has no ARN", async () => {
    const prior = [
      resource('aws_secretsmanager_secret_version.tokens', { arn: ARN('storytime/dev/api-tokens'), version_id: 'v2' }),
      resource('aws_secretsmanager_secret_version.plain', { secret_id: 'storytime/dev/plain', version_id: 7 }),
      resource('aws_secretsmanager_secret_version.fresh', { secret_id: 'storytime/dev/fresh' }),
      resource('aws_secretsmanager_secret_version.same', { arn: ARN('storytime/dev/same'), version_id: 'v3' }),
    ];
    const secret = reader({
      [ARN('storytime/dev/api-tokens')]: { versionId: 'by-hand', value: 'x' },
      'storytime/dev/fresh': { versionId: 'v9', value: 'x' },
      [ARN('storytime/dev/same')]: { versionId: 'v3', value: 'x' },
    });
    const outside = "that Terraform wrote: its value was changed outside Terraform; an apply puts Terraform's back";
    expect(await checks({}, prior, secret)).toEqual([
      `secret storytime/dev/api-tokens: AWSCURRENT is version by-hand, not v2 ${outside}`,
      `secret storytime/dev/plain: AWSCURRENT is version (none), not 7 ${outside}`,
      `secret storytime/dev/fresh: AWSCURRENT is version v9, not  ${outside}`,
    ]);
  });
});

describe('drift checks: origin-verify secret', () => {
  it("find nothing when AWSCURRENT is the stack's active colour and value", async () => {
    expect(await checks(OV_STACK, ovPrior(), BLUE_ACTIVE)).toEqual([]);
  });

  it('find an AWSCURRENT of the other colour, of another value, without a value, not JSON, or JSON null', async () => {
    for (const value of [
      JSON.stringify({ active: 'green', value: BLUE }),
      JSON.stringify({ active: 'blue', value: GREEN }),
      'not json',
      'null',
      '42',
    ]) {
      expect(await checks(OV_STACK, ovPrior(), ovValue(value))).toEqual([OV_DISAGREE]);
    }
    expect(await checks(OV_STACK, ovPrior(), reader({}))).toEqual([
      "secret storytime/dev/origin_verify: AWSCURRENT is version (none), not v1 that Terraform wrote: its value was changed outside Terraform; an apply puts Terraform's back",
      OV_DISAGREE,
    ]);
  });

  it('read only the secret whose name ends in origin_verify, not one that begins so', async () => {
    const backup = ARN('storytime/dev/origin_verify-backup');
    const prior = [resource('aws_secretsmanager_secret_version.backup', { arn: backup, version_id: 'v5' }), ...ovPrior()];
    const secret = reader({ [backup]: { versionId: 'v5', value: 'x' }, [OV_ARN]: { versionId: 'v1', value: 'tampered' } });
    expect(await checks(OV_STACK, prior, secret)).toEqual([OV_DISAGREE]);
  });

  it('check nothing when the stack does not set the active colour or its value, or the password is not in the state', async () => {
    for (const stack of [
      {},
      ovStack('${jsonencode({"value" = random_password.blue.result})}'),
      ovStack('${jsonencode({"active" = "blue"})}'),
      ovStack('${jsonencode({"active" = "blue", "value" = random_password.gone.result})}'),
    ]) {
      expect(await checks(stack, ovPrior(), ovValue('tampered'))).toEqual([]);
    }
  });

  it('find each origin that sends another X-Origin-Verify (any case), and each listener rule that does not accept the value', async () => {
    const distribution = resource('aws_cloudfront_distribution.cdn', {
      origin: [
        {
          origin_id: 'api',
          custom_header: [
            { name: 'X-Other', value: 'x' },
            { name: 'X-Origin-Verify', value: GREEN },
          ],
        },
        {
          origin_id: 'web',
          custom_header: [{ value: 'no name' }, { name: 'X-Other', value: 'x' }, { name: 'x-origin-verify', value: BLUE }],
        },
        { origin_id: 7, custom_header: [{ name: 'X-ORIGIN-VERIFY', value: 'old' }] },
        { origin_id: 'hls' },
        { origin_id: 'logs', custom_header: null },
      ],
    });
    const rule = (name: string, condition: unknown) => resource(`aws_lb_listener_rule.${name}`, { condition });
    const prior = ovPrior(
      distribution,
      rule('stale', [
        {
          http_header: [
            { http_header_name: 'X-Other', values: ['x'] },
            { http_header_name: 'X-Origin-Verify', values: [GREEN] },
          ],
        },
      ]),
      rule('both', [
        { path_pattern: [{ values: ['/api/*'] }] },
        {
          http_header: [
            { http_header_name: 'X-Other', values: ['x'] },
            { http_header_name: 'x-origin-verify', values: [GREEN, BLUE] },
          ],
        },
      ]),
      rule('text', { http_header: { http_header_name: 'X-Origin-Verify', values: BLUE } }),
      rule('unnamed', [{ http_header: [{ values: ['x'] }] }]),
    );
    expect(await checks(OV_STACK, prior, BLUE_ACTIVE)).toEqual([
      'aws_cloudfront_distribution.cdn: origin api sends an X-Origin-Verify that is not the blue value',
      'aws_cloudfront_distribution.cdn: origin 7 sends an X-Origin-Verify that is not the blue value',
      'aws_lb_listener_rule.stale: does not accept the blue X-Origin-Verify value that CloudFront sends',
      'aws_lb_listener_rule.text: does not accept the blue X-Origin-Verify value that CloudFront sends',
    ]);
  });
});

describe('drift checks: signing secret and key group', () => {
  const key = (name: string) => `\${aws_cloudfront_public_key.${name}.id}`;
  const stack = (items: readonly string[]): StackJson => ({ resource: { aws_cloudfront_key_group: { kg: { items } } } });
  const KEY_ARN = ARN('storytime/dev/cloudfront_private_key');
  const prior = (group: Record<string, unknown> | undefined) => [
    resource('aws_secretsmanager_secret.ov', { name: 'storytime/dev/origin_verify', arn: OV_ARN }),
    resource('aws_secretsmanager_secret.key', { name: 'storytime/dev/cloudfront_private_key', arn: KEY_ARN }),
    resource('aws_cloudfront_public_key.k1', { id: 'K1' }),
    resource('aws_cloudfront_public_key.k2', { id: 'K2' }),
    resource('aws_cloudfront_public_key.k3', { id: 'K3' }),
    ...(group ? [resource('aws_cloudfront_key_group.kg', group)] : []),
  ];
  const secrets = (keyValue: string) =>
    reader({
      [OV_ARN]: { versionId: 'v1', value: JSON.stringify({ active: 'blue', value: BLUE }) },
      [KEY_ARN]: { versionId: 'k', value: keyValue },
    });
  const K1 = secrets(JSON.stringify({ keyPairId: 'K1', privateKeyPem: 'x' }));
  const STACK = stack([key('k3'), key('k1'), key('k2')]);

  it("find nothing when the key group holds the stack's keys in any order and the secret names one of them", async () => {
    expect(await checks(STACK, prior({ items: ['K2', 'K1', 'K3'] }), K1)).toEqual([]);
    expect(await checks(STACK, prior(undefined), K1)).toEqual([]);
  });

  it('find a key group without keys, with each key listed, and a key pair id it does not hold', async () => {
    expect(await checks(STACK, prior({}), K1)).toEqual([
      "aws_cloudfront_key_group.kg: holds keys (none), the stack's public keys are K3, K1, K2",
      'secret storytime/dev/cloudfront_private_key: keyPairId K1 is not in the key group: CloudFront refuses every cookie Rails signs with it',
    ]);
  });

  it('resolve only a whole ${public_key.id} reference to the id in the state; keep any other item as written', async () => {
    const items = ['KLITERAL', key('k1'), `x${key('k1')}`, `${key('k1')}x`, key('gone')];
    expect(await checks(stack(items), prior({ items: ['K1'] }), K1)).toEqual([
      "aws_cloudfront_key_group.kg: holds keys K1, the stack's public keys are KLITERAL, K1, x${aws_cloudfront_public_key.k1.id}, ${aws_cloudfront_public_key.k1.id}x, ${aws_cloudfront_public_key.gone.id}",
    ]);
    expect(await checks({}, prior({ items: ['K1'] }), K1)).toEqual([
      "aws_cloudfront_key_group.kg: holds keys K1, the stack's public keys are ",
    ]);
  });

  it('find a signing secret that is not JSON, or JSON without a keyPairId', async () => {
    for (const value of ['not json', JSON.stringify({ privateKeyPem: 'x' })]) {
      expect(await checks(STACK, prior({ items: ['K1', 'K2', 'K3'] }), secrets(value))).toEqual([
        'secret storytime/dev/cloudfront_private_key: not the JSON {keyPairId, privateKeyPem} Rails reads',
      ]);
    }
  });
});

describe('drift checks: response headers, cache policies and behaviors', () => {
  const ENV_ITEMS = { items: [{ header: 'X-Storytime-Environment', value: 'dev', override: true }] };
  const STACK: StackJson = {
    resource: {
      aws_cloudfront_response_headers_policy: {
        env: { custom_headers_config: ENV_ITEMS },
        unset: { custom_headers_config: ENV_ITEMS },
        frame: { custom_headers_config: { items: [{ header: 'x-frame-options', value: 'DENY' }] } },
        bare: {},
      },
      aws_cloudfront_cache_policy: { cp: { min_ttl: 0, default_ttl: 60, max_ttl: 600 } },
    },
  };
  const policy = (name: string, id: string, items?: unknown[]) =>
    resource(`aws_cloudfront_response_headers_policy.${name}`, { id, ...(items ? { custom_headers_config: [{ items }] } : {}) });

  it('find a policy whose x-storytime-environment names another environment or is missing; only where the stack sets it', async () => {
    const prior = [
      policy('env', 'rh-env', [
        { value: 'no header' },
        { header: 'x-other', value: 'dev' },
        { header: 'x-storytime-environment', value: 'prod' },
      ]),
      policy('unset', 'rh-unset'),
      policy('frame', 'rh-frame', [{ header: 'x-frame-options', value: 'DENY' }]),
      policy('bare', 'rh-bare', [{ header: 'x-frame-options', value: 'DENY' }]),
      policy('gone', 'rh-gone', [{ header: 'x-frame-options', value: 'DENY' }]),
    ];
    expect(await checks(STACK, prior)).toEqual([
      'aws_cloudfront_response_headers_policy.env: x-storytime-environment is prod, expected dev',
      'aws_cloudfront_response_headers_policy.unset: x-storytime-environment is missing, expected dev',
    ]);
  });

  it("find a cache policy's TTLs unlike the stack's, and behaviors with another response headers policy or TTLs of their own", async () => {
    const prior = [
      policy('frame', 'rh-frame', [{ header: 'x-frame-options', value: 'DENY' }]),
      resource('aws_cloudfront_cache_policy.cp', { id: 'cp', min_ttl: 1, default_ttl: 60, max_ttl: 600 }),
      resource('aws_cloudfront_distribution.cdn', {
        default_cache_behavior: [{ cache_policy_id: 'cp', response_headers_policy_id: 'rh-frame', min_ttl: 1 }],
        ordered_cache_behavior: [
          { path_pattern: '/hls/*', cache_policy_id: 'cp', response_headers_policy_id: 'rh-foreign', max_ttl: 3 },
          { path_pattern: '/api/*', cache_policy_id: 'legacy', default_ttl: 5 },
        ],
      }),
      // Behaviors absent, null or not a block at all are none.
      resource('aws_cloudfront_distribution.bare', {
        default_cache_behavior: [{ cache_policy_id: 'cp', response_headers_policy_id: 'rh-frame' }],
      }),
      resource('aws_cloudfront_distribution.nulls', { default_cache_behavior: null, ordered_cache_behavior: 'none' }),
    ];
    expect(await checks(STACK, prior)).toEqual([
      'aws_cloudfront_cache_policy.cp: TTLs min/default/max are 1/60/600 s, the stack sets 0/60/600 s',
      'aws_cloudfront_distribution.cdn: behavior default has TTLs of its own (1/0/0 s) beside its cache policy',
      "aws_cloudfront_distribution.cdn: behavior /hls/* uses response headers policy rh-foreign, not one of the stack's",
      'aws_cloudfront_distribution.cdn: behavior /hls/* has TTLs of its own (0/0/3 s) beside its cache policy',
      "aws_cloudfront_distribution.cdn: behavior /api/* uses response headers policy (none), not one of the stack's",
    ]);
  });

  it('check no behavior against response headers policies when the state has none', async () => {
    const distribution = resource('aws_cloudfront_distribution.cdn', {
      default_cache_behavior: [{ cache_policy_id: 'legacy', response_headers_policy_id: 'rh-foreign' }],
    });
    expect(await checks(STACK, [distribution])).toEqual([]);
  });
});
