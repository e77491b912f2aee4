/**
 * What CloudFront requires of this module's props, as validators that return
 * what was expected (undefined when the value passes). The construct refuses
 * props that fail them; settings validation calls the same functions, so both
 * say the same words. Terraform references pass: only Terraform resolves them.
 */
import { createPublicKey } from 'node:crypto';
import { isKnown, oneOfProblem, type PropCheck } from '../shared/props';
import { ISO_COUNTRY_CODES, ORIGIN_SHIELD_REGIONS, type GeoRestrictionProps } from './edge-options';

/** CloudFront quota, not adjustable: public keys in one key group. */
export const MAX_PUBLIC_KEYS_PER_KEY_GROUP = 5;
export const DEFAULT_MANIFEST_TTL_SECONDS = 60;
export const DEFAULT_SEGMENT_TTL_SECONDS = 86400;
/** CloudFront checks the origin's certificate against the origin name; no certificate can cover `*.elb.amazonaws.com`. */
const ELB_DNS_SUFFIX = '.elb.amazonaws.com';
const PUBLIC_KEY_PEM = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\r?\n?$/;
const NOT_A_PUBLIC_KEY = 'expected a PEM-encoded public key (-----BEGIN PUBLIC KEY-----)';

/** Checks of the key list, below it: its length, then each name given twice. */
export function publicKeysProblems(keys: readonly { readonly name: string }[]): PropCheck[] {
  if (!isKnown(keys)) return [];
  if (keys.length === 0) return [{ path: [], message: 'expected at least one public key' }];
  if (keys.length > MAX_PUBLIC_KEYS_PER_KEY_GROUP) {
    return [{ path: [], message: `expected at most ${MAX_PUBLIC_KEYS_PER_KEY_GROUP} (CloudFront quota: public keys per key group)` }];
  }
  return keys.map((key, index) => ({
    path: [index, 'name'],
    message: keys.findIndex((other) => other.name === key.name) < index ? `duplicate key name '${key.name}'` : undefined,
  }));
}

/** The key Rails signs with must be in the key group, or every signed cookie is refused. */
export function activeKeyProblem(keys: readonly { readonly name: string }[], activeKeyName: string): string | undefined {
  if (!isKnown(keys) || keys.some((key) => key.name === activeKeyName)) return undefined;
  return `expected the name of one of publicKeys (${keys.map((key) => key.name).join(', ')})`;
}

/** CloudFront key groups take RSA 2048 public keys only; a private key here would be written to the plan and the state. */
export function publicKeyPemProblem(pem: string): string | undefined {
  if (!isKnown(pem)) return undefined;
  // Node derives a public key from a private one, so this check comes first; the value is never echoed.
  if (pem.includes('PRIVATE KEY')) {
    return 'holds private key material (value not shown): give only the public half, -----BEGIN PUBLIC KEY-----, and treat that private key as leaked';
  }
  if (!PUBLIC_KEY_PEM.test(pem)) return NOT_A_PUBLIC_KEY;
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'rsa' || key.asymmetricKeyDetails?.modulusLength !== 2048) {
      return 'expected an RSA 2048-bit public key (CloudFront key groups accept only these)';
    }
  } catch {
    return NOT_A_PUBLIC_KEY;
  }
  return undefined;
}

/** Checked on the manifest TTL, each unset one at its default: a manifest cached longer than its segments lists segments already gone. */
export function manifestTtlProblem(manifestTtlSeconds: number | undefined, segmentTtlSeconds: number | undefined): string | undefined {
  const manifest = manifestTtlSeconds ?? DEFAULT_MANIFEST_TTL_SECONDS;
  const segment = segmentTtlSeconds ?? DEFAULT_SEGMENT_TTL_SECONDS;
  if (!isKnown(manifest) || !isKnown(segment) || manifest <= segment) return undefined;
  return `expected at most segmentTtlSeconds (${segment}): a manifest cached longer than its segments lists segments already gone`;
}

export function originShieldRegionProblem(region: string | undefined): string | undefined {
  if (oneOfProblem(ORIGIN_SHIELD_REGIONS, region) === undefined) return undefined;
  return `expected a region CloudFront offers Origin Shield in: ${ORIGIN_SHIELD_REGIONS.join(', ')}`;
}

/** Checks of a geographic restriction, below it: the mode, then each country code, then each code given twice. */
export function geoRestrictionProblems(restriction: GeoRestrictionProps | undefined): PropCheck[] {
  if (restriction === undefined) return [];
  const countries = restriction.countries;
  if (!isKnown(countries)) return [{ path: ['mode'], message: oneOfProblem(['allow', 'deny'], restriction.mode) }];
  return [
    { path: ['mode'], message: oneOfProblem(['allow', 'deny'], restriction.mode) },
    { path: ['countries'], message: countries.length === 0 ? 'expected at least one country' : undefined },
    ...countries.map((code, index) => ({
      path: ['countries', index],
      message:
        !isKnown(code) || ISO_COUNTRY_CODES.has(code) ? undefined : 'expected an ISO 3166-1 alpha-2 country code in upper case, such as US',
    })),
    ...countries.map((code, index) => ({
      path: ['countries', index],
      message: countries.indexOf(code) < index ? `duplicate country '${code}'` : undefined,
    })),
  ];
}

/** CloudFront reads viewer certificates from ACM in us-east-1 only. */
export function certificateArnProblem(arn: string): string | undefined {
  if (!isKnown(arn)) return undefined;
  const match = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]+$/.exec(arn);
  if (!match) return 'expected an ACM certificate ARN such as arn:aws:acm:us-east-1:111111111111:certificate/<id>';
  if (match[1] !== 'us-east-1') {
    return `expected an ACM certificate in us-east-1 (CloudFront only uses certificates from there), got ${match[1]}`;
  }
  return undefined;
}

/** The API origin is reached over HTTPS by a name the ALB's certificate covers, which an ALB's own name never is. */
export function apiOriginDomainProblem(domainName: string): string | undefined {
  if (!isKnown(domainName) || !domainName.toLowerCase().endsWith(ELB_DNS_SUFFIX)) return undefined;
  return `'${domainName}' is the ALB's own name: no certificate can cover *${ELB_DNS_SUFFIX}, so CloudFront would answer 502 over HTTPS; set a name the ALB certificate covers, such as origin-api.<domain>`;
}
