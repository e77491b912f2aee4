import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Testing, type TerraformStack } from 'cdktf';
import { dev } from '../stacks/settings/dev';
import { prod } from '../stacks/settings/prod';
import { addStacks } from '../src/app';
import type { EnvironmentSettingsInput } from '../stacks/settings/schema';
import { validateSettings, type SettingsInputs } from '../src/config/validate';
import { tempDir } from './temp';

// Synthesized Terraform JSON is untyped by nature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Fresh, mutable copies of the shipped example settings. */
export function exampleInputs(): { environments: Record<string, EnvironmentSettingsInput> } {
  return { environments: { dev: structuredClone(dev), prod: structuredClone(prod) } };
}

/** The example settings with `change` applied to one environment's copy. */
export function exampleWith(environment: 'dev' | 'prod', change: (settings: Json) => void): SettingsInputs {
  const inputs = exampleInputs();
  change(inputs.environments[environment]);
  return inputs;
}

/** Synthesized JSON of one stack as `Testing.synth` gives it (no `//` metadata). */
export function synthJson(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack));
}

/** Synthesizes every stack as `npm run synth` does and returns each cdk.tf.json by stack name. */
export function synthAll(inputs: SettingsInputs = exampleInputs()): Record<string, Json> {
  const outdir = tempDir('synth');
  const app = new App({ outdir, stackTraces: false });
  const stacks = addStacks(app, validateSettings(inputs));
  app.synth();
  return Object.fromEntries(
    stacks.map((stack) => [stack.node.id, JSON.parse(readFileSync(join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'))]),
  );
}

/** Resources of one type as [logical id, config] pairs. */
export function resourcesOf(json: Json, type: string): [string, Json][] {
  return Object.entries(json.resource?.[type] ?? {});
}

/** The single resource of a type whose construct path ends with `pathSuffix`. */
export function resourceAt(json: Json, type: string, pathSuffix: string): Json {
  const matches = resourcesOf(json, type).filter(([, config]) => String(config['//']?.metadata?.path).endsWith(pathSuffix));
  if (matches.length !== 1) throw new Error(`expected one ${type} at *${pathSuffix}, found ${matches.length}`);
  return matches[0][1];
}

/** `${type.logicalId}` address of the resource at `pathSuffix`, for reference assertions. */
export function addressAt(json: Json, type: string, pathSuffix: string): string {
  const match = resourcesOf(json, type).find(([, config]) => String(config['//']?.metadata?.path).endsWith(pathSuffix));
  if (!match) throw new Error(`no ${type} at *${pathSuffix}`);
  return `${type}.${match[0]}`;
}
