import { TerraformVariable } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { Secrets, type SecretsProps } from '../../modules/secrets';
import { expose, refAt, resourceAt, resourcesOf, synthScope, type Json } from '../helpers';

const KMS = 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000009';

/** Secrets `secrets` under storytime/dev with `props` on top; outputs what the construct exposes. */
const secrets = (props: Partial<SecretsProps> = {}, withMaterial = false): Json =>
  synthScope((scope) => {
    // Tokens, as the stack passes them: the public key's id and the sensitive PEM variable.
    const signingMaterial = withMaterial
      ? {
          keyPairId: new TerraformVariable(scope, 'key_pair_id', { type: 'string' }).stringValue,
          privateKeyPem: new TerraformVariable(scope, 'pem', { type: 'string', sensitive: true }).stringValue,
        }
      : undefined;
    const made = new Secrets(scope, 'secrets', { namePrefix: 'storytime/dev', signingMaterial, ...props });
    expose(scope, {
      arn: made.privateKeySecretArn,
      name: made.privateKeySecretName,
    });
  });

describe('Secrets', () => {
  it('creates the private-key secret without payload by default (prod: no key in state)', () => {
    const json = secrets();
    expect(resourceAt(json, 'aws_secretsmanager_secret', 'secrets/private-key')).toEqual({
      name: 'storytime/dev/cloudfront_private_key',
      description: 'JSON {keyPairId, privateKeyPem}: the CloudFront key pair Rails signs cookies with',
      recovery_window_in_days: 30,
    });
    expect(json).not.toHaveResource('aws_secretsmanager_secret_version');
    expect(json.output.arn.value).toBe(refAt(json, 'aws_secretsmanager_secret', 'secrets/private-key', 'arn'));
    expect(json.output.name.value).toBe(refAt(json, 'aws_secretsmanager_secret', 'secrets/private-key', 'name'));
  });

  it('stores the key pair id and the PEM together as one JSON value (dev: Terraform writes both)', () => {
    const json = secrets({}, true);
    expect(resourcesOf(json, 'aws_secretsmanager_secret_version')).toHaveLength(1);
    expect(resourceAt(json, 'aws_secretsmanager_secret_version', 'secrets/private-key-value')).toEqual({
      secret_id: refAt(json, 'aws_secretsmanager_secret', 'secrets/private-key', 'id'),
      secret_string: '${jsonencode({"keyPairId" = var.key_pair_id, "privateKeyPem" = var.pem})}',
      version_stages: ['AWSCURRENT'],
    });
  });

  it('holds the signing key only: no origin-verify value or secret (modules/origin_verify)', () => {
    const json = secrets({}, true);
    expect(json).not.toHaveResource('random_password');
    expect(resourcesOf(json, 'aws_secretsmanager_secret')).toHaveLength(1);
  });

  it('encrypts the secret with the customer key and keeps it the recovery window given', () => {
    const json = secrets({ kmsKeyArn: KMS, recoveryWindowInDays: 7 });
    expect(resourceAt(json, 'aws_secretsmanager_secret', 'secrets/private-key')).toMatchObject({
      kms_key_id: KMS,
      recovery_window_in_days: 7,
    });
    expect(resourceAt(secrets(), 'aws_secretsmanager_secret', 'secrets/private-key').kms_key_id).toBeUndefined();
  });

  it('deletes the secret at once with a recovery window of 0, and refuses a window Secrets Manager refuses', () => {
    expect(
      resourceAt(secrets({ recoveryWindowInDays: 0 }), 'aws_secretsmanager_secret', 'secrets/private-key').recovery_window_in_days,
    ).toBe(0);
    expect(
      resourceAt(secrets({ recoveryWindowInDays: 30 }), 'aws_secretsmanager_secret', 'secrets/private-key').recovery_window_in_days,
    ).toBe(30);
    for (const days of [-1, 1, 6, 31, 7.5]) {
      expect(() => secrets({ recoveryWindowInDays: days })).toThrow(
        new Error('secrets: recoveryWindowInDays: expected 0 (delete at once) or 7 to 30 days'),
      );
    }
  });

  it('is protected from destroy only when asked', () => {
    expect(resourceAt(secrets({ preventDestroy: true }), 'aws_secretsmanager_secret', 'secrets/private-key').lifecycle).toEqual({
      prevent_destroy: true,
    });
    expect(resourceAt(secrets(), 'aws_secretsmanager_secret', 'secrets/private-key').lifecycle).toBeUndefined();
  });
});
