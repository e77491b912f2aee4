import type { App } from 'cdktf';
import { StateBackendStack } from '../stacks/state-backend-stack';
import { StorytimeStack } from '../stacks/storytime-stack';
import type { ValidSettings } from './config/validate';

export interface StorytimeStacks {
  readonly environments: readonly StorytimeStack[];
  readonly state?: StateBackendStack;
}

/** Adds one stack per environment and, when any uses S3 state, the state bootstrap stack. */
export function addStacks(app: App, settings: ValidSettings): StorytimeStacks {
  const environments = settings.environments.map((environment) => new StorytimeStack(app, environment));
  const usesS3 = settings.environments.some((environment) => environment.backend.type === 's3');
  const state = usesS3 && settings.state ? new StateBackendStack(app, settings.state) : undefined;
  return { environments, state };
}
