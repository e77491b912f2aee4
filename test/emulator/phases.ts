/**
 * The steps of the emulator run on one prepared stack: apply and second plan,
 * the lock test, the cross-account isolation check and the teardown. Each
 * returns what happened (exit codes, the relevant output); the test file
 * asserts on it.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { emulatorBackend, s3Backend, terraformIn, type Step } from './backend';
import { terraformEnv, type Toolchain } from '../support/terraform';
import { describeChange, plannedChanges, type PlanJson } from '../../src/cli/drift/plan-json';
import type { EmulatorStack } from './stacks';

const run = promisify(execFile);
const LOCK_ERROR = /Error acquiring the state lock/;
/** What a failed step shows: Terraform's errors, which come last, or the end of its output. */
export function tail(output: string, lines = 40): string {
  const all = output.trim().split('\n');
  const firstError = all.findIndex((line) => line.startsWith('Error:'));
  return (firstError >= 0 ? all.slice(firstError) : all).slice(-lines).join('\n');
}

/** The `count` resources a step spent longest on, from Terraform's "complete after" lines (colored or not). */
export function slowest(output: string, count = 3): string[] {
  // eslint-disable-next-line no-control-regex -- the escape sequences of a colored terraform run
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  const timed = [...plain.matchAll(/^(\S+): (?:Creation|Destruction|Modifications) complete after (?:(\d+)m)?(\d+)s/gm)].map(
    (match) => [match[1], Number(match[2] ?? 0) * 60 + Number(match[3])] as const,
  );
  return timed
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([address, seconds]) => `${address} ${seconds} s`);
}

export interface Emulator {
  readonly toolchain: Toolchain;
  readonly endpoint: string;
  /** Python of the emulator's virtualenv, for scripts/emulator/peek_lock.py. */
  readonly python: string;
  readonly peekLock: string;
  /** scripts/emulator/job_events.py. */
  readonly jobEvents: string;
  /** TF_VAR_* of the stacks' variables. */
  readonly variables: Record<string, string>;
}

export interface ApplyResult {
  readonly failure?: string;
  /** Resources in the state after the applies. */
  readonly resources: number;
  /** What the plan after each apply would still change (empty: the plan is empty). */
  readonly plans: readonly (readonly string[])[];
  readonly seconds: number;
  /** Where the first apply spent its time. */
  readonly slowest: readonly string[];
}

const terraform = (emulator: Emulator, stack: EmulatorStack, credentials = stack.credentials, extra: Record<string, string> = {}) =>
  terraformIn(emulator.toolchain, stack.workDir, credentials, { ...emulator.variables, ...extra });

/** What a plan file would change, one line per resource (its changed attributes for an update). */
async function changes(tf: ReturnType<typeof terraform>, planFile: string): Promise<string[]> {
  const shown = await tf(['show', '-json', planFile]).done;
  return plannedChanges(JSON.parse(shown.output) as PlanJson).map(describeChange);
}

/**
 * init, then `times` applies each followed by `plan -detailed-exitcode`, which must find nothing to change.
 * The first apply plans for itself; each later one applies the plan shown before it, as an operator applies
 * a reviewed plan, so that it does not read every resource back a second time right after that plan did.
 */
export async function applyStack(emulator: Emulator, stack: EmulatorStack, times = 3): Promise<ApplyResult> {
  const start = performance.now();
  const tf = terraform(emulator, stack);
  const plans: string[][] = [];
  let slowestFirst: string[] = [];
  const result = (fields: Partial<ApplyResult>): ApplyResult => ({
    resources: 0,
    seconds: (performance.now() - start) / 1000,
    slowest: slowestFirst,
    plans,
    ...fields,
  });

  const init = await tf(['init', '-input=false']).done;
  if (init.code !== 0) return result({ failure: `init failed:\n${tail(init.output)}` });
  for (let round = 1; round <= times; round++) {
    // Every resource at once: the lifecycle configurations each wait ~55 s in the provider, in parallel.
    const what = round === 1 ? ['-auto-approve'] : [`after-apply-${round - 1}.tfplan`];
    const apply = await tf(['apply', '-input=false', '-parallelism=50', ...what]).done;
    if (apply.code !== 0) return result({ failure: `apply ${round} failed:\n${tail(apply.output)}` });
    if (round === 1) slowestFirst = slowest(apply.output);
    const plan = await tf(['plan', '-input=false', '-detailed-exitcode', `-out=after-apply-${round}.tfplan`]).done;
    if (plan.code === 1) return result({ failure: `plan after apply ${round} failed:\n${tail(plan.output)}` });
    plans.push(plan.code === 2 ? await changes(tf, `after-apply-${round}.tfplan`) : []);
  }
  const state = await tf(['state', 'list']).done;
  return result({ resources: state.output.trim().split('\n').filter(Boolean).length });
}

export interface JobEventsResult {
  /** The stack's mediaconvert_queue_arn output, which the synthetic events name. */
  readonly queueArn: string;
  /** jobIds of the events put on the default bus, in order. */
  readonly put: readonly string[];
  /** The EventBridge events the job-events queue held afterwards. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped by nature
  readonly received: readonly any[];
}

/**
 * Issue 14's event path (MediaConvert → EventBridge → SQS) with synthetic
 * events: scripts/emulator/job_events.py puts them on the default bus with the
 * stack's own credentials and reads the queue the stack outputs.
 */
export async function jobEvents(emulator: Emulator, stack: EmulatorStack): Promise<JobEventsResult> {
  const output = await terraform(emulator, stack)(['output', '-json']).done;
  if (output.code !== 0) throw new Error(`${stack.name}: terraform output:\n${tail(output.output)}`);
  const outputs = JSON.parse(output.output);
  const queueArn: string = outputs.mediaconvert_queue_arn.value;
  const { stdout } = await run(
    emulator.python,
    [emulator.jobEvents, emulator.endpoint, queueArn, outputs.mediaconvert_events_queue_url.value],
    {
      env: { ...process.env, ...stack.credentials, AWS_REGION: 'us-east-1' },
    },
  );
  return { queueArn, ...JSON.parse(stdout) };
}

export interface LockResult {
  /** The first plan (a destroy plan stopped at its approval prompt) holds the lock. */
  readonly held: boolean;
  readonly whileHeld: LockSeen;
  readonly second: Step;
  readonly afterRelease: LockSeen;
  readonly third: Step;
}

/** The use_lockfile object, and the DynamoDB lock item (null for a backend without a table). */
export interface LockSeen {
  readonly lockfile: boolean;
  readonly dynamodb: boolean | null;
}

async function peekLock(emulator: Emulator, stack: EmulatorStack): Promise<LockSeen> {
  const backend = stack.backend;
  if (!backend) throw new Error(`${stack.name}: no S3 backend to look at`);
  const { stdout } = await run(emulator.python, [emulator.peekLock, emulator.endpoint, backend.bucket, backend.key, backend.table ?? '-'], {
    env: { ...process.env, ...stack.credentials, AWS_REGION: 'us-east-1' },
  });
  return JSON.parse(stdout);
}

/**
 * Two plans of one environment at once. The first is an apply that would
 * replace one unprotected resource, stopped at its approval prompt: it has
 * planned and holds the state lock until it is answered (with "no"). (Not a
 * destroy: in the production tier that plan stops at the prevent_destroy
 * resources before it prompts.) While it waits, the lock must be visible in
 * the lock table and as the use_lockfile object, and a second plan must be
 * refused with Terraform's lock error; after the answer both locks must be
 * gone and a plan must run.
 */
export async function lockTest(emulator: Emulator, stack: EmulatorStack): Promise<LockResult> {
  const interactive = terraform(emulator, stack, stack.credentials, { TF_INPUT: '1' });
  let prompted: () => void = () => undefined;
  const atPrompt = new Promise<void>((resolve) => (prompted = resolve));
  const first = interactive([...lockHolder(stack), '-lock=true'], {
    interactive: true,
    onOutput: (text) => {
      if (text.includes('Enter a value:')) prompted();
    },
  });
  const held = await Promise.race([atPrompt.then(() => true), first.done.then(() => false)]);
  if (!held) {
    const ended = await first.done;
    throw new Error(`${stack.name}: the first plan ended before its prompt:\n${tail(ended.output)}`);
  }
  try {
    const whileHeld = await peekLock(emulator, stack);
    const second = await terraform(emulator, stack)(['plan', '-input=false', '-lock-timeout=0s']).done;
    first.child.stdin.end('no\n');
    await first.done;
    const afterRelease = await peekLock(emulator, stack);
    const third = await terraform(
      emulator,
      stack,
    )(['plan', '-input=false', '-lock-timeout=0s', '-refresh=false', `-target=${unprotectedAddress(stack)}`, '-detailed-exitcode']).done;
    return { held, whileHeld, second, afterRelease, third };
  } finally {
    if (first.child.exitCode === null) first.child.stdin.end('no\n');
  }
}

export const refusedByLock = (step: Step) => step.code === 1 && LOCK_ERROR.test(step.output);

export interface IsolationResult {
  /** `terraform state pull` of the owner's state with the other account's credentials. */
  readonly read: Step;
  /** `terraform plan` (which takes the lock first) with the other account's credentials. */
  readonly lock: Step;
}

/** The other account's credentials, in the owner's initialized folder: reading and locking its state must both be refused. */
export async function isolation(emulator: Emulator, owner: EmulatorStack, other: EmulatorStack): Promise<IsolationResult> {
  const tf = terraform(emulator, owner, other.credentials);
  const read = await tf(['state', 'pull']).done;
  const lock = await tf(['plan', '-input=false', '-refresh=false', '-lock-timeout=0s']).done;
  return { read, lock };
}

export const ACCESS_REFUSED = /AccessDenied|Access Denied|Forbidden|StatusCode: 403|ResourceNotFoundException/;

export interface DestroyResult {
  readonly step: Step;
  /** Addresses still in the state afterwards. */
  readonly remaining: readonly string[];
}

/** `terraform destroy -auto-approve`, and what is left in the state. */
export async function destroy(emulator: Emulator, stack: EmulatorStack): Promise<DestroyResult> {
  const tf = terraform(emulator, stack);
  const step = await tf(['destroy', '-auto-approve', '-input=false', '-parallelism=50']).done;
  const state = await tf(['state', 'list']).done;
  return { step, remaining: state.output.trim().split('\n').filter(Boolean).sort() };
}

/**
 * Creates only the backend resources the environments need (state bucket and
 * lock table) with `-target`, so that the environments can start while the
 * rest of the bootstrap (its lifecycle configurations wait ~55 s) is applied.
 */
export async function applyBackendFirst(
  emulator: Emulator,
  stack: EmulatorStack,
  environments: readonly EmulatorStack[],
): Promise<Step | undefined> {
  const buckets = new Set(environments.map((environment) => environment.backend?.bucket));
  const tables = new Set(environments.map((environment) => environment.backend?.table));
  const resources = stack.json.resource ?? {};
  const targets = [
    ...Object.entries(resources.aws_s3_bucket ?? {})
      .filter(([, config]) => buckets.has((config as { bucket?: string }).bucket))
      .map(([name]) => `aws_s3_bucket.${name}`),
    ...Object.entries(resources.aws_dynamodb_table ?? {})
      .filter(([, config]) => tables.has((config as { name?: string }).name))
      .map(([name]) => `aws_dynamodb_table.${name}`),
  ];
  if (targets.length === 0) return undefined;
  const tf = terraform(emulator, stack);
  const init = await tf(['init', '-input=false']).done;
  if (init.code !== 0) return init;
  return tf(['apply', '-auto-approve', '-input=false', ...targets.map((address) => `-target=${address}`)]).done;
}

export interface MigrationResult {
  /** `storytime state:migrate`'s run. */
  readonly step: Step;
  /** The local state file was renamed to `.migrated` (a second run stops instead of pushing again). */
  readonly localRenamed: boolean;
  /** `terraform state list` from the bucket afterwards, and from the local state the bootstrap was applied with. */
  readonly inBucket: readonly string[];
  readonly applied: readonly string[];
}

/**
 * `npm run state:migrate -- <env>` as docs/state.md has the operator run it
 * after the bootstrap's first apply: `bucketOutdir` holds the stacks
 * synthesized with `bootstrapState: 'bucket'`, the applied local state is put
 * where the shipped backend keeps it (`bootstrap-state/` beside the output
 * folder), and the script runs with the environment's credentials. The only
 * emulator addition is a backend override file with the -backend-config
 * arguments the other stacks get (endpoints, path style, skip flags).
 */
export async function migrateBootstrap(
  emulator: Emulator,
  stack: EmulatorStack,
  environment: string,
  bucketOutdir: string,
): Promise<MigrationResult> {
  const stackDir = join(bucketOutdir, 'stacks', stack.name);
  const synthesized = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
  const backend = s3Backend(synthesized);
  if (!backend) throw new Error(`${stack.name}: synthesized with bootstrapState 'bucket' but without an S3 backend`);
  writeFileSync(
    join(stackDir, 'backend_override.tf.json'),
    JSON.stringify({ terraform: { backend: { s3: { ...backend, ...emulatorBackend(emulator.endpoint) } } } }),
  );
  const localDir = join(dirname(bucketOutdir), 'bootstrap-state');
  mkdirSync(localDir, { recursive: true });
  const local = join(localDir, `${stack.name}.tfstate`);
  copyFileSync(join(stack.workDir, 'terraform.tfstate'), local);

  const env = terraformEnv(emulator.toolchain, {
    ...stack.credentials,
    AWS_REGION: 'us-east-1',
    CDKTF_OUTDIR: bucketOutdir,
    TERRAFORM_BIN: emulator.toolchain.terraform,
  });
  const start = performance.now();
  const step: Step = await run('sh', [join(__dirname, '..', '..', 'scripts', 'storytime.sh'), 'state:migrate', environment, '--no-synth'], {
    env,
    maxBuffer: 16 << 20,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr, seconds: (performance.now() - start) / 1000 }),
    (error) => ({
      code: error.code ?? 1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      seconds: (performance.now() - start) / 1000,
    }),
  );
  const list = async (dir: string) =>
    (await terraformIn(emulator.toolchain, dir, stack.credentials)(['state', 'list']).done).output
      .trim()
      .split('\n')
      .filter(Boolean)
      .sort();
  return {
    step,
    localRenamed: existsSync(`${local}.migrated`) && !existsSync(local),
    inBucket: await list(stackDir),
    applied: await list(stack.workDir),
  };
}

/** Addresses of the stack's resources with lifecycle.prevent_destroy, which a destroy must stop at. */
export function protectedAddresses(stack: EmulatorStack): string[] {
  return Object.entries(stack.json.resource ?? {}).flatMap(([type, resources]) =>
    Object.entries(resources as Record<string, { lifecycle?: { prevent_destroy?: boolean } }>)
      .filter(([, config]) => config.lifecycle?.prevent_destroy === true)
      .map(([name]) => `${type}.${name}`),
  );
}

/**
 * A plan that takes the state lock and stops at its approval prompt: the replacement of one unprotected
 * resource, planned for it alone and without reading anything back (the lock is under test; a whole plan of
 * an environment costs ~15 s of CPU, twice per lock test).
 */
export function lockHolder(stack: EmulatorStack): string[] {
  const address = unprotectedAddress(stack);
  return ['apply', `-replace=${address}`, `-target=${address}`, '-input=true', '-refresh=false'];
}

/** The first address (sorted) of a resource without lifecycle.prevent_destroy: a plan may replace it. */
export function unprotectedAddress(stack: EmulatorStack): string {
  const protectedOnes = new Set(protectedAddresses(stack));
  const addresses = Object.entries(stack.json.resource ?? {}).flatMap(([type, resources]) =>
    Object.keys(resources as object).map((name) => `${type}.${name}`),
  );
  const address = addresses.filter((candidate) => !protectedOnes.has(candidate)).sort()[0];
  if (!address) throw new Error(`${stack.name}: every resource has prevent_destroy; nothing to plan a replacement of`);
  return address;
}

/** Addresses Terraform names in "Instance cannot be destroyed" errors. */
export function refusedDestroys(output: string): string[] {
  return [...output.matchAll(/Resource (\S+) has lifecycle\.prevent_destroy\s+set/g)].map((match) => match[1]).sort();
}
