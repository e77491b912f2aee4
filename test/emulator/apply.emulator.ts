/**
 * `npm run test:emulator` (scripts/emulator.sh starts moto and runs this
 * file): create the outside resources, apply every stack to the emulator with
 * its own account's credentials (each environment's state bootstrap in its
 * account first, on local state; then the environments on their real S3
 * backends); second plan empty; MediaConvert job events reach the queue;
 * lock contention refused; each environment's state out of the other
 * account's reach; teardown stops exactly at the protected state resources.
 */
import { generateKeyPairSync } from 'node:crypto';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeUses } from './substitute';
import { discoverToolchain, variableEnv } from '../support/terraform';
import { tempDir } from '../temp';
import {
  ACCESS_REFUSED,
  applyBackendFirst,
  applyStack,
  destroy,
  isolation,
  jobEvents,
  lockTest,
  migrateBootstrap,
  nonEmptyBuckets,
  otherDestroyErrors,
} from './phases';
import { protectedAddresses, refusedByLock, refusedDestroys, slowest, tail } from './phases';
import type { ApplyResult, DestroyResult, Emulator, IsolationResult, JobEventsResult, LockResult, MigrationResult } from './phases';
import { outsideSpecs, type OutsideEnvironment } from './settings';
import { prepareStack, synthesizeForEmulator, type EmulatorStack } from './stacks';

const ENV = ['STORYTIME_EMULATOR_ENDPOINT', 'STORYTIME_EMULATOR_PYTHON'] as const;
const missingEnv = ENV.filter((name) => !process.env[name]);
if (missingEnv.length > 0)
  throw new Error(`${missingEnv.join(', ')} not set: run this through npm run test:emulator (scripts/emulator.sh)`);
const endpoint = process.env.STORYTIME_EMULATOR_ENDPOINT as string;
const python = process.env.STORYTIME_EMULATOR_PYTHON as string;
const EMULATOR_SCRIPTS = join(__dirname, '..', '..', 'scripts', 'emulator');

const run = promisify(execFile);
let stacks: EmulatorStack[] = [];
const applied = new Map<string, ApplyResult>();
const locks = new Map<string, LockResult>();
const events = new Map<string, JobEventsResult>();
let migration: MigrationResult | undefined;
/** The bootstrap whose state the run migrates into its bucket: dev's (one is enough to prove the script; prod's is the same code). */
const MIGRATED = 'storytime-state-dev';
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
  const names = synthesizeForEmulator(outside, outdir);
  const discovery = discoverToolchain();
  if ('problem' in discovery) throw new Error(discovery.problem);
  for (const line of discovery.toolchain.mirrorLog) console.log(line);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const emulator: Emulator = {
    toolchain: discovery.toolchain,
    endpoint,
    python,
    peekLock: join(EMULATOR_SCRIPTS, 'peek_lock.py'),
    jobEvents: join(EMULATOR_SCRIPTS, 'job_events.py'),
    variables: variableEnv({ cloudfront_private_key_pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }),
  };
  const work = tempDir('emulator-work');
  stacks = names.map((name) => prepareStack(outdir, name, work, endpoint, outside));
  for (const stack of stacks) {
    const state = stack.backend
      ? `state s3://${stack.backend.bucket}/${stack.backend.key}, lock table ${stack.backend.table}`
      : 'local state';
    console.log(`emulator ${stack.name}: ${stack.kind}, account ${stack.account}, ${state}`);
    for (const line of describeUses(`emulator ${stack.name}`, stack.standIns)) console.log(line);
  }

  // The environments' backends first; then the rest of the bootstraps and every environment at once.
  const apply = async (stack: EmulatorStack) => {
    const result = await applyStack(emulator, stack);
    applied.set(stack.name, result);
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
  const bootstrap = stacks.find((stack) => stack.name === MIGRATED);
  if (bootstrap && ready(bootstrap)) {
    // The output folder inside its own temp folder: the script keeps local bootstrap state beside it.
    const bucketOutdir = join(tempDir('emulator-migrate'), 'cdktf.out');
    synthesizeForEmulator(outside, bucketOutdir, 'bucket');
    migration = await migrateBootstrap(emulator, bootstrap, 'dev', bucketOutdir);
  }
  phaseDone('state:migrate');

  const environments = byKind('environment').filter(ready);
  await Promise.all(environments.map(async (stack) => events.set(stack.name, await jobEvents(emulator, stack))));
  phaseDone('job events');
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
  await Promise.all(
    byKind('state')
      .filter(ready)
      .map(async (stack) => destroys.set(stack.name, await destroy(emulator, stack))),
  );
  phaseDone('teardown');
}, 900_000);

afterAll(() => {
  const rows = stacks.map((stack) => {
    const result = applied.get(stack.name);
    const lock = locks.get(stack.name);
    const second = result?.secondPlan ? `${result.secondPlan.unexpected.length} (+${result.secondPlan.allowed.length} allowed gaps)` : '-';
    const lockText = lock
      ? refusedByLock(lock.second) && lock.whileHeld.lockfile && lock.whileHeld.dynamodb !== false
        ? 'refused, visible'
        : 'NOT REFUSED'
      : '-';
    const status = result?.failure ? 'FAILED' : 'applied';
    const received = events.get(stack.name)?.received.map((event) => event.detail?.jobId);
    const eventText = received ? `job events received [${received.join(', ')}]` : '';
    return `${stack.name.padEnd(24)} ${status.padEnd(8)} resources ${String(result?.resources ?? 0).padStart(3)}  stand-ins ${String(stack.standIns.length).padStart(2)}  second-plan changes ${second.padEnd(20)} lock ${lockText.padEnd(16)} ${(result?.seconds ?? 0).toFixed(0)} s ${eventText}`.trimEnd();
  });
  if (migration)
    rows.push(
      `${MIGRATED} state:migrate: exit ${migration.step.code}, ${migration.inBucket.length} of ${migration.applied.length} resources read back from its bucket`,
    );
  for (const [name, result] of applied) if (result.slowest.length > 0) rows.push(`${name} apply, slowest: ${result.slowest.join(', ')}`);
  for (const [name, result] of destroys)
    rows.push(`${name} destroy ${result.step.seconds.toFixed(0)} s, slowest: ${slowest(result.step.output).join(', ') || '-'}`);
  const timing = phases.map(([name, seconds]) => `${name} ${seconds.toFixed(0)} s`).join(', ');
  console.log(['emulator summary:', ...rows, `total ${((performance.now() - started) / 1000).toFixed(0)} s: ${timing}`].join('\n'));
});

describe('emulator apply', () => {
  it('finds one state bootstrap per environment, each in its environment account, and the environments on their own bucket', () => {
    const placed = (kind: EmulatorStack['kind']) => byKind(kind).map((stack) => [stack.name, stack.account]);
    expect(placed('state')).toEqual([
      ['storytime-state-dev', '111111111111'],
      ['storytime-state-prod', '222222222222'],
    ]);
    expect(placed('environment')).toEqual([
      ['storytime-dev', '111111111111'],
      ['storytime-prod', '222222222222'],
    ]);
    const buckets = byKind('environment').map((stack) => stack.backend?.bucket);
    expect(new Set(buckets).size, `state buckets ${buckets.join(', ')}`).toBe(2);
  });

  it('applies every stack with its own account, and the second plan changes nothing beyond the read-back allow-list', () => {
    for (const stack of stacks) {
      const result = applied.get(stack.name);
      expect(result, `${stack.name} was not run`).toBeDefined();
      expect(result?.failure, stack.name).toBeUndefined();
      expect(result?.resources, stack.name).toBeGreaterThan(0);
      expect(result?.secondPlan?.unexpected, `${stack.name}: second plan`).toEqual([]);
    }
  });

  it(`moves ${MIGRATED}'s state from its local file into its bucket with npm run state:migrate`, () => {
    expect(migration, `${MIGRATED} was not migrated`).toBeDefined();
    if (!migration) return;
    expect(migration.step.code, `state:migrate:\n${tail(migration.step.output)}`).toBe(0);
    expect(migration.localRenamed).toBe(true);
    const declared = Object.values(stacks.find((stack) => stack.name === MIGRATED)?.json.resource ?? {}).flatMap((resources) =>
      Object.keys(resources as object),
    );
    expect(migration.applied).toHaveLength(declared.length);
    expect(migration.inBucket).toEqual(migration.applied);
  });

  it("delivers this queue's COMPLETE job event with its book id to the job-events queue, and neither another queue's event nor a STATUS_UPDATE", () => {
    const environments = byKind('environment');
    expect(environments.map((stack) => [stack.name, events.has(stack.name)])).toEqual(environments.map((stack) => [stack.name, true]));
    for (const [name, result] of events) {
      expect(result.put, name).toEqual(['j-other-queue', 'j-status-update', 'j1']);
      expect(
        result.received.map((event) => event.detail.jobId),
        `${name}: received`,
      ).toEqual(['j1']);
      const [event] = result.received;
      expect(event, name).toMatchObject({
        source: 'aws.mediaconvert',
        'detail-type': 'MediaConvert Job State Change',
        detail: { queue: result.queueArn, status: 'COMPLETE', userMetadata: { book_id: '42' } },
      });
      expect(result.queueArn, name).toMatch(
        new RegExp(`^arn:aws:mediaconvert:us-east-1:${byKind('environment').find((stack) => stack.name === name)?.account}:queues/`),
      );
    }
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
      expect(lock.afterRelease, `${stack.name}: locks after the first plan ended`).toEqual({
        lockfile: false,
        dynamodb: table ? false : null,
      });
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
      for (const bucket of kept)
        console.log(`emulator ${stack.name}: destroy kept bucket ${bucket}: it holds objects and the product sets no force_destroy`);
      expect(
        result.remaining.map((address) => stack.json.resource.aws_s3_bucket?.[address.replace('aws_s3_bucket.', '')]?.bucket).sort(),
        stack.name,
      ).toEqual(kept);
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
