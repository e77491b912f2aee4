import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addStacks } from '../src/app';
import { applyBackendOverrides } from '../src/config/overrides';
import { SettingsError, validateSettings, type SettingsInputs } from '../src/config/validate';
import { synthesize } from '../src/synth';
import { exampleInputs, type Json } from './helpers';
import { tempDir } from './temp';

/**
 * Random mutations of the example settings, from a fixed seed (a failure is
 * replayed as is): every field, container and list entry of both examples set
 * to a hostile value (another type, unicode, control characters, empty, huge),
 * to a near miss of its own value (case, spaces, length, a duplicate entry, a
 * value of another field), deleted, or given an unknown key.
 */
type Path = (string | number)[];
const SEED = 23;

/** Every path to a value in the example settings, containers included. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const children = Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key]));
  return [prefix, ...children];
}

const EXAMPLE = exampleInputs() as Json;
const ENVIRONMENTS = Object.keys(EXAMPLE.environments);
const TARGETS: Path[] = ENVIRONMENTS.flatMap((env) =>
  pathsOf(EXAMPLE.environments[env]).map((path) => ['environments', env, ...path]),
).filter((path) => path.length > 2);
const valueAt = (path: Path): Json => path.reduce<Json>((node, part) => node?.[part], EXAMPLE);
/** Every string of the examples: a value of one field put in another (an ARN of another kind, a zone for a domain...). */
const STRINGS = [...new Set(TARGETS.map(valueAt).filter((value): value is string => typeof value === 'string'))];

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
    'cn-north-1',
    'https://*.x.example',
    'aws:owner',
    '/hostedzone/Z0SHAREDZONE',
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

/** Values close to `value`: what a hurried edit or a copy from another place makes of it. */
function nearMisses(value: Json): fc.Arbitrary<unknown> {
  if (typeof value === 'string') {
    const half = value.slice(0, Math.ceil(value.length / 2));
    return fc.oneof(
      fc.constantFrom(
        '',
        ` ${value}`,
        `${value} `,
        value.toUpperCase(),
        half,
        value.repeat(5),
        `${value}é`,
        `${value}\u202e`,
        `${value}.`,
        `/${value}`,
      ),
      fc.constantFrom(...STRINGS),
    );
  }
  if (typeof value === 'number')
    return fc.constantFrom(0, -1, value + 1, value * 1000, 0.5, Number.NaN, Number.POSITIVE_INFINITY, String(value));
  if (typeof value === 'boolean') return fc.constantFrom(!value, String(value));
  if (Array.isArray(value)) {
    return fc.oneof(
      fc.constantFrom([], [...value, value[0]], [...value].reverse(), value.slice(1), [
        ...value,
        ...value,
        ...value,
        ...value,
        ...value,
        ...value,
      ]),
      fc.constantFrom(...STRINGS).map((other) => [...value, other]),
    );
  }
  return fc.constantFrom({}, [], null);
}

interface Mutation {
  readonly path: Path;
  readonly kind: 'set' | 'delete' | 'add';
  readonly value: unknown;
  readonly key: string;
}
const containers = TARGETS.filter((path) => valueAt(path) !== null && typeof valueAt(path) === 'object');
const target = fc.constantFrom(...TARGETS);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ path: target, kind: fc.constant('set' as const), value: hostileValue, key: fc.constant('') }),
  target.chain((path) =>
    fc.record({ path: fc.constant(path), kind: fc.constant('set' as const), value: nearMisses(valueAt(path)), key: fc.constant('') }),
  ),
  fc.record({ path: target, kind: fc.constant('delete' as const), value: fc.constant(undefined), key: fc.constant('') }),
  fc.record({ path: fc.constantFrom(...containers), kind: fc.constant('add' as const), value: hostileValue, key: hostileString }),
);

function mutated(mutations: readonly Mutation[]): SettingsInputs {
  const inputs = exampleInputs() as Json;
  for (const { path, kind, value, key } of mutations) {
    const parent = path
      .slice(0, -1)
      .reduce<Json>((node, part) => (node === null || typeof node !== 'object' ? undefined : node[part]), inputs);
    if (parent === null || typeof parent !== 'object') continue;
    const last = path[path.length - 1];
    if (kind === 'delete') delete parent[last];
    else if (kind === 'set') parent[last] = structuredClone(value);
    else if (parent[last] !== null && typeof parent[last] === 'object') parent[last][key] = value;
  }
  return inputs;
}

/** The environments a run changed: only their stacks need building again. */
const changedEnvironments = (mutations: readonly Mutation[]) => new Set(mutations.map(({ path }) => String(path[1])));

/** The contract of every refusal: one line per problem, naming the environment and a field, no trace, no key material. */
function expectOneLinePerProblem(problems: readonly string[]) {
  expect(problems.length).toBeGreaterThan(0);
  for (const line of problems) {
    // Named by the settings' label, or, in a comparison of environments, by the (valid) environment name.
    expect(line).toMatch(/^[a-z][a-z0-9-]*: \S[^\n]*: \S/);
    expect(line).not.toMatch(/[\n\r]|\bat .*\.(ts|js):\d+|PRIVATE KEY/);
    expect(line.length).toBeLessThanOrEqual(402);
  }
}

/** What `npm run synth` does with the inputs, in a fresh folder: exit code, lines, and whether it wrote anything. */
function synthesized(inputs: SettingsInputs) {
  const outdir = join(tempDir('property'), 'out');
  const lines: string[] = [];
  const code = synthesize(inputs, { outdir, report: (line) => lines.push(line), log: () => undefined });
  return { code, lines, outdir, written: existsSync(outdir) };
}

const counts = { accepted: 0, refused: 0 };

describe('settings under random mutations of the examples', () => {
  it('are refused in one line per problem naming a field, writing nothing, or accepted and built; nothing throws', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const inputs = mutated(mutations);
        let settings;
        try {
          settings = validateSettings(inputs);
        } catch (error) {
          expect(error).toBeInstanceOf(SettingsError);
          const problems = (error as SettingsError).problems;
          expectOneLinePerProblem(problems);
          // Synth itself says exactly that, exits 1 and writes nothing.
          const run = synthesized(inputs);
          expect(run).toMatchObject({ code: 1, written: false, lines: problems.map((line) => `settings error: ${line}`) });
          counts.refused++;
          return;
        }
        counts.accepted++;
        // Accepted: the changed environments' stacks build, which runs every module's own refusals.
        const changed = changedEnvironments(mutations);
        const app = new App({ outdir: tempDir('property-build'), stackTraces: false });
        const stacks = addStacks(app, { environments: settings.environments.filter((env) => changed.has(env.environment)) });
        expect(stacks.length).toBeGreaterThan(0);
      }),
      { seed: SEED, numRuns: 400 },
    );
    // The generators reach both outcomes often enough to matter.
    expect(counts.refused).toBeGreaterThan(300);
    expect(counts.accepted).toBeGreaterThan(20);
  });

  it('when accepted, synth writes complete stacks of the changed environments (a sample of full runs)', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 2 }), (mutations) => {
        const inputs = mutated(mutations);
        fc.pre(
          (() => {
            try {
              validateSettings(inputs);
              return true;
            } catch {
              return false;
            }
          })(),
        );
        const changed = [...changedEnvironments(mutations)];
        const run = synthesized({ environments: Object.fromEntries(changed.map((env) => [env, inputs.environments[env]])) });
        if (run.code === 1) {
          // A guardrail may still refuse what validation let through: then too in one line each, writing nothing.
          expect(run.written).toBe(false);
          for (const line of run.lines) expect(line).toMatch(/^guardrail: [^\n]+$/);
          return;
        }
        expect(run.code).toBe(0);
        const stackFolder = join(run.outdir, 'stacks');
        for (const env of changed) {
          const settings = inputs.environments[env] as Json;
          const json = JSON.parse(readFileSync(join(stackFolder, `${settings.project}-${env}`, 'cdk.tf.json'), 'utf8'));
          expect(Object.keys(json.output)).toEqual(
            expect.arrayContaining([
              'master_uploads_bucket_name',
              'hls_outputs_bucket_name',
              'cloudfront_distribution_id',
              'cloudfront_domain_name',
              'cloudfront_key_group_id',
              'cloudfront_public_key_id',
              'mediaconvert_role_arn',
              'cloudfront_private_key_secret_arn',
            ]),
          );
        }
        expect(readdirSync(stackFolder).length).toBeGreaterThanOrEqual(changed.length);
      }),
      { seed: SEED, numRuns: 12 },
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
      { seed: SEED, numRuns: 100 },
    );
  });
});
