/** What recover's tests share: settings with every option that adds resources on, and an AWS account made of answers. */
import { FINDERS } from '../../src/cli/recover/finders';
import type { Clients, FinderContext, Found } from '../../src/cli/recover/finders/context';
import { planRecovery, type RecoveryPlan } from '../../src/cli/recover/planner';
import { configuredResources, resolve } from '../../src/cli/stack-json';
import type { SettingsInputs } from '../../src/config/validate';
import { exampleInputs, type Json } from '../helpers';

const ACCOUNTS: Record<string, string> = { dev: '111111111111', prod: '222222222222' };

/**
 * The example settings with every option that adds a resource type on: the availability options of
 * docs/availability.md (HLS replica in us-west-2, VPC origin), the Rails role to attach the policy to,
 * CloudFront's additional metrics and MediaConvert's logs. `region` moves the stacks out of us-east-1,
 * which puts CloudFront's companions (WAF, logs, alarms) behind the aliased us-east-1 provider; the
 * example ALB is in us-east-1, so those stacks have none.
 */
export function everyOptionOn(region = 'us-east-1'): SettingsInputs {
  const inputs = exampleInputs();
  for (const [env, settings] of Object.entries<Json>(inputs.environments)) {
    settings.cdn.failover = { region: 'us-west-2' };
    settings.rails = { existingRoleName: `storytime-${env}-web` };
    settings.alarms = { ...settings.alarms, additionalCloudfrontMetrics: true };
    settings.mediaconvert = { cloudWatchLogs: true };
    if (region === 'us-east-1') {
      settings.alb.vpcOrigin = {
        albArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNTS[env]}:loadbalancer/app/storytime-${env}/0123456789abcdef`,
      };
    } else {
      settings.aws.region = region;
      settings.alb = { enabled: false };
    }
  }
  return inputs;
}

/** An SDK command as the fakes see it. */
interface Command {
  readonly input: Readonly<Record<string, unknown>>;
}

/** An answer per command class; a handler that throws is the service's error. */
export type Answers = readonly (readonly [abstract new (...args: never[]) => object, (input: Json) => unknown])[];

/** The owner tags of dev's resources, and of prod's: what the finders tell ours from another environment's by. */
export const OURS = [
  { Key: 'Project', Value: 'storytime' },
  { Key: 'Environment', Value: 'dev' },
];
export const PROD = [
  { Key: 'Project', Value: 'storytime' },
  { Key: 'Environment', Value: 'prod' },
];

/** An error as the SDK throws it for a service's error code. */
export const awsError = (name: string): Error => Object.assign(new Error(`${name} (fake)`), { name });

/**
 * A finder context on an account of answers: every client of every region sends through `answers`,
 * and each call is logged as `<region> <Command> <input as JSON>`.
 */
export function fakeAws(answers: Answers, calls: string[] = []): FinderContext {
  const client = (region: string) => ({
    send(command: Command): Promise<unknown> {
      calls.push(`${region} ${command.constructor.name} ${JSON.stringify(command.input)}`);
      const answer = answers.find(([type]) => command instanceof type);
      if (!answer) return Promise.reject(new Error(`no fake answer for ${command.constructor.name}`));
      try {
        return Promise.resolve(answer[1](command.input));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  });
  return {
    account: '111111111111',
    partition: 'aws',
    tags: { Project: 'storytime', Environment: 'dev' },
    clients: (region) => new Proxy({}, { get: () => client(region) }) as Clients,
  };
}

/** An answer that throws the service's `name` error. */
export const failing = (name: string) => (): never => {
  throw awsError(name);
};

/**
 * A stack of one resource, `<type>.it` with `args`, its provider in `region`, recovered against `answers`
 * with an empty state: the plan and the calls it made, and what the finder alone found (or the message
 * it threw), attributes included, which only resources referencing it would otherwise see.
 */
export async function recoverOne(
  type: string,
  args: Json,
  answers: Answers,
  region = 'us-east-1',
): Promise<{ plan: RecoveryPlan; calls: string[]; found: Found[] | string }> {
  const stack = { provider: { aws: [{ region }] }, resource: { [type]: { it: args } } };
  const calls: string[] = [];
  const plan = await planRecovery(stack, new Map(), FINDERS, fakeAws(answers, calls));
  const finder = FINDERS[type];
  const literal = Object.fromEntries(finder.needs.map((name) => [name, resolve(args[name], () => undefined) ?? '']));
  const found = await finder.find(literal, configuredResources(stack)[0], fakeAws(answers)).catch((error: Error) => error.message);
  return { plan, calls, found };
}
