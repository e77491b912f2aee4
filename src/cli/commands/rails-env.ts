/**
 * `storytime rails-env`: prints the Rails app's environment variables, in
 * dotenv form, from a stack's Terraform outputs (the variables are named in
 * stacks/outputs.ts).
 */
import { STACK_OUTPUTS, type OutputSpec, type StackOutputName } from '../../../stacks/outputs';
import { defineCommand } from '../command';
import { envStackName, parseEnvironment } from '../environments';
import { UsageError } from '../errors';
import { loadOutputs, type StackOutputsReader, type TerraformOutputs } from '../outputs';

export interface RailsEnvVariable {
  /** Terraform output name. */
  output: StackOutputName;
  /** Environment variable name. */
  variable: string;
  /** `json`: the output holds a JSON document, printed compact and single-quoted. */
  format: 'string' | 'json';
}

/** Output → variable, in the order of the outputs contract. Every one is required. */
export const RAILS_ENV_VARIABLES: readonly RailsEnvVariable[] = Object.entries(
  STACK_OUTPUTS as Record<StackOutputName, OutputSpec>,
).flatMap(([output, spec]) =>
  spec.railsVariable ? [{ output: output as StackOutputName, variable: spec.railsVariable, format: spec.format ?? 'string' }] : [],
);

const USAGE = `usage: storytime rails-env --env <environment> [--from <terraform output -json file, or - for standard input>]
Prints the Rails app's environment variables, one NAME=value line each, from the stack's outputs (docs/tools.md).
`;

// Characters that mean the same bare in dotenv files and POSIX shells.
const BARE_VALUE = /^[A-Za-z0-9_.,:/@%+=-]*$/;

function dotenvValue(output: string, value: string): string {
  if (BARE_VALUE.test(value)) return value;
  // Single quotes are literal in dotenv and shells alike, but cannot hold a quote or a newline.
  if (/['\n\r]/.test(value)) throw new UsageError(`output ${output} holds a value that cannot be written to a dotenv file`);
  return `'${value}'`;
}

function jsonValue(output: string, value: unknown): string {
  let document = value;
  if (typeof value === 'string') {
    try {
      document = JSON.parse(value);
    } catch {
      throw new UsageError(`output ${output} is not valid JSON`);
    }
  }
  // \u0027 means the same as ' inside a JSON string and keeps the single-quoted dotenv value intact.
  return `'${JSON.stringify(document).replace(/'/g, '\\u0027')}'`;
}

/** The dotenv text; UsageError naming every missing output if any is missing. */
export function renderRailsEnv(outputs: TerraformOutputs): string {
  const missing = RAILS_ENV_VARIABLES.filter(({ output }) => outputs[output]?.value == null).map(({ output }) => output);
  if (missing.length > 0) throw new UsageError(`missing outputs: ${missing.join(', ')}`);
  const lines = RAILS_ENV_VARIABLES.map(({ output, variable, format }) => {
    const value = outputs[output].value;
    if (format === 'json') return `${variable}=${jsonValue(output, value)}`;
    if (typeof value !== 'string') throw new UsageError(`output ${output} is not a string`);
    return `${variable}=${dotenvValue(output, value)}`;
  });
  return `${lines.join('\n')}\n`;
}

export interface RailsEnvDeps {
  readonly readStack?: StackOutputsReader | undefined;
}

export const command = defineCommand({
  name: 'rails-env',
  usage: USAGE,
  flags: { env: { type: 'string' }, from: { type: 'string' } },
  run({ flags }, deps: RailsEnvDeps = {}) {
    const env = parseEnvironment(flags.env);
    const outputs = loadOutputs(env, flags.from, deps.readStack);
    if (!outputs) {
      const stack = envStackName(env);
      throw new UsageError(
        `no outputs for ${stack}: cdktf.out/stacks/${stack} is not initialised, holds no state, or terraform failed (deploy it, or pass --from <file>)`,
      );
    }
    return { stdout: renderRailsEnv(outputs), stderr: [], exitCode: 0 };
  },
});
