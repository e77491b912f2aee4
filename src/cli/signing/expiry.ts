/** When signed cookies expire: `--expires-in` or `--expires-at`, at most 7 days ahead. */
import { UsageError } from '../errors';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/**
 * The longest validity signed here: a signed cookie is a bearer credential
 * that nothing revokes short of removing its key from the key group, and a
 * manual playback check needs minutes, not months.
 */
const MAX_EXPIRES_SECONDS = 7 * 86_400;
const MAX_EXPIRES_TEXT = '7d (a signed cookie is a bearer credential that only removing its key from the key group revokes)';

/** `90s`, `30m`, `1h`, `7d` → seconds, at most MAX_EXPIRES_SECONDS. */
export function parseExpiresIn(text: string): number {
  const match = /^([1-9]\d*)([smhd])$/.exec(text);
  if (!match) throw new UsageError(`--expires-in "${text.slice(0, 40)}" is not a duration like 90s, 30m, 1h or 7d`);
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  if (seconds > MAX_EXPIRES_SECONDS) throw new UsageError(`--expires-in ${text} is longer than ${MAX_EXPIRES_TEXT}`);
  return seconds;
}

// A time of day must carry its zone: ECMAScript reads a zoneless time as local time, a trap on shared hosts.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

// Date.parse rolls 2025-02-30 over into March instead of failing. Months past 12 and days past 31 it
// refuses, so a day past its month's end is the one case left, and it always changes the day of the month.
function isCalendarDay(year: number, month: number, day: number): boolean {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/** ISO 8601 date (UTC midnight) or date-time with zone → epoch milliseconds. */
function parseExpiresAt(text: string): number {
  const match = ISO_DATE.exec(text);
  const ms = Date.parse(text);
  if (!match || Number.isNaN(ms) || !isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new UsageError(`--expires-at "${text}" is not an ISO date such as 2025-06-30 or 2025-06-30T18:00:00Z`);
  }
  return ms;
}

const DEFAULT_EXPIRES_IN = '1h';

/** DateLessThan in epoch seconds; must lie after `now`. */
export function resolveExpiry(
  expiry: { readonly expiresIn?: string | undefined; readonly expiresAt?: string | undefined },
  now: Date,
): number {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (expiry.expiresAt === undefined) return nowSeconds + parseExpiresIn(expiry.expiresIn ?? DEFAULT_EXPIRES_IN);
  const expires = Math.floor(parseExpiresAt(expiry.expiresAt) / 1000);
  if (expires <= nowSeconds) {
    throw new UsageError(`--expires-at ${expiry.expiresAt} is in the past (now ${now.toISOString()})`);
  }
  if (expires - nowSeconds > MAX_EXPIRES_SECONDS) {
    throw new UsageError(`--expires-at ${expiry.expiresAt} is more than ${MAX_EXPIRES_TEXT} from now`);
  }
  return expires;
}
