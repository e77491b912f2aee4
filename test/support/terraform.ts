/**
 * Runs Terraform itself on synthesized stacks: finds terraform and the local
 * provider mirror (every provider the real one), copies a stack into a work
 * folder, and plans it offline. Used by the plan tests, the emulator run and
 * the benchmark.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { StackJson, StandInUse } from '../emulator/substitute';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');

export interface Toolchain {
  readonly terraform: string;
  readonly version: string;
  readonly mirror: string;
  /** What scripts/provider-mirror.sh did this time (linked or built a provider), one line each; empty when the mirror was complete. */
  readonly mirrorLog: readonly string[];
}

export type Discovery = { readonly toolchain: Toolchain } | { readonly problem: string };

/** Strict mode: CI, or REQUIRE_TERRAFORM=1, turns every missing piece into a failure. */
export const terraformRequired = process.env.CI === 'true' || process.env.REQUIRE_TERRAFORM === '1';

/** Finds terraform (TERRAFORM_BIN or PATH) and prepares the provider mirror with scripts/provider-mirror.sh. */
export function discoverToolchain(): Discovery {
  const terraform = process.env.TERRAFORM_BIN ?? 'terraform';
  const probe = spawnSync(terraform, ['version', '-json'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return {
      problem: `terraform not found (${terraform}); install ${readFileSync(join(ROOT, '.terraform-version'), 'utf8').trim()} or set TERRAFORM_BIN`,
    };
  }
  const version = (JSON.parse(probe.stdout) as { terraform_version: string }).terraform_version;
  const mirrorRun = spawnSync('bash', [join(ROOT, 'scripts', 'provider-mirror.sh')], { encoding: 'utf8' });
  if (mirrorRun.status !== 0) {
    return { problem: `scripts/provider-mirror.sh failed: ${mirrorRun.stderr.trim().split('\n').at(-1)}` };
  }
  const mirrorLog = mirrorRun.stderr.split('\n').filter((line) => line !== '');
  return { toolchain: { terraform, version, mirror: mirrorRun.stdout.trim(), mirrorLog } };
}

/**
 * Copies a synthesized stack folder to `workDir`, its cdk.tf.json passed
 * through `transform` (the emulator's stand-ins for what moto lacks). Returns
 * the stand-ins used, for the caller to print.
 */
export function copyStack(
  stackDir: string,
  workDir: string,
  transform: (stack: StackJson) => { stack: StackJson; used: StandInUse[] },
): StandInUse[] {
  cpSync(stackDir, workDir, { recursive: true });
  const emulated = transform(JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')));
  writeFileSync(join(workDir, 'cdk.tf.json'), JSON.stringify(emulated.stack, null, 2));
  return emulated.used;
}

/** Environment for terraform: the mirror's CLI config, no prompts, no AWS profile or metadata service. */
export function terraformEnv(toolchain: Toolchain, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: join(toolchain.mirror, 'terraformrc'),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    ...extra,
  };
}

/** `TF_VAR_<name>` for each variable. */
export const variableEnv = (variables: Record<string, string>) =>
  Object.fromEntries(Object.entries(variables).map(([name, value]) => [`TF_VAR_${name}`, value]));

export interface StackRun {
  readonly seconds: { readonly init: number; readonly validate: number; readonly plan: number; readonly total: number };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- `terraform show -json` output; its schema is Terraform's
  readonly plan: any;
}

/** Credentials that look real to the provider and are refused everywhere; the skip flags keep it off the network. */
const OFFLINE_PROVIDER = {
  access_key: 'AKIAOFFLINEPLAN00000',
  secret_key: 'offline-plan-not-a-secret',
  // Terraform cannot check the account without calling STS; the setting itself is asserted on the JSON.
  allowed_account_ids: null,
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
};

/**
 * init -backend=false, validate, then plan with local state and offline
 * credentials, in a copy of the synthesized stack folder.
 */
export async function planStack(
  toolchain: Toolchain,
  stackDir: string,
  workDir: string,
  variables: Record<string, string>,
): Promise<StackRun> {
  cpSync(stackDir, workDir, { recursive: true });
  const env = terraformEnv(toolchain, variableEnv(variables));
  const terraform = (...args: string[]) =>
    run(toolchain.terraform, [`-chdir=${workDir}`, ...args, '-no-color'], { env, maxBuffer: 64 << 20 });
  const timed = async (step: () => Promise<unknown>) => {
    const start = performance.now();
    await step();
    return (performance.now() - start) / 1000;
  };

  const init = await timed(() => terraform('init', '-backend=false', '-input=false'));
  const validate = await timed(() => terraform('validate'));
  writeFileSync(
    join(workDir, 'backend_override.tf.json'),
    JSON.stringify({ terraform: { backend: { local: { path: 'offline.tfstate' } } } }),
  );
  const stack: StackJson = JSON.parse(readFileSync(join(workDir, 'cdk.tf.json'), 'utf8'));
  const providers = Object.values<StackJson>(stack.provider?.aws ?? [{}]);
  // One override per AWS provider block (an alias is overridden by its own block).
  writeFileSync(
    join(workDir, 'provider_override.tf.json'),
    JSON.stringify({
      provider: { aws: providers.map((block) => ({ ...(block.alias ? { alias: block.alias } : {}), ...OFFLINE_PROVIDER })) },
    }),
  );
  const plan = await timed(async () => {
    await terraform('init', '-reconfigure', '-input=false');
    await terraform('plan', '-input=false', '-lock=false', '-out=offline.tfplan');
  });
  const shown = await terraform('show', '-json', 'offline.tfplan');
  return { seconds: { init, validate, plan, total: init + validate + plan }, plan: JSON.parse(shown.stdout) };
}
