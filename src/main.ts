import type * as Dev from '../stacks/settings/dev';
import type * as Prod from '../stacks/settings/prod';
import { settingsFile } from '../stacks/naming';
import { loadSettingsModules } from './config/load';
import { applyBackendOverrides } from './config/overrides';
import { nodeVersionProblem } from './node-version';
import { synthesize } from './synth';

/** Entry of `npm run synth` and `cdktf synth`. */
const nodeProblem = nodeVersionProblem(process.version);
if (nodeProblem) {
  console.error(nodeProblem);
  process.exitCode = 1;
} else {
  process.exitCode = synthesize(() => {
    const { dev, prod } = loadSettingsModules([
      { label: 'dev', file: settingsFile('dev'), load: () => (require('../stacks/settings/dev') as typeof Dev).dev },
      { label: 'prod', file: settingsFile('prod'), load: () => (require('../stacks/settings/prod') as typeof Prod).prod },
    ]);
    return { environments: applyBackendOverrides({ dev, prod }, process.env) };
  });
}
