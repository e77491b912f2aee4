/** storytime unlock: who holds the locks, whether the holder may still run, and releasing both. */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../../src/cli/commands/unlock';
import type { HolderEnvironment } from '../../src/cli/state/holder';
import type { HeldLock, StateStore } from '../../src/cli/state/store';
import { tempDir } from '../temp';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeSdk } from './fake-sdk';
import { awsError } from './recover-support';
import { runCommand } from './run-command';

const NOW = new Date('2026-12-03T12:00:00Z');
const info = (who: string) =>
  JSON.stringify({
    ID: '5a1b2c3d-0000-4000-8000-000000000001',
    Operation: 'OperationTypeApply',
    Info: '',
    Who: who,
    Version: '1.11.4',
    Created: '2026-12-03T09:47:00Z',
    Path: 'storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate',
  });
const held = (raw: string): HeldLock => ({ info: JSON.parse(raw), raw });

function fakeStore(file: string | undefined, item: string | undefined, changedMeanwhile = false) {
  const released: string[] = [];
  const store: StateStore = {
    lockFile: () => Promise.resolve(file ? held(file) : undefined),
    lockItem: () => Promise.resolve(item ? held(item) : undefined),
    releaseLockFile: () => Promise.resolve(changedMeanwhile ? false : (released.push('file'), true)),
    releaseLockItem: () => Promise.resolve((released.push('item'), true)),
    versions: () => Promise.resolve([]),
    read: () => Promise.resolve(new Uint8Array()),
    restore: () => Promise.resolve(undefined),
    digest: () => Promise.resolve(undefined),
    setDigest: () => Promise.resolve(undefined),
  };
  return { store, released };
}

const here = (processes: HolderEnvironment['processes']): HolderEnvironment => ({ host: 'ops-laptop', processes });
const REPORT = `storytime-dev: state s3://storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate
  S3 lock file s3://storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate.tflock: ID 5a1b2c3d-0000-4000-8000-000000000001, apply by ana@ops-laptop, Terraform 1.11.4, since 2026-12-03T09:47:00Z (2 h 13 min ago)
  DynamoDB item storytime-terraform-locks LockID storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate: ID 5a1b2c3d-0000-4000-8000-000000000001, apply by ana@ops-laptop, Terraform 1.11.4, since 2026-12-03T09:47:00Z (2 h 13 min ago)
`;

describe('storytime unlock', () => {
  it('releases both locks of a run that ended on this machine, with --yes', async () => {
    const { store, released } = fakeStore(info('ana@ops-laptop'), info('ana@ops-laptop'));
    const ran = await runCommand(command, ['dev', '--yes'], { store, now: NOW, here: here(() => []) });
    expect(ran).toEqual({
      status: 0,
      stdout: `${REPORT}storytime-dev: released the S3 lock file and the DynamoDB lock item\n`,
      stderr: '',
    });
    expect(released).toEqual(['file', 'item']);
  });

  it('refuses while a terraform process on this machine uses the same state, and releases nothing', async () => {
    const folder = tempDir('unlock');
    mkdirSync(join(folder, '.terraform'));
    writeFileSync(
      join(folder, '.terraform', 'terraform.tfstate'),
      JSON.stringify({
        backend: { type: 's3', config: { bucket: 'storytime-terraform-state-dev-example', key: 'storytime/dev/terraform.tfstate' } },
      }),
    );
    const other = tempDir('unlock-other');
    const { store, released } = fakeStore(info('ana@ops-laptop'), info('ana@ops-laptop'));
    const ran = await runCommand(command, ['dev', '--yes', '--force'], {
      store,
      now: NOW,
      here: here(() => [
        { pid: 4242, folder },
        { pid: 5151, folder: other },
      ]),
    });
    expect(ran).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'unlock: storytime-dev: terraform is still running on this machine with this state (pid 4242): let it finish or stop it, then run unlock again; released nothing\n',
    });
    expect(released).toEqual([]);
  });

  it('wants --force for a lock taken on another machine, and says why', async () => {
    const { store, released } = fakeStore(info('ci@runner-7'), undefined);
    const ran = await runCommand(command, ['dev', '--yes'], { store, now: NOW, here: here(() => []) });
    expect(ran.status).toBe(1);
    expect(ran.stderr).toBe(
      "unlock: storytime-dev: released nothing: it was taken on runner-7, and storytime cannot see that machine's processes; make sure that run has ended (its terminal, its CI job, the machine), then run again with --force\n",
    );
    expect(released).toEqual([]);
    const forced = await runCommand(command, ['dev', '--yes', '--force'], { store, now: NOW, here: here(() => []) });
    expect(forced.stdout.split('\n').at(-2)).toBe('storytime-dev: released the S3 lock file');
    expect(released).toEqual(['file']);
  });

  it('asks on a terminal, wants --yes without one, and releases nothing on another answer', async () => {
    const { store, released } = fakeStore(info('ana@ops-laptop'), info('ana@ops-laptop'));
    const deps = { store, now: NOW, here: here(() => []) };
    expect(await runCommand(command, ['dev'], { ...deps, confirm: undefined })).toMatchObject({ status: 1 });
    const questions: string[] = [];
    const no = await runCommand(command, ['dev'], {
      ...deps,
      confirm: (text: string, question: string) => Promise.resolve((questions.push(text, question), false)),
    });
    expect(no).toEqual({ status: 1, stdout: '', stderr: 'unlock: storytime-dev: released nothing\n' });
    expect(questions).toEqual([REPORT, 'Release both locks of storytime-dev?']);
    const yes = await runCommand(command, ['dev'], { ...deps, confirm: () => Promise.resolve(true) });
    expect(yes).toEqual({ status: 0, stdout: 'storytime-dev: released the S3 lock file and the DynamoDB lock item\n', stderr: '' });
    expect(released).toEqual(['file', 'item']);
  });

  it('says so when nothing is locked, and keeps a lock that changed while it ran', async () => {
    const free = await runCommand(command, ['state-prod'], { store: fakeStore(undefined, undefined).store, now: NOW });
    expect(free).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("keeps its state in a local file (backend.bootstrapState 'local'"),
    });
    const none = await runCommand(command, ['prod'], { store: fakeStore(undefined, undefined).store, now: NOW });
    expect(none.stdout.split('\n').at(-2)).toBe('storytime-prod: not locked; nothing to release');
    const { store } = fakeStore(info('ana@ops-laptop'), info('ana@ops-laptop'), true);
    const raced = await runCommand(command, ['dev', '--yes'], { store, now: NOW, here: here(() => []) });
    expect(raced.stderr).toBe(
      'unlock: storytime-dev: the S3 lock file changed while unlock ran (another run took the lock?): kept it; run unlock again to see who holds it\n',
    );
  });
});

describe('storytime unlock, what it shows and releases', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const STATE = 'storytime-dev: state s3://storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate';
  const FILE = '  S3 lock file s3://storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate.tflock';
  const ITEM = '  DynamoDB item storytime-terraform-locks LockID storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate';
  const deps = (store: StateStore) => ({ store, now: NOW, here: here(() => []) });

  /** A store whose releases of the file and the item answer `fileReleased` and `itemReleased`, each logged. */
  function storeOf(file: HeldLock | undefined, item: HeldLock | undefined, fileReleased = true, itemReleased = true) {
    const released: string[] = [];
    const store: StateStore = {
      ...fakeStore(undefined, undefined).store,
      lockFile: () => Promise.resolve(file),
      lockItem: () => Promise.resolve(item),
      releaseLockFile: (lock) => Promise.resolve((released.push(`file ${lock.raw}`), fileReleased)),
      releaseLockItem: (lock) => Promise.resolve((released.push(`item ${lock.raw}`), itemReleased)),
    };
    return { store, released };
  }

  it('says when nothing is locked, with what it looked at', async () => {
    expect(await runCommand(command, ['dev'], deps(storeOf(undefined, undefined).store))).toEqual({
      status: 0,
      stdout: `${STATE}\n${FILE}: none\n${ITEM}: none\nstorytime-dev: not locked; nothing to release\n`,
      stderr: '',
    });
  });

  it('describes a lock without all its fields, one that is not lock info, and releases only the item held', async () => {
    const garbage = `{"note":"${'x'.repeat(130)}"}`;
    const sparse = held(JSON.stringify({ ID: 'only-id' }));
    const { store, released } = storeOf(undefined, sparse);
    expect(await runCommand(command, ['dev', '--yes', '--force'], deps(store))).toEqual({
      status: 0,
      stdout: `${STATE}\n${FILE}: none\n${ITEM}: ID only-id, unknown by unknown, Terraform unknown, since unknown (an unknown time ago)\nstorytime-dev: released the DynamoDB lock item\n`,
      stderr: '',
    });
    expect(released).toEqual(['item {"ID":"only-id"}']);
    const odd = storeOf(
      { info: {}, raw: garbage },
      held(JSON.stringify({ ID: 'i1', Operation: 'ForceUnlockOperationType', Who: 'ana@ops-laptop' })),
    );
    const ran = await runCommand(command, ['dev', '--yes'], deps(odd.store));
    expect(ran.stdout.split('\n').slice(1, 3)).toEqual([
      `${FILE}: present, but not Terraform's lock info: ${JSON.stringify(garbage.slice(0, 120))}`,
      `${ITEM}: ID i1, forceunlockoperationtype by ana@ops-laptop, Terraform unknown, since unknown (an unknown time ago)`,
    ]);
    expect(ran.stderr).toBe(
      'unlock: storytime-dev: released nothing: the lock does not say which machine took it; make sure that run has ended (its terminal, its CI job, the machine), then run again with --force\n',
    );
    expect(ran.status).toBe(1);
    expect(odd.released).toEqual([]);
  });

  it('notes two locks of different IDs, and only when both have one', async () => {
    const lock = (id: string | undefined) => held(JSON.stringify({ ID: id, Who: 'ana@ops-laptop' }));
    const note = '  the two locks have different IDs: two runs took them; both are released together';
    const lines = async (file: HeldLock, item: HeldLock) =>
      (await runCommand(command, ['dev', '--yes'], deps(storeOf(file, item).store))).stdout.split('\n');
    expect((await lines(lock('a'), lock('b')))[3]).toBe(note);
    expect(await lines(lock('a'), lock('a'))).not.toContain(note);
    expect(await lines(lock(undefined), lock('b'))).not.toContain(note);
    expect(await lines(lock('a'), lock(undefined))).not.toContain(note);
  });

  it('shows the report on stdout when it refuses a lock of another machine, or has no terminal to ask on', async () => {
    const other = await runCommand(command, ['dev'], deps(storeOf(held(info('ci@runner-7')), undefined).store));
    expect(other.stdout).toBe(
      `${STATE}\n${FILE}: ID 5a1b2c3d-0000-4000-8000-000000000001, apply by ci@runner-7, Terraform 1.11.4, since 2026-12-03T09:47:00Z (2 h 13 min ago)\n${ITEM}: none\n`,
    );
    const { store, released } = storeOf(held(info('ana@ops-laptop')), held(info('ana@ops-laptop')));
    expect(await runCommand(command, ['dev'], { ...deps(store), confirm: undefined })).toEqual({
      status: 1,
      stdout: REPORT,
      stderr: 'unlock: storytime-dev: released nothing: no terminal to ask on; pass --yes\n',
    });
    expect(released).toEqual([]);
  });

  it('keeps both locks when both changed while it ran, and says which', async () => {
    const { store, released } = storeOf(held(info('ana@ops-laptop')), held(info('ana@ops-laptop')), false, false);
    expect(await runCommand(command, ['dev', '--yes'], deps(store))).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'unlock: storytime-dev: the S3 lock file and the DynamoDB lock item changed while unlock ran (another run took the lock?): kept it; run unlock again to see who holds it\n',
    });
    expect(released).toEqual([`file ${info('ana@ops-laptop')}`, `item ${info('ana@ops-laptop')}`]);
    const item = storeOf(undefined, held(info('ana@ops-laptop')), true, false);
    expect((await runCommand(command, ['dev', '--yes'], deps(item.store))).stderr).toBe(
      'unlock: storytime-dev: the DynamoDB lock item changed while unlock ran (another run took the lock?): kept it; run unlock again to see who holds it\n',
    );
  });

  it("reads AWS's locks when no store is given", async () => {
    const calls = fakeSdk(
      [S3Client, DynamoDBClient],
      [
        [
          GetObjectCommand,
          () => {
            throw awsError('NoSuchKey');
          },
        ],
        [GetItemCommand, () => ({})],
      ],
    );
    expect((await runCommand(command, ['dev'], { now: NOW })).stdout.split('\n').at(-2)).toBe(
      'storytime-dev: not locked; nothing to release',
    );
    expect(calls.sort()).toEqual([
      'us-east-1 GetItemCommand {"TableName":"storytime-terraform-locks","Key":{"LockID":{"S":"storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate"}},"ConsistentRead":true}',
      'us-east-1 GetObjectCommand {"Bucket":"storytime-terraform-state-dev-example","Key":"storytime/dev/terraform.tfstate.tflock"}',
    ]);
  });
});

describe('storytime unlock, refusals and usage', () => {
  it('names every terraform process on this machine that uses the state', async () => {
    const folder = tempDir('unlock-running');
    mkdirSync(join(folder, '.terraform'));
    writeFileSync(
      join(folder, '.terraform', 'terraform.tfstate'),
      JSON.stringify({
        backend: { type: 's3', config: { bucket: 'storytime-terraform-state-dev-example', key: 'storytime/dev/terraform.tfstate' } },
      }),
    );
    const { store, released } = fakeStore(info('ana@ops-laptop'), undefined);
    const ran = await runCommand(command, ['dev', '--yes'], {
      store,
      now: NOW,
      here: here(() => [
        { pid: 4242, folder },
        { pid: 4343, folder: undefined },
      ]),
    });
    expect(ran.stderr).toBe(
      'unlock: storytime-dev: terraform is still running on this machine with this state (pid 4242, 4343): let it finish or stop it, then run unlock again; released nothing\n',
    );
    expect(released).toEqual([]);
  });

  it('prints its usage with --help', async () => {
    expect(await runCommand(command, ['--help'], { store: fakeStore(undefined, undefined).store })).toEqual({
      status: 0,
      stderr: '',
      stdout: `usage: storytime unlock <env> | state-<env> [--yes] [--force]
  <env>, state-<env>  the stack whose state lock to release, e.g. dev or state-dev
  --yes        release without asking (needed where there is no terminal to ask on)
  --force      release a lock taken on another machine, after you made sure its run has ended there
Shows both locks of the state (S3 lock file, DynamoDB item), refuses while their holder may still run, then releases both (docs/recovery.md).
`,
    });
  });
});
