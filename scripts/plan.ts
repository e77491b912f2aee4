/**
 * `npm run plan -- <env> | state-<env>`: synthesizes, then runs `terraform
 * init` and `plan -out=<stack>.tfplan` in that stack's folder. Stops when synth
 * fails, so that a stale synth is never planned.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stackName, stateStackName } from '../stacks/naming';
import { discoverEnvironments } from '../src/config/environments';
import { REPO_ROOT, settingsOf } from './lib/environments';
import { UsageError } from './lib/usage-error';

export const PLAN_USAGE = `usage: npm run plan -- <env> | state-<env> [--no-synth]
  <env>         an environment's stack, e.g. dev (one per stacks/settings/<env>.ts)
  state-<env>   that environment's state bootstrap, e.g. state-dev (S3 backends only)
  --no-synth    plan the output folder as it is (by default it is synthesized first)
  CDKTF_OUTDIR  output folder (default cdktf.out); TERRAFORM_BIN: terraform to run (default terraform)
`;

export interface PlanTarget {
  readonly environment: string;
  readonly bootstrap: boolean;
  readonly synth: boolean;
}

/** One target and at most --no-synth; anything else is refused with the usage. */
export function parsePlanArgs(argv: readonly string[], root: string = REPO_ROOT): PlanTarget | 'help' {
  // Terraform's own flags (-destroy, -target) are not passed through: a plan here is always the whole stack.
  const flag = argv.find((arg) => arg.startsWith('-') && !['--no-synth', '--help', '-h'].includes(arg));
  if (flag !== undefined) throw usage(`unknown flag ${flag}`);
  const parsed = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: { 'no-synth': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (parsed.values.help) return 'help';
  const [target, ...extra] = parsed.positionals;
  if (target === undefined) throw usage('missing the stack to plan: <env> or state-<env>');
  if (extra.length > 0) throw usage(`one stack per plan; unexpected ${extra.map((word) => `"${word}"`).join(' ')}`);
  const environments = discoverEnvironments(root);
  const bootstrap = target.startsWith('state-');
  const environment = bootstrap ? target.slice('state-'.length) : target;
  if (!environments.includes(environment)) {
    throw usage(`unknown stack "${target}": expected one of ${environments.join(', ')}, or state-<one of them>`);
  }
  return { environment, bootstrap, synth: parsed.values['no-synth'] !== true };
}

function usage(message: string): UsageError {
  const error = new UsageError(message);
  error.showUsage = true;
  return error;
}

const isS3Backend = (stackFile: string) =>
  (JSON.parse(readFileSync(stackFile, 'utf8')) as { terraform?: { backend?: { s3?: unknown } } }).terraform?.backend?.s3 !== undefined;

/** Runs the plan; returns the exit code. */
export function plan(target: PlanTarget, root: string = REPO_ROOT): number {
  const run = (command: string, args: readonly string[]) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
  if (target.synth && run('sh', ['scripts/app.sh']) !== 0) return 1;
  const settings = settingsOf(target.environment, root);
  const stack = target.bootstrap ? stateStackName(settings) : stackName(settings);
  const outdir = path.resolve(root, process.env.CDKTF_OUTDIR ?? 'cdktf.out');
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
    throw new Error(
      `${stack} now keeps its state in its bucket, but ${localState} is not moved there yet: run npm run state:migrate -- ${target.environment} first (docs/state.md)`,
    );
  }
  const terraform = process.env.TERRAFORM_BIN ?? 'terraform';
  const init = run(terraform, [`-chdir=${dir}`, 'init', '-input=false']);
  return init !== 0 ? init : run(terraform, [`-chdir=${dir}`, 'plan', '-input=false', `-out=${stack}.tfplan`]);
}

if (require.main === module) {
  try {
    const target = parsePlanArgs(process.argv.slice(2));
    if (target === 'help') process.stdout.write(PLAN_USAGE);
    else process.exitCode = plan(target);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`plan: ${message}\n`);
    if (error instanceof UsageError && error.showUsage) process.stderr.write(PLAN_USAGE);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}
