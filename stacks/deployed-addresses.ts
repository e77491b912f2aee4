import type { OriginVerifyLogicalIds } from '../modules/origin_verify';

/**
 * Logical ids that deployed environments already hold in their state, kept
 * when the construct that makes them moves: a new id would make Terraform
 * destroy the resource and create another (a new secret value, a new secret).
 */

/** The origin-verify values and their secret, first created inside the `secrets` construct. */
export const ORIGIN_VERIFY_LOGICAL_IDS: OriginVerifyLogicalIds = {
  // Blue keeps the id of the single value it succeeds, so that upgrade did not regenerate the value in use.
  blue: 'secrets_origin-verify-value_57884938',
  green: 'secrets_origin-verify-green_23296A2D',
  secret: 'secrets_origin-verify_BE66F3A9',
  secretVersion: 'secrets_origin-verify-version_66A47271',
};
