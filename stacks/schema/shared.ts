import { z } from 'zod';

/** Why a lower protection or a shared reference is deliberate; required wherever one is declared. */
export const reason = z.string().trim().min(10, 'expected a reason of at least 10 characters');
/** Marks a reference as deliberately shared between environments; the reason is required. */
export const shared = z.object({ reason }).strict();
