/**
 * `storytime state:restore <env> | state-<env>`: lists the versions of the
 * state object and, with `--version`, copies one over it and sets the lock
 * table's digest item to that version's MD5, so that Terraform reads it
 * (docs/recovery.md). The state bucket is versioned, so a deleted or
 * overwritten state is still there as an older version.
 */
import { createHash } from 'node:crypto';
import { defineCommand, type CommandResult } from '../command';
import { defaultConfirm, type Confirm } from '../confirm';
import { CommandFailure, flagError } from '../errors';
import { digestId, stateLocation, stateUrl, type StateLocation } from '../state/location';
import type { StateStore, StateVersion } from '../state/store';
import { stackTarget } from '../target';

const USAGE = `usage: storytime state:restore <env> | state-<env> [--version <id> [--dry-run] [--yes]]
  <env>, state-<env>  the stack whose state object to list or restore, e.g. dev or state-dev
  --version <id>      restore this version of the state object (without it: list the versions)
  --dry-run           say what the restore would do, change nothing
  --yes               restore without asking (needed where there is no terminal to ask on)
Copies the chosen version over the state object and sets the lock table's digest to its MD5 (docs/recovery.md).
`;

/** How many versions the list reads and shows, newest first. */
const SHOWN = 10;

export interface StateRestoreDeps {
  readonly store?: StateStore;
  readonly confirm?: Confirm;
}

interface Summary {
  readonly valid: boolean;
  readonly text: string;
  readonly md5: string;
}

/** What a version holds: a Terraform state (serial, lineage, resources) or not. */
function summarize(body: Uint8Array): Summary {
  const md5 = createHash('md5').update(body).digest('hex');
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return { valid: false, text: 'not a Terraform state (not JSON)', md5 };
  }
  const { version, serial, lineage, resources } = (state ?? {}) as {
    version?: unknown;
    serial?: unknown;
    lineage?: unknown;
    resources?: unknown;
  };
  if (version !== 4 || typeof serial !== 'number' || typeof lineage !== 'string' || !Array.isArray(resources)) {
    return { valid: false, text: 'not a Terraform state (no version 4, serial, lineage and resources)', md5 };
  }
  return { valid: true, text: `serial ${serial}, lineage ${lineage}, ${resources.length} resources`, md5 };
}

/** `summary` is undefined for a delete marker, which has no body to read. */
function versionLine(version: StateVersion, summary: Summary | undefined): string {
  const when = version.lastModified?.toISOString() ?? 'unknown time';
  const what = summary ? `${version.size} bytes, ${summary.text}` : 'delete marker (the state was deleted here)';
  return `  ${version.versionId}  ${when}  ${what}${version.latest ? '  <- current' : ''}`;
}

async function list(store: StateStore, stack: string, location: StateLocation, argument: string): Promise<CommandResult> {
  const versions = await store.versions();
  if (versions.length === 0) throw new CommandFailure(`${stack}: ${stateUrl(location)} has no version at all: nothing to restore`);
  const shown = versions.slice(0, SHOWN);
  const summaries = await Promise.all(
    shown.map(async (version) => (version.deleteMarker ? undefined : summarize(await store.read(version.versionId)))),
  );
  const digest = await store.digest();
  const matching = shown.filter((_, index) => summaries[index]?.md5 === digest).map((version) => version.versionId);
  const lines = [
    `${stack}: ${stateUrl(location)}, ${versions.length} version${versions.length === 1 ? '' : 's'}, newest first${versions.length > SHOWN ? ` (the ${SHOWN} newest shown)` : ''}:`,
    ...shown.map((version, index) => versionLine(version, summaries[index])),
    `digest ${location.table} ${digestId(location)}: ${digest ?? 'none'}${digest ? (matching.length > 0 ? ` (the MD5 of ${matching.join(', ')})` : ' (the MD5 of none of these)') : ''}`,
    `restore one with: npm run storytime -- state:restore ${argument} --version <id> [--dry-run]`,
  ];
  return { stdout: `${lines.join('\n')}\n`, stderr: [], exitCode: 0 };
}

async function loadStore(location: StateLocation): Promise<StateStore> {
  const { awsStateStore } = await import('../state/store.js');
  return awsStateStore(location);
}

export const command = defineCommand({
  name: 'state:restore',
  usage: USAGE,
  positionals: true,
  flags: { version: { type: 'string' }, 'dry-run': { type: 'boolean' }, yes: { type: 'boolean' } },
  async run({ flags, positionals }, deps: StateRestoreDeps = {}): Promise<CommandResult> {
    const target = stackTarget(positionals, { bootstraps: true });
    if (flags.version === undefined && (flags['dry-run'] || flags.yes)) throw flagError('--dry-run and --yes go with --version <id>');
    const location = stateLocation(target);
    const store = deps.store ?? (await loadStore(location));
    if (flags.version === undefined) return list(store, target.stack, location, positionals[0]);

    const chosen = (await store.versions()).find((version) => version.versionId === flags.version);
    if (!chosen)
      throw new CommandFailure(
        `${target.stack}: ${stateUrl(location)} has no version ${flags.version}: run without --version to list them`,
      );
    if (chosen.deleteMarker)
      throw new CommandFailure(`${target.stack}: version ${flags.version} is a delete marker, not a state: choose an older version`);
    const summary = summarize(await store.read(chosen.versionId));
    if (!summary.valid) throw new CommandFailure(`${target.stack}: version ${flags.version} is ${summary.text}: choose another version`);
    const [file, item] = await Promise.all([store.lockFile(), store.lockItem()]);
    const lock = file ?? item;
    if (lock) {
      throw new CommandFailure(
        `${target.stack}: the state is locked (${lock.info.Who ?? 'unknown holder'}): a run may be writing it; let it finish, or release a stale lock with npm run storytime -- unlock ${positionals[0]}`,
      );
    }
    const plan = [
      `${target.stack}: restore version ${chosen.versionId} (${chosen.lastModified?.toISOString() ?? 'unknown time'}, ${summary.text})`,
      `  copy it over ${stateUrl(location)} (it becomes the newest version; every version stays)`,
      `  set ${location.table} ${digestId(location)} to ${summary.md5}`,
    ].join('\n');
    if (flags['dry-run']) return { stdout: `${plan}\ndry run: changed nothing\n`, stderr: [], exitCode: 0 };
    if (!flags.yes) {
      const confirm = deps.confirm ?? defaultConfirm();
      if (!confirm)
        return { stdout: `${plan}\n`, stderr: [`${target.stack}: restored nothing: no terminal to ask on; pass --yes`], exitCode: 1 };
      if (!(await confirm(`${plan}\n`, `Restore ${target.stack}'s state to version ${chosen.versionId}?`))) {
        return { stdout: '', stderr: [`${target.stack}: restored nothing`], exitCode: 1 };
      }
    }
    await store.restore(chosen.versionId);
    await store.setDigest(summary.md5);
    return {
      stdout: `${flags.yes ? `${plan}\n` : ''}${target.stack}: restored version ${chosen.versionId}; run npm run plan -- ${positionals[0]} to see what differs from AWS\n`,
      stderr: [],
      exitCode: 0,
    };
  },
});
