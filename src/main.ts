import type * as Dev from '../stacks/settings/dev';
import type * as Prod from '../stacks/settings/prod';
import type * as State from '../stacks/settings/state';
import { loadSettingsModules } from './config/load';
import { applyBackendOverrides } from './config/overrides';
import { synthesize } from './synth';

/** Entry of `npm run synth` and `cdktf synth`. */
process.exitCode = synthesize(() => {
  const { dev, prod, state } = loadSettingsModules([
    { label: 'dev', file: 'stacks/settings/dev.ts', load: () => (require('../stacks/settings/dev') as typeof Dev).dev },
    { label: 'prod', file: 'stacks/settings/prod.ts', load: () => (require('../stacks/settings/prod') as typeof Prod).prod },
    { label: 'state', file: 'stacks/settings/state.ts', load: () => (require('../stacks/settings/state') as typeof State).state },
  ]);
  return { environments: applyBackendOverrides({ dev, prod }, process.env), state };
});
