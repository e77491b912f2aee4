/**
 * Child of the scaling section: synthesizes N environment stacks built from
 * generated settings, the dev example with project `storytime1`..`storytimeN`,
 * each with the state bootstrap of its S3 backend. N=0 is the cost of
 * starting and loading.
 *
 *   usage: node scale.cjs <N> <outdir>   (bench/run.ts bundles it with esbuild)
 */
import type { EnvironmentSettingsInput } from '../stacks/schema/schema';
import { synthesize } from '../src/synth';
import { settings as dev } from '../stacks/settings/dev';

const [count, outdir] = process.argv.slice(2);
const environments: Record<string, EnvironmentSettingsInput> = {};
for (let index = 1; index <= Number(count); index++) {
  environments[`storytime${index}`] = { ...structuredClone(dev), project: `storytime${index}` };
}
process.exitCode = synthesize({ environments }, { outdir });
