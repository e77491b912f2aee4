/**
 * What CloudFront requires of this module's props, as validators that return
 * what was expected (undefined when the value passes). The construct refuses
 * props that fail them; settings validation calls the same functions, so both
 * say the same words. Terraform references pass: only Terraform resolves them.
 */
import { createPublicKey } from 'node:crypto';
import { arnProblem, parseArn, type ExpectedArn } from '../shared/arn';
import { HLS_KEY_PREFIX } from '../shared/hls-paths';
import { earlierDuplicates, isKnown, oneOfProblem, type PropCheck } from '../shared/props';
import { ISO_COUNTRY_CODES, ORIGIN_SHIELD_REGIONS, type GeoRestrictionProps } from './edge-options';

/** CloudFront quota, not adjustable: public keys in one key group. */
export const MAX_PUBLIC_KEYS_PER_KEY_GROUP = 5;
export const DEFAULT_MANIFEST_TTL_SECONDS = 60;
export const DEFAULT_SEGMENT_TTL_SECONDS = 86400;
/** CloudFront checks the origin's certificate against the origin name; no certificate can cover `*.elb.amazonaws.com`. */
const ELB_DNS_SUFFIX = '.elb.amazonaws.com';
/** Names of CloudFront distributions: never an origin of the API, nor a custom domain of one. */
const CLOUDFRONT_DNS_SUFFIX = '.cloudfront.net';
/** Where viewers request HLS; the API paths, tried first, must leave it alone. */
const HLS_PATH = `/${HLS_KEY_PREFIX}`;
const PUBLIC_KEY_PEM = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\r?\n?$/;
const NOT_A_PUBLIC_KEY = 'expected a PEM-encoded public key (-----BEGIN PUBLIC KEY-----)';

/** The key itself, whatever its PEM's line breaks, for comparing keys. */
function keyIdentity(pem: string): string {
  try {
    return createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');
  } catch {
    return pem.replace(/\s+/g, '');
  }
}

/** Checks of the key list, below it: its length, then each name given twice, then each key given twice under another name. */
export function publicKeysProblems(keys: readonly { readonly name: string; readonly pem?: string }[]): PropCheck[] {
  if (!isKnown(keys)) return [];
  if (keys.length === 0) return [{ path: [], message: 'expected at least one public key' }];
  if (keys.length > MAX_PUBLIC_KEYS_PER_KEY_GROUP) {
    return [{ path: [], message: `expected at most ${MAX_PUBLIC_KEYS_PER_KEY_GROUP} (CloudFront quota: public keys per key group)` }];
  }
  const sameName = earlierDuplicates(keys, (key) => key.name);
  // Unknown PEMs (Terraform references) are never equal to anything.
  const sameKey = earlierDuplicates(keys, (key) => (typeof key.pem === 'string' && isKnown(key.pem) ? keyIdentity(key.pem) : key));
  return keys.flatMap((key, index) => {
    const earlier = sameKey[index];
    return [
      { path: [index, 'name'], message: sameName[index] === undefined ? undefined : `duplicate key name '${key.name}'` },
      {
        path: [index, 'pem'],
        // An entry copied whole is one problem, its name.
        message:
          earlier === undefined || sameName[index] !== undefined
            ? undefined
            : `the same key as publicKeys[${earlier}] ('${keys[earlier].name}'): a key group takes each key once, and a rotation needs a new key pair`,
      },
    ];
  });
}

/** The key Rails signs with must be in the key group, or every signed cookie is refused. */
export function activeKeyProblem(keys: readonly { readonly name: string }[], activeKeyName: string): string | undefined {
  if (!isKnown(keys) || keys.some((key) => key.name === activeKeyName)) return undefined;
  return `expected the name of one of publicKeys (${keys.map((key) => key.name).join(', ')})`;
}

/** Values that are a public key in another form, each with the command that converts it. */
const OTHER_KEY_FORMS: readonly (readonly [RegExp, string])[] = [
  [
    /-----BEGIN RSA PUBLIC KEY-----/,
    'a PKCS#1 public key (BEGIN RSA PUBLIC KEY); CloudFront takes the BEGIN PUBLIC KEY form: convert it with openssl rsa -RSAPublicKey_in -in key.pem -pubout',
  ],
  [/-----BEGIN CERTIFICATE-----/, 'a certificate, not a public key: take its key with openssl x509 -in cert.pem -pubkey -noout'],
  [/^\s*ssh-rsa /, 'an OpenSSH public key: convert it with ssh-keygen -e -m PKCS8 -f key.pub'],
];
/** A PEM around which spaces or lines slipped in (often the indentation of a template literal), with what to remove. */
const LAYOUT_SLIPS: readonly (readonly [RegExp, string])[] = [
  [/^[ \t]*\r?\n/, 'the PEM starts with a blank line: remove it, so that it begins with -----BEGIN PUBLIC KEY-----'],
  [/^[ \t]+-----BEGIN/, 'the PEM starts with spaces: remove them, so that it begins with -----BEGIN PUBLIC KEY-----'],
  [/\n[ \t]+\S/, "the PEM's lines are indented: remove the leading spaces (a template literal keeps the source's indentation)"],
  [/-----END PUBLIC KEY-----(\r?\n)?\s*\S/, 'text follows -----END PUBLIC KEY-----: remove it'],
  [/-----END PUBLIC KEY-----(\r?\n\s+|[ \t]+\s*)$/, 'blank lines or spaces follow -----END PUBLIC KEY-----: remove them'],
];

/** CloudFront key groups take RSA 2048 public keys only; a private key here would be written to the plan and the state. */
export function publicKeyPemProblem(pem: string): string | undefined {
  if (!isKnown(pem)) return undefined;
  // Node derives a public key from a private one, so this check comes first; the value is never echoed.
  if (pem.includes('PRIVATE KEY')) {
    return 'holds private key material (value not shown): give only the public half, -----BEGIN PUBLIC KEY-----, and treat that private key as leaked';
  }
  const otherForm = OTHER_KEY_FORMS.find(([pattern]) => pattern.test(pem));
  if (otherForm) return otherForm[1];
  if (!PUBLIC_KEY_PEM.test(pem)) {
    const slip = pem.includes('-----BEGIN PUBLIC KEY-----') ? LAYOUT_SLIPS.find(([pattern]) => pattern.test(pem)) : undefined;
    return slip ? slip[1] : NOT_A_PUBLIC_KEY;
  }
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

const ACM_CERTIFICATE: ExpectedArn = {
  label: 'an ACM certificate',
  service: 'acm',
  resource: /^certificate\/[0-9a-f-]+$/,
  example: 'arn:aws:acm:us-east-1:111111111111:certificate/<id>',
  hints: {
    'iam server-certificate':
      'CloudFront distributions here take ACM certificates: import the certificate into ACM in us-east-1 and give that ARN',
  },
};

/** CloudFront reads viewer certificates from ACM in us-east-1 only. */
export function certificateArnProblem(arn: string): string | undefined {
  if (!isKnown(arn)) return undefined;
  const problem = arnProblem(arn, ACM_CERTIFICATE);
  if (problem) return problem;
  const region = parseArn(arn)?.region;
  if (region !== 'us-east-1') {
    return `expected an ACM certificate in us-east-1 (CloudFront only uses certificates from there), got ${region}`;
  }
  return undefined;
}

/** A custom domain is the viewers' name for the distribution, never CloudFront's own. */
export function customDomainNameProblem(domainName: string): string | undefined {
  if (!isKnown(domainName) || !domainName.toLowerCase().endsWith(CLOUDFRONT_DNS_SUFFIX)) return undefined;
  return `'${domainName}' is a CloudFront name, which the distribution has without a custom domain: set your own domain, or remove customDomain`;
}

/** The API origin is reached over HTTPS by a name the ALB's certificate covers, which an ALB's own name never is. */
export function apiOriginDomainProblem(domainName: string): string | undefined {
  if (!isKnown(domainName)) return undefined;
  const name = domainName.toLowerCase();
  if (name.endsWith(ELB_DNS_SUFFIX)) {
    return `'${domainName}' is the ALB's own name: no certificate can cover *${ELB_DNS_SUFFIX}, so CloudFront would answer 502 over HTTPS; set a name the ALB certificate covers, such as origin-api.<domain>`;
  }
  if (name.endsWith(CLOUDFRONT_DNS_SUFFIX)) {
    return `'${domainName}' is a CloudFront distribution, not the ALB: CloudFront would send API requests to a distribution (this one's would loop); set a name that resolves to the ALB, such as origin-api.<domain>`;
  }
  return undefined;
}

/** The API origin named as the distribution's own domain: every API request would come back to CloudFront. */
export function apiOriginLoopProblem(domainName: string, customDomainName: string | undefined): string | undefined {
  if (customDomainName === undefined || !isKnown(domainName) || !isKnown(customDomainName)) return undefined;
  if (domainName.toLowerCase() !== customDomainName.toLowerCase()) return undefined;
  return `'${domainName}' is the CDN's own domain: CloudFront would send every API request back to itself; set a name that resolves to the ALB, such as origin-api.<domain>`;
}

/**
 * Checks of the API paths, below them. CloudFront tries its behaviors in order, the
 * API's before the HLS ones: an API path matching HLS requests takes them from the
 * bucket, and a path behind a broader one is never reached. A pattern's wildcards
 * (`*`, `?`) match any characters, `/` included, so `/api/*` matches every path
 * starting with `/api/`.
 */
export function apiPathsProblems(paths: readonly string[]): PropCheck[] {
  if (!isKnown(paths)) return [];
  const duplicates = earlierDuplicates(paths);
  return paths.map((path, index) => ({
    path: [index],
    message: isKnown(path) ? apiPathProblem(paths.slice(0, index), path, duplicates[index] !== undefined) : undefined,
  }));
}

/** Whether a path pattern matches some path starting with `start` (its wildcards matching any characters). */
function matchesSomePathUnder(pattern: string, start: string): boolean {
  const seen = new Set<number>();
  const from = (i: number, j: number): boolean => {
    if (j === start.length) return true;
    if (i === pattern.length || seen.has(i * (start.length + 1) + j)) return false;
    seen.add(i * (start.length + 1) + j);
    const c = pattern[i];
    if (c === '*') return from(i + 1, j) || from(i, j + 1);
    return (c === '?' || c === start[j]) && from(i + 1, j + 1);
  };
  return from(0, 0);
}

function apiPathProblem(before: readonly string[], path: string, duplicate: boolean): string | undefined {
  if (duplicate) return `'${path}' is listed twice; remove one`;
  if (/^\/?\*+$/.test(path)) {
    return `'${path}' matches every request: CloudFront tries the API paths before the HLS behaviors, so no video would be served from the bucket; list the API's own prefixes, such as /api/*`;
  }
  if (matchesSomePathUnder(path, HLS_PATH)) {
    return `'${path}' matches the HLS requests under ${HLS_PATH}: CloudFront tries the API paths first, so those requests, signed cookies or not, would go to the API; choose a path outside ${HLS_PATH}`;
  }
  // A pattern whose one wildcard ends it matches every path starting with what precedes it.
  const literal = path.split(/[*?]/)[0];
  const broader = before.find((other) => isKnown(other) && /^[^*?]*\*$/.test(other) && literal.startsWith(other.slice(0, -1)));
  if (broader) return `'${path}' is never reached: '${broader}', listed before it, matches every path it matches; remove it`;
  return undefined;
}
