/**
 * `storytime plan <env> | state-<env>`: synthesizes, then runs `terraform
 * init` and `plan -out=<stack>.tfplan` in that stack's folder. Stops when synth
 * fails, so that a stale synth is never planned; before Terraform runs, stops
 * on the shipped example values when the plan would reach AWS, and on
 * credentials of another account.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stackName, stateStackName } from '../../../stacks/naming';
import { checkAccount, type IdentityReader } from '../aws/account';
import { endpointVariables } from '../aws/config';
import { defineCommand } from '../command';
import { environmentSettings, REPO_ROOT, settingsOf } from '../environments';
import { CommandFailure, flagError, UsageError } from '../errors';
import { placeholders } from '../placeholders';
import type { StackTarget } from '../target';
import { outputFolder, runIn, synthesize, terraformBin } from '../terraform-run';

const USAGE = `usage: storytime plan <env> | state-<env> [--no-synth]
  <env>         an environment's stack, e.g. dev (one per stacks/settings/<env>.ts)
  state-<env>   that environment's state bootstrap, e.g. state-dev (S3 backends only)
  --no-synth    plan the output folder as it is (by default it is synthesized first)
  CDKTF_OUTDIR  output folder (default cdktf.out); TERRAFORM_BIN: terraform to run (default terraform)
`;

/** The one stack named on the command line; Terraform's own flags (-destroy, -target) are refused: a plan here is always the whole stack. */
function planTarget(positionals: readonly string[]): StackTarget {
  const [target, ...extra] = positionals;
  if (target === undefined) throw flagError('missing the stack to plan: <env> or state-<env>');
  if (extra.length > 0) throw flagError(`one stack per plan; unexpected ${extra.map((word) => `"${word}"`).join(' ')}`);
  const environments = [...environmentSettings().keys()];
  const bootstrap = target.startsWith('state-');
  const environment = bootstrap ? target.slice('state-'.length) : target;
  if (!environments.includes(environment)) {
    throw flagError(`unknown stack "${target}": expected one of ${environments.join(', ')}, or state-<one of them>`);
  }
  const settings = settingsOf(environment);
  return { environment, bootstrap, settings, stack: bootstrap ? stateStackName(settings) : stackName(settings) };
}

/**
 * Refuses a plan against AWS (no endpoint override) while the environment's
 * settings still hold the shipped examples: its first line says why, one line
 * per value follows.
 */
function examplesLeft(target: StackTarget): string[] | undefined {
  if (endpointVariables().length > 0) return undefined;
  const left = placeholders(target.environment, target.settings, REPO_ROOT);
  if (left.length === 0) return undefined;
  return [
    `${target.stack}: stacks/settings/${target.environment}.ts still holds ${left.length} example value${left.length === 1 ? '' : 's'} (README, first deploy, step 2), and no AWS_ENDPOINT_URL points this plan at an emulator; replace each:`,
    ...left,
  ];
}

export interface PlanDeps {
  /** STS GetCallerIdentity; default: the AWS SDK with the usual credentials. */
  readonly identity?: IdentityReader;
  /** `npm run synth`; default: synthesize (a test gives its exit code instead of synthesizing). */
  readonly synthesize?: () => number;
}

const isS3Backend = (stackFile: string) =>
  (JSON.parse(readFileSync(stackFile, 'utf8')) as { terraform?: { backend?: { s3?: unknown } } }).terraform?.backend?.s3 !== undefined;

export const command = defineCommand({
  name: 'plan',
  usage: USAGE,
  positionals: true,
  flags: { 'no-synth': { type: 'boolean' } },
  async run({ flags, positionals }, deps: PlanDeps = {}) {
    const target = planTarget(positionals);
    const examples = examplesLeft(target);
    if (examples) return { stdout: '', stderr: examples, exitCode: 1 };
    // Terraform Cloud runs the plan with the workspace's credentials, not these.
    if (target.settings.backend.type === 's3') await checkAccount(target, deps.identity);
    if (!flags['no-synth'] && (deps.synthesize ?? synthesize)() !== 0) return { stdout: '', stderr: [], exitCode: 1 };
    const stack = target.stack;
    const outdir = outputFolder();
    const dir = path.join(outdir, 'stacks', stack);
    if (!existsSync(path.join(dir, 'cdk.tf.json'))) {
      throw new UsageError(
        target.bootstrap
          ? `${target.environment} has no state bootstrap: its state is in Terraform Cloud (backend.type 'cloud')`
          : `${dir} was not synthesized: run npm run synth`,
      );
    }
    // A bootstrap switched to its bucket before its local state was moved there would plan to create everything again.
    const localState = path.join(path.dirname(outdir), 'bootstrap-state', `${stack}.tfstate`);
    if (target.bootstrap && existsSync(localState) && isS3Backend(path.join(dir, 'cdk.tf.json'))) {
      throw new CommandFailure(
        `${stack} now keeps its state in its bucket, but ${localState} is not moved there yet: run npm run state:migrate -- ${target.environment} first (docs/state.md)`,
      );
    }
    const terraform = terraformBin();
    const init = runIn(terraform, [`-chdir=${dir}`, 'init', '-input=false']);
    const exitCode = init !== 0 ? init : runIn(terraform, [`-chdir=${dir}`, 'plan', '-input=false', `-out=${stack}.tfplan`]);
    return { stdout: '', stderr: [], exitCode };
  },
});
