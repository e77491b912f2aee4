/**
 * Compares two synthesized outputs (cdktf.out folders) stack by stack: the
 * same stacks, each cdk.tf.json equal once the version in `//.metadata` is
 * set aside, and the candidate's version the one expected (so that a copy
 * that silently ran cdktf again cannot pass). Run by scripts/cdktn-check.sh.
 *
 * usage: compare-stacks <reference out dir> <candidate out dir> --expect-version <v> [--names <ref>,<candidate>]
 * Exit 0 identical, 1 different, 2 bad input.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { UsageError } from '../../src/cli/errors';
import { parseFlags } from '../../src/cli/flags';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface CompareResult {
  ok: boolean;
  lines: string[];
}

function stacksIn(outdir: string): string[] {
  const dir = path.join(outdir, 'stacks');
  if (!existsSync(dir)) throw new UsageError(`${outdir} holds no stacks/ folder`);
  return readdirSync(dir).sort();
}

function readStack(outdir: string, stack: string): { [key: string]: Json } {
  return JSON.parse(readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as { [key: string]: Json };
}

/** Takes `//.metadata.version` out of a stack and returns it. */
function takeVersion(stack: { [key: string]: Json }): Json | undefined {
  const metadata = (stack['//'] as { metadata?: { [key: string]: Json } } | undefined)?.metadata;
  const version = metadata?.['version'];
  if (metadata) delete metadata['version'];
  return version;
}

/** JSON paths where two documents differ, depth first, at most `limit`. */
export function differences(a: Json | undefined, b: Json | undefined, at = '', limit = 5): string[] {
  if (isDeepStrictEqual(a, b)) return [];
  const bothObjects = typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return [`${at || '(root)'}: ${JSON.stringify(a) ?? '(absent)'} vs ${JSON.stringify(b) ?? '(absent)'}`];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const found: string[] = [];
  for (const key of keys) {
    if (found.length >= limit) break;
    const child = (value: Json) => (value as { [key: string]: Json })[key];
    found.push(...differences(child(a), child(b), at ? `${at}.${key}` : key, limit - found.length));
  }
  return found;
}

export function compareOutdirs(
  reference: string,
  candidate: string,
  expectVersion: string,
  names: [string, string] = ['reference', 'candidate'],
): CompareResult {
  const [refName, candName] = names;
  const refStacks = stacksIn(reference);
  const candStacks = stacksIn(candidate);
  const lines: string[] = [];
  const onlyRef = refStacks.filter((stack) => !candStacks.includes(stack));
  const onlyCand = candStacks.filter((stack) => !refStacks.includes(stack));
  if (onlyRef.length > 0) lines.push(`stacks only from ${refName}: ${onlyRef.join(', ')}`);
  if (onlyCand.length > 0) lines.push(`stacks only from ${candName}: ${onlyCand.join(', ')}`);
  for (const stack of refStacks.filter((name) => candStacks.includes(name))) {
    const ref = readStack(reference, stack);
    const cand = readStack(candidate, stack);
    takeVersion(ref);
    const version = takeVersion(cand);
    if (version !== expectVersion) {
      lines.push(`${stack}: ${candName} wrote version ${JSON.stringify(version) ?? '(none)'}, expected "${expectVersion}"`);
    }
    for (const difference of differences(ref, cand)) lines.push(`${stack}: differs at ${difference} (${refName} vs ${candName})`);
  }
  if (lines.length > 0) return { ok: false, lines };
  return {
    ok: true,
    lines: [`${candName}: ${refStacks.length} stacks identical to ${refName} except the version metadata (${refStacks.join(', ')})`],
  };
}

const USAGE = 'usage: compare-stacks <reference out dir> <candidate out dir> --expect-version <v> [--names <reference>,<candidate>]';

export function runCompare(argv: string[]): CompareResult {
  const { flags, positionals, help } = parseFlags(
    argv,
    { 'expect-version': { type: 'string' }, names: { type: 'string' } },
    { positionals: true },
  );
  if (help || positionals.length !== 2 || flags['expect-version'] === undefined) throw new UsageError(USAGE);
  const names = flags.names?.split(',');
  if (names !== undefined && names.length !== 2) throw new UsageError(`--names "${flags.names}" is not <reference>,<candidate>`);
  return compareOutdirs(positionals[0], positionals[1], flags['expect-version'], names as [string, string] | undefined);
}

if (require.main === module) {
  try {
    const { ok, lines } = runCompare(process.argv.slice(2));
    for (const line of lines) (ok ? process.stdout : process.stderr).write(`compare-stacks: ${line}\n`);
    process.exitCode = ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`compare-stacks: ${err instanceof Error ? err.message : String(err)}\n`);
    if (err instanceof UsageError && err.showUsage) process.stderr.write(`${USAGE}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}
