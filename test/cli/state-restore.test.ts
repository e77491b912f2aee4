/** storytime state:restore: the versions of the state object, and a restore that brings the digest along. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/state-restore';
import type { StateStore, StateVersion } from '../../src/cli/state/store';
import { runCommand } from './run-command';

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
