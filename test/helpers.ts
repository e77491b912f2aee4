import { cpSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformOutput, TerraformResource, TerraformStack, Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { require as tsxRequire } from 'tsx/cjs/api';
import { SETTINGS_FOLDER } from '../stacks/naming';
import type { EnvironmentSettingsInput } from '../stacks/schema/schema';
import { loadEnvironments } from '../src/config/environments';
import { SettingsError, validateSettings, type SettingsInputs } from '../src/config/validate';
import { synthesize } from '../src/synth';
import { tempDir } from './temp';

// Synthesized Terraform JSON is untyped by nature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped by nature
export type Json = any;

export const ROOT = join(__dirname, '..');

/** Settings of every environment under `root` as synth discovers them, its files loaded through tsx. */
export function discoveredInputs(root: string = ROOT): Record<string, EnvironmentSettingsInput> {
  return loadEnvironments(root, (name) => tsxRequire(join(root, SETTINGS_FOLDER, `${name}.ts`), __filename)) as Record<
    string,
    EnvironmentSettingsInput
  >;
}

/** The environments of the shipped example settings: the `.ts` files of stacks/settings, sorted (listed here, not by src/config). */
export const ENVIRONMENTS: readonly string[] = readdirSync(join(ROOT, 'stacks', 'settings'))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -3))
  .sort();

const shipped = discoveredInputs();

/**
 * The stacks synth writes for the shipped settings, sorted: `<project>-<env>` for every environment and
 * `<project>-state-<env>` for those on S3 (written out here, not taken from stacks/naming.ts).
 */
export function shippedStackNames(environments: Record<string, Json> = shipped): string[] {
  return Object.values(environments)
    .flatMap((settings: Json) => [
      `${settings.project}-${settings.environment}`,
      ...(settings.backend.type === 's3' ? [`${settings.project}-state-${settings.environment}`] : []),
    ])
    .sort();
}

/** Fresh, mutable copies of the shipped example settings. */
export function exampleInputs(): { environments: Record<string, EnvironmentSettingsInput> } {
  return { environments: structuredClone(shipped) };
}

/** The example settings with `change` applied to one environment's copy. */
export function exampleWith(environment: string, change: (settings: Json) => void): SettingsInputs {
  const inputs = exampleInputs();
  change(inputs.environments[environment]);
  return inputs;
}

/**
 * Synthesizes through src/synth.ts as `npm run synth` does (validation, guardrails
 * once, every stack written) and returns each cdk.tf.json by stack name; throws
 * what synth reported when it refused.
 */
export function synthAll(inputs: SettingsInputs = exampleInputs()): Record<string, Json> {
  const outdir = tempDir('synth');
  const report: string[] = [];
  const code = synthesize(inputs, { outdir, report: (line) => report.push(line) });
  if (code !== 0) throw new Error(`synth exited ${code}:\n${report.join('\n')}`);
  const written = readdirSync(join(outdir, 'stacks'));
  return Object.fromEntries(written.map((name) => [name, JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'))]));
}

/** A copy of the project's sources in a temp folder (node_modules linked), to run its commands without touching this one. */
export function copyProject(): string {
  const project = tempDir('project');
  for (const entry of ['src', 'stacks', 'modules', 'scripts', 'package.json', 'tsconfig.json', 'cdktf.json']) {
    cpSync(join(ROOT, entry), join(project, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  return project;
}

/** Logical id of each resource by `<type> <construct path below the stack>`, for the JSON synthJson returned. */
const logicalIds = new WeakMap<object, ReadonlyMap<string, string>>();

/** Synthesized JSON of one stack as `Testing.synth` gives it (no `//` metadata), in memory. */
export function synthJson(stack: TerraformStack): Json {
  const json = JSON.parse(Testing.synth(stack));
  const ids = new Map<string, string>();
  for (const node of stack.node.findAll()) {
    // friendlyUniqueId is the id cdktf writes: TerraformStack.getLogicalId's, or an overrideLogicalId.
    if (TerraformResource.isTerraformResource(node))
      ids.set(`${node.terraformResourceType} ${pathBelow(stack, node.node.path)}`, node.friendlyUniqueId);
  }
  logicalIds.set(json, ids);
  return json;
}

const pathBelow = (stack: TerraformStack, path: string) => path.slice(stack.node.path.length + 1);

/** JSON of a test stack holding what `build` adds, as `Testing.synthScope` gives it (no metadata). */
export function synthScope(build: (scope: Construct) => void): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'stack');
  build(stack);
  const json = synthJson(stack);
  // Testing.app() makes an (empty) output folder for every call; nothing is written there.
  rmSync(app.outdir, { recursive: true, force: true });
  return json;
}

/**
 * Outputs the values a construct exposes (`bucket.bucketArn`...), so that a test
 * reads what they resolve to in `json.output.<name>.value`.
 */
export function expose(scope: Construct, values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) if (value !== undefined) new TerraformOutput(scope, name, { value });
}

/** Resources of one type as [logical id, config] pairs. */
export function resourcesOf(json: Json, type: string): [string, Json][] {
  return Object.entries(json.resource?.[type] ?? {});
}

/**
 * Logical id of the resource of a type at `path` (construct ids below the stack, e.g. `cdn/distribution`):
 * as cdktf named it for JSON from synthJson or synthScope, else from the `//.metadata.path` it writes into a stack file.
 */
function logicalIdAt(json: Json, type: string, path: string): string {
  const known = logicalIds.get(json)?.get(`${type} ${path}`);
  if (known !== undefined) return known;
  const stackPath = `${json['//']?.metadata?.stackName}/${path}`;
  const matches = resourcesOf(json, type).filter(([, config]) => config['//']?.metadata?.path === stackPath);
  if (matches.length !== 1) throw new Error(`expected one ${type} at ${path}, found ${matches.length}`);
  return matches[0][0];
}

/** The config of the resource of a type at `path`. */
export function resourceAt(json: Json, type: string, path: string): Json {
  return json.resource[type][logicalIdAt(json, type, path)];
}

/** `type.logicalId` address of the resource at `path`, for depends_on assertions. */
export function addressAt(json: Json, type: string, path: string): string {
  return `${type}.${logicalIdAt(json, type, path)}`;
}

/** `${type.logicalId.attribute}`: how Terraform JSON references an attribute of the resource at `path`. */
export function refAt(json: Json, type: string, path: string, attribute: string): string {
  return `\${${addressAt(json, type, path)}.${attribute}}`;
}

/** A policy document held as a JSON string in `attribute`. */
export const policyOf = (config: Json, attribute = 'policy'): Json => JSON.parse(config[attribute]);

/** The one-line problems validation reports for `inputs`; none when they are valid. */
export function problemsOf(inputs: SettingsInputs): readonly string[] {
  try {
    validateSettings(inputs);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  return [];
}
