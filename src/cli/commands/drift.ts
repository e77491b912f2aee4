/**
 * `storytime drift <env>`: `terraform plan -detailed-exitcode` plus the
 * checks a plan cannot see (src/cli/drift/checks.ts). Prints one line per
 * finding; exit 2 on drift, 0 when AWS holds what the stack expects, 1 when
 * it could not tell (docs/recovery.md).
 */
import { checkAccount, type IdentityReader } from '../aws/account';
import { defineCommand, type CommandResult } from '../command';
import type { SecretReader } from '../drift/checks';
import { driftChecks } from '../drift/checks';
import { describeChange, plannedChanges, priorResources, type PlanJson } from '../drift/plan-json';
import { CommandFailure } from '../errors';
import { synthesizedStack } from '../stack-file';
import { stackTarget } from '../target';
import { captureTerraform, synthesize, terraformError, type TerraformCapture } from '../terraform-run';

const USAGE = `usage: storytime drift <env> [--no-synth]
  <env>       the environment to compare with what its stack expects, e.g. dev
  --no-synth  use the output folder as it is (by default it is synthesized first)
Runs terraform plan -detailed-exitcode and the checks a plan cannot see (secret values, key group, headers, TTLs).
Exit 0 no drift, 1 error, 2 drift: one line per finding (docs/recovery.md).
`;

export interface DriftDeps {
  readonly identity?: IdentityReader;
  readonly terraform?: TerraformCapture;
  readonly secret?: SecretReader;
  /** `npm run synth`, unless --no-synth; its exit code. */
  readonly synthesize?: () => number;
}

export const command = defineCommand({
  name: 'drift',
  usage: USAGE,
  positionals: true,
  flags: { 'no-synth': { type: 'boolean' } },
  async run({ flags, positionals }, deps: DriftDeps = {}): Promise<CommandResult> {
    const target = stackTarget(positionals);
    if (target.settings.backend.type === 's3') await checkAccount(target, deps.identity);
    if (!flags['no-synth'] && (deps.synthesize ?? synthesize)() !== 0) return { stdout: '', stderr: [], exitCode: 1 };
    const { dir, json } = synthesizedStack(target.stack);
    const terraform = deps.terraform ?? captureTerraform;
    const init = terraform([`-chdir=${dir}`, 'init', '-input=false', '-no-color']);
    if (init.status !== 0) throw new CommandFailure(`terraform init failed in ${dir}: ${terraformError(init)}`);
    const planFile = `${target.stack}.drift.tfplan`;
    // Read-only: no lock, so that a scheduled check never holds up an apply.
    const plan = terraform([`-chdir=${dir}`, 'plan', '-input=false', '-lock=false', '-no-color', '-detailed-exitcode', `-out=${planFile}`]);
    if (plan.status !== 0 && plan.status !== 2) throw new CommandFailure(`terraform plan failed in ${dir}: ${terraformError(plan)}`);
    const shown = terraform([`-chdir=${dir}`, 'show', '-json', planFile]);
    if (shown.status !== 0) throw new CommandFailure(`terraform show failed in ${dir}: ${terraformError(shown)}`);
    const planJson = JSON.parse(shown.stdout) as PlanJson;
    const secret = deps.secret ?? (await import('../drift/secrets.js')).awsSecretReader(target.settings.aws.region);
    const findings = [
      ...plannedChanges(planJson).map((change) => `plan: ${describeChange(change)}`),
      ...(await driftChecks({ environment: target.environment, stack: json, prior: priorResources(planJson), secret })).map(
        (line) => `check: ${line}`,
      ),
    ];
    if (findings.length === 0)
      return {
        stdout: `${target.stack}: no drift (plan: no changes; secrets, key group, headers and TTLs as the stack expects)\n`,
        stderr: [],
        exitCode: 0,
      };
    const lines = [
      ...findings.map((line) => `${target.stack}: ${line}`),
      `${target.stack}: drift: ${findings.length} finding${findings.length === 1 ? '' : 's'}; npm run plan -- ${target.environment} then apply repairs what Terraform owns (docs/recovery.md)`,
    ];
    return { stdout: `${lines.join('\n')}\n`, stderr: [], exitCode: 2 };
  },
});
