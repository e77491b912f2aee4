/** storytime drift: the plan's changes and the checks a plan cannot see, one line each; exit 0, 1 or 2. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/drift';
import { environmentSettings } from '../../src/cli/environments';
import { driftChecks, type SecretReader } from '../../src/cli/drift/checks';
import type { PriorResource } from '../../src/cli/drift/plan-json';
import { synthesize } from '../../src/synth';
import type { EnvironmentSettings } from '../../stacks/schema/schema';
import { exampleInputs, synthAll } from '../helpers';
import { tempDir } from '../temp';
import { runCommand } from './run-command';

const dev = synthAll()['storytime-dev'];
const ARN = (name: string) => `arn:aws:secretsmanager:us-east-1:111111111111:secret:${name}-AbCdEf`;
const BLUE = 'b'.repeat(64);
const GREEN = 'g'.repeat(64);

/** The refreshed state of a dev stack that matches its configuration. */
function prior(): PriorResource[] {
  const resource = (address: string, values: Record<string, unknown>) => ({ address, type: address.split('.')[0], values });
  return [
    resource('random_password.secrets_origin-verify-value_57884938', { result: BLUE }),
    resource('random_password.secrets_origin-verify-green_23296A2D', { result: GREEN }),
    resource('aws_secretsmanager_secret_version.secrets_origin-verify-version_66A47271', {
      arn: ARN('storytime/dev/origin_verify'),
      version_id: 'tf-ov',
    }),
    resource('aws_secretsmanager_secret_version.secrets_private-key-value_E16A3614', {
      arn: ARN('storytime/dev/cloudfront_private_key'),
      version_id: 'tf-key',
    }),
    resource('aws_secretsmanager_secret.secrets_private-key_E4D24005', {
      arn: ARN('storytime/dev/cloudfront_private_key'),
      name: 'storytime/dev/cloudfront_private_key',
    }),
    resource('aws_cloudfront_public_key.cdn_public-key-2026-11_278D4330', { id: 'K2026' }),
    resource('aws_cloudfront_key_group.cdn_key-group_6FD494D0', { id: 'kg', items: ['K2026'] }),
    resource('aws_cloudfront_cache_policy.cdn_cache-policy-manifests_4A6FF52C', {
      id: 'cp-m',
      min_ttl: 0,
      default_ttl: 60,
      max_ttl: dev.resource.aws_cloudfront_cache_policy['cdn_cache-policy-manifests_4A6FF52C'].max_ttl,
    }),
    resource('aws_cloudfront_response_headers_policy.cdn_response-headers-storytime-dev-hls_E40CC3CF', {
      id: 'rh',
      custom_headers_config: [{ items: [{ header: 'x-storytime-environment', value: 'dev', override: true }] }],
    }),
    resource('aws_cloudfront_distribution.cdn_distribution_0B80AA6B', {
      origin: [{ origin_id: 'api', custom_header: [{ name: 'X-Origin-Verify', value: BLUE }] }],
      default_cache_behavior: [{ cache_policy_id: 'cp-m', response_headers_policy_id: 'rh', min_ttl: 0, default_ttl: 0, max_ttl: 0 }],
      ordered_cache_behavior: [],
    }),
    resource('aws_lb_listener_rule.alb-rules_api-via-cloudfront_8DC4A2F8', {
      condition: [{ http_header: [{ http_header_name: 'X-Origin-Verify', values: [BLUE, GREEN] }] }],
    }),
  ];
}

const secrets =
  (values: Record<string, { versionId: string; value: string } | undefined>): SecretReader =>
  (arn) =>
    Promise.resolve(values[arn.split(':secret:')[1].replace(/-AbCdEf$/, '')]);
const MATCHING = {
  'storytime/dev/origin_verify': { versionId: 'tf-ov', value: JSON.stringify({ active: 'blue', value: BLUE }) },
  'storytime/dev/cloudfront_private_key': { versionId: 'tf-key', value: JSON.stringify({ keyPairId: 'K2026', privateKeyPem: 'x' }) },
};

describe('drift checks', () => {
  it('find nothing when AWS holds what the stack expects', async () => {
    expect(await driftChecks({ environment: 'dev', stack: dev, prior: prior(), secret: secrets(MATCHING) })).toEqual([]);
  });

  it("find a value put beside Terraform's, a foreign key pair id, a changed header, TTL and key group, each in one line", async () => {
    const changed = prior().map((resource) => {
      if (resource.type === 'aws_cloudfront_cache_policy') return { ...resource, values: { ...resource.values, default_ttl: 5 } };
      if (resource.type === 'aws_cloudfront_key_group')
        return { ...resource, values: { ...resource.values, items: ['K2026', 'KFOREIGN'] } };
      if (resource.type === 'aws_cloudfront_response_headers_policy')
        return {
          ...resource,
          values: { ...resource.values, custom_headers_config: [{ items: [{ header: 'x-storytime-environment', value: 'prod' }] }] },
        };
      return resource;
    });
    const findings = await driftChecks({
      environment: 'dev',
      stack: dev,
      prior: changed,
      secret: secrets({
        'storytime/dev/origin_verify': { versionId: 'by-hand', value: JSON.stringify({ active: 'blue', value: 'tampered' }) },
        'storytime/dev/cloudfront_private_key': { versionId: 'tf-key', value: JSON.stringify({ keyPairId: 'KOTHER', privateKeyPem: 'x' }) },
      }),
    });
    const max = dev.resource.aws_cloudfront_cache_policy['cdn_cache-policy-manifests_4A6FF52C'].max_ttl;
    expect(findings).toEqual([
      "secret storytime/dev/origin_verify: AWSCURRENT is version by-hand, not tf-ov that Terraform wrote: its value was changed outside Terraform; an apply puts Terraform's back",
      'origin-verify secret: AWSCURRENT is not {"active": "blue", value: the blue value} as the stack sets it; CloudFront, the listener rules and whoever reads the secret disagree',
      "aws_cloudfront_key_group.cdn_key-group_6FD494D0: holds keys K2026, KFOREIGN, the stack's public keys are K2026",
      'secret storytime/dev/cloudfront_private_key: keyPairId KOTHER is not in the key group: CloudFront refuses every cookie Rails signs with it',
      'aws_cloudfront_response_headers_policy.cdn_response-headers-storytime-dev-hls_E40CC3CF: x-storytime-environment is prod, expected dev',
      `aws_cloudfront_cache_policy.cdn_cache-policy-manifests_4A6FF52C: TTLs min/default/max are 0/5/${max} s, the stack sets 0/60/${max} s`,
    ]);
  });

  it('find a signing secret without a value, and a behavior with TTLs of its own', async () => {
    const changed = prior().map((resource) =>
      resource.type === 'aws_cloudfront_distribution'
        ? {
            ...resource,
            values: {
              ...resource.values,
              default_cache_behavior: [
                { cache_policy_id: 'cp-m', response_headers_policy_id: 'rh', min_ttl: 0, default_ttl: 5, max_ttl: 0 },
              ],
            },
          }
        : resource,
    );
    const findings = await driftChecks({
      environment: 'dev',
      stack: dev,
      prior: changed,
      secret: secrets({ ...MATCHING, 'storytime/dev/cloudfront_private_key': undefined }),
    });
    expect(findings).toEqual([
      "secret storytime/dev/cloudfront_private_key: AWSCURRENT is version (none), not tf-key that Terraform wrote: its value was changed outside Terraform; an apply puts Terraform's back",
      'secret storytime/dev/cloudfront_private_key: no value yet: put the key pair in (docs/signing-keys.md)',
      'aws_cloudfront_distribution.cdn_distribution_0B80AA6B: behavior default has TTLs of its own (0/5/0 s) beside its cache policy',
    ]);
  });
});

describe('storytime drift', () => {
  afterEach(() => {
    delete process.env.CDKTF_OUTDIR;
  });
  const identity = () => Promise.resolve({ account: '111111111111', arn: 'arn:aws:iam::111111111111:user/ana' });
  const PLAN = { prior_state: { values: { root_module: { resources: prior() } } } };
  const NO_DRIFT = {
    status: 0,
    stdout: 'storytime-dev: no drift (plan: no changes; secrets, key group, headers and TTLs as the stack expects)\n',
    stderr: '',
  };

  /** The example stacks synthesized into a folder of their own, as CDKTF_OUTDIR; returns storytime-dev's. */
  function synthesized(): string {
    const outdir = join(tempDir('drift'), 'cdktf.out');
    expect(synthesize(exampleInputs(), { outdir, log: () => undefined })).toBe(0);
    process.env.CDKTF_OUTDIR = outdir;
    return join(outdir, 'stacks', 'storytime-dev');
  }

  /** Terraform whose init, plan and show exit with these codes (0 unless given), show printing `plan`; each run's arguments go to `runs`. */
  const terraformOf =
    (plan: object, codes: Readonly<Record<string, number>> = {}, runs: string[][] = []) =>
    (args: readonly string[]) => {
      runs.push([...args]);
      const code = codes[args[1]] ?? 0;
      const failed = code !== 0 && code !== 2;
      return {
        status: code,
        stdout: args[1] === 'show' && !failed ? JSON.stringify(plan) : '',
        stderr: failed ? `Error: ${args[1]} went wrong\nsee the log` : '',
      };
    };

  const run = async (planStatus: number, plan: object) => {
    synthesized();
    return runCommand(command, ['dev', '--no-synth'], {
      identity,
      terraform: terraformOf(plan, { plan: planStatus }),
      secret: secrets(MATCHING),
    });
  };

  it('exits 0 without drift, 2 with one line per finding, 1 when the plan fails', async () => {
    expect(await run(0, PLAN)).toEqual(NO_DRIFT);
    const changes = {
      resource_changes: [
        {
          address: 'aws_secretsmanager_secret_version.secrets_origin-verify-version_66A47271',
          change: { actions: ['update'], before: { version_stages: ['AWSPREVIOUS'] }, after: { version_stages: ['AWSCURRENT'] } },
        },
        { address: 'aws_s3_bucket.x', change: { actions: ['no-op'], before: {}, after: {} } },
        { address: 'aws_sqs_queue.y', change: { actions: ['delete', 'create'], before: {}, after: {} } },
      ],
      prior_state: { values: { root_module: { resources: prior() } } },
    };
    expect(await run(2, changes)).toEqual({
      status: 2,
      stdout: `storytime-dev: plan: aws_secretsmanager_secret_version.secrets_origin-verify-version_66A47271 would update in place (version_stages)
storytime-dev: plan: aws_sqs_queue.y would replace
storytime-dev: drift: 2 findings; npm run plan -- dev then apply repairs what Terraform owns (docs/recovery.md)
`,
      stderr: '',
    });
    expect(await run(1, {})).toEqual({
      status: 1,
      stdout: '',
      stderr: expect.stringMatching(/^drift: terraform plan failed in \S+: Error: plan went wrong see the log\n$/),
    });
  });

  it("runs init, a plan without the lock into <stack>.drift.tfplan, and show -json of it, in the stack's folder", async () => {
    const dir = synthesized();
    const runs: string[][] = [];
    expect(
      await runCommand(command, ['dev', '--no-synth'], { identity, terraform: terraformOf(PLAN, {}, runs), secret: secrets(MATCHING) }),
    ).toEqual(NO_DRIFT);
    expect(runs).toEqual([
      [`-chdir=${dir}`, 'init', '-input=false', '-no-color'],
      [`-chdir=${dir}`, 'plan', '-input=false', '-lock=false', '-no-color', '-detailed-exitcode', '-out=storytime-dev.drift.tfplan'],
      [`-chdir=${dir}`, 'show', '-json', 'storytime-dev.drift.tfplan'],
    ]);
  });

  it("stops with Terraform's error when init or show fails", async () => {
    const dir = synthesized();
    const runs: string[][] = [];
    const ran = (codes: Record<string, number>) =>
      runCommand(command, ['dev', '--no-synth'], { identity, terraform: terraformOf(PLAN, codes, runs), secret: secrets(MATCHING) });
    expect(await ran({ init: 1 })).toEqual({
      status: 1,
      stdout: '',
      stderr: `drift: terraform init failed in ${dir}: Error: init went wrong see the log\n`,
    });
    expect(runs.map((args) => args[1])).toEqual(['init']);
    expect(await ran({ show: 1 })).toEqual({
      status: 1,
      stdout: '',
      stderr: `drift: terraform show failed in ${dir}: Error: show went wrong see the log\n`,
    });
  });

  it('prints a check finding after check:, and counts one finding in the singular', async () => {
    synthesized();
    const resources = prior().map((resource) =>
      resource.type === 'aws_cloudfront_key_group'
        ? { ...resource, values: { ...resource.values, items: ['K2026', 'KFOREIGN'] } }
        : resource,
    );
    const plan = { prior_state: { values: { root_module: { resources } } } };
    expect(await runCommand(command, ['dev', '--no-synth'], { identity, terraform: terraformOf(plan), secret: secrets(MATCHING) })).toEqual(
      {
        status: 2,
        stdout: `storytime-dev: check: aws_cloudfront_key_group.cdn_key-group_6FD494D0: holds keys K2026, KFOREIGN, the stack's public keys are K2026
storytime-dev: drift: 1 finding; npm run plan -- dev then apply repairs what Terraform owns (docs/recovery.md)
`,
        stderr: '',
      },
    );
  });

  it('synthesizes first unless --no-synth, and stops with exit 1 and nothing more when synth fails', async () => {
    synthesized();
    const synths: number[] = [];
    const ran = (argv: string[], synthStatus: number, runs: string[][] = []) =>
      runCommand(command, argv, {
        identity,
        terraform: terraformOf(PLAN, {}, runs),
        secret: secrets(MATCHING),
        synthesize: () => (synths.push(synthStatus), synthStatus),
      });
    const runs: string[][] = [];
    expect(await ran(['dev'], 1, runs)).toEqual({ status: 1, stdout: '', stderr: '' });
    expect(runs).toEqual([]);
    expect(synths).toEqual([1]);
    expect(await ran(['dev'], 0)).toEqual(NO_DRIFT);
    expect(synths).toEqual([1, 0]);
    expect(await ran(['dev', '--no-synth'], 1)).toEqual(NO_DRIFT);
    expect(synths).toEqual([1, 0]);
  });

  it('asks STS nothing for an environment whose state is in Terraform Cloud', async () => {
    synthesized();
    // Both settings files keep their state in S3: dev's settings as loaded, switched to Terraform Cloud for this test only.
    const environments = environmentSettings() as Map<string, EnvironmentSettings>;
    const settings = environments.get('dev');
    if (!settings) throw new Error('no dev settings');
    environments.set('dev', { ...settings, backend: { type: 'cloud', organization: 'storytime-org', workspace: 'storytime-dev' } });
    try {
      const unknown = () => Promise.reject(new Error('asked STS'));
      expect(
        await runCommand(command, ['dev', '--no-synth'], { identity: unknown, terraform: terraformOf(PLAN), secret: secrets(MATCHING) }),
      ).toEqual(NO_DRIFT);
    } finally {
      environments.set('dev', settings);
    }
  });

  it("refuses another account's credentials, and a state bootstrap, before Terraform runs", async () => {
    synthesized();
    const runs: string[][] = [];
    const deps = { terraform: terraformOf(PLAN, {}, runs), secret: secrets(MATCHING) };
    const other = () => Promise.resolve({ account: '999999999999', arn: 'arn:aws:iam::999999999999:user/ana' });
    expect(await runCommand(command, ['dev', '--no-synth'], { ...deps, identity: other })).toEqual({
      status: 1,
      stdout: '',
      stderr:
        "drift: the AWS credentials are of account 999999999999 (arn:aws:iam::999999999999:user/ana), but storytime-dev needs account 111111111111 (aws.accountId in stacks/settings/dev.ts): use dev's credentials\n",
    });
    expect(await runCommand(command, ['state-dev', '--no-synth'], { ...deps, identity })).toEqual({
      status: 2,
      stdout: '',
      stderr: `drift: unknown stack "state-dev": expected one of dev, prod
usage: storytime drift <env> [--no-synth]
  <env>       the environment to compare with what its stack expects, e.g. dev
  --no-synth  use the output folder as it is (by default it is synthesized first)
Runs terraform plan -detailed-exitcode and the checks a plan cannot see (secret values, key group, headers, TTLs).
Exit 0 no drift, 1 error, 2 drift: one line per finding (docs/recovery.md).
`,
    });
    expect(runs).toEqual([]);
  });
});
