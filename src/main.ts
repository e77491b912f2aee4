import { dev } from '../stacks/settings/dev';
import { prod } from '../stacks/settings/prod';
import { applyBackendOverrides } from './config/overrides';
import { synthesize } from './synth';

/** Entry of `npm run synth` and `cdktf synth`. */
process.exitCode = synthesize({ environments: applyBackendOverrides({ dev, prod }, process.env) });
