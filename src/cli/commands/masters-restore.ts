/**
 * `storytime masters:restore <env> <key>...`: with `uploads.archiveStorageClass`
 * GLACIER or DEEP_ARCHIVE, an archived master cannot be read, so a re-transcode
 * fails with InvalidObjectState until S3 has restored a copy. This asks for
 * that restore and, run again, says how far it got (docs/uploads.md).
 */
import { resourceName } from '../../../stacks/naming';
import { checkAccount, type IdentityReader } from '../aws/account';
import { awsErrorText } from '../aws/config';
import { defineCommand, type CommandResult } from '../command';
import { flagError } from '../errors';
import type { MasterArchive, MasterObject, RestoreTier } from '../masters/archive';
import { stackTarget } from '../target';

const USAGE = `usage: storytime masters:restore <env> <key>... [--days <n>] [--tier Standard|Bulk|Expedited]
  <env>       the environment whose master uploads bucket holds the masters, e.g. dev
  <key>       a master's object key in that bucket, e.g. uploads/42/master.mp4; several may follow
  --days <n>  how long the restored copy stays readable, 1-30 days (default 2); S3 bills it as Standard storage
  --tier <t>  Standard (default: 3-5 h, Deep Archive 12 h), Bulk (cheaper: 5-12 h, Deep Archive 48 h)
              or Expedited (1-5 min, Flexible Retrieval only)
Asks S3 to restore each archived master so that MediaConvert can read it, then prints each master's state;
run it again to see whether a restore has finished (docs/uploads.md, "Archived masters").
`;

const TIERS: readonly RestoreTier[] = ['Standard', 'Bulk', 'Expedited'];

/**
 * The classes whose objects must be restored before a GET, every other class being read as it is, and how
 * long a restore takes per tier (Amazon S3 User Guide, "Archive retrieval options").
 */
const DURATION: ReadonlyMap<string, Readonly<Partial<Record<RestoreTier, string>>>> = new Map([
  ['GLACIER', { Expedited: '1-5 minutes', Standard: '3-5 hours', Bulk: '5-12 hours' }],
  ['DEEP_ARCHIVE', { Standard: 'up to 12 hours', Bulk: 'up to 48 hours' }],
]);

export interface MastersRestoreDeps {
  readonly identity?: IdentityReader;
  readonly archive?: MasterArchive;
}

function parseDays(text: string | undefined): number {
  if (text === undefined) return 2;
  const days = Number(text);
  if (!/^\d+$/.test(text) || days < 1 || days > 30) throw flagError(`--days must be a whole number of days from 1 to 30, got "${text}"`);
  return days;
}

function parseTier(text: string | undefined): RestoreTier {
  if (text === undefined) return 'Standard';
  const tier = TIERS.find((known) => known === text);
  if (!tier) throw flagError(`--tier must be one of ${TIERS.join(', ')}, got "${text}"`);
  return tier;
}

interface Outcome {
  readonly line: string;
  readonly problem: boolean;
}

async function restoreOne(archive: MasterArchive, bucket: string, key: string, days: number, tier: RestoreTier): Promise<Outcome> {
  let object: MasterObject | undefined;
  try {
    object = await archive.head(bucket, key);
  } catch (error) {
    return { line: `${key}: cannot read it (${awsErrorText(error)})`, problem: true };
  }
  if (object === undefined) return { line: `${key}: no such object in ${bucket}`, problem: true };
  const { storageClass, restore } = object;
  const durations = DURATION.get(storageClass);
  if (!durations) return { line: `${key}: readable as it is (${storageClass}), nothing to restore`, problem: false };
  if (restore?.includes('ongoing-request="true"')) return { line: `${key}: restore in progress (${storageClass})`, problem: false };
  const expiry = restore?.match(/expiry-date="([^"]+)"/)?.[1];
  if (expiry) return { line: `${key}: restored, readable until ${expiry} (${storageClass})`, problem: false };
  const duration = durations[tier];
  if (duration === undefined) {
    return { line: `${key}: ${storageClass} offers no ${tier} restore: use --tier Standard or Bulk`, problem: true };
  }
  try {
    const requested = await archive.restore(bucket, key, days, tier);
    return {
      line: requested
        ? `${key}: restore requested (${storageClass}, ${tier}: ${duration}), then readable for ${days} day${days === 1 ? '' : 's'}`
        : `${key}: restore in progress (${storageClass})`,
      problem: false,
    };
  } catch (error) {
    return { line: `${key}: restore refused (${awsErrorText(error)})`, problem: true };
  }
}

export const command = defineCommand({
  name: 'masters:restore',
  usage: USAGE,
  positionals: true,
  flags: { days: { type: 'string' }, tier: { type: 'string' } },
  async run({ flags, positionals }, deps: MastersRestoreDeps = {}): Promise<CommandResult> {
    const keys = positionals.slice(1);
    const target = stackTarget(positionals.slice(0, 1));
    if (keys.length === 0) throw flagError('missing the master: give one or more object keys, e.g. uploads/42/master.mp4');
    const url = keys.find((key) => key.startsWith('s3://') || key.startsWith('/'));
    if (url !== undefined) throw flagError(`"${url}" is not an object key: give the key inside the bucket, e.g. uploads/42/master.mp4`);
    const days = parseDays(flags.days);
    const tier = parseTier(flags.tier);
    await checkAccount(target, deps.identity);
    const bucket = resourceName(target.settings, 'master-uploads');
    const archive = deps.archive ?? (await import('../masters/archive.js')).awsMasterArchive(target.settings.aws.region);
    const outcomes: Outcome[] = [];
    for (const key of new Set(keys)) outcomes.push(await restoreOne(archive, bucket, key, days, tier));
    return {
      stdout: [
        `${target.stack}: s3://${bucket}`,
        ...outcomes.filter((outcome) => !outcome.problem).map((outcome) => `  ${outcome.line}`),
        '',
      ].join('\n'),
      stderr: outcomes.filter((outcome) => outcome.problem).map((outcome) => outcome.line),
      exitCode: outcomes.some((outcome) => outcome.problem) ? 1 : 0,
    };
  },
});
