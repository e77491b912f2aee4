import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { describe, expect, it } from 'vitest';
import { Secrets } from '../../modules/secrets';
import { ST_SM_1 } from '../../src/guards/rules/st-sm-1';
import { guardedStack, messagesOf } from './guarded';
import { detailsOf } from './guarded';

const FINDING =
  '[ST-SM-1] in the production tier, the CloudFront private key never enters Terraform state: a secret version gives the private key a payload managed by Terraform';

describe('ST-SM-1: the private key stays out of state in the production tier', () => {
  it('finds a private-key secret with a payload in the production tier, whatever the environment is called', () => {
    const stack = guardedStack();
    const secrets = new Secrets(stack, 'secrets', { namePrefix: 'storytime/dev' });
    new SecretsmanagerSecretVersion(stack, 'payload', { secretId: secrets.privateKeySecretArn, secretString: 'pem' });
    expect(messagesOf(stack, { environment: 'dev', tier: 'production' })).toEqual([`${FINDING} (guarded/payload)`]);
  });

  it('does not apply to the non-production tier, even in an environment called prod', () => {
    const stack = guardedStack();
    new Secrets(stack, 'secrets', { namePrefix: 'storytime/prod', signingMaterial: { keyPairId: 'K1', privateKeyPem: 'pem' } });
    expect(messagesOf(stack, { environment: 'prod', tier: 'non-production' })).toEqual([]);
  });

  it('finds a version that names the secret literally, and lets other secrets have payloads', () => {
    const stack = guardedStack();
    new SecretsmanagerSecret(stack, 'key', { name: 'storytime/dev/cloudfront_private_key' });
    new SecretsmanagerSecretVersion(stack, 'by-name', { secretId: 'storytime/dev/cloudfront_private_key', secretString: 'pem' });
    const other = new SecretsmanagerSecret(stack, 'other', { name: 'storytime/dev/api_token' });
    new SecretsmanagerSecretVersion(stack, 'token', { secretId: other.arn, secretString: 'token' });
    expect(messagesOf(stack, {}, [ST_SM_1])).toEqual([`${FINDING} (guarded/by-name)`]);
  });
});

describe('ST-SM-1, in detail', () => {
  it('finds a version of either of two private-key secrets', () => {
    const resources = {
      aws_secretsmanager_secret: {
        a: { name: 'storytime/dev/cloudfront_private_key' },
        b: { name: 'storytime/qa/cloudfront_private_key' },
      },
      aws_secretsmanager_secret_version: { v: { secret_id: '${aws_secretsmanager_secret.b.id}' } },
    };
    expect(detailsOf(ST_SM_1, resources)).toEqual(['a secret version gives the private key a payload managed by Terraform']);
  });
});
