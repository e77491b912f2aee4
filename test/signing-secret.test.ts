import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addressAt, exampleWith, resourceAt, resourcesOf, synthAll, type Json } from './helpers';

const stacks = synthAll(
  exampleWith('dev', (settings) => {
    const next = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
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
  const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits });
  const pemOfBodyLength = (length: number) =>
    `-----BEGIN PRIVATE KEY-----\n${('A'.repeat(length).match(/.{1,64}/g) ?? []).join('\n')}\n-----END PRIVATE KEY-----\n`;
  const key = rsa(2048);

  it.each([
    ['accepts PKCS#8', key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), true],
    ['accepts PKCS#1', key.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), true],
    ['accepts PKCS#8 with CRLF line ends', key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\r\n'), true],
    ['refuses an empty string', '', false],
    ['refuses the public key', key.publicKey.export({ type: 'spki', format: 'pem' }).toString(), false],
    ['refuses an RSA-1024 key', rsa(1024).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), false],
    // Generating a real 4096-bit key takes seconds; only its size matters to the condition.
    ['refuses a PEM the size of an RSA-4096 key', pemOfBodyLength(3169), false],
    ['refuses an encrypted key', key.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' }).toString(), false],
  ])('%s', (_name, value, expected) => {
    expect(accepts(value)).toBe(expected);
  });
});
