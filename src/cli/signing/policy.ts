/** The custom policy CloudFront checks, its signed cookies, and a curl command that uses them. */
import { getSignedCookies } from '@aws-sdk/cloudfront-signer';

export interface PolicyInput {
  resource: string;
  /** DateLessThan, epoch seconds. */
  expires: number;
  /** CIDR. */
  sourceIp?: string | undefined;
}

export interface CloudFrontPolicy {
  Statement: [
    {
      Resource: string;
      Condition: {
        DateLessThan: { 'AWS:EpochTime': number };
        IpAddress?: { 'AWS:SourceIp': string };
      };
    },
  ];
}

export function buildPolicy({ resource, expires, sourceIp }: PolicyInput): string {
  const policy: CloudFrontPolicy = {
    Statement: [{ Resource: resource, Condition: { DateLessThan: { 'AWS:EpochTime': expires } } }],
  };
  if (sourceIp !== undefined) policy.Statement[0].Condition.IpAddress = { 'AWS:SourceIp': sourceIp };
  return JSON.stringify(policy);
}

export interface SignedCookies {
  'CloudFront-Policy': string;
  'CloudFront-Signature': string;
  'CloudFront-Key-Pair-Id': string;
}

export function signCookies(policy: string, keyPairId: string, privateKeyPem: string): SignedCookies {
  const signed = getSignedCookies({ policy, keyPairId, privateKey: privateKeyPem });
  const encodedPolicy = signed['CloudFront-Policy'];
  if (encodedPolicy === undefined) throw new Error('the signer returned no CloudFront-Policy for a custom policy');
  return {
    'CloudFront-Policy': encodedPolicy,
    'CloudFront-Signature': signed['CloudFront-Signature'],
    'CloudFront-Key-Pair-Id': signed['CloudFront-Key-Pair-Id'],
  };
}

/** `Name=value; Name=value`, as a Cookie header carries them. */
export function cookieHeader(cookies: SignedCookies): string {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}

/** A URL the resource covers, for the curl check: `<prefix>/*` → the HLS playlist under it. */
export function exampleUrl(resource: string): string | undefined {
  const base = resource.endsWith('/*') ? `${resource.slice(0, -1)}index.m3u8` : resource;
  return /[*?]/.test(base) ? undefined : base;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function curlCommand(cookies: SignedCookies, url: string): string {
  return `curl -sS -o /dev/null -w '%{http_code}\\n' --cookie ${shellQuote(cookieHeader(cookies))} ${shellQuote(url)}`;
}
