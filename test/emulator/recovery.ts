/**
 * Day-2 scenarios on a fresh environment: an apply killed part-way (the
 * runner killed: SIGKILL, both locks left behind, created resources missing
 * from the state), and a network cut mid-apply; each then recovered with the
 * runbook's commands (docs/recovery.md): unlock, recover, plan and apply.
 */
import type { Step } from './backend';
import { writeProviderOverride } from './backend';
import { cuttingProxy } from './netcut';
import { byHand, cli, deletions, emptyPlan, planAndApply, terraform, type Operator } from './operator';
import type { EmulatorStack } from './stacks';

/** Where the apply is killed, in turn: when its output first matches. Each is reached by the apply after the previous recovery. */
export const KILL_POINTS: readonly { readonly name: string; readonly at: RegExp }[] = [
  // Nothing is created before its dependencies: the first completion comes long before the distribution,
  // and the alias records wait for the distribution, so each point is still ahead when its apply starts.
  { name: 'at the first AWS resource created, before any state was written', at: /^aws_\S+: Creation complete/m },
  { name: 'right after the distribution was created', at: /aws_cloudfront_distribution\.\S+: Creation complete/ },
  { name: 'right after the first DNS alias record was created', at: /aws_route53_record\.\S+: Creation complete/ },
];

export interface Interruption {
  readonly point: string;
  readonly interrupted: Step;
  readonly unlock: Step;
  readonly recover: Step;
}

export interface RecoveryResult {
  readonly rounds: readonly Interruption[];
  readonly plan: Step;
  readonly apply: Step;
  readonly deleted: readonly string[];
  readonly after: Step;
  readonly cleanup: Step;
  /** How many of each the account holds after the recovery. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- by_hand.py's JSON
  readonly inventory: any;
}

const NOT_RUN: Step = { code: -1, output: 'not run', seconds: 0 };

/** After the interruptions: the plan (imports, nothing deleted that holds data), the apply, an empty plan, the cleanup. */
async function converge(operator: Operator, stack: EmulatorStack, environment: string, rounds: Interruption[]): Promise<RecoveryResult> {
  const { plan, apply } = await planAndApply(operator, stack, environment);
  const deleted = plan.code === 0 ? await deletions(operator, stack, `${stack.name}.tfplan`) : [];
  const after = apply.code === 0 ? await emptyPlan(operator, stack) : NOT_RUN;
  const cleanup = await cli(operator, stack, ['recover', environment, '--no-synth']);
  const inventory = await byHand(operator, stack, 'inventory');
  return { rounds, plan, apply, deleted, after, cleanup, inventory };
}

/** unlock (the interrupted run's locks) and recover, as docs/recovery.md has them. */
async function unlockAndRecover(
  operator: Operator,
  stack: EmulatorStack,
  environment: string,
  point: string,
  interrupted: Step,
): Promise<Interruption> {
  const unlock = await cli(operator, stack, ['unlock', environment, '--yes']);
  const recover = await cli(operator, stack, ['recover', environment, '--no-synth']);
  return { point, interrupted, unlock, recover };
}

/** The apply killed with SIGKILL (a runner killed) at each point in turn, unlock and recover after each, then the apply that converges. */
export async function killedApplies(operator: Operator, stack: EmulatorStack, environment: string): Promise<RecoveryResult> {
  const tf = terraform(operator, stack);
  const init = await tf(['init', '-input=false']).done;
  if (init.code !== 0) throw new Error(`${stack.name}: init:\n${init.output}`);
  const rounds: Interruption[] = [];
  for (const { name, at } of KILL_POINTS) {
    const apply = tf(['apply', '-auto-approve', '-input=false', '-parallelism=50'], {
      killable: true,
      onOutput: (text) => {
        if (at.test(text) && apply.child.exitCode === null) apply.killAll('SIGKILL');
      },
    });
    rounds.push(await unlockAndRecover(operator, stack, environment, name, await apply.done));
  }
  return converge(operator, stack, environment, rounds);
}

export interface NetworkCutResult extends RecoveryResult {
  readonly cutAfter: string | undefined;
  readonly messagesBefore: number;
  readonly messagesAfter: number;
}

/**
 * The provider's network goes away right after SQS answered the dead-letter
 * queue's CreateQueue: the queue exists, its create fails, Terraform marks it
 * tainted. A message then waits in it; the recovery must keep it.
 */
export async function networkCut(operator: Operator, stack: EmulatorStack, environment: string): Promise<NetworkCutResult> {
  // The job events' dead-letter queue (not the event delivery's, `…-events-delivery-dlq`).
  const dlq = String(
    Object.values(stack.json.resource.aws_sqs_queue as Record<string, { name: string }>).find((queue) => queue.name.endsWith('-events-dlq'))
      ?.name,
  );
  const proxy = await cuttingProxy(operator.project.endpoint, (request) => request.includes('CreateQueue') && request.includes(dlq));
  try {
    writeProviderOverride(stack.json, stack.workDir, proxy.url);
    const tf = terraform(operator, stack);
    const init = await tf(['init', '-input=false']).done;
    if (init.code !== 0) throw new Error(`${stack.name}: init:\n${init.output}`);
    const interrupted = await tf(['apply', '-auto-approve', '-input=false', '-parallelism=50']).done;
    proxy.restore();
    writeProviderOverride(stack.json, stack.workDir, operator.project.endpoint);
    console.log(`emulator ${stack.name}: after the cut the account holds ${JSON.stringify(await byHand(operator, stack, 'inventory'))}`);
    await byHand(operator, stack, 'send-message', dlq);
    const messagesBefore = (await byHand(operator, stack, 'count-messages', dlq)).count as number;
    const result = await converge(operator, stack, environment, [
      await unlockAndRecover(operator, stack, environment, 'network cut', interrupted),
    ]);
    const messagesAfter = (await byHand(operator, stack, 'count-messages', dlq)).count as number;
    return { ...result, cutAfter: proxy.cutAfter(), messagesBefore, messagesAfter };
  } finally {
    await proxy.close();
  }
}

export interface DestroyResult {
  readonly refused: Step;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- by_hand.py's JSON
  readonly guards: Record<string, any>;
  readonly destroyed: Step;
  readonly remaining: Step;
  readonly reapplied: { plan: Step; apply: Step };
  readonly after: Step;
}

/**
 * Destroy of a non-production environment whose master bucket holds an
 * upload: refused before anything is deleted, every bucket keeping its
 * guards; emptied by hand as docs/recovery.md says; destroyed; applied again.
 */
export async function destroyAndReapply(operator: Operator, stack: EmulatorStack, environment: string): Promise<DestroyResult> {
  const buckets = Object.values(stack.json.resource.aws_s3_bucket as Record<string, { bucket: string }>).map((config) => config.bucket);
  const master = buckets.find((bucket) => bucket.includes('master-uploads')) ?? buckets[0];
  await byHand(operator, stack, 'put-object', master, 'uploads/book-1/master.mp4');
  const refused = await cli(operator, stack, ['destroy', environment, '--no-synth', '--yes']);
  const guards = Object.fromEntries(
    await Promise.all(buckets.map(async (bucket) => [bucket, await byHand(operator, stack, 'bucket-guards', bucket)])),
  );
  await byHand(operator, stack, 'empty-bucket', ...buckets);
  const destroyed = await cli(operator, stack, ['destroy', environment, '--no-synth', '--yes']);
  const remaining = await terraform(operator, stack)(['state', 'list']).done;
  const reapplied = await planAndApply(operator, stack, environment);
  const after = reapplied.apply.code === 0 ? await emptyPlan(operator, stack) : NOT_RUN;
  return { refused, guards, destroyed, remaining, reapplied, after };
}
