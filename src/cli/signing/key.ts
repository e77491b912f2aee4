/**
 * The signing key of `cookies` and `check-env`: read from a PEM file or from
 * the signing secret's JSON, refused unless CloudFront could verify it, and
 * checked against the public key its id names in the environment's settings.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { settingsOf } from '../environments';
import { UsageError } from '../errors';
import { fileErrorReason, outputStringMap, type Environment, type TerraformOutputs } from '../outputs';

export interface SigningKey {
  readonly pem: string;
  /** Set when the file is the secret's JSON {keyPairId, privateKeyPem}. */
  readonly keyPairId?: string;
}

/**
 * The PEM, from a PEM file or from the secret's JSON as `aws secretsmanager get-secret-value` returns its
 * SecretString; undefined for JSON that is not that secret.
 */
function signingKeyText(text: string): SigningKey | undefined {
  if (!text.trimStart().startsWith('{')) return { pem: text };
  try {
    const secret = JSON.parse(text) as { keyPairId?: unknown; privateKeyPem?: unknown };
    if (typeof secret.privateKeyPem === 'string' && typeof secret.keyPairId === 'string') {
      return { pem: secret.privateKeyPem, keyPairId: secret.keyPairId };
    }
  } catch {
    // Reported by the caller, as any other JSON that is not the secret.
  }
  return undefined;
}

/** Reads the signing key, rejecting anything CloudFront could not verify: it must be an RSA-2048 private key in PEM. */
export function loadPrivateKey(file: string): SigningKey {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read private key ${file}: ${fileErrorReason(err)}`);
  }
  const signingKey = signingKeyText(text);
  if (!signingKey) throw new UsageError(`private key ${file} is JSON but not the secret's {keyPairId, privateKeyPem}, both strings`);
  let key: KeyObject;
  try {
    key = createPrivateKey(signingKey.pem);
  } catch {
    // OpenSSL's error for a missing passphrase is opaque; the PEM header says it plainly.
    const encrypted = signingKey.pem.includes('ENCRYPTED');
    throw new UsageError(
      `private key ${file} ${encrypted ? 'is passphrase-protected; give an unencrypted PEM' : "is not a PEM private key nor the secret's JSON {keyPairId, privateKeyPem}"}`,
    );
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new UsageError(`private key ${file} is ${key.asymmetricKeyType}, not RSA; CloudFront signs with RSA`);
  }
  // Stryker disable next-line OptionalChaining: Node gives every RSA key its details; the `?.` is for the type.
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits !== 2048) throw new UsageError(`private key ${file} is RSA-${bits}; CloudFront key groups take RSA-2048 keys only`);
  return signingKey;
}

/** Public key PEM per key name, as in the environment's settings. */
export type PublicKeysReader = (env: Environment) => Readonly<Record<string, string>>;

const settingsPublicKeys: PublicKeysReader = (env) =>
  Object.fromEntries(settingsOf(env).signing.publicKeys.map((key) => [key.name, key.pem]));

/**
 * With the outputs at hand: the private key must be the pair of the public
 * key the id names (found by name in the environment's settings), or every
 * request with these cookies would get a 403.
 */
export function checkKeyMatches(
  env: Environment,
  signing: { readonly privateKeyPem: string; readonly keyPairId: string; readonly file: string },
  outputs: TerraformOutputs,
  publicKeys: PublicKeysReader = settingsPublicKeys,
): void {
  const { privateKeyPem, keyPairId, file } = signing;
  const ids = outputStringMap(outputs, 'cloudfront_public_key_ids') ?? {};
  const entry = Object.entries(ids).find(([, id]) => id === keyPairId);
  // An id the outputs do not name, or a key the settings no longer list, is left to the key-group check.
  if (entry === undefined) return;
  const [name] = entry;
  const publicPem = publicKeys(env)[name];
  if (publicPem === undefined) return;
  const derived = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' });
  if (!derived.equals(createPublicKey(publicPem).export({ type: 'spki', format: 'der' }))) {
    throw new UsageError(
      `private key ${file} is not the pair of public key ${name} (${keyPairId}) in the ${env} settings; CloudFront would answer 403`,
    );
  }
}
