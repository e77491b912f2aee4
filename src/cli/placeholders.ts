/**
 * What of the shipped examples is still in an environment's settings: the
 * `// PLACEHOLDER` markers and the example ids (accounts 111111111111 and
 * 222222222222, `*.example` domains, `Z0000…` zone ids). A plan against AWS
 * with any of them would fail at apply time, or worse, create global names
 * that belong to someone else's example (README, first deploy, step 2).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { settingsFile } from '../../stacks/naming';
import type { EnvironmentSettings } from '../../stacks/schema/schema';

const EXAMPLE_ACCOUNTS = new Set(['111111111111', '222222222222']);
const EXAMPLE_DOMAIN = /(^|[./@])[a-z0-9-]+\.example(\.?$|[/:])/;
const EXAMPLE_ZONE = /^Z0{5,}\d*$/;

/** Why a value is an example one, or undefined. */
function exampleKind(value: string): string | undefined {
  if (EXAMPLE_ACCOUNTS.has(value) || /:(111111111111|222222222222):/.test(value)) return 'the example account';
  if (EXAMPLE_ZONE.test(value)) return 'the example zone id';
  if (EXAMPLE_DOMAIN.test(value)) return 'an example domain';
  return undefined;
}

function exampleValues(value: unknown, at: string): string[] {
  if (typeof value === 'string') {
    const kind = exampleKind(value);
    return kind ? [`${at}: ${value} (${kind})`] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => exampleValues(item, `${at}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => exampleValues(inner, at ? `${at}.${key}` : key));
  }
  return [];
}

/** One line per marker (`<file>:<line>: …`) and per example value (`<field>: <value> (why)`); empty when none is left. */
export function placeholders(environment: string, settings: EnvironmentSettings, root: string): string[] {
  const file = settingsFile(environment);
  let text = '';
  try {
    text = readFileSync(path.join(root, file), 'utf8');
  } catch {
    // The settings were loaded from this file a moment ago; a file gone since has no markers to show.
  }
  const markers = text
    .split('\n')
    .flatMap((line, index) => (line.includes('// PLACEHOLDER') ? [`${file}:${index + 1}: ${line.trim()}`] : []));
  return [...markers, ...exampleValues(settings, '')];
}
