/**
 * The stacks of the emulator run: synthesized from the emulator settings,
 * found in the synth output (names change as the app grows), each copied into
 * a work folder with the emulator's stand-ins and override, and paired with
 * the credentials of the account its provider is allowed to touch.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emulatorBackend, s3Backend, writeProviderOverride } from './backend';
import { rewrite, substitute, type StackJson, type StandInUse } from './substitute';
import { copyStack } from '../support/terraform';
import { synthesize } from '../../src/synth';
import type { Json } from '../helpers';
import type { SettingsInputs } from '../../src/config/validate';
import { emulatorInputs, type OutsideEnvironment } from './settings';
import { EMULATOR_REWRITES, EMULATOR_STAND_INS } from './stand-ins';

export interface EmulatorStack {
  readonly name: string;
  /** A state bootstrap (it has the lock table) is applied first, on local state; environments use the S3 backend they synthesize. */
  readonly kind: 'state' | 'environment';
  readonly workDir: string;
  readonly json: StackJson;
  readonly account: string;
  readonly credentials: Readonly<Record<string, string>>;
  readonly standIns: readonly StandInUse[];
  /** bucket, key and lock table of the S3 backend. */
  readonly backend?: { readonly bucket: string; readonly key: string; readonly table?: string };
}

/**
 * Synthesizes the emulator settings into `outdir`; returns the stack names. `bootstrapState: 'bucket'`
 * synthesizes the bootstraps as they are after `npm run state:migrate`
 * (the shipped examples say 'local', as before the first apply).
 */
export function synthesizeForEmulator(
  outside: Readonly<Record<string, OutsideEnvironment>>,
  outdir: string,
  bootstrapState: 'local' | 'bucket' = 'local',
  given: SettingsInputs = emulatorInputs(outside),
): string[] {
  const problems: string[] = [];
  const inputs = structuredClone(given);
  for (const settings of Object.values(inputs.environments) as Json[])
    if (settings.backend?.type === 's3') settings.backend.bootstrapState = bootstrapState;
  if (synthesize(inputs, { outdir, report: (line) => problems.push(line) }) !== 0) {
    throw new Error(`synth of the emulator settings failed:\n${problems.join('\n')}`);
  }
  return readdirSync(join(outdir, 'stacks')).sort();
}

/**
 * Copies a synthesized stack into `<workRoot>/<name>` with the stand-ins and
 * the emulator's overrides: its providers' endpoints, and its backend (the
 * synthesized S3 backend plus the emulator's endpoints, in an override file,
 * so that a plain `terraform init`, as the CLI runs it, reaches the emulator).
 */
export function prepareStack(
  outdir: string,
  name: string,
  workRoot: string,
  endpoint: string,
  outside: Readonly<Record<string, OutsideEnvironment>>,
): EmulatorStack {
  const workDir = join(workRoot, name);
  const standIns = copyStack(join(outdir, 'stacks', name), workDir, (stack) => {
    const replaced = substitute(stack, EMULATOR_STAND_INS);
    const rewritten = rewrite(replaced.stack, EMULATOR_REWRITES);
    return { stack: rewritten.stack, used: [...replaced.used, ...rewritten.used] };
  });
  const json = JSON.parse(readFileSync(join(workDir, 'cdk.tf.json'), 'utf8'));
  writeProviderOverride(json, workDir, endpoint);
  const account: string | undefined = json.provider?.aws?.[0]?.allowed_account_ids?.[0];
  const owner = Object.values(outside).find((environment) => environment.account === account);
  if (!owner) throw new Error(`${name}: no emulator account for allowed_account_ids ${account}`);
  const kind = json.resource?.aws_dynamodb_table ? 'state' : 'environment';
  const backend = s3Backend(json);
  if (kind === 'state') {
    // The bootstrap's first apply runs on local state, as on a new account ('local' in the examples); the
    // synthesized path points beside the output folder, which here would be outside this run's temp folder.
    writeFileSync(
      join(workDir, 'backend_override.tf.json'),
      JSON.stringify({ terraform: { backend: { local: { path: 'terraform.tfstate' } } } }),
    );
  }
  if (kind === 'environment' && !backend) throw new Error(`${name}: an environment without an S3 backend; the emulator run knows no other`);
  const remote = kind === 'environment';
  if (remote) {
    writeFileSync(
      join(workDir, 'backend_override.tf.json'),
      JSON.stringify({ terraform: { backend: { s3: { ...backend, ...emulatorBackend(endpoint) } } } }),
    );
  }
  return {
    name,
    kind,
    workDir,
    json,
    account: owner.account,
    credentials: owner.credentials,
    standIns,
    backend: remote ? { bucket: backend.bucket, key: backend.key, table: backend.dynamodb_table } : undefined,
  };
}
