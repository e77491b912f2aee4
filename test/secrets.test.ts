import { describe, expect, it } from 'vitest';
import { SettingsError, validateSettings, type SettingsInputs } from '../src/config/validate';
import { addressAt, exampleWith, resourceAt, resourcesOf, synthAll, type Json } from './helpers';
import { rsaKeyPair } from './keys';

/**
 * Secrets: no private key in settings (in the JSON: test/guards/st-key-1.test.ts), the signing secret's
 * {keyPairId, privateKeyPem}, the dev key variable's validation, and the
 * blue/green origin-verify values.
 */
const pair = rsaKeyPair('signer');
const weak = rsaKeyPair('weak', 1024);
const PKCS8 = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PKCS1 = pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const BODY_LINE = PKCS8.split('\n')[1];

function problemsOf(inputs: SettingsInputs): readonly string[] {
  try {
    validateSettings(inputs);
    return [];
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
}

const LEAK =
  'dev: signing.publicKeys[0].pem: holds private key material (value not shown): give only the public half, -----BEGIN PUBLIC KEY-----, and treat that private key as leaked';
const NOT_PEM = 'dev: signing.publicKeys[0].pem: expected a PEM-encoded public key (-----BEGIN PUBLIC KEY-----)';

describe('signing.publicKeys[].pem', () => {
  it.each([
    ['a PKCS#8 private key', PKCS8, LEAK],
    ['a PKCS#1 private key', PKCS1, LEAK],
    ['a public key followed by its private key', `${pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()}${PKCS8}`, LEAK],
    [
      'a PKCS#1 public key (CloudFront takes SubjectPublicKeyInfo only)',
      pair.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      'dev: signing.publicKeys[0].pem: a PKCS#1 public key (BEGIN RSA PUBLIC KEY); CloudFront takes the BEGIN PUBLIC KEY form: convert it with openssl rsa -RSAPublicKey_in -in key.pem -pubout',
    ],
    [
      'a certificate-looking blob',
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      'dev: signing.publicKeys[0].pem: a certificate, not a public key: take its key with openssl x509 -in cert.pem -pubkey -noout',
    ],
    ['an empty string', '', NOT_PEM],
    [
      'an RSA-1024 public key',
      weak.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      'dev: signing.publicKeys[0].pem: expected an RSA 2048-bit public key (CloudFront key groups accept only these)',
    ],
  ])('refuses %s in one line that never echoes the key', (_name, pem, expected) => {
    const problems = problemsOf(exampleWith('dev', (s) => (s.signing.publicKeys[0].pem = pem)));
    expect(problems).toEqual([expected]);
    expect(problems.join('\n')).not.toContain(BODY_LINE);
  });
});

const stacks = synthAll(
  exampleWith('dev', (settings) => {
    const next = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    settings.signing.publicKeys.push({ name: '2027-05', pem: next });
    settings.signing.activeKey = '2027-05';
  }),
);

describe('the signing secret holds the key pair id and the private key together', () => {
  it('writes {keyPairId, privateKeyPem} in dev, the id taken from the active public key resource', () => {
    const json = stacks['storytime-dev'];
    const active = addressAt(json, 'aws_cloudfront_public_key', 'cdn/public-key-2027-05');
    expect(resourceAt(json, 'aws_secretsmanager_secret_version', 'secrets/private-key-value')).toMatchObject({
      secret_id: `\${${addressAt(json, 'aws_secretsmanager_secret', 'secrets/private-key')}.id}`,
      secret_string: `\${jsonencode({"keyPairId" = ${active}.id, "privateKeyPem" = var.cloudfront_private_key_pem})}`,
    });
    expect(json.output.cloudfront_public_key_id.value).toBe(`\${${active}.id}`);
  });

  it('gives prod the secret only: no version, no variable', () => {
    const json = stacks['storytime-prod'];
    const versions = resourcesOf(json, 'aws_secretsmanager_secret_version').map(([, version]) => version.secret_id);
    expect(versions).not.toContain(`\${${addressAt(json, 'aws_secretsmanager_secret', 'secrets/private-key')}.id}`);
    expect(json.variable).toBeUndefined();
  });
});

describe('variable cloudfront_private_key_pem', () => {
  const variable = stacks['storytime-dev'].variable.cloudfront_private_key_pem;
  const [validation] = variable.validation as Json[];

  it('is sensitive and validated by terraform before any plan', () => {
    expect(variable).toMatchObject({ type: 'string', sensitive: true, nullable: false });
    expect(validation.error_message).toBe(
      'cloudfront_private_key_pem: expected an unencrypted RSA 2048-bit private key in PEM (PKCS#1 or PKCS#8), not empty and not a public key.',
    );
  });

  // The condition, evaluated as Terraform would: RE2's [[:space:]] is \s; checked by hand against terraform 1.11.4 too.
  const condition = String(validation.condition);
  const pattern = new RegExp(/regex\("(.*)", var/.exec(condition)![1].replace(/\[:space:\]/g, '\\s'));
  const [min, max] = [...condition.matchAll(/length\(var\.cloudfront_private_key_pem\) [<>]= (\d+)/g)].map((match) => Number(match[1]));
  const accepts = (value: string) => value.length >= min && value.length <= max && pattern.test(value);
  const pemOfBodyLength = (length: number) =>
    `-----BEGIN PRIVATE KEY-----\n${('A'.repeat(length).match(/.{1,64}/g) ?? []).join('\n')}\n-----END PRIVATE KEY-----\n`;
  const key = pair;

  it.each([
    ['accepts PKCS#8', key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), true],
    ['accepts PKCS#1', key.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), true],
    ['accepts PKCS#8 with CRLF line ends', key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\r\n'), true],
    ['refuses an empty string', '', false],
    ['refuses the public key', key.publicKey.export({ type: 'spki', format: 'pem' }).toString(), false],
    ['refuses an RSA-1024 key', weak.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), false],
    // Generating a real 4096-bit key takes seconds; only its size matters to the condition.
    ['refuses a PEM the size of an RSA-4096 key', pemOfBodyLength(3169), false],
    [
      'refuses an encrypted key',
      key.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' }).toString(),
      false,
    ],
  ])('%s', (_name, value, expected) => {
    expect(accepts(value)).toBe(expected);
  });
});

/** The values' addresses, kept from their first deployment (see 'origin-verify addresses' below). */
const ADDRESS = {
  blue: 'random_password.secrets_origin-verify-value_57884938',
  green: 'random_password.secrets_origin-verify-green_23296A2D',
} as const;
const result = (color: 'blue' | 'green') => `\${${ADDRESS[color]}.result}`;

function headerValues(json: Json): string[][] {
  return resourcesOf(json, 'aws_lb_listener_rule').flatMap(([, rule]) =>
    (rule.condition as Json[]).filter((condition) => condition.http_header).map((condition) => condition.http_header.values),
  );
}

describe.each(['blue', 'green'] as const)('origin-verify with %s active', (active) => {
  // Blue: the shipped prod settings, as synthesized above.
  const json = (active === 'blue' ? stacks : synthAll(exampleWith('prod', (s) => (s.alb.originVerifyActive = 'green'))))['storytime-prod'];

  it('keeps two 64-character values', () => {
    expect(json.resource.random_password).toEqual({
      'secrets_origin-verify-value_57884938': expect.objectContaining({ length: 64, special: false }),
      'secrets_origin-verify-green_23296A2D': expect.objectContaining({ length: 64, special: false }),
    });
  });

  it('accepts both values in every header-checking listener rule', () => {
    expect(headerValues(json)).toEqual([[result('blue'), result('green')]]);
  });

  it('sends only the active value from CloudFront', () => {
    const api = resourceAt(json, 'aws_cloudfront_distribution', 'cdn/distribution').origin[1];
    expect(api.custom_header).toEqual([{ name: 'X-Origin-Verify', value: result(active) }]);
  });

  it('stores only the active value in the secret, and says which', () => {
    expect(json.resource.aws_secretsmanager_secret_version['secrets_origin-verify-version_66A47271'].secret_string).toBe(
      `\${jsonencode({"active" = "${active}", "value" = ${ADDRESS[active]}.result})}`,
    );
    expect(json.output.origin_verify_active.value).toBe(active);
  });
});

describe('origin-verify addresses', () => {
  // Deployed environments hold these in state: another address would destroy the values in use and create new ones.
  it.each(['storytime-dev', 'storytime-prod'])('stay those %s was first deployed with', (name) => {
    const json = stacks[name];
    const addresses = (type: string) => Object.keys(json.resource[type]).map((id) => `${type}.${id}`);
    expect(addresses('random_password')).toEqual([
      'random_password.secrets_origin-verify-green_23296A2D',
      'random_password.secrets_origin-verify-value_57884938',
    ]);
    expect(addresses('aws_secretsmanager_secret')).toContain('aws_secretsmanager_secret.secrets_origin-verify_BE66F3A9');
    expect(addresses('aws_secretsmanager_secret_version')).toContain(
      'aws_secretsmanager_secret_version.secrets_origin-verify-version_66A47271',
    );
    expect(json.resource.aws_secretsmanager_secret_version['secrets_origin-verify-version_66A47271'].secret_id).toBe(
      '${aws_secretsmanager_secret.secrets_origin-verify_BE66F3A9.id}',
    );
  });
});

describe('origin-verify settings', () => {
  const problems = (change: (s: Json) => void) => {
    try {
      validateSettings(exampleWith('prod', change));
      return [];
    } catch (error) {
      return (error as SettingsError).problems;
    }
  };

  it('refuses a colour other than blue or green', () => {
    expect(problems((s) => (s.alb.originVerifyActive = 'red'))).toEqual(['prod: alb.originVerifyActive: expected one of blue, green']);
  });

  it('leaves room for both header values in the 5 condition values of an ALB rule', () => {
    expect(problems((s) => (s.alb.apiPaths = ['/a/*', '/b/*', '/c/*', '/d/*']))).toEqual([
      'prod: alb.apiPaths: expected at most 3 (an ALB rule takes 5 condition values and 2 are the accepted X-Origin-Verify values)',
    ]);
  });
});
