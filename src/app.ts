import type { App } from 'cdktf';
import { StateBackendStack } from '../stacks/state-backend-stack';
import { StorytimeStack } from '../stacks/storytime-stack';
import type { ValidSettings } from './config/validate';

/** Adds one stack per environment and, for each using S3 state or asking for deploy identities, its bootstrap; returns them all. */
export function addStacks(app: App, settings: ValidSettings): (StorytimeStack | StateBackendStack)[] {
  const stacks: (StorytimeStack | StateBackendStack)[] = settings.environments.map((environment) => new StorytimeStack(app, environment));
  for (const environment of settings.environments) {
    const backend = environment.backend.type === 's3' ? environment.backend : undefined;
    if (backend || environment.deployIdentities) stacks.push(new StateBackendStack(app, environment, backend));
  }
  return stacks;
}
