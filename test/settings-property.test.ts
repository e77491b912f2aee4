import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyBackendOverrides } from '../src/config/overrides';
import { SettingsError, validateSettings, type SettingsInputs } from '../src/config/validate';
import { synthesize } from '../src/synth';
import { exampleInputs, type Json } from './helpers';
import { tempDir } from './temp';

type Path = (string | number)[];

/** Every path to a value in the example settings, containers included. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const children = Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key]));
  return [prefix, ...children];
}

const EXAMPLE = exampleInputs();
const TARGETS: Path[] = [
  ...pathsOf(EXAMPLE.environments.dev).map((path) => ['environments', 'dev', ...path]),
  ...pathsOf(EXAMPLE.environments.prod).map((path) => ['environments', 'prod', ...path]),
].filter((path) => path.length > 2);

// Any code point, lone surrogates and control characters included, as unit 'binary' gives: that unit builds
// a reverse table of every code point first, which cost 0.7 s of this file's 1 s.
const anyCodePoint = fc.nat({ max: 0x10ffff }).map((codePoint) => String.fromCodePoint(codePoint));
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: anyCodePoint, maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '\n',
    'us-middle-7',
    'https://*.x.example',
    'aws:owner',
    '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----',
    'x'.repeat(10_000),
  ),
);
const hostileValue = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(hostileString, { maxLength: 8 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 4 }),
);

interface Mutation {
  readonly path: Path;
  readonly kind: 'set' | 'delete' | 'add';
  readonly value: unknown;
  readonly key: string;
}
const isContainer = (path: Path) => {
  const value = path.reduce<Json>((node, part) => node?.[part], EXAMPLE);
  return value !== null && typeof value === 'object';
};
const mutation = fc.oneof(
  fc.record({ path: fc.constantFrom(...TARGETS), kind: fc.constantFrom('set', 'delete'), value: hostileValue, key: fc.constant('') }),
  fc.record({ path: fc.constantFrom(...TARGETS.filter(isContainer)), kind: fc.constant('add'), value: hostileValue, key: hostileString }),
) as fc.Arbitrary<Mutation>;

function mutated(mutations: readonly Mutation[]): SettingsInputs {
  const inputs = exampleInputs() as Json;
  for (const { path, kind, value, key } of mutations) {
    const parent = path
      .slice(0, -1)
      .reduce<Json>((node, part) => (node === null || typeof node !== 'object' ? undefined : node[part]), inputs);
    if (parent === null || typeof parent !== 'object') continue;
    const last = path[path.length - 1];
    if (kind === 'delete') delete parent[last];
    else if (kind === 'set') parent[last] = value;
    else if (parent[last] !== null && typeof parent[last] === 'object') parent[last][key] = value;
  }
  return inputs;
}

/** The contract of every refusal: one line per problem, naming the settings and a field, no trace, no key material. */
function expectOneLinePerProblem(problems: readonly string[]) {
  expect(problems.length).toBeGreaterThan(0);
  for (const line of problems) {
    expect(line).toMatch(/^(dev|prod): \S[^\n]*: \S/);
    expect(line).not.toMatch(/[\n\r]|\bat .*\.(ts|js):\d+|PRIVATE KEY/);
    expect(line.length).toBeLessThanOrEqual(402);
  }
}

describe('settings validation under random mutations of the examples', () => {
  it('either accepts, or refuses with one line per problem naming a field; never throws anything else', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        try {
          validateSettings(mutated(mutations));
        } catch (error) {
          expect(error).toBeInstanceOf(SettingsError);
          expectOneLinePerProblem((error as SettingsError).problems);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('synth writes nothing when it refuses (a handful of full runs)', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 2 }), (mutations) => {
        const outdir = join(tempDir('property'), 'out');
        const lines: string[] = [];
        const code = synthesize(mutated(mutations), { outdir, report: (line) => lines.push(line) });
        expect([0, 1]).toContain(code);
        if (code === 1) {
          expect(existsSync(outdir)).toBe(false);
          for (const line of lines) expect(line).toMatch(/^(settings error|guardrail): [^\n]+$/);
        }
      }),
      { numRuns: 3 },
    );
  });

  it('refuses any bad STORYTIME_TFC_* value with one line per variable', () => {
    const name = fc.constantFrom('STORYTIME_TFC_ORGANIZATION', 'STORYTIME_TFC_HOSTNAME', 'STORYTIME_TFC_WORKSPACE');
    fc.assert(
      fc.property(fc.dictionary(name, hostileString, { minKeys: 1, maxKeys: 3 }), (variables) => {
        try {
          applyBackendOverrides(exampleInputs().environments, variables);
        } catch (error) {
          expect(error).toBeInstanceOf(SettingsError);
          for (const line of (error as SettingsError).problems)
            expect(line).toMatch(/^STORYTIME_TFC_[A-Z]+ \(environment variable\): [^\n]+$/);
        }
      }),
      { numRuns: 100 },
    );
  });
});
