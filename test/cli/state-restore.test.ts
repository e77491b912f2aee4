/** storytime state:restore: the versions of the state object, and a restore that brings the digest along. */
import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from '../../src/cli/commands/state-restore';
import type { HeldLock, StateStore, StateVersion } from '../../src/cli/state/store';
import { fakeSdk } from './fake-sdk';
import { runCommand } from './run-command';
import { bootstrapInBucket, overrideSettings } from './settings-override';

const state = (serial: number) =>
  JSON.stringify({ version: 4, terraform_version: '1.11.4', serial, lineage: 'a1b2', outputs: {}, resources: [{}, {}] });
const GOOD = state(7);
const OLDER = state(6);
const GARBAGE = '\u0000 not a state';
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

function fakeStore(latest: 'deleted' | 'garbled', locked = false) {
  const bodies: Record<string, string> = { v3: GARBAGE, v2: GOOD, v1: OLDER };
  const versions: StateVersion[] = [
    {
      versionId: 'v3',
      lastModified: new Date('2026-12-03T11:00:00Z'),
      size: latest === 'garbled' ? 14 : 0,
      latest: true,
      deleteMarker: latest === 'deleted',
    },
    { versionId: 'v2', lastModified: new Date('2026-12-03T10:00:00Z'), size: GOOD.length, latest: false, deleteMarker: false },
    { versionId: 'v1', lastModified: new Date('2026-12-02T10:00:00Z'), size: OLDER.length, latest: false, deleteMarker: false },
  ];
  const calls: string[] = [];
  const lock = { info: { Who: 'ana@ops-laptop' }, raw: '{}' };
  const store: StateStore = {
    lockFile: () => Promise.resolve(locked ? lock : undefined),
    lockItem: () => Promise.resolve(undefined),
    releaseLockFile: () => Promise.resolve(true),
    releaseLockItem: () => Promise.resolve(true),
    versions: () => Promise.resolve(versions),
    read: (id) => Promise.resolve(new TextEncoder().encode(bodies[id])),
    restore: (id) => Promise.resolve(void calls.push(`restore ${id}`)),
    digest: () => Promise.resolve(md5(GOOD)),
    setDigest: (digest) => Promise.resolve(void calls.push(`digest ${digest}`)),
  };
  return { store, calls };
}

describe('storytime state:restore', () => {
  it('lists the versions newest first, says which is a state and which the digest matches', async () => {
    const ran = await runCommand(command, ['dev'], { store: fakeStore('deleted').store });
    expect(ran).toEqual({
      status: 0,
      stderr: '',
      stdout: `storytime-dev: s3://storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate, 3 versions, newest first:
  v3  2026-12-03T11:00:00.000Z  delete marker (the state was deleted here)  <- current
  v2  2026-12-03T10:00:00.000Z  ${GOOD.length} bytes, serial 7, lineage a1b2, 2 resources
  v1  2026-12-02T10:00:00.000Z  ${OLDER.length} bytes, serial 6, lineage a1b2, 2 resources
digest storytime-terraform-locks storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate-md5: ${md5(GOOD)} (the MD5 of v2)
restore one with: npm run storytime -- state:restore dev --version <id> [--dry-run]
`,
    });
  });

  it('restores a version and sets the digest to its MD5; a dry run changes nothing', async () => {
    const { store, calls } = fakeStore('garbled');
    const dry = await runCommand(command, ['dev', '--version', 'v1', '--dry-run'], { store });
    expect(dry.stdout).toBe(`storytime-dev: restore version v1 (2026-12-02T10:00:00.000Z, serial 6, lineage a1b2, 2 resources)
  copy it over s3://storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate (it becomes the newest version; every version stays)
  set storytime-terraform-locks storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate-md5 to ${md5(OLDER)}
dry run: changed nothing
`);
    expect(calls).toEqual([]);
    const done = await runCommand(command, ['dev', '--version', 'v1', '--yes'], { store });
    expect(done.status).toBe(0);
    expect(done.stdout.split('\n').at(-2)).toBe('storytime-dev: restored version v1; run npm run plan -- dev to see what differs from AWS');
    expect(calls).toEqual(['restore v1', `digest ${md5(OLDER)}`]);
  });

  it('refuses what is not a state, a delete marker, an unknown version, and a locked state', async () => {
    const { store, calls } = fakeStore('garbled');
    expect((await runCommand(command, ['dev', '--version', 'v3', '--yes'], { store })).stderr).toBe(
      'state:restore: storytime-dev: version v3 is not a Terraform state (not JSON): choose another version\n',
    );
    expect((await runCommand(command, ['dev', '--version', 'v3', '--yes'], { store: fakeStore('deleted').store })).stderr).toBe(
      'state:restore: storytime-dev: version v3 is a delete marker, not a state: choose an older version\n',
    );
    expect((await runCommand(command, ['dev', '--version', 'v9'], { store })).stderr).toBe(
      'state:restore: storytime-dev: s3://storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate has no version v9: run without --version to list them\n',
    );
    expect((await runCommand(command, ['dev', '--version', 'v2', '--yes'], { store: fakeStore('garbled', true).store })).stderr).toBe(
      'state:restore: storytime-dev: the state is locked (ana@ops-laptop): a run may be writing it; let it finish, or release a stale lock with npm run storytime -- unlock dev\n',
    );
    expect(calls).toEqual([]);
  });

  it('wants --yes where there is no terminal, and --version for --dry-run', async () => {
    const { store, calls } = fakeStore('garbled');
    const ran = await runCommand(command, ['dev', '--version', 'v2'], { store, confirm: undefined });
    expect(ran.stderr).toBe('state:restore: storytime-dev: restored nothing: no terminal to ask on; pass --yes\n');
    expect((await runCommand(command, ['dev', '--dry-run'], { store })).stderr.split('\n')[0]).toBe(
      'state:restore: --dry-run and --yes go with --version <id>',
    );
    expect(calls).toEqual([]);
  });
});

/** A store of versions given newest first as [id, body (undefined: a delete marker), time (undefined: none)]. */
function storeOf(
  versions: readonly (readonly [string, string | undefined, string | undefined])[],
  options: { digest?: string; file?: HeldLock; item?: HeldLock } = {},
) {
  const calls: string[] = [];
  const store: StateStore = {
    lockFile: () => Promise.resolve(options.file),
    lockItem: () => Promise.resolve(options.item),
    releaseLockFile: () => Promise.resolve(true),
    releaseLockItem: () => Promise.resolve(true),
    versions: () =>
      Promise.resolve(
        versions.map(([versionId, text, at], index) => ({
          versionId,
          lastModified: at === undefined ? undefined : new Date(at),
          size: text?.length ?? 0,
          latest: index === 0,
          deleteMarker: text === undefined,
        })),
      ),
    read: (id) =>
      Promise.resolve((calls.push(`read ${id}`), new TextEncoder().encode(versions.find(([versionId]) => versionId === id)?.[1]))),
    restore: (id) => Promise.resolve(void calls.push(`restore ${id}`)),
    digest: () => Promise.resolve(options.digest),
    setDigest: (digest) => Promise.resolve(void calls.push(`digest ${digest}`)),
  };
  return { store, calls };
}

const URL = 's3://storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate';
const DIGEST_ITEM = 'digest storytime-terraform-locks storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate-md5';
const HINT = 'restore one with: npm run storytime -- state:restore dev --version <id> [--dry-run]';
const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00Z`;
const iso = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`;

describe('storytime state:restore, the list', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('shows the 10 newest of more, reads only those, and says which bodies are no Terraform state', async () => {
    const odd = (fields: Record<string, unknown>) => JSON.stringify({ version: 4, serial: 1, lineage: 'a1b2', resources: [], ...fields });
    const versions = [
      ['v12', odd({ version: 3 }), at(12)],
      ['v11', odd({ serial: '1' }), at(11)],
      ['v10', odd({ lineage: 1 }), at(10)],
      ['v9', odd({ resources: {} }), at(9)],
      ['v8', 'null', at(8)],
      ['v7', OLDER, undefined],
      ['v6', GOOD, at(6)],
      ['v5', GOOD, at(5)],
      ['v4', undefined, at(4)],
      ['v3', OLDER, at(3)],
      ['v2', OLDER, at(2)],
      ['v1', OLDER, at(1)],
    ] as const;
    const { store, calls } = storeOf(versions, { digest: md5(GOOD) });
    const ran = await runCommand(command, ['dev'], { store });
    const invalid = 'not a Terraform state (no version 4, serial, lineage and resources)';
    expect(ran).toEqual({
      status: 0,
      stderr: '',
      stdout: [
        `storytime-dev: ${URL}, 12 versions, newest first (the 10 newest shown):`,
        `  v12  ${iso(12)}  ${versions[0][1].length} bytes, ${invalid}  <- current`,
        `  v11  ${iso(11)}  ${versions[1][1].length} bytes, ${invalid}`,
        `  v10  ${iso(10)}  ${versions[2][1].length} bytes, ${invalid}`,
        `  v9  ${iso(9)}  ${versions[3][1].length} bytes, ${invalid}`,
        `  v8  ${iso(8)}  4 bytes, ${invalid}`,
        `  v7  unknown time  ${OLDER.length} bytes, serial 6, lineage a1b2, 2 resources`,
        `  v6  ${iso(6)}  ${GOOD.length} bytes, serial 7, lineage a1b2, 2 resources`,
        `  v5  ${iso(5)}  ${GOOD.length} bytes, serial 7, lineage a1b2, 2 resources`,
        `  v4  ${iso(4)}  delete marker (the state was deleted here)`,
        `  v3  ${iso(3)}  ${OLDER.length} bytes, serial 6, lineage a1b2, 2 resources`,
        `${DIGEST_ITEM}: ${md5(GOOD)} (the MD5 of v6, v5)`,
        HINT,
        '',
      ].join('\n'),
    });
    expect(calls).toEqual(['read v12', 'read v11', 'read v10', 'read v9', 'read v8', 'read v7', 'read v6', 'read v5', 'read v3']);
  });

  it('counts exactly 10 versions without a note, one in the singular, and a digest of no version or none', async () => {
    const ten = Array.from({ length: 10 }, (_, index) => [`v${10 - index}`, OLDER, at(10 - index)] as const);
    const all = await runCommand(command, ['dev'], { store: storeOf(ten, { digest: md5(GOOD) }).store });
    expect(all.stdout.split('\n')[0]).toBe(`storytime-dev: ${URL}, 10 versions, newest first:`);
    expect(all.stdout.split('\n').at(-3)).toBe(`${DIGEST_ITEM}: ${md5(GOOD)} (the MD5 of none of these)`);
    const one = await runCommand(command, ['dev'], { store: storeOf([['v1', GOOD, at(1)]]).store });
    expect(one.stdout).toBe(
      [
        `storytime-dev: ${URL}, 1 version, newest first:`,
        `  v1  ${iso(1)}  ${GOOD.length} bytes, serial 7, lineage a1b2, 2 resources  <- current`,
        `${DIGEST_ITEM}: none`,
        HINT,
        '',
      ].join('\n'),
    );
  });

  it('says so when the state object has no version at all', async () => {
    expect(await runCommand(command, ['dev'], { store: storeOf([]).store })).toEqual({
      status: 1,
      stdout: '',
      stderr: `state:restore: storytime-dev: ${URL} has no version at all: nothing to restore\n`,
    });
  });

  it("lists a state bootstrap's versions once it keeps its state in its bucket; refuses one on a local file", async () => {
    overrideSettings('dev', bootstrapInBucket);
    const ran = await runCommand(command, ['state-dev'], { store: storeOf([['v1', GOOD, at(1)]]).store });
    expect(ran.stdout.split('\n')[0]).toBe(
      'storytime-state-dev: s3://storytime-terraform-state-dev-example/storytime/dev/state-bootstrap.tfstate, 1 version, newest first:',
    );
    expect(ran.stdout.split('\n').at(-2)).toBe('restore one with: npm run storytime -- state:restore state-dev --version <id> [--dry-run]');
    expect((await runCommand(command, ['state-prod'], { store: storeOf([]).store })).stderr.split('\n')[0]).toBe(
      "state:restore: storytime-state-prod keeps its state in a local file (backend.bootstrapState 'local' in stacks/settings/prod.ts): there is no S3 state, lock or digest to act on",
    );
  });

  it("reads AWS's state store when none is given", async () => {
    const calls = fakeSdk([S3Client, DynamoDBClient], [[ListObjectVersionsCommand, () => ({})]]);
    expect((await runCommand(command, ['dev'], {})).stderr).toBe(
      `state:restore: storytime-dev: ${URL} has no version at all: nothing to restore\n`,
    );
    expect(calls).toEqual([
      'us-east-1 ListObjectVersionsCommand {"Bucket":"storytime-terraform-state-dev-example","Prefix":"storytime/dev/terraform.tfstate"}',
    ]);
  });
});

describe('storytime state:restore --version', () => {
  const PLAN = (time: string) => `storytime-dev: restore version v1 (${time}, serial 6, lineage a1b2, 2 resources)
  copy it over ${URL} (it becomes the newest version; every version stays)
  set storytime-terraform-locks storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate-md5 to ${md5(OLDER)}
`;

  it('says what a restore with --yes did, after what it would do', async () => {
    const { store, calls } = storeOf([['v1', OLDER, at(1)]]);
    expect(await runCommand(command, ['dev', '--version', 'v1', '--yes'], { store })).toEqual({
      status: 0,
      stdout: `${PLAN(iso(1))}storytime-dev: restored version v1; run npm run plan -- dev to see what differs from AWS\n`,
      stderr: '',
    });
    expect(calls).toEqual(['read v1', 'restore v1', `digest ${md5(OLDER)}`]);
  });

  it('a dry run of a version without a time changes nothing and says so on stdout only', async () => {
    const { store, calls } = storeOf([['v1', OLDER, undefined]]);
    expect(await runCommand(command, ['dev', '--version', 'v1', '--dry-run'], { store })).toEqual({
      status: 0,
      stdout: `${PLAN('unknown time')}dry run: changed nothing\n`,
      stderr: '',
    });
    expect(calls).toEqual(['read v1']);
  });

  it('asks on a terminal with the plan: restores on yes, nothing on any other answer', async () => {
    const asked: string[] = [];
    const answer = (yes: boolean) => (text: string, question: string) => Promise.resolve((asked.push(text, question), yes));
    const no = storeOf([['v1', OLDER, at(1)]]);
    expect(await runCommand(command, ['dev', '--version', 'v1'], { store: no.store, confirm: answer(false) })).toEqual({
      status: 1,
      stdout: '',
      stderr: 'state:restore: storytime-dev: restored nothing\n',
    });
    expect(no.calls).toEqual(['read v1']);
    expect(asked).toEqual([PLAN(iso(1)), "Restore storytime-dev's state to version v1?"]);
    const yes = storeOf([['v1', OLDER, at(1)]]);
    expect(await runCommand(command, ['dev', '--version', 'v1'], { store: yes.store, confirm: answer(true) })).toEqual({
      status: 0,
      stdout: 'storytime-dev: restored version v1; run npm run plan -- dev to see what differs from AWS\n',
      stderr: '',
    });
    expect(yes.calls).toEqual(['read v1', 'restore v1', `digest ${md5(OLDER)}`]);
  });

  it('shows the plan and wants --yes where there is no terminal', async () => {
    const { store, calls } = storeOf([['v1', OLDER, at(1)]]);
    expect(await runCommand(command, ['dev', '--version', 'v1'], { store })).toEqual({
      status: 1,
      stdout: PLAN(iso(1)),
      stderr: 'state:restore: storytime-dev: restored nothing: no terminal to ask on; pass --yes\n',
    });
    expect(calls).toEqual(['read v1']);
  });

  it('refuses while only the lock item is held, naming its holder or an unknown one', async () => {
    const item = (info: HeldLock['info']) => ({ item: { info, raw: JSON.stringify(info) } });
    const locked = (who: string) =>
      `state:restore: storytime-dev: the state is locked (${who}): a run may be writing it; let it finish, or release a stale lock with npm run storytime -- unlock dev\n`;
    const held = storeOf([['v1', OLDER, at(1)]], item({ Who: 'ci@runner-7' }));
    expect((await runCommand(command, ['dev', '--version', 'v1', '--yes'], { store: held.store })).stderr).toBe(locked('ci@runner-7'));
    const anonymous = storeOf([['v1', OLDER, at(1)]], item({}));
    expect((await runCommand(command, ['dev', '--version', 'v1', '--yes'], { store: anonymous.store })).stderr).toBe(
      locked('unknown holder'),
    );
    expect([...held.calls, ...anonymous.calls]).toEqual(['read v1', 'read v1']);
  });

  it('refuses --yes without --version', async () => {
    expect((await runCommand(command, ['dev', '--yes'], { store: storeOf([]).store })).stderr.split('\n')[0]).toBe(
      'state:restore: --dry-run and --yes go with --version <id>',
    );
  });
});

describe('storytime state:restore, what it refuses and says', () => {
  it('refuses to restore a version that is JSON but no Terraform state', async () => {
    const { store, calls } = storeOf([['v2', JSON.stringify({ version: 3, serial: 1, lineage: 'a1b2', resources: [] }), at(2)]]);
    expect(await runCommand(command, ['dev', '--version', 'v2', '--yes'], { store })).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'state:restore: storytime-dev: version v2 is not a Terraform state (no version 4, serial, lineage and resources): choose another version\n',
    });
    expect(calls).toEqual(['read v2']);
  });

  it('prints its usage with --help', async () => {
    expect(await runCommand(command, ['--help'], { store: storeOf([]).store })).toEqual({
      status: 0,
      stderr: '',
      stdout: `usage: storytime state:restore <env> | state-<env> [--version <id> [--dry-run] [--yes]]
  <env>, state-<env>  the stack whose state object to list or restore, e.g. dev or state-dev
  --version <id>      restore this version of the state object (without it: list the versions)
  --dry-run           say what the restore would do, change nothing
  --yes               restore without asking (needed where there is no terminal to ask on)
Copies the chosen version over the state object and sets the lock table's digest to its MD5 (docs/recovery.md).
`,
    });
  });
});
