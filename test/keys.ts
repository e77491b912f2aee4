import { generateKeyPairSync, type KeyPairKeyObjectResult } from 'node:crypto';

const pairs = new Map<string, KeyPairKeyObjectResult>();

/**
 * An RSA key pair made once per test worker and name (a 2048-bit one costs 0.05-0.5 s), shared by the test
 * files that worker runs. Different names give different pairs, so a "stranger" never signs like the "signer".
 */
export function rsaKeyPair(name: string, modulusLength: 1024 | 2048 = 2048): KeyPairKeyObjectResult {
  const id = `${name}/${modulusLength}`;
  let pair = pairs.get(id);
  if (!pair) {
    pair = generateKeyPairSync('rsa', { modulusLength });
    pairs.set(id, pair);
  }
  return pair;
}
