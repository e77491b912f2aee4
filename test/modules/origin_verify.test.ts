import { describe, expect, it } from 'vitest';
import { OriginVerify, type OriginVerifyProps } from '../../modules/origin_verify';
import { expose, refAt, resourceAt, resourcesOf, synthScope, type Json } from '../helpers';

const KMS = 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000009';

/** OriginVerify `origin-verify` under storytime/dev with `props` on top; outputs what the construct exposes. */
const originVerify = (props: Partial<OriginVerifyProps> = {}): Json =>
  synthScope((scope) => {
    const made = new OriginVerify(scope, 'origin-verify', { namePrefix: 'storytime/dev', ...props });
    expose(scope, { header: made.headerValue, accepted: made.acceptedValues, active: made.active, arn: made.secretArn });
  });

describe('OriginVerify', () => {
  it('keeps two 64-character values without specials; the secret and CloudFront get the active one (blue by default)', () => {
    const json = originVerify();
    expect(resourcesOf(json, 'random_password')).toHaveLength(2);
    for (const color of ['blue', 'green']) {
      expect(resourceAt(json, 'random_password', `origin-verify/${color}`)).toEqual({ length: 64, special: false });
    }
    expect(resourceAt(json, 'aws_secretsmanager_secret', 'origin-verify/secret')).toEqual({
      name: 'storytime/dev/origin_verify',
      description: 'X-Origin-Verify value CloudFront sends now, and which of blue/green it is',
      recovery_window_in_days: 30,
    });
    const blue = refAt(json, 'random_password', 'origin-verify/blue', 'result');
    const green = refAt(json, 'random_password', 'origin-verify/green', 'result');
    expect(resourceAt(json, 'aws_secretsmanager_secret_version', 'origin-verify/secret-version')).toEqual({
      secret_id: refAt(json, 'aws_secretsmanager_secret', 'origin-verify/secret', 'id'),
      secret_string: `\${jsonencode({"active" = "blue", "value" = ${blue.slice(2, -1)}})}`,
      version_stages: ['AWSCURRENT'],
    });
    expect([json.output.header.value, json.output.accepted.value, json.output.active.value]).toEqual([blue, [blue, green], 'blue']);
    expect(json.output.arn.value).toBe(refAt(json, 'aws_secretsmanager_secret', 'origin-verify/secret', 'arn'));
  });

  it('sends and stores green when green is active, and still accepts blue then green', () => {
    const json = originVerify({ active: 'green' });
    const blue = refAt(json, 'random_password', 'origin-verify/blue', 'result');
    const green = refAt(json, 'random_password', 'origin-verify/green', 'result');
    expect(resourceAt(json, 'aws_secretsmanager_secret_version', 'origin-verify/secret-version').secret_string).toBe(
      `\${jsonencode({"active" = "green", "value" = ${green.slice(2, -1)}})}`,
    );
    expect([json.output.header.value, json.output.accepted.value, json.output.active.value]).toEqual([green, [blue, green], 'green']);
  });

  it('encrypts the secret with the customer key and keeps it the recovery window given', () => {
    const json = originVerify({ kmsKeyArn: KMS, recoveryWindowInDays: 7 });
    expect(resourceAt(json, 'aws_secretsmanager_secret', 'origin-verify/secret')).toMatchObject({
      kms_key_id: KMS,
      recovery_window_in_days: 7,
    });
  });

  it('deletes the secret at once with a recovery window of 0, and refuses a window Secrets Manager refuses', () => {
    expect(
      resourceAt(originVerify({ recoveryWindowInDays: 0 }), 'aws_secretsmanager_secret', 'origin-verify/secret').recovery_window_in_days,
    ).toBe(0);
    for (const days of [3, 31, 7.5]) {
      expect(() => originVerify({ recoveryWindowInDays: days })).toThrow(
        new Error('origin_verify: recoveryWindowInDays: expected 0 (delete at once) or 7 to 30 days'),
      );
    }
  });

  it('is protected from destroy only when asked: the secret, not the values it holds', () => {
    const json = originVerify({ preventDestroy: true });
    expect(resourceAt(json, 'aws_secretsmanager_secret', 'origin-verify/secret').lifecycle).toEqual({ prevent_destroy: true });
    expect(resourceAt(originVerify(), 'aws_secretsmanager_secret', 'origin-verify/secret').lifecycle).toBeUndefined();
    for (const color of ['blue', 'green']) expect(resourceAt(json, 'random_password', `origin-verify/${color}`).lifecycle).toBeUndefined();
  });

  it('keeps the logical ids it is given, so that values deployed under another construct path survive a move', () => {
    const json = originVerify({ logicalIds: { blue: 'old_blue', green: 'old_green', secret: 'old_secret', secretVersion: 'old_version' } });
    expect(Object.keys(json.resource.random_password).sort()).toEqual(['old_blue', 'old_green']);
    expect(Object.keys(json.resource.aws_secretsmanager_secret)).toEqual(['old_secret']);
    expect(json.resource.aws_secretsmanager_secret_version).toEqual({
      old_version: {
        secret_id: '${aws_secretsmanager_secret.old_secret.id}',
        secret_string: expect.any(String),
        version_stages: ['AWSCURRENT'],
      },
    });
    expect(json.output.accepted.value).toEqual(['${random_password.old_blue.result}', '${random_password.old_green.result}']);
  });

  it('refuses a colour other than blue or green', () => {
    expect(() => originVerify({ active: 'red' as 'blue' })).toThrow(new Error('origin_verify: active: expected one of blue, green'));
  });
});
