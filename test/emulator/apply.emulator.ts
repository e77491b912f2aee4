/**
 * `npm run test:emulator` (scripts/emulator.sh starts moto and creates the
 * runs this file): create the outside resources, apply every stack to the
 * emulator with its own account's credentials (state bucket and lock table
 * first); second plan empty; lock contention refused; each environment's
 * state out of the other's reach; teardown stops exactly at the protected
 * state resources.
 */
import { generateKeyPairSync } from 'node:crypto';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeUses } from '../../scripts/lib/stand-ins';
import { discoverToolchain, variableEnv } from '../../scripts/lib/terraform';
import { tempDir } from '../temp';
import { KNOWN_DEFECTS, type KnownDefect } from './known-defects';
import { ACCESS_REFUSED, applyBackendFirst, applyStack, destroy, isolation, lockTest, nonEmptyBuckets, otherDestroyErrors } from './phases';
import { protectedAddresses, refusedByLock, refusedDestroys, slowest, tail } from './phases';
import type { ApplyResult, DestroyResult, Emulator, IsolationResult, LockResult } from './phases';
import { outsideSpecs, type OutsideEnvironment } from './settings';
import { prepareStack, synthesizeForEmulator, type EmulatorStack } from './stacks';

const ENV = ['STORYTIME_EMULATOR_ENDPOINT', 'STORYTIME_EMULATOR_PYTHON'] as const;
const missingEnv = ENV.filter((name) => !process.env[name]);
if (missingEnv.length > 0) throw new Error(`${missingEnv.join(', ')} not set: run this through npm run test:emulator (scripts/emulator.sh)`);
const endpoint = process.env.STORYTIME_EMULATOR_ENDPOINT as string;
const python = process.env.STORYTIME_EMULATOR_PYTHON as string;
const EMULATOR_SCRIPTS = join(__dirname, '..', '..', 'scripts', 'emulator');

const run = promisify(execFile);
let stacks: EmulatorStack[] = [];
const applied = new Map<string, ApplyResult>();
const locks = new Map<string, LockResult>();
const isolations = new Map<string, IsolationResult>(); // `owner <- other`
const destroys = new Map<string, DestroyResult>();
const started = performance.now();
/** Seconds per phase of the run, for "where the time goes". */
const phases: [string, number][] = [];
let phaseStart = started;
const phaseDone = (name: string) => {
  const now = performance.now();
  phases.push([name, (now - phaseStart) / 1000]);
  phaseStart = now;
};

const byKind = (kind: EmulatorStack['kind']) => stacks.filter((stack) => stack.kind === kind);
const ready = (stack: EmulatorStack) => applied.get(stack.name)?.failure === undefined;

beforeAll(async () => {
  // What the stacks expect to exist already, created with each environment's own credentials.
  const created = await run(python, [join(EMULATOR_SCRIPTS, 'outside.py'), endpoint, ...outsideSpecs()], { maxBuffer: 16 << 20 });
  const outside: Record<string, OutsideEnvironment> = JSON.parse(created.stdout);
  phaseDone('outside resources');
  const outdir = tempDir('emulator-synth');
  const { names, providers } = synthesizeForEmulator(outside, outdir);
  const discovery = discoverToolchain(providers);
  if ('problem' in discovery) throw new Error(discovery.problem);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const emulator: Emulator = {
    toolchain: discovery.toolchain,
    endpoint,
    python,
    peekLock: join(EMULATOR_SCRIPTS, 'peek_lock.py'),
    variables: variableEnv({ cloudfront_private_key_pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }),
  };
  const work = tempDir('emulator-work');
  stacks = names.map((name) => prepareStack(emulator.toolchain, outdir, name, work, endpoint, outside));
  for (const stack of stacks) {
    console.log(`emulator ${stack.name}: ${stack.kind}, account ${stack.account}${stack.backendArgs.some((arg) => arg.includes('use_lockfile')) ? ', use_lockfile added by -backend-config (not synthesized yet)' : ''}`);
    for (const line of describeUses(`emulator ${stack.name}`, stack.standIns)) console.log(line);
  }

  // The environments' backends first; then the rest of the bootstraps and every environment at once.
  const apply = async (stack: EmulatorStack) => {
    const result = await applyStack(emulator, stack);
    applied.set(stack.name, result);
    for (const defect of result.knownDefects) console.warn(`emulator ${stack.name}: KNOWN DEFECT (${defect.id}): ${defect.why}`);
    if (result.failure) console.error(`emulator ${stack.name}: ${result.failure}`);
    for (const line of result.secondPlan?.allowed ?? []) console.log(`emulator ${stack.name}: allowed read-back gap ${line}`);
    for (const line of result.secondPlan?.unexpected ?? []) console.error(`emulator ${stack.name}: SECOND PLAN CHANGE ${line}`);
  };
  phaseDone('synth and stack copies');
  const backendFirst = await Promise.all(byKind('state').map((stack) => applyBackendFirst(emulator, stack, byKind('environment'))));
  const backendFailure = backendFirst.find((step) => step && step.code !== 0);
  if (backendFailure) throw new Error(`creating the state bucket and lock table failed:\n${tail(backendFailure.output)}`);
  phaseDone('state buckets and lock tables');
  await Promise.all(stacks.map(apply));
  phaseDone('applies and second plans');

  const environments = byKind('environment').filter(ready);
  await Promise.all(environments.map(async (stack) => locks.set(stack.name, await lockTest(emulator, stack))));
  phaseDone('lock tests');
  for (const owner of environments) {
    for (const other of byKind('environment').filter((stack) => stack.account !== owner.account)) {
      isolations.set(`${owner.name} <- ${other.name}`, await isolation(emulator, owner, other));
    }
  }
  phaseDone('isolation');
  await Promise.all(environments.map(async (stack) => destroys.set(stack.name, await destroy(emulator, stack))));
  // The bootstraps last, after everything that keeps its state in them is gone.
  for (const stack of byKind('state').filter(ready)) destroys.set(stack.name, await destroy(emulator, stack));
  phaseDone('teardown');
}, 900_000);

afterAll(() => {
  const rows = stacks.map((stack) => {
    const result = applied.get(stack.name);
    const lock = locks.get(stack.name);
    const second = result?.secondPlan ? `${result.secondPlan.unexpected.length} (+${result.secondPlan.allowed.length} allowed gaps)` : '-';
    const lockText = lock ? (refusedByLock(lock.second) && lock.whileHeld.lockfile && lock.whileHeld.dynamodb !== false ? 'refused, visible' : 'NOT REFUSED') : '-';
    const defects = result?.knownDefects.map((defect) => defect.id.split(' ').slice(0, 2).join(' ')).join(', ');
    const status = `${result?.failure ? (defects ? 'not applied' : 'FAILED') : 'applied'}${defects ? ` (known: ${defects})` : ''}`;
    return `${stack.name.padEnd(24)} ${status.padEnd(36)} resources ${String(result?.resources ?? 0).padStart(3)}  stand-ins ${String(stack.standIns.length).padStart(2)}  second-plan changes ${second.padEnd(20)} lock ${lockText.padEnd(16)} ${(result?.seconds ?? 0).toFixed(0)} s`;
  });
  for (const [name, result] of applied) if (result.slowest.length > 0) rows.push(`${name} apply, slowest: ${result.slowest.join(', ')}`);
  for (const [name, result] of destroys) rows.push(`${name} destroy ${result.step.seconds.toFixed(0)} s, slowest: ${slowest(result.step.output).join(', ') || '-'}`);
  const timing = phases.map(([name, seconds]) => `${name} ${seconds.toFixed(0)} s`).join(', ');
  console.log(['emulator summary:', ...rows, `total ${((performance.now() - started) / 1000).toFixed(0)} s: ${timing}`].join('\n'));
});

/** A failure that a known-defect entry explains passes, loudly; anything else fails with Terraform's error. */
function expectApplied(name: string) {
  const result = applied.get(name);
  expect(result, `${name} was not run`).toBeDefined();
  if (result?.failure && result.knownDefects.some((defect) => defect.step === 'init')) return;
  expect(result?.failure).toBeUndefined();
}

describe('emulator apply', () => {
  it('finds state and environment stacks in the synth output', () => {
    expect(byKind('state').length).toBeGreaterThan(0);
    expect(byKind('environment').length).toBeGreaterThanOrEqual(2);
  });

  it('applies every stack with its own account, and the second plan changes nothing beyond the read-back allow-list', () => {
    for (const stack of stacks) {
      expectApplied(stack.name);
      const result = applied.get(stack.name);
      if (result?.failure) continue;
      expect(result?.resources, stack.name).toBeGreaterThan(0);
      expect(result?.secondPlan?.unexpected, `${stack.name}: second plan`).toEqual([]);
    }
  });

  it('sees every known defect that must reproduce (remove an entry once its fix is merged)', () => {
    const seen = new Set<KnownDefect>([...applied.values()].flatMap((result) => result.knownDefects));
    expect(KNOWN_DEFECTS.filter((defect) => defect.mustReproduce && !seen.has(defect)).map((defect) => defect.id)).toEqual([]);
  });

  it('refuses a second plan while the first holds the lock, with the lock visible in the table and as the lock file', () => {
    const environments = byKind('environment').filter(ready);
    expect(environments.length).toBeGreaterThan(0);
    for (const stack of environments) {
      const lock = locks.get(stack.name);
      expect(lock, stack.name).toBeDefined();
      if (!lock) continue;
      const table = stack.backend?.table !== undefined;
      expect(lock.whileHeld, `${stack.name}: locks while the first plan waits`).toEqual({ lockfile: true, dynamodb: table ? true : null });
      expect(refusedByLock(lock.second), `${stack.name}: second plan:\n${tail(lock.second.output)}`).toBe(true);
      expect(lock.second.output).toMatch(new RegExp(`Path:\\s+${stack.backend?.bucket}/${stack.backend?.key}`));
      expect(lock.afterRelease, `${stack.name}: locks after the first plan ended`).toEqual({ lockfile: false, dynamodb: table ? false : null });
      expect([0, 2], `${stack.name}: plan after the release:\n${tail(lock.third.output)}`).toContain(lock.third.code);
    }
  });

  it("refuses each environment's credentials the other environment's state, for reading and for locking", () => {
    expect(isolations.size).toBeGreaterThan(0);
    for (const [pair, result] of isolations) {
      expect(result.read.code, `${pair}: state pull:\n${tail(result.read.output)}`).toBe(1);
      expect(result.read.output, pair).toMatch(ACCESS_REFUSED);
      expect(refusedByLock(result.lock), `${pair}: plan:\n${tail(result.lock.output)}`).toBe(true);
      expect(result.lock.output, pair).toMatch(ACCESS_REFUSED);
    }
  });

  it('destroys the environments (keeping only buckets that hold objects), and stops the bootstrap exactly at the protected state bucket and lock table', () => {
    expect(byKind('environment').filter(ready).length).toBeGreaterThan(0);
    expect(byKind('state').filter(ready).length).toBeGreaterThan(0);
    for (const stack of byKind('environment').filter(ready)) {
      const result = destroys.get(stack.name);
      expect(result, stack.name).toBeDefined();
      if (!result) continue;
      const output = result.step.output;
      expect(otherDestroyErrors(output), `${stack.name}: destroy:\n${tail(output)}`).toEqual([]);
      const kept = nonEmptyBuckets(output);
      for (const bucket of kept) console.log(`emulator ${stack.name}: destroy kept bucket ${bucket}: it holds objects and the product sets no force_destroy`);
      expect(result.remaining.map((address) => stack.json.resource.aws_s3_bucket?.[address.replace('aws_s3_bucket.', '')]?.bucket).sort(), stack.name).toEqual(kept);
    }
    for (const stack of byKind('state').filter(ready)) {
      const result = destroys.get(stack.name);
      const expected = protectedAddresses(stack).sort();
      expect(expected.map((address) => address.split('.')[0]).sort(), stack.name).toEqual(['aws_dynamodb_table', 'aws_s3_bucket']);
      expect(result?.step.code, stack.name).toBe(1);
      expect(refusedDestroys(result?.step.output ?? ''), `${stack.name}: destroy:\n${tail(result?.step.output ?? '')}`).toEqual(expected);
    }
  });
});
