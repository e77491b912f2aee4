import { loadEnvironments } from './config/environments';
import { applyBackendOverrides } from './config/overrides';
import { nodeVersionProblem } from './node-version';
import { synthesize } from './synth';

/** Entry of `npm run synth` and `cdktf synth`, started in the project's folder (scripts/app.sh). */
const nodeProblem = nodeVersionProblem(process.version);
if (nodeProblem) {
  console.error(nodeProblem);
  process.exitCode = 1;
} else {
  process.exitCode = synthesize(() => {
    // A require of a template literal: the bundler includes every stacks/settings/*.ts and loads each only here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an import() would make synth asynchronous
    const environments = loadEnvironments(process.cwd(), (name): unknown => require(`../stacks/settings/${name}.ts`));
    return { environments: applyBackendOverrides(environments, process.env) };
  });
}
