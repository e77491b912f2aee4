import type { EnvironmentSettings } from './schema/schema';

/** What an environment's tier protects, as the props its modules take (docs/settings.md, "Tiers"). */
export interface Protection {
  /** `lifecycle.prevent_destroy` on every bucket, secret, KMS key, the distribution and its key group. */
  readonly preventDestroy: boolean;
  /** Days a deleted secret stays restorable; undefined leaves the secrets modules' default (30). */
  readonly secretRecoveryWindowDays: number | undefined;
}

/**
 * Production protects unless `allowDestroy` says why not. Non-production deletes
 * its secrets at once by default, so that a destroyed environment can be applied
 * again the same day instead of waiting out the recovery window.
 */
export function protectionOf(tier: EnvironmentSettings['tier']): Protection {
  if (tier.name === 'production') {
    return { preventDestroy: tier.allowDestroy === undefined, secretRecoveryWindowDays: tier.secretRecoveryWindowDays };
  }
  return { preventDestroy: false, secretRecoveryWindowDays: tier.secretRecoveryWindowDays ?? 0 };
}
