/**
 * `storytime unlock <env> | state-<env>`: shows who holds the state's two
 * locks (the S3 lock file and the DynamoDB lock item), refuses while the
 * holder may still run, and releases both on confirmation (docs/recovery.md).
 */
import { defineCommand, type CommandResult } from '../command';
import { defaultConfirm, type Confirm } from '../confirm';
import { CommandFailure } from '../errors';
import { age, holderVerdict, LOCAL, type HolderEnvironment } from '../state/holder';
import { lockId, stateLocation, stateUrl, type StateLocation } from '../state/location';
import type { HeldLock, StateStore } from '../state/store';
import { stackTarget } from '../target';

const USAGE = `usage: storytime unlock <env> | state-<env> [--yes] [--force]
  <env>, state-<env>  the stack whose state lock to release, e.g. dev or state-dev
  --yes        release without asking (needed where there is no terminal to ask on)
  --force      release a lock taken on another machine, after you made sure its run has ended there
Shows both locks of the state (S3 lock file, DynamoDB item), refuses while their holder may still run, then releases both (docs/recovery.md).
`;

export interface UnlockDeps {
  readonly store?: StateStore;
  readonly here?: HolderEnvironment;
  readonly now?: Date;
  readonly confirm?: Confirm;
}

function describe(name: string, lock: HeldLock | undefined, now: Date): string {
  if (!lock) return `  ${name}: none`;
  const { ID, Operation, Who, Version, Created } = lock.info;
  if (ID === undefined) return `  ${name}: present, but not Terraform's lock info: ${JSON.stringify(lock.raw.slice(0, 120))}`;
  const operation = (Operation ?? 'unknown').replace(/^OperationType/, '').toLowerCase();
  return `  ${name}: ID ${ID}, ${operation} by ${Who ?? 'unknown'}, Terraform ${Version ?? 'unknown'}, since ${Created ?? 'unknown'} (${age(Created, now)} ago)`;
}

async function release(store: StateStore, file: HeldLock | undefined, item: HeldLock | undefined): Promise<string[]> {
  const changed: string[] = [];
  if (file && !(await store.releaseLockFile(file))) changed.push('the S3 lock file');
  if (item && !(await store.releaseLockItem(item))) changed.push('the DynamoDB lock item');
  return changed;
}

async function loadStore(location: StateLocation): Promise<StateStore> {
  const { awsStateStore } = await import('../state/store.js');
  return awsStateStore(location);
}

export const command = defineCommand({
  name: 'unlock',
  usage: USAGE,
  positionals: true,
  flags: { yes: { type: 'boolean' }, force: { type: 'boolean' } },
  async run({ flags, positionals }, deps: UnlockDeps = {}): Promise<CommandResult> {
    const target = stackTarget(positionals, { bootstraps: true });
    const location = stateLocation(target);
    const store = deps.store ?? (await loadStore(location));
    const now = deps.now ?? new Date();
    const [file, item] = await Promise.all([store.lockFile(), store.lockItem()]);
    const report = [
      `${target.stack}: state ${stateUrl(location)}`,
      describe(`S3 lock file ${stateUrl(location)}.tflock`, file, now),
      describe(`DynamoDB item ${location.table} LockID ${lockId(location)}`, item, now),
    ];
    if (!file && !item)
      return { stdout: `${report.join('\n')}\n${target.stack}: not locked; nothing to release\n`, stderr: [], exitCode: 0 };
    if (file && item && file.info.ID !== undefined && item.info.ID !== undefined && file.info.ID !== item.info.ID) {
      report.push(`  the two locks have different IDs: two runs took them; both are released together`);
    }
    for (const lock of [file, item].filter((held) => held !== undefined)) {
      const verdict = holderVerdict(lock.info, location, deps.here ?? LOCAL);
      if (verdict.kind === 'running') {
        throw new CommandFailure(
          `${target.stack}: terraform is still running on this machine with this state (pid ${verdict.pids.join(', ')}): let it finish or stop it, then run unlock again; released nothing`,
        );
      }
      if (verdict.kind === 'unknown' && !flags.force) {
        return {
          stdout: `${report.join('\n')}\n`,
          stderr: [
            `${target.stack}: released nothing: ${verdict.why}; make sure that run has ended (its terminal, its CI job, the machine), then run again with --force`,
          ],
          exitCode: 1,
        };
      }
    }
    const text = `${report.join('\n')}\n`;
    if (!flags.yes) {
      const confirm = deps.confirm ?? defaultConfirm();
      if (!confirm) return { stdout: text, stderr: [`${target.stack}: released nothing: no terminal to ask on; pass --yes`], exitCode: 1 };
      if (!(await confirm(text, `Release both locks of ${target.stack}?`))) {
        return { stdout: '', stderr: [`${target.stack}: released nothing`], exitCode: 1 };
      }
    }
    const changed = await release(store, file, item);
    if (changed.length > 0) {
      throw new CommandFailure(
        `${target.stack}: ${changed.join(' and ')} changed while unlock ran (another run took the lock?): kept it; run unlock again to see who holds it`,
      );
    }
    const released = [file && 'the S3 lock file', item && 'the DynamoDB lock item'].filter(Boolean).join(' and ');
    return { stdout: `${flags.yes ? text : ''}${target.stack}: released ${released}\n`, stderr: [], exitCode: 0 };
  },
});
