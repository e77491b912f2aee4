/**
 * `npm run test:emulator` (scripts/emulator.sh starts moto and runs this
 * file). Day 1: create the outside resources, apply every stack to the
 * emulator with its own account's credentials (each environment's state
 * bootstrap in its account first, on local state; then the environments on
 * their real S3 backends), three times with an empty plan after each; job
 * events reach the queue; lock contention refused; each environment's state
 * out of the other account's reach; the bootstraps' destroy stops at the
 * protected state resources. Day 2 (docs/recovery.md): interrupted applies
 * recovered, a stale lock released, drift found and repaired, a lost state
 * restored, both rotations and a destroy and re-apply, with the operator's
 * own commands. Every scenario is a named test below.
 */
import { generateKeyPairSync } from 'node:crypto';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Step } from './backend';
import { describeUses } from './substitute';
import { discoverToolchain } from '../support/terraform';
import { tempDir } from '../temp';
import { ACCESS_REFUSED, applyBackendFirst, applyStack, destroy, isolation, jobEvents, lockTest, migrateBootstrap } from './phases';
import { protectedAddresses, refusedByLock, refusedDestroys, slowest, tail } from './phases';
import type { ApplyResult, DestroyResult, Emulator, IsolationResult, JobEventsResult, LockResult, MigrationResult } from './phases';
import { createProject, synthesizeProject, type Project } from './project';
import { emulatorInputs, outsideSpecs, SCENARIO_ENVIRONMENTS, type OutsideEnvironment } from './settings';
import { synthesizeForEmulator, type EmulatorStack } from './stacks';
import { archivedMaster, type ArchivedMasterResult } from './masters';
import type { Operator } from './operator';
import {
  destroyAndReapply,
  KILL_POINTS,
  killedApplies,
  networkCut,
  type DestroyResult as EnvironmentDestroy,
  type NetworkCutResult,
  type RecoveryResult,
} from './recovery';
import { drift, lostState, originVerifyRotation, signingKeyRotation, staleLock, wrongCredentials } from './operations';
import type { DriftResult, RestoreResult, RotationResult, StaleLockResult } from './operations';

const ENV = ['STORYTIME_EMULATOR_ENDPOINT', 'STORYTIME_EMULATOR_PYTHON'] as const;
const missingEnv = ENV.filter((name) => !process.env[name]);
if (missingEnv.length > 0)
  throw new Error(`${missingEnv.join(', ')} not set: run this through npm run test:emulator (scripts/emulator.sh)`);
const endpoint = process.env.STORYTIME_EMULATOR_ENDPOINT as string;
const python = process.env.STORYTIME_EMULATOR_PYTHON as string;
const EMULATOR_SCRIPTS = join(__dirname, '..', '..', 'scripts', 'emulator');

const run = promisify(execFile);
let stacks: EmulatorStack[] = [];
let outside: Record<string, OutsideEnvironment> = {};
const applied = new Map<string, ApplyResult>();
const locks = new Map<string, LockResult>();
const events = new Map<string, JobEventsResult>();
let migration: MigrationResult | undefined;
/** The bootstrap whose state the run migrates into its bucket: dev's (one is enough to prove the script; prod's is the same code). */
const MIGRATED = 'storytime-state-dev';
/** The stacks of day 1: the shipped examples; the scenario environments are day 2's. */
const DAY_ONE = ['storytime-dev', 'storytime-prod', 'storytime-state-dev', 'storytime-state-prod'];
const isolations = new Map<string, IsolationResult>(); // `owner <- other`
const destroys = new Map<string, DestroyResult>();
let killed: RecoveryResult | undefined;
let netcut: NetworkCutResult | undefined;
let environmentDestroy: EnvironmentDestroy | undefined;
let credentialsCheck: { plan: Step; destroy: Step } | undefined;
let stale: StaleLockResult | undefined;
let drifted: DriftResult | undefined;
const restores = new Map<string, RestoreResult>();
let originVerify: RotationResult | undefined;
let archived: ArchivedMasterResult | undefined;
let signingKey: (RotationResult & { keyGroups: readonly number[] }) | undefined;
const started = performance.now();
/** Seconds per phase of the run, for "where the time goes". */
const phases: [string, number][] = [];
let phaseStart = started;
const phaseDone = (name: string) => {
  const now = performance.now();
  phases.push([name, (now - phaseStart) / 1000]);
  phaseStart = now;
};
/** Seconds each scenario took, beside the others. */
const scenarioSeconds = new Map<string, number>();
/** Why a scenario stopped with an error; it is then "not run" for its test, and the others go on. */
const scenarioErrors = new Map<string, string>();
const timed = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
  const start = performance.now();
  try {
    return await work();
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    scenarioErrors.set(name, text);
    console.error(`emulator scenario ${name} stopped: ${text}`);
    return undefined;
  } finally {
    scenarioSeconds.set(name, (performance.now() - start) / 1000);
  }
};

const byKind = (kind: EmulatorStack['kind']) => stacks.filter((stack) => stack.kind === kind);
const named = (name: string) => stacks.find((stack) => stack.name === name) as EmulatorStack;
const ready = (stack: EmulatorStack) => applied.get(stack.name)?.failure === undefined;
const dayOne = (kind: EmulatorStack['kind']) => byKind(kind).filter((stack) => DAY_ONE.includes(stack.name));

beforeAll(async () => {
  // What the stacks expect to exist already, created with each environment's own credentials, one process per environment.
  const created = await Promise.all(
    outsideSpecs().map(async (spec) =>
      JSON.parse((await run(python, [join(EMULATOR_SCRIPTS, 'outside.py'), endpoint, spec], { maxBuffer: 16 << 20 })).stdout),
    ),
  );
  outside = Object.assign({}, ...created) as Record<string, OutsideEnvironment>;
  phaseDone('outside resources');
  const discovery = discoverToolchain();
  if ('problem' in discovery) throw new Error(discovery.problem);
  for (const line of discovery.toolchain.mirrorLog) console.log(line);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const variables = { cloudfront_private_key_pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  const project: Project = createProject(emulatorInputs(outside), endpoint, discovery.toolchain, variables);
  const operator: Operator = { project, python };
  const emulator: Emulator = {
    toolchain: discovery.toolchain,
    endpoint,
    python,
    peekLock: join(EMULATOR_SCRIPTS, 'peek_lock.py'),
    jobEvents: join(EMULATOR_SCRIPTS, 'job_events.py'),
    variables: { TF_VAR_cloudfront_private_key_pem: variables.cloudfront_private_key_pem },
  };
  stacks = synthesizeProject(project, outside);
  for (const stack of stacks) {
    const state = stack.backend
      ? `state s3://${stack.backend.bucket}/${stack.backend.key}, lock table ${stack.backend.table}`
      : 'local state';
    console.log(`emulator ${stack.name}: ${stack.kind}, account ${stack.account}, ${state}`);
    if (DAY_ONE.includes(stack.name)) for (const line of describeUses(`emulator ${stack.name}`, stack.standIns)) console.log(line);
  }
  phaseDone('synth and stack copies');
  const backendFirst = await Promise.all(byKind('state').map((stack) => applyBackendFirst(emulator, stack, byKind('environment'))));
  const backendFailure = backendFirst.find((step) => step && step.code !== 0);
  if (backendFailure) throw new Error(`creating the state bucket and lock table failed:\n${tail(backendFailure.output)}`);
  phaseDone('state buckets and lock tables');

  const apply = async (stack: EmulatorStack) => {
    const result = await applyStack(emulator, stack);
    applied.set(stack.name, result);
    if (result.failure) console.error(`emulator ${stack.name}: ${result.failure}`);
    result.plans.forEach((changes, index) => {
      for (const line of changes) console.error(`emulator ${stack.name}: PLAN AFTER APPLY ${index + 1}: ${line}`);
    });
  };
  const dev = named('storytime-dev');
  const prod = named('storytime-prod');

  // Day 1 on the shipped examples, and the scenarios that need a fresh environment, side by side on the one server.
  const dayOneTrack = async () => {
    await Promise.all(DAY_ONE.map((name) => apply(named(name))));
    phaseDone('applies, three each, with an empty plan after each');
    const bootstrap = named(MIGRATED);
    if (ready(bootstrap)) {
      // The output folder inside its own temp folder: the script keeps local bootstrap state beside it.
      const bucketOutdir = join(tempDir('emulator-migrate'), 'cdktf.out');
      synthesizeForEmulator(outside, bucketOutdir, 'bucket', project.inputs);
      migration = await migrateBootstrap(emulator, bootstrap, 'dev', bucketOutdir);
    }
    const environments = dayOne('environment').filter(ready);
    await Promise.all(environments.map(async (stack) => events.set(stack.name, await jobEvents(emulator, stack))));
    await Promise.all(environments.map(async (stack) => locks.set(stack.name, await lockTest(emulator, stack))));
    for (const owner of environments) {
      for (const other of environments.filter((stack) => stack.account !== owner.account)) {
        isolations.set(`${owner.name} <- ${other.name}`, await isolation(emulator, owner, other));
      }
    }
    if (!ready(dev)) return;
    credentialsCheck = await timed('wrong credentials', () => wrongCredentials(operator, 'dev', prod));
    stale = await timed('stale lock', () => staleLock(operator, dev, 'dev'));
    // On dev: its bootstrap is applied whole, so its state bucket is versioned (the scenario environments' have only bucket and table).
    for (const how of ['state-delete', 'state-garble'] as const) {
      const result = await timed(how, () => lostState(operator, dev, 'dev', how));
      if (result) restores.set(how, result);
    }
  };
  // The scenarios that need a fresh environment, each then reused by others that need an applied one.
  const killedTrack = async () => {
    const stack = named('storytime-killed');
    killed = await timed('killed applies', () => killedApplies(operator, stack, 'killed'));
    if (killed?.after.code !== 0) return;
    signingKey = await timed('signing-key rotation', () => signingKeyRotation(operator, stack, 'killed', outside));
    environmentDestroy = await timed('destroy and re-apply', () => destroyAndReapply(operator, stack, 'killed'));
  };
  const netcutTrack = async () => {
    const stack = named('storytime-netcut');
    netcut = await timed('network cut', () => networkCut(operator, stack, 'netcut'));
    if (netcut?.after.code !== 0) return;
    drifted = await timed('drift', () => drift(operator, stack, 'netcut'));
    originVerify = await timed('origin-verify rotation', () => originVerifyRotation(operator, stack, 'netcut', outside));
    archived = await timed('archived master', () => archivedMaster(operator, stack, 'netcut'));
  };
  await Promise.all([dayOneTrack(), killedTrack(), netcutTrack()]);
  phaseDone('day 2 scenarios');
  // The bootstraps last: their destroy must stop at the state bucket and lock table.
  await Promise.all(
    dayOne('state')
      .filter(ready)
      .map(async (stack) => destroys.set(stack.name, await destroy(emulator, stack))),
  );
  phaseDone('bootstrap teardown');
}, 1_500_000);

afterAll(() => {
  const rows = stacks
    .filter((stack) => applied.has(stack.name))
    .map((stack) => {
      const result = applied.get(stack.name);
      const lock = locks.get(stack.name);
      const plans = result?.plans.map((changes) => (changes.length === 0 ? 'empty' : `${changes.length} changes`)).join(', ') ?? '-';
      const lockText = lock
        ? refusedByLock(lock.second) && lock.whileHeld.lockfile && lock.whileHeld.dynamodb !== false
          ? 'refused, visible'
          : 'NOT REFUSED'
        : '-';
      const status = result?.failure ? 'FAILED' : 'applied';
      const received = events.get(stack.name)?.received.map((event) => event.detail?.jobId);
      const eventText = received ? `job events received [${received.join(', ')}]` : '';
      return `${stack.name.padEnd(24)} ${status.padEnd(8)} resources ${String(result?.resources ?? 0).padStart(3)}  stand-ins ${String(stack.standIns.length).padStart(2)}  plans after applies: ${plans.padEnd(20)} lock ${lockText.padEnd(16)} ${(result?.seconds ?? 0).toFixed(0)} s ${eventText}`.trimEnd();
    });
  if (migration)
    rows.push(
      `${MIGRATED} state:migrate: exit ${migration.step.code}, ${migration.inBucket.length} of ${migration.applied.length} resources read back from its bucket`,
    );
  for (const [name, result] of applied) if (result.slowest.length > 0) rows.push(`${name} apply, slowest: ${result.slowest.join(', ')}`);
  for (const [name, result] of destroys)
    rows.push(`${name} destroy ${result.step.seconds.toFixed(0)} s, slowest: ${slowest(result.step.output).join(', ') || '-'}`);
  if (environmentDestroy) {
    const { seconds, output } = environmentDestroy.destroyed;
    rows.push(`storytime-killed destroy (emptied) ${seconds.toFixed(0)} s, slowest: ${slowest(output).join(', ') || '-'}`);
  }
  for (const result of [...(killed?.rounds ?? []), ...(netcut?.rounds ?? [])])
    rows.push(`recover after ${result.point}:\n${result.recover.output.trimEnd()}`);
  for (const [name, seconds] of scenarioSeconds)
    rows.push(`scenario ${name}: ${seconds.toFixed(0)} s${scenarioErrors.has(name) ? ' (stopped with an error, above)' : ''}`);
  const timing = phases.map(([name, seconds]) => `${name} ${seconds.toFixed(0)} s`).join(', ');
  console.log(['emulator summary:', ...rows, `total ${((performance.now() - started) / 1000).toFixed(0)} s: ${timing}`].join('\n'));
});

describe('emulator apply', () => {
  it('finds one state bootstrap per environment, each in its environment account, and the environments on their own bucket', () => {
    const placed = (kind: EmulatorStack['kind']) => dayOne(kind).map((stack) => [stack.name, stack.account]);
    expect(placed('state')).toEqual([
      ['storytime-state-dev', '111111111111'],
      ['storytime-state-prod', '222222222222'],
    ]);
    expect(placed('environment')).toEqual([
      ['storytime-dev', '111111111111'],
      ['storytime-prod', '222222222222'],
    ]);
    const buckets = byKind('environment').map((stack) => stack.backend?.bucket);
    expect(new Set(buckets).size, `state buckets ${buckets.join(', ')}`).toBe(buckets.length);
    expect(Object.keys(SCENARIO_ENVIRONMENTS).map((name) => named(`storytime-${name}`)?.account)).toEqual(
      Object.values(SCENARIO_ENVIRONMENTS),
    );
  });

  it('applies every stack three times with its own account, with an empty plan after each apply', () => {
    for (const name of DAY_ONE) {
      const result = applied.get(name);
      expect(result, `${name} was not run`).toBeDefined();
      expect(result?.failure, name).toBeUndefined();
      expect(result?.resources, name).toBeGreaterThan(0);
      expect(result?.plans, `${name}: plans after the applies`).toEqual([[], [], []]);
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
    const environments = dayOne('environment');
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
      expect(result.queueArn, name).toMatch(new RegExp(`^arn:aws:mediaconvert:us-east-1:${named(name).account}:queues/`));
    }
  });

  it('refuses a second plan while the first holds the lock, with the lock visible in the table and as the lock file', () => {
    const environments = dayOne('environment').filter(ready);
    expect(environments.length).toBe(2);
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

  it('stops the destroy of each state bootstrap exactly at the protected state bucket and lock table', () => {
    expect(dayOne('state').filter(ready).length).toBe(2);
    for (const stack of dayOne('state').filter(ready)) {
      const result = destroys.get(stack.name);
      const expected = protectedAddresses(stack).sort();
      expect(expected.map((address) => address.split('.')[0]).sort(), stack.name).toEqual(['aws_dynamodb_table', 'aws_s3_bucket']);
      expect(result?.step.code, stack.name).toBe(1);
      expect(refusedDestroys(result?.step.output ?? ''), `${stack.name}: destroy:\n${tail(result?.step.output ?? '')}`).toEqual(expected);
    }
  });
});

/** The types whose replacement loses data (src/cli/recover/planner.ts): a recovery must not delete one. */
const DATA_HOLDING = /^aws_(s3_bucket|sqs_queue|kms_key|secretsmanager_secret|secretsmanager_secret_version|sns_topic|dynamodb_table)\./;

/** A recovery converged: the plan after it imports and deletes nothing that holds data, the apply leaves an empty plan, no duplicates. */
function expectConverged(name: string, result: RecoveryResult | undefined, environment: string) {
  expect(result, scenarioErrors.get(name) ?? `${name} was not run`).toBeDefined();
  if (!result) return;
  const stack = named(`storytime-${environment}`);
  expect(result.plan.code, `${name}: plan:\n${tail(result.plan.output)}`).toBe(0);
  expect(
    result.deleted.filter((address) => DATA_HOLDING.test(address)),
    `${name}: the plan after recover deletes`,
  ).toEqual([]);
  expect(result.apply.code, `${name}: apply:\n${tail(result.apply.output)}`).toBe(0);
  expect(result.after.code, `${name}: plan after the apply:\n${tail(result.after.output)}`).toBe(0);
  expect(result.cleanup.output, `${name}: recover once adopted`).toContain(
    `removed ${stack.workDir}/recover.tf.json: the state holds every resource it imported`,
  );
  const declared = (type: string) => Object.keys(stack.json.resource[type] ?? {}).length;
  // Names a second copy could not take (buckets, queues, secrets…) cannot be duplicated; these could.
  expect(result.inventory, `${name}: what the account holds`).toMatchObject({
    distributions: declared('aws_cloudfront_distribution'),
    kms_keys: declared('aws_kms_key'),
    public_keys: declared('aws_cloudfront_public_key'),
    key_groups: declared('aws_cloudfront_key_group'),
    cache_policies: declared('aws_cloudfront_cache_policy'),
    response_headers_policies: declared('aws_cloudfront_response_headers_policy'),
    origin_access_controls: declared('aws_cloudfront_origin_access_control'),
    queues: declared('aws_sqs_queue'),
  });
}

describe('day 2 (docs/recovery.md)', () => {
  it.each(KILL_POINTS.map(({ name }, index) => [index + 1, name] as const))(
    'apply killed (%i: %s): unlock releases its locks, recover writes import blocks for what it created',
    (round) => {
      const result = killed?.rounds[round - 1];
      expect(result, scenarioErrors.get('killed applies') ?? 'not run').toBeDefined();
      if (!result) return;
      expect(result.interrupted.code, tail(result.interrupted.output)).not.toBe(0);
      expect(result.unlock.code, result.unlock.output).toBe(0);
      expect(result.unlock.output).toContain('storytime-killed: released the S3 lock file and the DynamoDB lock item');
      expect(result.recover.code, result.recover.output).toBe(0);
      expect(result.recover.output).toMatch(/^storytime-killed: \d+ resources in the state; [1-9]\d* to import, 0 to untaint/m);
    },
  );

  it('after the three killed applies, the apply converges with no duplicate resource and an empty plan', () => {
    expectConverged('killed applies', killed, 'killed');
    expect(killed?.deleted, 'the plan after recover deletes').toEqual([]);
  });

  it('network cut mid-apply, then recover and apply replace nothing that holds data', () => {
    expectConverged('network cut', netcut, 'netcut');
    expect(netcut?.cutAfter, 'the cut followed the dead-letter queue').toMatch(/-mediaconvert-events-dlq/);
    expect(netcut?.rounds[0].recover.output).toContain(
      '  untaint aws_sqs_queue.job-events_dead-letter-queue_3BD2C53D (tainted by the interrupted apply;',
    );
    expect([netcut?.messagesBefore, netcut?.messagesAfter], 'messages in the dead-letter queue before and after').toEqual([1, 1]);
  });

  it("refuses the plan and the destroy with the other account's credentials, in one line naming both accounts", () => {
    expect(credentialsCheck?.plan.code).toBe(1);
    expect(credentialsCheck?.plan.output.trim()).toMatch(
      /^plan: the AWS credentials are of account 222222222222 \(arn:aws:sts::222222222222:assumed-role\/storytime-emulator\/storytime-emulator\), but storytime-dev needs account 111111111111 \(aws.accountId in stacks\/settings\/dev.ts\): use dev's credentials$/,
    );
    expect(credentialsCheck?.destroy.code).toBe(1);
    expect(credentialsCheck?.destroy.output.trim()).toMatch(/^destroy: the AWS credentials are of account 222222222222 /);
  });

  it('stale lock: unlock refuses while terraform runs, then releases both locks of the killed run', () => {
    expect(stale, 'not run').toBeDefined();
    if (!stale) return;
    expect(stale.whileRunning.code, stale.whileRunning.output).toBe(1);
    expect(stale.whileRunning.output).toMatch(
      /unlock: storytime-dev: terraform is still running on this machine with this state \(pid \d+\): let it finish or stop it, then run unlock again; released nothing/,
    );
    expect(stale.withoutYes.code).toBe(1);
    expect(stale.withoutYes.output).toMatch(
      /^ {2}S3 lock file s3:\/\/storytime-terraform-state-dev-example\/storytime\/dev\/terraform.tfstate.tflock: ID \S+, apply by \S+@\S+, Terraform 1.11.4, since /m,
    );
    expect(stale.withoutYes.output).toContain('unlock: storytime-dev: released nothing: no terminal to ask on; pass --yes');
    expect(stale.released.code, stale.released.output).toBe(0);
    expect(stale.released.output).toContain('storytime-dev: released the S3 lock file and the DynamoDB lock item');
    expect(stale.planAfter.code, tail(stale.planAfter.output)).toBe(0);
  });

  const driftLine = (pattern: RegExp) => () => {
    expect(drifted?.clean.code, drifted?.clean.output).toBe(0);
    expect(drifted?.tampered.code).toBe(2);
    expect(drifted?.tampered.output).toMatch(pattern);
    expect(drifted?.repair.apply.code, tail(drifted?.repair.apply.output ?? '')).toBe(0);
    expect(drifted?.repaired.code, drifted?.repaired.output).toBe(0);
  };
  it(
    'drift: a tampered origin-verify secret (AWSCURRENT replaced) is found, and an apply puts the value back',
    driftLine(/^storytime-netcut: check: origin-verify secret: AWSCURRENT is not \{"active": "blue", value: the blue value\}/m),
  );
  it("drift: the repaired origin-verify secret holds Terraform's value again", () => {
    expect(drifted?.originVerify.after).not.toBe(drifted?.originVerify.tampered);
    expect(JSON.parse(drifted?.originVerify.after ?? '{}')).toMatchObject({ active: 'blue' });
  });
  it(
    'drift: a signing secret whose keyPairId is not in the key group is found',
    driftLine(
      /^storytime-netcut: check: secret storytime\/netcut\/cloudfront_private_key: keyPairId KFOREIGN00000 is not in the key group/m,
    ),
  );
  it(
    'drift: a changed cache TTL is found',
    driftLine(
      /^storytime-netcut: check: aws_cloudfront_cache_policy\.\S+: TTLs min\/default\/max are 0\/5\/\d+ s, the stack sets 0\/60\/\d+ s$/m,
    ),
  );
  it(
    'drift: a changed x-storytime-environment header is found',
    driftLine(/^storytime-netcut: check: aws_cloudfront_response_headers_policy\.\S+: x-storytime-environment is prod, expected netcut$/m),
  );
  it(
    'drift: a foreign key in the key group is found',
    driftLine(/^storytime-netcut: check: aws_cloudfront_key_group\.\S+: holds keys \S+, \S+, the stack's public keys are \S+$/m),
  );

  it.each(['state-delete', 'state-garble'])(
    'state object lost (%s): the plan stops, state:restore brings the last version and its digest back',
    (how) => {
      const result = restores.get(how);
      expect(result, 'not run').toBeDefined();
      if (!result) return;
      expect(result.brokenPlan.code, tail(result.brokenPlan.output)).toBe(1);
      expect(result.list.code, result.list.output).toBe(0);
      expect(result.list.output).toMatch(
        /^storytime-dev: s3:\/\/storytime-terraform-state-dev-example\/storytime\/dev\/terraform.tfstate, \d+ versions, newest first/,
      );
      expect(result.list.output).toMatch(
        how === 'state-delete'
          ? /delete marker \(the state was deleted here\) {2}<- current/
          : /not a Terraform state \(not JSON\) {2}<- current/,
      );
      expect(result.dryRun.output).toContain('dry run: changed nothing');
      expect(result.restore.code, result.restore.output).toBe(0);
      expect(result.restore.output).toMatch(/storytime-dev: restored version \S+; run npm run plan -- dev to see what differs from AWS/);
      expect(result.planAfter.code, tail(result.planAfter.output)).toBe(0);
    },
  );

  it("origin-verify rotation runs end to end with docs/origin-verify.md's commands", () => {
    expect(originVerify, 'not run').toBeDefined();
    for (const { name, step } of originVerify?.steps ?? []) expect(step.code, `${name}:\n${tail(step.output)}`).toBe(0);
    expect(JSON.parse(originVerify?.secret.value)).toMatchObject({ active: 'green' });
    expect(originVerify?.drift.code, originVerify?.drift.output).toBe(0);
  });

  it('archived master: unreadable in GLACIER, masters:restore asks for the restore, then says it is readable, and it reads again', () => {
    expect(archived, 'not run').toBeDefined();
    expect(archived?.before).toEqual({ readable: false, error: 'InvalidObjectState' });
    expect(archived?.requested.code, archived?.requested.output).toBe(0);
    expect(archived?.requested.output).toContain(
      'uploads/book-7/master.mp4: restore requested (GLACIER, Standard: 3-5 hours), then readable for 2 days',
    );
    expect(archived?.followed.code, archived?.followed.output).toBe(0);
    expect(archived?.followed.output).toMatch(/uploads\/book-7\/master\.mp4: restored, readable until .+ \(GLACIER\)/);
    expect(archived?.after).toEqual({ readable: true, error: null });
  });

  it("signing-key rotation (add key, switch active, remove old) runs end to end with docs/signing-keys.md's commands", () => {
    expect(signingKey, 'not run').toBeDefined();
    for (const { name, step } of signingKey?.steps ?? []) expect(step.code, `${name}:\n${tail(step.output)}`).toBe(0);
    expect(signingKey?.keyGroups, 'public keys after trusting the new one, after retiring the old one').toEqual([2, 1]);
    const outputs = JSON.parse(signingKey?.state.output ?? '{}');
    expect(JSON.parse(signingKey?.secret.value).keyPairId).toBe(outputs.cloudfront_public_key_id.value);
    expect(signingKey?.drift.code, signingKey?.drift.output).toBe(0);
  });

  it('destroy of a non-production environment whose bucket holds objects is refused before any deletion, every bucket still guarded; emptied, it destroys and applies again', () => {
    expect(environmentDestroy, 'not run').toBeDefined();
    if (!environmentDestroy) return;
    expect(environmentDestroy.refused.code).toBe(1);
    expect(environmentDestroy.refused.output).toMatch(
      /^destroy: storytime-killed: bucket storytime-master-uploads-killed holds 1 object versions or delete markers$/m,
    );
    expect(environmentDestroy.refused.output).toContain('destroy: storytime-killed: destroyed nothing: Terraform would strip');
    for (const [bucket, guards] of Object.entries(environmentDestroy.guards)) {
      expect(guards.publicAccessBlock, bucket).toEqual({
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      });
      expect(guards.encryption?.SSEAlgorithm, bucket).toMatch(/^(AES256|aws:kms)$/);
      // The TLS-only statement is not in the emulator's copy (moto knows no aws:SecureTransport): the plan tests assert it.
      expect(guards.policy?.error, bucket).toBeUndefined();
    }
    expect(environmentDestroy.destroyed.code, tail(environmentDestroy.destroyed.output)).toBe(0);
    expect(environmentDestroy.remaining.output.trim()).toBe('');
    expect(environmentDestroy.reapplied.apply.code, tail(environmentDestroy.reapplied.apply.output)).toBe(0);
    expect(environmentDestroy.after.code, tail(environmentDestroy.after.output)).toBe(0);
  });
});
