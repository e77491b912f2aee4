/**
 * `storytime state:migrate <env>`: moves the state of an environment's state
 * bootstrap from its local file (bootstrap-state/, beside the output folder)
 * into the bucket that bootstrap created. Run once, after the bootstrap's
 * first apply and after setting `backend.bootstrapState: 'bucket'` in that
 * environment's settings, with that environment's credentials (docs/state.md).
 *
 * `terraform state push` rather than `init -migrate-state`: it needs no memory
 * of the old backend in .terraform/, which `rm -rf cdktf.out` would have lost,
 * and it refuses to overwrite a different state already in the bucket.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { stateStackName } from '../../../stacks/naming';
import { defineCommand } from '../command';
import { environmentSettings, settingsOf } from '../environments';
import { CommandFailure, flagError, UsageError } from '../errors';
import { outputFolder, runIn, synthesize, terraformBin } from '../terraform-run';

const USAGE = `usage: storytime state:migrate <env> [--no-synth]
  <env>         the environment whose state bootstrap moves its state into its bucket, e.g. dev
  --no-synth    use the output folder as it is (by default it is synthesized first)
  CDKTF_OUTDIR  output folder (default cdktf.out); TERRAFORM_BIN: terraform to run (default terraform)
`;

export interface StateMigrateDeps {
  /** `npm run synth`; tests answer in its place. */
  readonly synthesize?: () => number;
  /** Runs terraform with the operator's terminal and returns its exit code. */
  readonly run?: (command: string, args: readonly string[]) => number;
}

/** The one environment named on the command line. */
function environmentOf(positionals: readonly string[]): string {
  const [environment, ...extra] = positionals;
  const known = [...environmentSettings().keys()];
  if (environment === undefined) throw flagError(`missing the environment: one of ${known.join(', ')}`);
  if (extra.length > 0) throw flagError(`one environment per run; unexpected ${extra.map((word) => `"${word}"`).join(' ')}`);
  if (!known.includes(environment)) throw flagError(`unknown env "${environment}" (expected one of ${known.join(', ')})`);
  return environment;
}

export const command = defineCommand({
  name: 'state:migrate',
  usage: USAGE,
  positionals: true,
  flags: { 'no-synth': { type: 'boolean' } },
  run({ flags, positionals }, deps: StateMigrateDeps = {}) {
    const environment = environmentOf(positionals);
    const settings = settingsOf(environment);
    if (settings.backend.type !== 's3') {
      throw new UsageError(`${environment} has no state bootstrap: its state is in Terraform Cloud (backend.type 'cloud')`);
    }
    if (!flags['no-synth'] && (deps.synthesize ?? synthesize)() !== 0) return { stdout: '', stderr: [], exitCode: 1 };
    const outdir = outputFolder();
    const stack = stateStackName(settings);
    const dir = path.join(outdir, 'stacks', stack);
    const stackFile = path.join(dir, 'cdk.tf.json');
    if (!existsSync(stackFile)) throw new CommandFailure(`${dir} was not synthesized: run npm run synth`);
    const backend = (JSON.parse(readFileSync(stackFile, 'utf8')) as { terraform?: { backend?: { s3?: unknown } } }).terraform?.backend;
    if (backend?.s3 === undefined) {
      throw new CommandFailure(
        `${stack} still keeps its state locally: set backend.bootstrapState: 'bucket' in stacks/settings/${environment}.ts first`,
      );
    }
    const localState = path.join(path.dirname(outdir), 'bootstrap-state', `${stack}.tfstate`);
    if (!existsSync(localState)) {
      throw new CommandFailure(`no local state at ${localState}: nothing to migrate (already migrated, or never applied)`);
    }
    const run = deps.run ?? runIn;
    const terraform = terraformBin();
    const init = run(terraform, [`-chdir=${dir}`, 'init', '-input=false', '-reconfigure']);
    if (init !== 0) return { stdout: '', stderr: [], exitCode: init };
    const push = run(terraform, [`-chdir=${dir}`, 'state', 'push', localState]);
    if (push !== 0) return { stdout: '', stderr: [], exitCode: push };
    // The local copy stays as a backup under a name no backend reads, so that a second run stops above.
    renameSync(localState, `${localState}.migrated`);
    return {
      stdout: `${stack} now keeps its state in its bucket; ${localState}.migrated is the old local copy\n`,
      stderr: [],
      exitCode: 0,
    };
  },
});
