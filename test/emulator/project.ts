/**
 * The emulator's operator workspace: a folder that looks like this project
 * to the storytime CLI (its bundle in .cache/cli/, node_modules beside it,
 * the emulator settings as stacks/settings/<env>.ts, the stacks in
 * cdktf.out/stacks/), so that every day-2 command runs exactly as an operator
 * runs it, with `--no-synth`: the emulator synthesizes itself, because moto
 * needs the stand-ins in the copy (test/emulator/stand-ins.ts).
 */
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SettingsInputs } from '../../src/config/validate';
import { terraformEnv, type Toolchain } from '../support/terraform';
import { tempDir } from '../temp';
import type { Step } from './backend';
import type { OutsideEnvironment } from './settings';
import { prepareStack, synthesizeForEmulator, type EmulatorStack } from './stacks';

const REPO = join(__dirname, '..', '..');
const run = promisify(execFile);

export interface Project {
  readonly root: string;
  readonly stacksDir: string;
  readonly endpoint: string;
  readonly toolchain: Toolchain;
  /** TF_VAR_* every terraform run gets. */
  readonly variables: Readonly<Record<string, string>>;
  inputs: SettingsInputs;
}

export function createProject(inputs: SettingsInputs, endpoint: string, toolchain: Toolchain, variables: Record<string, string>): Project {
  const root = tempDir('emulator-project');
  // The bundle as scripts/storytime.sh builds it: the CLI finds the project two folders up from it.
  const built = spawnSync('sh', [join(REPO, 'scripts', 'storytime.sh'), '--help'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the CLI bundle failed:\n${built.stderr}`);
  mkdirSync(join(root, '.cache', 'cli'), { recursive: true });
  copyFileSync(join(REPO, '.cache', 'cli', 'storytime.cjs'), join(root, '.cache', 'cli', 'storytime.cjs'));
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  const project: Project = { root, stacksDir: join(root, 'cdktf.out', 'stacks'), endpoint, toolchain, variables, inputs };
  writeSettings(project, inputs);
  return project;
}

/** The settings files, as an operator keeps them: one `export const settings = …` per environment. */
export function writeSettings(project: Project, inputs: SettingsInputs): void {
  project.inputs = inputs;
  const folder = join(project.root, 'stacks', 'settings');
  mkdirSync(folder, { recursive: true });
  for (const [name, settings] of Object.entries(inputs.environments)) {
    writeFileSync(join(folder, `${name}.ts`), `export const settings = ${JSON.stringify(settings, null, 2)};\n`);
  }
}

/**
 * Synthesizes the project's settings and puts the emulator copy of each stack
 * in `only` (default: all) into cdktf.out/stacks: what `npm run synth`
 * would write, plus the stand-ins and the emulator's override files.
 */
export function synthesizeProject(
  project: Project,
  outside: Readonly<Record<string, OutsideEnvironment>>,
  only?: readonly string[],
  bootstrapState: 'local' | 'bucket' = 'local',
): EmulatorStack[] {
  const outdir = join(tempDir('emulator-synth'), 'cdktf.out');
  const names = synthesizeForEmulator(outside, outdir, bootstrapState, project.inputs);
  return names
    .filter((name) => only === undefined || only.includes(name))
    .map((name) => prepareStack(outdir, name, project.stacksDir, project.endpoint, outside));
}

/** Environment of a CLI or terraform run: the account's credentials, the emulator as every AWS endpoint, the mirror. */
export function operatorEnv(project: Project, credentials: Readonly<Record<string, string>>, extra: Record<string, string> = {}) {
  return terraformEnv(project.toolchain, {
    ...credentials,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: project.endpoint,
    TERRAFORM_BIN: project.toolchain.terraform,
    ...Object.fromEntries(Object.entries(project.variables).map(([name, value]) => [`TF_VAR_${name}`, value])),
    ...extra,
  });
}

/** A program run in the project's folder with one account's credentials, as a step; never throws on a non-zero exit. */
function inProject(
  project: Project,
  file: string,
  args: readonly string[],
  credentials: Readonly<Record<string, string>>,
  extra: Record<string, string>,
): Promise<Step> {
  const start = performance.now();
  const seconds = () => (performance.now() - start) / 1000;
  return run(file, [...args], {
    cwd: project.root,
    env: operatorEnv(project, credentials, extra),
    maxBuffer: 64 << 20,
    timeout: 300_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr, seconds: seconds() }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof error.code === 'number' ? error.code : 1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      seconds: seconds(),
    }),
  );
}

/** `npm run storytime -- <args>` in the project, with one account's credentials. */
export const storytime = (
  project: Project,
  args: readonly string[],
  credentials: Readonly<Record<string, string>>,
  extra: Record<string, string> = {},
): Promise<Step> =>
  inProject(
    project,
    'node',
    [join(REPO, 'scripts', 'run-bundle.cjs'), join(project.root, '.cache', 'cli', 'storytime.cjs'), ...args],
    credentials,
    extra,
  );

/** A bash command line run in the project's folder as a runbook has the operator run it. */
export const shell = (
  project: Project,
  script: string,
  credentials: Readonly<Record<string, string>>,
  extra: Record<string, string> = {},
) => inProject(project, 'bash', ['-euo', 'pipefail', '-c', script], credentials, extra);

/** The settings file of an environment as written. */
export const settingsText = (project: Project, environment: string) =>
  readFileSync(join(project.root, 'stacks', 'settings', `${environment}.ts`), 'utf8');
