import { CloudfrontKeyGroup } from '@cdktf/provider-aws/lib/cloudfront-key-group';
import { CloudfrontPublicKey } from '@cdktf/provider-aws/lib/cloudfront-public-key';
import type { Construct } from 'constructs';

export interface SigningPublicKey {
  /** Short name, unique in the environment, e.g. `2026-11`. */
  readonly name: string;
  /** RSA 2048 public key, PEM. */
  readonly pem: string;
}

export interface SigningKeys {
  readonly keyGroupId: string;
  /** Public key id per key name; these are the CloudFront-Key-Pair-Id values. */
  readonly publicKeyIds: Readonly<Record<string, string>>;
  readonly activePublicKeyId: string;
}

/**
 * One public key per configured PEM, all in one key group, so that a rotation has both keys trusted; `activeKeyName` is one of them (invariants.ts).
 * `preventDestroy` protects the key group, which every signed cookie is checked against; never the public keys,
 * which a rotation retires by removing them (the group itself changes in place).
 */
export function signingKeys(
  scope: Construct,
  name: string,
  keys: readonly SigningPublicKey[],
  activeKeyName: string,
  preventDestroy: boolean,
): SigningKeys {
  const publicKeyIds: Record<string, string> = {};
  for (const key of keys) {
    publicKeyIds[key.name] = new CloudfrontPublicKey(scope, `public-key-${key.name}`, {
      name: `${name}-${key.name}`,
      comment: `${name} signed-cookie key ${key.name}`,
      encodedKey: key.pem,
    }).id;
  }
  const keyGroup = new CloudfrontKeyGroup(scope, 'key-group', {
    name: `${name}-hls`,
    comment: `${name} keys trusted for HLS signed cookies`,
    items: Object.values(publicKeyIds),
    lifecycle: preventDestroy ? { preventDestroy: true } : undefined,
  });
  return { keyGroupId: keyGroup.id, publicKeyIds, activePublicKeyId: publicKeyIds[activeKeyName] };
}
