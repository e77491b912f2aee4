import type { App } from 'cdktf';
import { StateBackendStack } from '../stacks/state-backend-stack';
import { StorytimeStack } from '../stacks/storytime-stack';
import type { ValidSettings } from './config/validate';

/** Adds one stack per environment and, when any uses S3 state, the state bootstrap stack; returns them all. */
export function addStacks(app: App, settings: ValidSettings): (StorytimeStack | StateBackendStack)[] {
  const stacks: (StorytimeStack | StateBackendStack)[] = settings.environments.map((environment) => new StorytimeStack(app, environment));
  const usesS3 = settings.environments.some((environment) => environment.backend.type === 's3');
  if (usesS3 && settings.state) stacks.push(new StateBackendStack(app, settings.state));
  return stacks;
}
