/**
 * The schema reports a module's own rules by calling the module's validators
 * (a module used without these settings refuses the same values), at the
 * settings field that feeds the prop, in the module's words.
 */
import { z } from 'zod';
import type { PropCheck } from '../../modules/shared/props';

/** A refinement reporting what a module's validator finds in one value, at that value's field. */
export const checkedBy =
  <T>(problem: (value: T) => string | undefined) =>
  (value: T, ctx: z.RefinementCtx): void => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  };

/** Adds each failed check of a module's validator as an issue below `at` (relative to the refined value). */
export function addChecks(ctx: z.RefinementCtx, at: readonly (string | number)[], checks: readonly PropCheck[]): void {
  for (const { path, message } of checks) {
    if (message !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...at, ...path], message });
  }
}
