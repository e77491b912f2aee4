import type { App } from 'cdktf';
import { StateBackendStack } from '../stacks/state-backend-stack';
import { StorytimeStack } from '../stacks/storytime-stack';
import type { ValidSettings } from './config/validate';

/** Adds one stack per environment and, for each using S3 state, its state bootstrap; returns them all. */
export function addStacks(app: App, settings: ValidSettings): (StorytimeStack | StateBackendStack)[] {
  const stacks: (StorytimeStack | StateBackendStack)[] = settings.environments.map((environment) => new StorytimeStack(app, environment));
  for (const environment of settings.environments) {
    if (environment.backend.type === 's3') stacks.push(new StateBackendStack(app, environment, environment.backend));
  }
  return stacks;
}
