/**
 * The operator's hands in the emulator run: terraform in a stack's folder,
 * the storytime CLI, and scripts/emulator/by_hand.py for what an operator
 * (or an intruder) does in the account by hand. Each returns what happened.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { terraformIn, type Step } from './backend';
import { storytime, type Project } from './project';
import type { EmulatorStack } from './stacks';

const run = promisify(execFile);
const OPERATOR = join(__dirname, '..', '..', 'scripts', 'emulator', 'by_hand.py');

export interface Operator {
  readonly project: Project;
  /** Python of the emulator's virtualenv. */
  readonly python: string;
}

/** terraform in the stack's folder with its account's credentials and the stacks' variables. */
export const terraform = (operator: Operator, stack: EmulatorStack, extra: Record<string, string> = {}) =>
  terraformIn(operator.project.toolchain, stack.workDir, stack.credentials, {
    ...Object.fromEntries(Object.entries(operator.project.variables).map(([name, value]) => [`TF_VAR_${name}`, value])),
    ...extra,
  });

/** `storytime <args>` with the stack's credentials. */
export const cli = (operator: Operator, stack: EmulatorStack, args: readonly string[], extra: Record<string, string> = {}) =>
  storytime(operator.project, args, stack.credentials, extra);

/** by_hand.py's JSON answer, with the stack's credentials. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the script's JSON, shaped per action
export async function byHand(operator: Operator, stack: EmulatorStack, action: string, ...args: string[]): Promise<any> {
  const { stdout } = await run(operator.python, [OPERATOR, operator.project.endpoint, action, ...args], {
    env: { ...process.env, ...stack.credentials, AWS_REGION: 'us-east-1' },
    maxBuffer: 16 << 20,
  });
  return JSON.parse(stdout);
}

/** The environment's plan with the CLI (`npm run plan -- <env>`, synthesized already), then its apply, as the README has them. */
export async function planAndApply(operator: Operator, stack: EmulatorStack, environment: string): Promise<{ plan: Step; apply: Step }> {
  let plan = await cli(operator, stack, ['plan', environment, '--no-synth']);
  // moto under load can answer the backend's conditional PutItem of the lock late: the SDK retries it, finds the item
  // it wrote itself and Terraform reports its own lock as held, and leaves it. What an operator does then: unlock, plan again.
  if (plan.code !== 0 && /Error acquiring the state lock/.test(plan.output)) {
    console.log(`emulator ${stack.name}: the plan met its own lock (a retried PutItem); unlock and plan again`);
    await cli(operator, stack, ['unlock', environment, '--yes']);
    plan = await cli(operator, stack, ['plan', environment, '--no-synth']);
  }
  if (plan.code !== 0) return { plan, apply: { code: -1, output: 'not run: the plan failed', seconds: 0 } };
  const apply = await terraform(operator, stack)(['apply', '-input=false', '-parallelism=50', `${stack.name}.tfplan`]).done;
  return { plan, apply };
}

/** `terraform plan -detailed-exitcode`: 0 is an empty plan. */
export const emptyPlan = async (operator: Operator, stack: EmulatorStack) =>
  terraform(operator, stack)(['plan', '-input=false', '-detailed-exitcode', '-lock-timeout=0s']).done;

/** The resource types and counts the plan file would delete (alone or as part of a replacement). */
export async function deletions(operator: Operator, stack: EmulatorStack, planFile: string): Promise<string[]> {
  const shown = await terraform(operator, stack)(['show', '-json', planFile]).done;
  const plan = JSON.parse(shown.output) as { resource_changes?: { address: string; change: { actions: string[] } }[] };
  return (plan.resource_changes ?? []).filter(({ change }) => change.actions.includes('delete')).map(({ address }) => address);
}
