/**
 * What an environment protects (docs/settings.md, "Tiers"), declared, never
 * derived from its name. `production`, the default: the signing private key
 * never enters Terraform state, Terraform refuses to destroy its data, keys,
 * secrets and distribution unless `allowDestroy` says why, and a deleted
 * secret stays restorable. `non-production` lowers all of that, so it must say why.
 */
import { z } from 'zod';
import { recoveryWindowProblem } from '../../modules/secrets';
import { checkedBy } from './module-checks';
import { reason } from './shared';

/** A production secret deleted without a recovery window is gone for good, signing key included. */
function productionRecoveryWindowProblem(days: number): string | undefined {
  return days === 0 ? 'expected 7 to 30 days (a production secret stays restorable after a delete)' : recoveryWindowProblem(days);
}

const production = z
  .object({
    name: z.literal('production'),
    /** Lifts destroy protection, for a decommission or a rebuild; remove it again afterwards. */
    allowDestroy: z.object({ reason }).strict().optional(),
    /** Days a deleted secret can be restored (7 to 30); the secrets module's default, 30, otherwise. */
    secretRecoveryWindowDays: z.number().superRefine(checkedBy(productionRecoveryWindowProblem)).optional(),
  })
  .strict();

const nonProduction = z
  .object({
    name: z.literal('non-production'),
    reason,
    /** Days a deleted secret can be restored; 0, the default here, deletes it at once so that a destroyed environment can be applied again the same day. */
    secretRecoveryWindowDays: z.number().superRefine(checkedBy(recoveryWindowProblem)).optional(),
  })
  .strict();

export const tier = z
  .discriminatedUnion('name', [production, nonProduction], {
    errorMap: () => ({ message: "expected { name: 'production' } or { name: 'non-production', reason: '<why>' }" }),
  })
  .default({ name: 'production' });
