import { describe, expect, it } from 'vitest';
import { withoutMissingProviders } from '../../scripts/lib/provider-stand-ins';
import { substitute } from '../../scripts/lib/stand-ins';
import type { Json } from '../helpers';

const RANDOM = 'hashicorp/random 3.7.2';

const stack = (): Json => ({
  terraform: {
    required_providers: { aws: { source: 'aws', version: '5.100.0' }, random: { source: 'hashicorp/random', version: '3.7.2' } },
  },
  provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: ['111111111111'] }], random: [{}] },
  resource: {
    random_password: { verify: { length: 12, special: false, depends_on: ['aws_s3_bucket.b'] } },
    aws_s3_bucket: { b: { bucket: 'b' } },
    aws_secretsmanager_secret_version: { v: { secret_string: '${random_password.verify.result}', depends_on: ['random_password.verify'] } },
  },
});

describe('provider stand-ins', () => {
  it('replaces random_password by terraform_data and rewrites every reference, on a copy', () => {
    const original = stack();
    const { stack: copy, used } = withoutMissingProviders(original, new Set([RANDOM]));
    expect(original.resource.random_password).toBeDefined();
    expect(copy.resource.random_password).toBeUndefined();
    expect(copy.resource.terraform_data.verify.input.result).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(copy.resource.terraform_data.verify.depends_on).toEqual(['aws_s3_bucket.b']);
    expect(copy.resource.aws_secretsmanager_secret_version.v).toEqual({
      secret_string: '${terraform_data.verify.output.result}',
      depends_on: ['terraform_data.verify'],
    });
    expect(copy.terraform.required_providers).toEqual({ aws: { source: 'aws', version: '5.100.0' } });
    expect(Object.keys(copy.provider)).toEqual(['aws']);
    expect(used).toEqual([
      { address: 'random_password.verify', standIn: 'terraform_data.verify', why: expect.stringContaining('random 3.7.2') },
    ]);
  });

  it('replaces two passwords of one stack, each read inside a jsonencode(...) expression, by their own stand-ins', () => {
    // As the origin-verify secrets are synthesized: blue and green values, the active one inside jsonencode.
    const blueGreen = stack();
    blueGreen.resource.random_password.green = { length: 64, special: false };
    blueGreen.resource.aws_secretsmanager_secret_version.v.secret_string =
      '${jsonencode({"active" = "blue", "value" = random_password.verify.result, "next" = random_password.green.result})}';
    const { stack: copy, used } = withoutMissingProviders(blueGreen, new Set([RANDOM]));
    expect(used.map((use) => use.standIn).sort()).toEqual(['terraform_data.green', 'terraform_data.verify']);
    expect(copy.resource.terraform_data.green.input.result).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(copy.resource.terraform_data.green.input.result).not.toBe(copy.resource.terraform_data.verify.input.result);
    expect(copy.resource.aws_secretsmanager_secret_version.v.secret_string).toBe(
      '${jsonencode({"active" = "blue", "value" = terraform_data.verify.output.result, "next" = terraform_data.green.output.result})}',
    );
  });

  it('leaves the stack alone when the provider is present', () => {
    const original = stack();
    expect(withoutMissingProviders(original, new Set()).stack).toBe(original);
  });

  it('refuses a resource type of a missing provider that has no stand-in', () => {
    const withString = stack();
    withString.resource.random_string = { s: { length: 4 } };
    expect(() => withoutMissingProviders(withString, new Set([RANDOM]))).toThrow('random_string has no stand-in');
  });

  it('refuses a reference to an attribute the stand-in does not provide', () => {
    const withBcrypt = stack();
    withBcrypt.resource.aws_s3_bucket.b.tags = { hash: '${random_password.verify.bcrypt_hash}' };
    expect(() => withoutMissingProviders(withBcrypt, new Set([RANDOM]))).toThrow("has no 'bcrypt_hash'");
  });

  it("gives a stand-in's value the stack's region and account", () => {
    const { stack: copy } = substitute(stack(), [
      {
        type: 'aws_s3_bucket',
        why: 'test',
        attributes: ['arn'],
        value: (config, target) => ({ arn: `${target.region}:${target.accountId}:${config.bucket}` }),
      },
    ]);
    expect(copy.resource.terraform_data.b.input).toEqual({ arn: 'eu-west-1:111111111111:b' });
  });
});
