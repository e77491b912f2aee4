/** One environment's settings changed for a test: the CLI reads every environment through environmentSettings()'s map. */
import { vi } from 'vitest';
import { environmentSettings } from '../../src/cli/environments';
import type { EnvironmentSettings } from '../../stacks/schema/schema';

/** `env`'s settings as `change` makes them, until vi.restoreAllMocks(). */
export function overrideSettings(env: string, change: (settings: EnvironmentSettings) => EnvironmentSettings): void {
  const environments = environmentSettings();
  const get = environments.get.bind(environments);
  vi.spyOn(environments, 'get').mockImplementation((name) => {
    const settings = get(name);
    return name === env && settings ? change(settings) : settings;
  });
}

/** The environment's backend as Terraform Cloud's (the fields a cloud backend has beside its type are not read here). */
export const cloudBackend = (settings: EnvironmentSettings): EnvironmentSettings => ({
  ...settings,
  backend: { ...settings.backend, type: 'cloud' } as unknown as EnvironmentSettings['backend'],
});

/** The environment's state bootstrap keeping its own state in its bucket. */
export const bootstrapInBucket = (settings: EnvironmentSettings): EnvironmentSettings => ({
  ...settings,
  backend: { ...settings.backend, bootstrapState: 'bucket' } as EnvironmentSettings['backend'],
});
