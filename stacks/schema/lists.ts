import { z } from 'zod';
import { earlierDuplicates } from '../../modules/shared/props';

/**
 * A refinement of a list AWS keeps as a set (allowed accounts, CORS origins):
 * each entry once, as a copy is a value meant to be another. Entries `valid`
 * refuses are reported by their own rule only.
 */
export const listedOnce =
  (valid: (value: string) => boolean) =>
  (values: readonly string[], ctx: z.RefinementCtx): void => {
    earlierDuplicates(values).forEach((earlier, index) => {
      if (earlier !== undefined && valid(values[index])) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [index], message: `'${values[index]}' is listed twice; remove one` });
      }
    });
  };
