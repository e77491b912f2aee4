import type { StateSettingsInput } from './schema';

/**
 * The state bootstrap stack (local state): one bucket and one lock table for
 * every environment's S3 backend. PLACEHOLDER values must be replaced.
 */
export const state: StateSettingsInput = {
  project: 'storytime',
  aws: {
    region: 'us-east-1',
    accountId: '111111111111', // PLACEHOLDER: the account that keeps Terraform state
    allowedAccountIds: ['111111111111'], // PLACEHOLDER
  },
  bucket: 'storytime-terraform-state-example', // PLACEHOLDER: bucket names are global
  lockTable: 'storytime-terraform-locks',
  tags: { CostCenter: 'video-library' },
};
