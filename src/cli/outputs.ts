/**
 * The one outputs reader of the CLI: a stack's Terraform outputs, live from
 * `terraform output -json` or from a recorded file, refused when they are of
 * another environment or not what `terraform output -json` prints.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { StackOutputName } from '../../stacks/outputs';
import { envStackName, REPO_ROOT } from './environments';
import { UsageError } from './errors';

/** An environment's name, e.g. `dev`: one of stacks/settings/<name>.ts. */
export type Environment = string;

/** Describes a failed file read without the stack-trace-style detail of the raw error. */
export function fileErrorReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return code ?? String(err);
  }
}

/** One entry of `terraform output -json`. */
export interface TerraformOutput {
  value: unknown;
  type?: unknown;
  sensitive?: boolean;
}
export type TerraformOutputs = Record<string, TerraformOutput>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses `terraform output -json` text; `source` names it in error messages. */
function parseOutputs(text: string, source: string): TerraformOutputs {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isRecord(data)) {
    throw new UsageError(`${source} is not \`terraform output -json\` output: expected an object`);
  }
  for (const [name, entry] of Object.entries(data)) {
    if (!isRecord(entry) || !('value' in entry)) {
      throw new UsageError(`${source} is not \`terraform output -json\` output: "${name}" has no value`);
    }
  }
  return data as TerraformOutputs;
}

/** `-` is standard input, so that `terraform output -json | npm run rails-env -- --from -` works. */
export function readOutputsFile(file: string, readStdin: () => string = () => readFileSync(0, 'utf8')): TerraformOutputs {
  let text: string;
  try {
    text = file === '-' ? readStdin() : readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file === '-' ? 'standard input' : file}: ${fileErrorReason(err)}`);
  }
  return parseOutputs(text, file === '-' ? 'standard input' : file);
}

export function stackDir(env: Environment, root: string = REPO_ROOT): string {
  return path.join(root, 'cdktf.out', 'stacks', envStackName(env));
}

/** Runs `terraform output -json` in a stack directory; undefined when terraform fails. */
export type TerraformOutputRunner = (dir: string) => string | undefined;

const runTerraformOutput: TerraformOutputRunner = (dir) => {
  const result = spawnSync('terraform', [`-chdir=${dir}`, 'output', '-json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  return result.status === 0 ? result.stdout : undefined;
};

export interface StackOutputsOptions {
  root?: string | undefined;
  run?: TerraformOutputRunner | undefined;
}

/**
 * Outputs of the deployed stack, or undefined when there are none to read: the
 * stack directory was never initialised, terraform failed, or nothing is applied.
 */
export function readStackOutputs(env: Environment, options: StackOutputsOptions = {}): TerraformOutputs | undefined {
  const dir = stackDir(env, options.root);
  // Outside an initialised directory terraform only complains about the backend; skip the call.
  if (!existsSync(path.join(dir, '.terraform')) && !existsSync(path.join(dir, 'terraform.tfstate'))) {
    return undefined;
  }
  const stdout = (options.run ?? runTerraformOutput)(dir);
  if (stdout === undefined) return undefined;
  let outputs: TerraformOutputs;
  try {
    outputs = parseOutputs(stdout, 'terraform output');
  } catch {
    // A warning or an error on stdout: skipping the checks silently would hide it, so show Terraform's own first line.
    const first = stdout.split('\n').find((line) => line.trim() !== '') ?? '(nothing)';
    throw new UsageError(`terraform output -json in ${dir} did not print JSON; it began: ${first.trim().slice(0, 200)}`);
  }
  return Object.keys(outputs).length > 0 ? outputs : undefined;
}

export type StackOutputsReader = (env: Environment) => TerraformOutputs | undefined;

/**
 * Outputs from `from` when given, else from the stack. Refuses outputs recorded
 * for the other environment, so a prod file cannot pass for dev.
 */
export function loadOutputs(
  env: Environment,
  from: string | undefined,
  readStack: StackOutputsReader = readStackOutputs,
): TerraformOutputs | undefined {
  const outputs = from === undefined ? readStack(env) : readOutputsFile(from);
  const recorded = outputs?.['environment']?.value;
  if (typeof recorded === 'string' && recorded !== env) {
    throw new UsageError(`outputs${from === undefined ? '' : ` in ${from}`} are for env "${recorded}", not "${env}"`);
  }
  return outputs;
}

/** A string output; undefined when absent or null, UsageError when of another type. */
export function outputString(outputs: TerraformOutputs, name: StackOutputName): string | undefined {
  const value = outputs[name]?.value;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new UsageError(`output ${name} is not a string`);
  return value;
}

/** A map(string) output; undefined when absent or null, UsageError when of another type. */
export function outputStringMap(outputs: TerraformOutputs, name: StackOutputName): Record<string, string> | undefined {
  const value = outputs[name]?.value;
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new UsageError(`output ${name} is not a map of strings`);
  }
  return value as Record<string, string>;
}
