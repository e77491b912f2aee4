/**
 * What SQS and EventBridge require of this module's props, as validators that
 * return what was expected (undefined when the value passes). The construct
 * refuses props that fail them; settings validation calls the same functions.
 */
import { isKnown } from '../shared/props';

/** EventBridge's defaults for a target's retry policy, written out so that the plan shows them. */
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 86_400;
export const DEFAULT_MAX_RETRY_ATTEMPTS = 185;

const inRange = (value: number | undefined, min: number, max: number) =>
  value === undefined || !isKnown(value) || (Number.isInteger(value) && value >= min && value <= max);

/** SQS takes 1 to 1000 receives before a message moves to the dead-letter queue. */
export function maxReceiveCountProblem(count: number | undefined): string | undefined {
  return inRange(count, 1, 1000) ? undefined : 'expected 1 to 1000 receives';
}

/** EventBridge keeps retrying an undelivered event for 60 s to 24 h (MaximumEventAgeInSeconds). */
export function maxEventAgeProblem(seconds: number | undefined): string | undefined {
  return inRange(seconds, 60, 86_400) ? undefined : 'expected 60 to 86400 seconds (EventBridge retries an event for at most 24 hours)';
}

/** EventBridge retries a delivery 0 to 185 times (MaximumRetryAttempts). */
export function maxRetryAttemptsProblem(attempts: number | undefined): string | undefined {
  return inRange(attempts, 0, 185) ? undefined : 'expected 0 to 185 attempts (EventBridge retries a delivery at most 185 times)';
}
