import { describe, expect, it } from 'vitest';
import { Secrets, type SecretsProps } from '../../modules/secrets';
import { expose, refAt, resourceAt, resourcesOf, synthScope, type Json } from '../helpers';

const KMS = 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000009';

/** Secrets `secrets` under storytime/dev with `props` on top; outputs what the construct exposes. */
const secrets = (props: Partial<SecretsProps> = {}): Json =>
  synthScope((scope) => {
    const made = new Secrets(scope, 'secrets', { namePrefix: 'storytime/dev', ...props });
    expose(scope, {
      arn: made.privateKeySecretArn,
      name: made.privateKeySecretName,
      verifyArn: made.originVerifySecretArn ?? 'none',
      verifyValue: made.originVerifyValue ?? 'none',
    });
  });

describe('Secrets', () => {
  it('creates the private-key secret without payload by default (prod: no key in state)', () => {
    const json = secrets();
    expect(resourceAt(json, 'aws_secretsmanager_secret', 'secrets/private-key')).toEqual({
      name: 'storytime/dev/cloudfront_private_key',
      description: 'PEM private key Rails signs CloudFront cookies with',
      recovery_window_in_days: 30,
    });
    expect(json).not.toHaveResource('aws_secretsmanager_secret_version');
    expect(json.output.arn.value).toBe(refAt(json, 'aws_secretsmanager_secret', 'secrets/private-key', 'arn'));
    expect(json.output.name.value).toBe(refAt(json, 'aws_secretsmanager_secret', 'secrets/private-key', 'name'));
  });

  it('stores the PEM given as the secret value (dev: from a sensitive variable)', () => {
    const json = secrets({ privateKeyPem: '${var.cloudfront_private_key_pem}' });
    expect(resourcesOf(json, 'aws_secretsmanager_secret_version')).toHaveLength(1);
    expect(resourceAt(json, 'aws_secretsmanager_secret_version', 'secrets/private-key-value')).toEqual({
      secret_id: refAt(json, 'aws_secretsmanager_secret', 'secrets/private-key', 'id'),
      secret_string: '${var.cloudfront_private_key_pem}',
    });
  });

  it('has no origin-verify secret or random provider resource unless asked', () => {
    const json = secrets();
    expect(json).not.toHaveResource('random_password');
    expect(resourcesOf(json, 'aws_secretsmanager_secret')).toHaveLength(1);
    expect([json.output.verifyArn.value, json.output.verifyValue.value]).toEqual(['none', 'none']);
  });

  it('stores a 64-character random origin-verify value without specials, and exposes it as a reference', () => {
    const json = secrets({ originVerify: true });
    expect(resourceAt(json, 'random_password', 'secrets/origin-verify-value')).toEqual({ length: 64, special: false });
    expect(resourceAt(json, 'aws_secretsmanager_secret', 'secrets/origin-verify')).toEqual({
      name: 'storytime/dev/origin_verify',
      description: 'X-Origin-Verify value CloudFront sends and the ALB requires',
      recovery_window_in_days: 30,
    });
    const value = refAt(json, 'random_password', 'secrets/origin-verify-value', 'result');
    expect(resourceAt(json, 'aws_secretsmanager_secret_version', 'secrets/origin-verify-version')).toEqual({
      secret_id: refAt(json, 'aws_secretsmanager_secret', 'secrets/origin-verify', 'id'),
      secret_string: value,
    });
    expect(json.output.verifyValue.value).toBe(value);
    expect(json.output.verifyArn.value).toBe(refAt(json, 'aws_secretsmanager_secret', 'secrets/origin-verify', 'arn'));
  });

  it('encrypts both secrets with the customer key and keeps them the recovery window given', () => {
    const json = secrets({ originVerify: true, kmsKeyArn: KMS, recoveryWindowInDays: 7 });
    for (const path of ['secrets/private-key', 'secrets/origin-verify']) {
      expect(resourceAt(json, 'aws_secretsmanager_secret', path)).toMatchObject({ kms_key_id: KMS, recovery_window_in_days: 7 });
    }
    expect(resourceAt(secrets(), 'aws_secretsmanager_secret', 'secrets/private-key').kms_key_id).toBeUndefined();
  });
});
