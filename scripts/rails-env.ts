/**
 * Prints the Rails app's environment variables, in dotenv form, from a stack's
 * Terraform outputs (the variables are named in stacks/outputs.ts).
 */
import {
  loadOutputs,
  parseFlags,
  runCli,
  UsageError,
  type CliResult,
  type Environment,
  type StackOutputsReader,
  type TerraformOutputs,
} from './lib/outputs';
import { envStackName, parseEnvironment } from './lib/environments';
import { STACK_OUTPUTS, type OutputSpec, type StackOutputName } from '../stacks/outputs';

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

export const RAILS_ENV_USAGE = 'usage: npm run rails-env -- --env <environment> [--from <terraform output -json file>]\n';

export interface RailsEnvArgs {
  env: Environment;
  from?: string | undefined;
}

export function parseRailsEnvArgs(argv: string[]): RailsEnvArgs | 'help' {
  const values = parseFlags(argv, {
    env: { type: 'string' },
    from: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  return { env: parseEnvironment(values.env), from: values.from };
}

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
  readStack?: StackOutputsReader | undefined;
}

export function runRailsEnv(argv: string[], deps: RailsEnvDeps = {}): CliResult {
  const args = parseRailsEnvArgs(argv);
  if (args === 'help') return { stdout: RAILS_ENV_USAGE, warnings: [] };
  const outputs = loadOutputs(args.env, args.from, deps.readStack);
  if (!outputs) {
    throw new UsageError(
      `no outputs for ${envStackName(args.env)}: cdktf.out/stacks/${envStackName(args.env)} is not initialised, holds no state, or terraform failed (deploy it, or pass --from <file>)`,
    );
  }
  return { stdout: renderRailsEnv(outputs), warnings: [] };
}

if (require.main === module) {
  runCli('rails-env', () => runRailsEnv(process.argv.slice(2)), RAILS_ENV_USAGE);
}
