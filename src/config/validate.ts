import type { ZodIssue } from 'zod';
import { stackName } from '../../stacks/naming';
import { environmentSettingsSchema, type EnvironmentSettings } from '../../stacks/schema/schema';
import { crossEnvironmentDuplicates, foreignEnvironmentNames } from './cross-environment';
import { formatPath, printable } from './format-path';

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
}

export interface ValidSettings {
  readonly environments: readonly EnvironmentSettings[];
}

const MAX_LINE = 400;

function formatIssue(label: string, issue: ZodIssue): string {
  const field = formatPath(issue.path) || '(settings)';
  let message = issue.message;
  if (issue.code === 'invalid_type' && issue.received === 'undefined' && message === 'Required') {
    message = `required: expected ${issue.expected}`;
  } else if (issue.code === 'unrecognized_keys') {
    message = `unknown field(s) ${issue.keys.map(printable).join(', ')}`;
  } else if (issue.code === 'invalid_enum_value' && message.startsWith('Invalid enum value')) {
    // Zod's own message repeats the value received, which may be anything; the options say enough.
    message = `expected one of ${issue.options.join(', ')}`;
  }
  // Whatever a message quotes, it stays one short line and never repeats key material.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this escapes
  const line = `${label}: ${field}: ${message.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`;
  if (line.includes('PRIVATE KEY'))
    return `${label}: ${String(issue.path[0] ?? '(settings)')}: holds private key material (value not shown)`;
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
      environments.push(result.data);
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
  const foreign = foreignEnvironmentNames(environments);
  problems.push(...foreign.map(({ line }) => line), ...crossEnvironmentDuplicates(environments, foreign));

  if (problems.length > 0) throw new SettingsError(problems);
  return { environments };
}
