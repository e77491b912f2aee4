/** storytime unlock: who holds the locks, whether the holder may still run, and releasing both. */
import { describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/unlock';
import type { HolderEnvironment } from '../../src/cli/state/holder';
import type { HeldLock, StateStore } from '../../src/cli/state/store';
import { tempDir } from '../temp';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
