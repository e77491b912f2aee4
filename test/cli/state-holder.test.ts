/** Whether a lock's holder may still run: terraform processes from /proc, the state their folder uses, the verdict, and the lock's age. */
import { spawn } from 'node:child_process';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { age, holderVerdict, hostOf, LOCAL, terraformProcesses, usesState } from '../../src/cli/state/holder';
import { tempDir } from '../temp';

const LOCATION = {
  bucket: 'storytime-terraform-state-dev-example',
  key: 'storytime/dev/terraform.tfstate',
  table: 'storytime-terraform-locks',
  region: 'us-east-1',
};

/** A /proc of processes: each with its command line (arguments joined by NUL) and, when given, its working folder. */
function fakeProc(processes: Record<string, { cmdline?: string[]; cwd?: string }>): string {
  const proc = tempDir('proc');
  for (const [pid, { cmdline, cwd }] of Object.entries(processes)) {
    mkdirSync(join(proc, pid));
    if (cmdline) writeFileSync(join(proc, pid, 'cmdline'), `${cmdline.join('\0')}\0`);
    if (cwd) symlinkSync(cwd, join(proc, pid, 'cwd'));
  }
  return proc;
}

/** A terraform working folder whose .terraform/terraform.tfstate holds `saved`. */
function workingFolder(saved: unknown): string {
  const folder = tempDir('tf-folder');
  mkdirSync(join(folder, '.terraform'));
  writeFileSync(join(folder, '.terraform', 'terraform.tfstate'), typeof saved === 'string' ? saved : JSON.stringify(saved));
  return folder;
}

const S3_SAVED = {
  backend: { type: 's3', config: { bucket: 'storytime-terraform-state-dev-example', key: 'storytime/dev/terraform.tfstate' } },
};

describe('terraform processes', () => {
  it('finds the terraform processes of a /proc, with their -chdir folder or current folder', () => {
    // Working folders are only read as links here; a temporary root keeps the paths this test's own.
    const root = tempDir('holder-cwd');
    const at = (name: string) => join(root, name);
    const proc = fakeProc({
      '4242': { cmdline: ['terraform', '-chdir=cdktf.out/stacks/storytime-dev', 'apply'], cwd: at('project') },
      '77': { cmdline: [at('bin/terraform'), 'plan'], cwd: at('other') },
      '5': { cmdline: ['terraform', 'apply'] },
      '88': { cmdline: ['node', 'terraform'], cwd: at('project') },
      '89': { cmdline: ['terraform-ls', 'serve'], cwd: at('project') },
      '99': { cwd: at('project') },
      self: { cmdline: ['terraform', 'plan'], cwd: at('self') },
      x12: { cmdline: ['terraform', 'plan'], cwd: at('x12') },
      '12x': { cmdline: ['terraform', 'plan'], cwd: at('12x') },
    });
    const found = terraformProcesses(proc)?.sort((a, b) => a.pid - b.pid);
    expect(found).toEqual([
      { pid: 5, folder: undefined },
      { pid: 77, folder: at('other') },
      { pid: 4242, folder: at('project/cdktf.out/stacks/storytime-dev') },
    ]);
  });

  it('finds none where there is no /proc', () => {
    expect(terraformProcesses(join(tempDir('no-proc'), 'proc'))).toBeUndefined();
  });

  it("finds a terraform running on this machine, in this machine's /proc by default", async () => {
    const folder = realpathSync(tempDir('running'));
    const child = spawn('sleep', ['30'], { argv0: 'terraform', cwd: folder, stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      expect(terraformProcesses()).toContainEqual({ pid: child.pid, folder });
      expect(LOCAL.processes()).toContainEqual({ pid: child.pid, folder });
    } finally {
      child.kill();
    }
  });
});

describe('whether a working folder uses the state', () => {
  it('is true for an s3 backend of the same bucket and key, and when the folder cannot be told', () => {
    expect(usesState(workingFolder(S3_SAVED), LOCATION)).toBe(true);
    expect(usesState(undefined, LOCATION)).toBe(true);
  });

  it.each([
    [
      'another key',
      { backend: { type: 's3', config: { bucket: 'storytime-terraform-state-dev-example', key: 'storytime/prod/terraform.tfstate' } } },
    ],
    ['another bucket', { backend: { type: 's3', config: { bucket: 'other-bucket', key: 'storytime/dev/terraform.tfstate' } } }],
    [
      'another backend type',
      { backend: { type: 'local', config: { bucket: 'storytime-terraform-state-dev-example', key: 'storytime/dev/terraform.tfstate' } } },
    ],
    ['an s3 backend without config', { backend: { type: 's3' } }],
    ['no backend', {}],
    ['a backend of null', { backend: null }],
    ['JSON null', 'null'],
    ['not JSON', 'not json'],
  ])('is false for %s', (_what, saved) => {
    expect(usesState(workingFolder(saved), LOCATION)).toBe(false);
  });

  it('is false for a folder never initialised', () => {
    expect(usesState(tempDir('never-initialised'), LOCATION)).toBe(false);
  });
});

describe("the lock holder's verdict", () => {
  const here = (processes: () => { pid: number; folder: string | undefined }[] | undefined) => ({ host: 'ops-laptop', processes });

  it('names the terraform processes of this machine that use the state; ended when none does', () => {
    const same = workingFolder(S3_SAVED);
    const other = workingFolder({ backend: { type: 's3', config: { bucket: 'other', key: 'k' } } });
    const processes = () => [
      { pid: 11, folder: same },
      { pid: 12, folder: other },
      { pid: 13, folder: undefined },
    ];
    expect(holderVerdict({ Who: 'ana@ops-laptop' }, LOCATION, here(processes))).toEqual({ kind: 'running', pids: [11, 13] });
    expect(
      holderVerdict(
        { Who: 'ana@ops-laptop' },
        LOCATION,
        here(() => [{ pid: 12, folder: other }]),
      ),
    ).toEqual({ kind: 'ended' });
    expect(
      holderVerdict(
        { Who: 'ana@ops-laptop' },
        LOCATION,
        here(() => []),
      ),
    ).toEqual({ kind: 'ended' });
  });

  it('cannot tell for a lock without its machine, of another machine, or on a machine without /proc', () => {
    const processes = () => [];
    expect(holderVerdict({}, LOCATION, here(processes))).toEqual({ kind: 'unknown', why: 'the lock does not say which machine took it' });
    expect(holderVerdict({ Who: 'ana' }, LOCATION, here(processes))).toEqual({
      kind: 'unknown',
      why: 'the lock does not say which machine took it',
    });
    expect(holderVerdict({ Who: 'ci@runner-7' }, LOCATION, here(processes))).toEqual({
      kind: 'unknown',
      why: "it was taken on runner-7, and storytime cannot see that machine's processes",
    });
    expect(
      holderVerdict(
        { Who: 'ana@ops-laptop' },
        LOCATION,
        here(() => undefined),
      ),
    ).toEqual({
      kind: 'unknown',
      why: 'this machine (ops-laptop) has no /proc to look for terraform processes in',
    });
  });

  it("looks at this machine's processes by default", () => {
    const verdict = holderVerdict({ Who: `ana@${hostname()}` }, LOCATION);
    expect(['running', 'ended']).toContain(verdict.kind);
  });

  it('reads the host of Who as all after the first @', () => {
    expect(hostOf({ Who: 'ci@runner@7' })).toBe('runner@7');
    expect(hostOf({ Who: 'ana' })).toBe('');
    expect(hostOf({})).toBe('');
  });
});

describe('the age of a lock', () => {
  const NOW = new Date('2026-12-03T12:00:00Z');

  it.each([
    ['2026-12-03T12:00:30Z', '0 s'],
    ['2026-12-03T11:59:59.600Z', '0 s'],
    ['2026-12-03T11:59:01Z', '59 s'],
    ['2026-12-03T11:59:00Z', '1 min'],
    ['2026-12-03T11:00:01Z', '59 min'],
    ['2026-12-03T11:00:00Z', '1 h 0 min'],
    ['2026-12-01T12:00:01Z', '47 h 59 min'],
    ['2026-12-01T12:00:00Z', '2 days'],
    ['2026-11-29T11:00:00Z', '4 days'],
  ])('since %s is %s', (created, text) => {
    expect(age(created, NOW)).toBe(text);
  });

  it('is unknown without a date, or with text that is no date', () => {
    expect(age(undefined, NOW)).toBe('an unknown time');
    expect(age('yesterday-ish', NOW)).toBe('an unknown time');
  });
});
