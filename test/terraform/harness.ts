/**
 * Runs Terraform itself on synthesized stacks, offline: init from the local
 * provider mirror, validate, then plan against a local backend with fake
 * credentials, and read the plan back with `terraform show -json`.
 */
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');

/** Providers whose pinned version cannot be had on some machines, with the reason; their stacks are reported as blocked. */
const BLOCKED_PROVIDERS: Readonly<Record<string, string>> = JSON.parse(
  readFileSync(join(__dirname, 'blocked-providers.json'), 'utf8'),
);

export interface Toolchain {
  readonly terraform: string;
  readonly version: string;
  readonly mirror: string;
  /** `hashicorp/random 3.7.2` → why the mirror lacks it. */
  readonly missing: ReadonlyMap<string, string>;
}

export type Discovery = { readonly toolchain: Toolchain } | { readonly problem: string };

/** Strict mode: CI, or REQUIRE_TERRAFORM=1, turns every missing piece into a failure. */
export const terraformRequired = process.env.CI === 'true' || process.env.REQUIRE_TERRAFORM === '1';

const terraformPlatform = () => `${platform()}_${({ x64: 'amd64', ia32: '386' } as Record<string, string>)[arch()] ?? arch()}`;

/** Finds terraform (TERRAFORM_BIN or PATH) and prepares the provider mirror with scripts/provider-mirror.sh. */
export function discoverToolchain(providers: readonly string[]): Discovery {
  const terraform = process.env.TERRAFORM_BIN ?? 'terraform';
  const probe = spawnSync(terraform, ['version', '-json'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return { problem: `terraform not found (${terraform}); install ${readFileSync(join(ROOT, '.terraform-version'), 'utf8').trim()} or set TERRAFORM_BIN` };
  }
  const version = (JSON.parse(probe.stdout) as { terraform_version: string }).terraform_version;
  const mirrorRun = spawnSync('bash', [join(ROOT, 'scripts', 'provider-mirror.sh'), '--allow-missing'], { encoding: 'utf8' });
  if (mirrorRun.status !== 0) {
    return { problem: `scripts/provider-mirror.sh failed: ${mirrorRun.stderr.trim().split('\n').at(-1)}` };
  }
  const mirror = mirrorRun.stdout.trim();
  const missing = new Map<string, string>();
  for (const provider of providers) {
    const [source, version] = provider.split(' ');
    const dir = join(mirror, 'registry.terraform.io', source, version, terraformPlatform());
    if (!existsSync(dir) || readdirSync(dir).every((file) => !file.startsWith('terraform-provider-'))) {
      const reason = mirrorRun.stderr
        .split('\n')
        .filter((line) => line.includes(`${source} ${version}:`))
        .at(-1);
      missing.set(provider, reason ?? `${provider}: not in ${mirror}`);
    }
  }
  return { toolchain: { terraform, version, mirror, missing } };
}

/** `hashicorp/aws 5.100.0` for every provider a synthesized stack requires. */
export function requiredProviders(stackJson: { terraform: { required_providers: Record<string, { source: string; version: string }> } }): string[] {
  return Object.values(stackJson.terraform.required_providers).map(({ source, version }) => {
    const qualified = source.includes('/') ? source : `hashicorp/${source}`;
    return `${qualified} ${version}`;
  });
}

/** Missing providers split into those acknowledged as blocked (with reason) and the rest. */
export function classifyMissing(missing: ReadonlyMap<string, string>, providers: readonly string[]) {
  const needed = providers.filter((provider) => missing.has(provider));
  return {
    blocked: needed.filter((provider) => provider in BLOCKED_PROVIDERS).map((provider) => `${provider}: ${BLOCKED_PROVIDERS[provider]}`),
    unexpected: needed.filter((provider) => !(provider in BLOCKED_PROVIDERS)).map((provider) => missing.get(provider) ?? provider),
  };
}

export interface StackRun {
  readonly seconds: { readonly init: number; readonly validate: number; readonly plan: number; readonly total: number };
  // `terraform show -json` output; its schema is Terraform's.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
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
export async function planStack(toolchain: Toolchain, stackDir: string, workDir: string, variables: Record<string, string>): Promise<StackRun> {
  cpSync(stackDir, workDir, { recursive: true });
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: join(toolchain.mirror, 'terraformrc'),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [`TF_VAR_${name}`, value])),
  };
  const terraform = (...args: string[]) => run(toolchain.terraform, [`-chdir=${workDir}`, ...args, '-no-color'], { env, maxBuffer: 64 << 20 });
  const timed = async (step: () => Promise<unknown>) => {
    const start = performance.now();
    await step();
    return (performance.now() - start) / 1000;
  };

  const init = await timed(() => terraform('init', '-backend=false', '-input=false'));
  const validate = await timed(() => terraform('validate'));
  writeFileSync(join(workDir, 'backend_override.tf.json'), JSON.stringify({ terraform: { backend: { local: { path: 'offline.tfstate' } } } }));
  writeFileSync(join(workDir, 'provider_override.tf.json'), JSON.stringify({ provider: { aws: [OFFLINE_PROVIDER] } }));
  const plan = await timed(async () => {
    await terraform('init', '-reconfigure', '-input=false');
    await terraform('plan', '-input=false', '-lock=false', '-out=offline.tfplan');
  });
  const shown = await terraform('show', '-json', 'offline.tfplan');
  return { seconds: { init, validate, plan, total: init + validate + plan }, plan: JSON.parse(shown.stdout) };
}
