import { dev } from '../stacks/settings/dev';
import { prod } from '../stacks/settings/prod';
import { applyBackendOverrides } from './config/overrides';
import { nodeVersionProblem } from './node-version';
import { synthesize } from './synth';

/** Entry of `npm run synth` and `cdktf synth`. */
const nodeProblem = nodeVersionProblem(process.version);
if (nodeProblem) {
  console.error(nodeProblem);
  process.exitCode = 1;
} else {
  process.exitCode = synthesize({ environments: applyBackendOverrides({ dev, prod }, process.env) });
}
