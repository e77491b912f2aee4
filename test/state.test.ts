import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBackendOverrides } from '../src/config/overrides';
import { synthesize } from '../src/synth';
import { ENVIRONMENTS, exampleInputs, exampleWith, resourceAt, synthAll, type Json } from './helpers';
import { fakeSts, type FakeSts } from './cli/fake-sts';
import { tempDir } from './temp';

const ROOT = resolve(__dirname, '..');
const ACCOUNT = { dev: '111111111111', prod: '222222222222' } as const;

let stacks: Record<string, Json>;
beforeAll(() => {
  stacks = synthAll();
});

type Variant = 'example' | 'dev-bootstrap-in-bucket';
const synthesized = new Map<Variant, string>();

/**
 * A fresh <base>/cdktf.out holding what synth writes for these settings: each variant is synthesized to disk
 * once and copied for every test that needs it (its paths are relative, so a copy reads as the original).
 */
function outdirOf(variant: Variant): { base: string; outdir: string } {
  let template = synthesized.get(variant);
  if (!template) {
    template = join(tempDir(`synth-${variant}`), 'cdktf.out');
    const inputs = variant === 'example' ? exampleInputs() : exampleWith('dev', (s) => (s.backend.bootstrapState = 'bucket'));
    expect(synthesize(inputs, { outdir: template, report: () => undefined })).toBe(0);
    synthesized.set(variant, template);
  }
  const base = tempDir(variant);
  const outdir = join(base, 'cdktf.out');
  cpSync(template, outdir, { recursive: true });
  return { base, outdir };
}

/** The example settings without deploy identities, which give an environment on Terraform Cloud a bootstrap too (test/deploy-identities.test.ts). */
function withoutDeployIdentities(): Record<string, Json> {
  const { environments } = exampleInputs();
  for (const settings of Object.values(environments)) delete settings.deployIdentities;
  return environments;
}

describe('state per account', () => {
  it.each(['dev', 'prod'] as const)(
    "storytime-%s keeps its state in its own account's bucket, locked by S3 lock file and DynamoDB",
    (environment) => {
      expect(stacks[`storytime-${environment}`].terraform.backend).toEqual({
        s3: {
          bucket: `storytime-terraform-state-${environment}-example`,
          key: `storytime/${environment}/terraform.tfstate`,
          region: 'us-east-1',
          encrypt: true,
          dynamodb_table: 'storytime-terraform-locks',
          use_lockfile: true,
        },
      });
    },
  );

  it.each(['dev', 'prod'] as const)("storytime-state-%s creates that bucket and table with the environment's provider", (environment) => {
    const json = stacks[`storytime-state-${environment}`];
    expect(json.provider.aws).toEqual([
      {
        region: 'us-east-1',
        allowed_account_ids: [ACCOUNT[environment]],
        default_tags: [{ tags: { CostCenter: 'video-library', Project: 'storytime', Environment: environment, ManagedBy: 'cdktf' } }],
      },
    ]);
    expect(
      Object.values(json.resource.aws_s3_bucket)
        .map((bucket: Json) => bucket.bucket)
        .sort(),
    ).toEqual([`storytime-terraform-state-${environment}-example`, `storytime-terraform-state-${environment}-example-access-logs`]);
    expect(Object.values(json.resource.aws_dynamodb_table).map((table: Json) => table.name)).toEqual(['storytime-terraform-locks']);
    // Before its first apply the bootstrap's state is local, in bootstrap-state/ beside cdktf.out.
    expect(json.terraform.backend).toEqual({ local: { path: `../../../bootstrap-state/storytime-state-${environment}.tfstate` } });
  });

  it.each(['dev', 'prod'] as const)('storytime-%s locks and stores state only in what its own account bootstrapped', (environment) => {
    const env = stacks[`storytime-${environment}`];
    const bootstrap = stacks[`storytime-state-${environment}`];
    const stateBucket = resourceAt(bootstrap, 'aws_s3_bucket', 'state-bucket/bucket').bucket;
    const lockTable = resourceAt(bootstrap, 'aws_dynamodb_table', 'lock-table').name;
    expect([env.terraform.backend.s3.bucket, env.terraform.backend.s3.dynamodb_table]).toEqual([stateBucket, lockTable]);
    expect([env.provider.aws[0].allowed_account_ids, bootstrap.provider.aws[0].allowed_account_ids]).toEqual([
      [ACCOUNT[environment]],
      [ACCOUNT[environment]],
    ]);
    const other = environment === 'dev' ? 'prod' : 'dev';
    expect(resourceAt(stacks[`storytime-state-${other}`], 'aws_s3_bucket', 'state-bucket/bucket').bucket).not.toBe(stateBucket);
  });

  it('keeps the local bootstrap state outside the output folder, so rm -rf cdktf.out keeps it', () => {
    const base = tempDir('outside');
    const outdir = join(base, 'cdktf.out');
    expect(synthesize(exampleInputs(), { outdir, report: () => undefined })).toBe(0);
    const stackDir = join(outdir, 'stacks', 'storytime-state-dev');
    const backend = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')).terraform.backend;
    expect(resolve(stackDir, backend.local.path)).toBe(join(base, 'bootstrap-state', 'storytime-state-dev.tfstate'));
  });

  it('moves the bootstrap state into its own bucket once settings say so', () => {
    const json = synthAll(exampleWith('prod', (s) => (s.backend.bootstrapState = 'bucket')))['storytime-state-prod'];
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: 'storytime-terraform-state-prod-example',
        key: 'storytime/prod/state-bootstrap.tfstate',
        region: 'us-east-1',
        encrypt: true,
        dynamodb_table: 'storytime-terraform-locks',
        use_lockfile: true,
      },
    });
  });

  it('has no state bootstrap for an environment on Terraform Cloud that asks for no deploy identities', () => {
    const environments = applyBackendOverrides(withoutDeployIdentities(), { STORYTIME_TFC_ORGANIZATION: 'storytime-org' });
    expect(Object.keys(synthAll({ environments })).sort()).toEqual(ENVIRONMENTS.map((env) => `storytime-${env}`));
  });
});

describe('synth removes stack folders the app no longer has', () => {
  it('removes the state bootstraps after a switch to Terraform Cloud, but keeps a folder holding state', () => {
    const { outdir } = outdirOf('example');
    writeFileSync(join(outdir, 'stacks', 'storytime-state-prod', 'terraform.tfstate'), '{}');
    mkdirSync(join(outdir, 'stacks', 'storytime-state-dev', '.terraform'));
    writeFileSync(join(outdir, 'stacks', 'storytime-state-dev', '.terraform', 'terraform.tfstate'), '{"backend":{}}');
    const lines: string[] = [];
    const environments = applyBackendOverrides(withoutDeployIdentities(), { STORYTIME_TFC_ORGANIZATION: 'storytime-org' });
    expect(synthesize({ environments }, { outdir, report: (line) => lines.push(line) })).toBe(0);
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(
      [...ENVIRONMENTS.map((env) => `storytime-${env}`), 'storytime-state-prod'].sort(),
    );
    const kept = join(outdir, 'stacks', 'storytime-state-prod');
    expect(lines).toEqual([
      `kept ${kept}: no longer a stack of this app, but it holds state (${join(kept, 'terraform.tfstate')}); move that state, then delete the folder`,
    ]);
  });
});

/** A terraform stand-in that records its arguments, one call per line. */
function fakeTerraform(): { bin: string; calls: () => string[] } {
  const dir = tempDir('fake-tf');
  const log = join(dir, 'calls.log');
  const bin = join(dir, 'terraform');
  writeFileSync(bin, `#!/bin/sh\necho "$*" >> '${log}'\n`);
  chmodSync(bin, 0o755);
  return { bin, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

const PLAN = ['scripts/storytime.sh', 'plan'];

// plan asks STS whose credentials these are before terraform runs (and refuses example values against AWS): an STS
// of each example account, at an endpoint the CLI's AWS SDK reads from AWS_ENDPOINT_URL.
const sts: Record<string, FakeSts> = {};
beforeAll(async () => {
  sts.dev = await fakeSts('111111111111');
  sts.prod = await fakeSts('222222222222');
});
afterAll(() => Object.values(sts).forEach((server) => server.stop()));

describe('npm run plan -- <env> | state-<env>', () => {
  it('synthesizes, then inits and plans the stack in its fresh folder', () => {
    const terraform = fakeTerraform();
    const outdir = join(tempDir('plan'), 'out');
    execFileSync('sh', [...PLAN, 'prod'], {
      cwd: ROOT,
      env: { ...process.env, ...sts.prod.env, CDKTF_OUTDIR: outdir, TERRAFORM_BIN: terraform.bin },
      stdio: 'pipe',
    });
    const dir = join(outdir, 'stacks', 'storytime-prod');
    expect(existsSync(join(dir, 'cdk.tf.json'))).toBe(true);
    expect(terraform.calls()).toEqual([`-chdir=${dir} init -input=false`, `-chdir=${dir} plan -input=false -out=storytime-prod.tfplan`]);
  });

  it('stops without running terraform when synth fails, instead of planning the previous synth', () => {
    const terraform = fakeTerraform();
    const { outdir } = outdirOf('example');
    // A folder where the app writes its manifest: the next synth fails, the previous one stays on disk.
    rmSync(join(outdir, 'manifest.json'));
    mkdirSync(join(outdir, 'manifest.json'));
    const run = spawnSync('sh', [...PLAN, 'dev'], {
      cwd: ROOT,
      env: { ...process.env, ...sts.dev.env, CDKTF_OUTDIR: outdir, TERRAFORM_BIN: terraform.bin },
      encoding: 'utf8',
    });
    expect(existsSync(join(outdir, 'stacks', 'storytime-dev', 'cdk.tf.json'))).toBe(true);
    expect(run.status).not.toBe(0);
    expect(terraform.calls()).toEqual([]);
  });
});

describe('npm run plan (storytime plan): arguments', () => {
  const refusal = (...args: string[]) => spawnSync('sh', [...PLAN, ...args], { cwd: ROOT, encoding: 'utf8' });
  const USAGE = [
    'usage: storytime plan <env> | state-<env> [--no-synth]',
    "  <env>         an environment's stack, e.g. dev (one per stacks/settings/<env>.ts)",
    "  state-<env>   that environment's state bootstrap, e.g. state-dev (S3 backends only)",
    '  --no-synth    plan the output folder as it is (by default it is synthesized first)',
    '  CDKTF_OUTDIR  output folder (default cdktf.out); TERRAFORM_BIN: terraform to run (default terraform)',
    '',
  ].join('\n');

  it.each([
    [['nosuchenv'], `plan: unknown stack "nosuchenv": expected one of ${ENVIRONMENTS.join(', ')}, or state-<one of them>`],
    [['storytime-dev'], `plan: unknown stack "storytime-dev": expected one of ${ENVIRONMENTS.join(', ')}, or state-<one of them>`],
    [['dev', '-destroy'], 'plan: unknown flag -destroy'],
    [['dev', 'prod'], 'plan: one stack per plan; unexpected "prod"'],
    [[], 'plan: missing the stack to plan: <env> or state-<env>'],
    [['dev', '--no-synth', '--no-synth'], 'plan: --no-synth is given more than once; give it once'],
  ])('refuses %j with one line and the usage, exit 2, before synthesizing', (args, line) => {
    const run = refusal(...args);
    expect(run.stderr).toBe(`${line}\n${USAGE}`);
    expect(run.status).toBe(2);
  });

  it('prints its usage with --help', () => {
    const run = refusal('--help');
    expect(run).toMatchObject({ stdout: USAGE, stderr: '', status: 0 });
  });
});

describe('npm run plan -- state-<env>', () => {
  it('refuses to plan a bootstrap switched to its bucket while its local state is not migrated', () => {
    const { base, outdir } = outdirOf('dev-bootstrap-in-bucket');
    mkdirSync(join(base, 'bootstrap-state'));
    const local = join(base, 'bootstrap-state', 'storytime-state-dev.tfstate');
    writeFileSync(local, '{"version":4}');
    const terraform = fakeTerraform();
    const run = spawnSync('sh', [...PLAN, 'state-dev', '--no-synth'], {
      cwd: ROOT,
      env: { ...process.env, ...sts.dev.env, CDKTF_OUTDIR: outdir, TERRAFORM_BIN: terraform.bin },
      encoding: 'utf8',
    });
    expect(run.stderr.trim()).toBe(
      `plan: storytime-state-dev now keeps its state in its bucket, but ${local} is not moved there yet: run npm run state:migrate -- dev first (docs/state.md)`,
    );
    expect(run.status).toBe(1);
    expect(terraform.calls()).toEqual([]);
  });
});

describe('npm run state:migrate -- <env> (storytime state:migrate)', () => {
  const prepare = (bootstrapState: 'local' | 'bucket') => {
    const { base, outdir } = outdirOf(bootstrapState === 'bucket' ? 'dev-bootstrap-in-bucket' : 'example');
    mkdirSync(join(base, 'bootstrap-state'));
    const local = join(base, 'bootstrap-state', 'storytime-state-dev.tfstate');
    writeFileSync(local, '{"version":4}');
    const terraform = fakeTerraform();
    const run = () =>
      spawnSync('sh', ['scripts/storytime.sh', 'state:migrate', 'dev', '--no-synth'], {
        cwd: ROOT,
        env: { ...process.env, CDKTF_OUTDIR: outdir, TERRAFORM_BIN: terraform.bin },
        encoding: 'utf8',
      });
    return { outdir, local, terraform, run };
  };

  it('pushes the local bootstrap state into the S3 backend and keeps the old file as a backup', () => {
    const { outdir, local, terraform, run } = prepare('bucket');
    const result = run();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const dir = join(outdir, 'stacks', 'storytime-state-dev');
    expect(result.stdout).toBe(`storytime-state-dev now keeps its state in its bucket; ${local}.migrated is the old local copy\n`);
    // docs/tools.md quotes it, the project's folder written <project>.
    expect(readFileSync(join(ROOT, 'docs', 'tools.md'), 'utf8')).toContain(
      `\n${result.stdout.replace(dirname(dirname(local)), '<project>')}\`\`\`\n`,
    );
    expect(terraform.calls()).toEqual([`-chdir=${dir} init -input=false -reconfigure`, `-chdir=${dir} state push ${local}`]);
    expect(existsSync(local)).toBe(false);
    expect(readFileSync(`${local}.migrated`, 'utf8')).toBe('{"version":4}');
    // A second run finds nothing to migrate and touches nothing.
    const again = run();
    expect(again.status).toBe(1);
    expect(again.stderr.trim()).toBe(`state:migrate: no local state at ${local}: nothing to migrate (already migrated, or never applied)`);
  });

  it('refuses while the settings still keep the bootstrap state locally', () => {
    const { local, terraform, run } = prepare('local');
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      "state:migrate: storytime-state-dev still keeps its state locally: set backend.bootstrapState: 'bucket' in stacks/settings/dev.ts first",
    );
    expect(terraform.calls()).toEqual([]);
    expect(existsSync(local)).toBe(true);
  });

  it.each([
    [[], `state:migrate: missing the environment: one of ${ENVIRONMENTS.join(', ')}`],
    [['nosuchenv'], `state:migrate: unknown env "nosuchenv" (expected one of ${ENVIRONMENTS.join(', ')})`],
    [['dev', 'prod'], 'state:migrate: one environment per run; unexpected "prod"'],
    [['dev', '--force'], 'state:migrate: unknown flag --force'],
  ])('refuses %j with one line and the usage, exit 2', (args, line) => {
    const result = spawnSync('sh', ['scripts/storytime.sh', 'state:migrate', ...args], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr.split('\n').slice(0, 2)).toEqual([line, 'usage: storytime state:migrate <env> [--no-synth]']);
    expect(result.status).toBe(2);
  });
});
