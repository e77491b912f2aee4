/** Where a stack's state lives, as the settings' backend says: bucket, key, lock table, region; and the names messages give it. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { digestId, lockId, stateLocation, stateUrl } from '../../src/cli/state/location';
import { stackTarget } from '../../src/cli/target';
import { bootstrapInBucket, cloudBackend, overrideSettings } from './settings-override';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the state location', () => {
  it("of an environment's stack: its key in the state bucket", () => {
    const location = stateLocation(stackTarget(['dev'], { bootstraps: true }));
    expect(location).toEqual({
      bucket: 'storytime-terraform-state-dev-example',
      key: 'storytime/dev/terraform.tfstate',
      table: 'storytime-terraform-locks',
      region: 'us-east-1',
    });
    expect(stateUrl(location)).toBe('s3://storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate');
    expect(lockId(location)).toBe('storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate');
    expect(digestId(location)).toBe('storytime-terraform-state-dev-example/storytime/dev/terraform.tfstate-md5');
  });

  it('of a state bootstrap moved into its bucket: the bootstrap key', () => {
    overrideSettings('dev', bootstrapInBucket);
    expect(stateLocation(stackTarget(['state-dev'], { bootstraps: true }))).toEqual({
      bucket: 'storytime-terraform-state-dev-example',
      key: 'storytime/dev/state-bootstrap.tfstate',
      table: 'storytime-terraform-locks',
      region: 'us-east-1',
    });
  });

  it('is none for a bootstrap still on its local file, or a stack in Terraform Cloud', () => {
    expect(() => stateLocation(stackTarget(['state-prod'], { bootstraps: true }))).toThrow(
      "storytime-state-prod keeps its state in a local file (backend.bootstrapState 'local' in stacks/settings/prod.ts): there is no S3 state, lock or digest to act on",
    );
    overrideSettings('dev', cloudBackend);
    expect(() => stateLocation(stackTarget(['dev'], { bootstraps: true }))).toThrow(
      "storytime-dev keeps its state in Terraform Cloud (backend.type 'cloud'): use the workspace's own controls",
    );
  });
});
