/** A stack as synthesized: `<outdir>/stacks/<stack>/cdk.tf.json`, which recover, drift and destroy read. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors';
import type { StackJson } from './stack-json';
import { outputFolder } from './terraform-run';

export interface SynthesizedStack {
  readonly dir: string;
  readonly json: StackJson;
}

export function synthesizedStack(stack: string): SynthesizedStack {
  const dir = path.join(outputFolder(), 'stacks', stack);
  const file = path.join(dir, 'cdk.tf.json');
  if (!existsSync(file)) throw new UsageError(`${dir} was not synthesized: run npm run synth`);
  return { dir, json: JSON.parse(readFileSync(file, 'utf8')) as StackJson };
}
