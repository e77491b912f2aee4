import type { ZodIssue } from 'zod';
import { stackName } from '../../stacks/naming';
import { environmentSettingsSchema, stateSettingsSchema, type EnvironmentSettings, type StateSettings } from '../../stacks/settings/schema';

/** Raised when settings are invalid; `problems` holds one line per problem. */
export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'SettingsError';
  }
}

export interface SettingsInputs {
  /** Settings per environment, keyed by the name used in messages (normally the environment). */
  readonly environments: Readonly<Record<string, unknown>>;
  /** The state bootstrap stack; omit when every environment uses Terraform Cloud. */
  readonly state?: unknown;
}

export interface ValidSettings {
  readonly environments: readonly EnvironmentSettings[];
  readonly state?: StateSettings;
}

const MAX_LINE = 400;

/** A key or value as it may appear in a message: control characters escaped, at most 40 characters. */
function printable(text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1);
  return escaped.length > 40 ? `${escaped.slice(0, 40)}…` : escaped;
}

function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${printable(part)}` : printable(part)),
    '',
  );
}

function formatIssue(label: string, issue: ZodIssue): string {
  const field = formatPath(issue.path) || '(settings)';
  let message = issue.message;
  if (issue.code === 'invalid_type' && issue.received === 'undefined' && message === 'Required') {
    message = `required: expected ${issue.expected}`;
  } else if (issue.code === 'unrecognized_keys') {
    message = `unknown field(s) ${issue.keys.map(printable).join(', ')}`;
  } else if (issue.code === 'invalid_enum_value') {
    message = `expected one of ${issue.options.join(', ')}`;
  }
  // Whatever a message quotes, it stays one short line and never repeats key material.
  const line = `${label}: ${field}: ${message.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`;
  if (line.includes('PRIVATE KEY')) return `${label}: ${String(issue.path[0] ?? '(settings)')}: holds private key material (value not shown)`;
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
}

/**
 * Validates all settings before any construct exists and returns them parsed,
 * or throws one SettingsError listing every problem of every environment.
 */
export function validateSettings(inputs: SettingsInputs): ValidSettings {
  const problems: string[] = [];
  const environments: EnvironmentSettings[] = [];
  for (const [label, input] of Object.entries(inputs.environments)) {
    const result = environmentSettingsSchema.safeParse(input);
    if (result.success) {
      environments.push(result.data as EnvironmentSettings);
    } else {
      problems.push(...result.error.issues.map((issue) => formatIssue(label, issue)));
    }
  }

  const stackNames = new Set<string>();
  for (const settings of environments) {
    const name = stackName(settings);
    if (stackNames.has(name)) {
      problems.push(`${settings.environment}: environment: stack ${name} is defined twice`);
    }
    stackNames.add(name);
  }

  let state: StateSettings | undefined;
  if (inputs.state !== undefined) {
    const result = stateSettingsSchema.safeParse(inputs.state);
    if (result.success) {
      state = result.data;
    } else {
      problems.push(...result.error.issues.map((issue) => formatIssue('state', issue)));
    }
  }
  for (const settings of environments) {
    const backend = settings.backend;
    if (backend.type !== 's3') continue;
    if (inputs.state === undefined) {
      problems.push(`${settings.environment}: backend: an S3 backend needs the state stack's settings`);
    } else if (state) {
      const expected = { bucket: state.bucket, lockTable: state.lockTable, region: state.aws.region };
      for (const field of ['bucket', 'lockTable', 'region'] as const) {
        if (backend[field] !== expected[field]) {
          problems.push(`${settings.environment}: backend.${field}: expected '${expected[field]}' as created by the state stack, got '${backend[field]}'`);
        }
      }
    }
  }

  if (problems.length > 0) throw new SettingsError(problems);
  return { environments, state };
}
