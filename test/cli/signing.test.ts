// The signing helpers behind `cookies`, `check-env` and `verify`, called directly: the commands' own tests
// run most cases in a child process, where a changed boundary or anchor would go unnoticed by the run
// that changed it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/cli/errors';
import type { TerraformOutputs } from '../../src/cli/outputs';
import { parseExpiresIn, resolveExpiry } from '../../src/cli/signing/expiry';
import { checkKeyMatches, loadPrivateKey } from '../../src/cli/signing/key';
import { curlCommand, type signCookies } from '../../src/cli/signing/policy';
import { distributionDomains, resolveKeyPairId, resolveResource } from '../../src/cli/signing/target';
import { ROOT } from '../helpers';
import { rsaKeyPair } from '../keys';

const NOW = new Date('2025-06-01T12:00:00.750Z');
const HINT = 'is not a duration like 90s, 30m, 1h or 7d';
const SEVEN_DAYS = '7d (a signed cookie is a bearer credential that only removing its key from the key group revokes)';

let dir: string;
let strangerPem: string;

function keyFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'storytime-signing-'));
  strangerPem = rsaKeyPair('stranger').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--expires-in', () => {
  it.each(['x1h', '01h', '1h '])('refuses %j, which only contains a duration', (text) => {
    expect(() => parseExpiresIn(text)).toThrow(new UsageError(`--expires-in "${text}" ${HINT}`));
  });

  it('quotes at most 40 characters of what it refuses', () => {
    expect(() => parseExpiresIn('9'.repeat(60))).toThrow(new UsageError(`--expires-in "${'9'.repeat(40)}" ${HINT}`));
  });
});

describe('--expires-at', () => {
  const at = (text: string, now = NOW) => resolveExpiry({ expiresAt: text }, now);

  it.each([
    ['2025-06-02', 1_748_822_400],
    ['2025-06-01T13:00Z', 1_748_782_800],
    ['2025-06-01T13:00:30Z', 1_748_782_830],
    ['2025-06-01T13:00:30.999Z', 1_748_782_830],
    ['2025-06-01T15:00:00+02:00', 1_748_782_800],
  ])('reads %s as epoch second %d (a date alone is midnight UTC)', (text, seconds) => {
    expect(at(text)).toBe(seconds);
  });

  it('takes exactly 7 days ahead and refuses one second more', () => {
    expect(at('2025-06-08T12:00:00Z')).toBe(1_749_384_000);
    expect(() => at('2025-06-08T12:00:01Z')).toThrow(
      new UsageError(`--expires-at 2025-06-08T12:00:01Z is more than ${SEVEN_DAYS} from now`),
    );
  });

  it('takes the 29th of February only in a leap year', () => {
    expect(at('2024-02-29', new Date('2024-02-25T00:00:00Z'))).toBe(1_709_164_800);
    expect(() => at('2025-02-29', new Date('2025-02-25T00:00:00Z'))).toThrow(
      new UsageError('--expires-at "2025-02-29" is not an ISO date such as 2025-06-30 or 2025-06-30T18:00:00Z'),
    );
  });

  // Each of these Date.parse accepts: a day June lacks (rolled into July), a weekday before the date, and a
  // time without a zone (local time, which differs from host to host).
  it.each(['2025-06-31', 'Tue 2025-06-03', '2025-06-02 12:00', '2025-06-02T12:00', '2025-06-02T12:00:00.1234Z'])('refuses %j', (text) => {
    expect(() => at(text)).toThrow(new UsageError(`--expires-at "${text}" is not an ISO date such as 2025-06-30 or 2025-06-30T18:00:00Z`));
  });
});

describe('the private key file', () => {
  it("reads the secret's JSON as Secrets Manager returns it, leading blank line and all", () => {
    const pem = rsaKeyPair('signer').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const file = keyFile('secret.json', `\n  ${JSON.stringify({ keyPairId: 'K2SECRETKEY', privateKeyPem: pem })}`);
    expect(loadPrivateKey(file)).toEqual({ pem, keyPairId: 'K2SECRETKEY' });
  });

  it.each([
    ['without keyPairId', (pem: string) => JSON.stringify({ privateKeyPem: pem })],
    ['without privateKeyPem', () => JSON.stringify({ keyPairId: 'K2SECRETKEY' })],
    ['with a numeric keyPairId', (pem: string) => JSON.stringify({ keyPairId: 42, privateKeyPem: pem })],
    ['that does not parse', () => '{"keyPairId": "K2SECRETKEY",'],
  ])("refuses JSON %s, naming the secret's fields", (name, text) => {
    const file = keyFile(`${name.replace(/ /g, '-')}.json`, text(strangerPem));
    expect(() => loadPrivateKey(file)).toThrow(
      new UsageError(`private key ${file} is JSON but not the secret's {keyPairId, privateKeyPem}, both strings`),
    );
  });
});

describe('the key pair check against the settings', () => {
  const outputs: TerraformOutputs = { cloudfront_public_key_ids: { value: { '2026-11': 'K1DEVKEY', '2099-01': 'K9GONE' } } };
  const check = (keyPairId: string) => checkKeyMatches('dev', { privateKeyPem: strangerPem, keyPairId, file: 'stranger.pem' }, outputs);

  it("reads dev's public keys from its settings file and refuses a private key that is not their pair", () => {
    expect(() => check('K1DEVKEY')).toThrow(
      new UsageError(
        'private key stranger.pem is not the pair of public key 2026-11 (K1DEVKEY) in the dev settings; CloudFront would answer 403',
      ),
    );
  });

  it('leaves an id the outputs do not list, and a key the settings no longer hold, to the key group check', () => {
    expect(check('K5UNKNOWN')).toBeUndefined();
    expect(check('K9GONE')).toBeUndefined();
  });
});

describe('the signed cookies', () => {
  // The signer is the AWS SDK's; here it answers without the policy cookie, which it never does for a
  // custom policy, to show signCookies refuses to print cookies CloudFront would reject. Test files share
  // a worker, so the module is loaded anew with the fake and then again without it.
  it('refuses to print cookies without the policy cookie', async () => {
    vi.resetModules();
    vi.doMock('@aws-sdk/cloudfront-signer', () => ({
      getSignedCookies: () => ({ 'CloudFront-Signature': 'sig', 'CloudFront-Key-Pair-Id': 'K3ABCDEFGHIJKL' }),
    }));
    try {
      const fresh = (await import(join(ROOT, 'src', 'cli', 'signing', 'policy'))) as { signCookies: typeof signCookies };
      expect(() => fresh.signCookies('{}', 'K3ABCDEFGHIJKL', strangerPem)).toThrow(
        new Error('the signer returned no CloudFront-Policy for a custom policy'),
      );
    } finally {
      vi.doUnmock('@aws-sdk/cloudfront-signer');
      vi.resetModules();
    }
  });

  it('quotes a single quote in the curl command so the shell passes it through', () => {
    const cookies = { 'CloudFront-Policy': 'p', 'CloudFront-Signature': 's', 'CloudFront-Key-Pair-Id': 'K1' };
    expect(curlCommand(cookies, "https://cdn.example.com/books/it's/index.m3u8")).toBe(
      "curl -sS -o /dev/null -w '%{http_code}\\n' --cookie 'CloudFront-Policy=p; CloudFront-Signature=s; CloudFront-Key-Pair-Id=K1' 'https://cdn.example.com/books/it'\\''s/index.m3u8'",
    );
  });
});

describe('the resource and key id', () => {
  it('takes the domains the outputs have, lower-cased and once each', () => {
    expect(distributionDomains({ cloudfront_domain_name: { value: 'D1ABC.cloudfront.net' } })).toEqual(['d1abc.cloudfront.net']);
    expect(
      distributionDomains({ cdn_domain_name: { value: 'cdn.example.com' }, cloudfront_domain_name: { value: 'CDN.example.com' } }),
    ).toEqual(['cdn.example.com']);
    expect(distributionDomains(undefined)).toEqual([]);
  });

  const wildcardHint = 'wildcards belong in the path, e.g. https://<cdn-domain>/books/<id>/*';
  it.each(['cdn*.example.com', 'cdn.example.com*', '*cdn.example.com'])('refuses the host %j, hinting at a placeholder host', (host) => {
    expect(() => resolveResource(`https://${host}/books/*`, undefined)).toThrow(
      new UsageError(`--resource host "${host}" is not a host name; ${wildcardHint}`),
    );
  });

  it('refuses a resource without a path, hinting with the host given', () => {
    expect(() => resolveResource('https://cdn.example.com', undefined)).toThrow(
      new UsageError('--resource https://cdn.example.com has no path (e.g. https://cdn.example.com/books/<id>/*)'),
    );
  });

  it.each(['xK3ABCDEFGHIJKL', 'K3ABCDEFGHIJKL-', 'k3abcdefghijkl'])('refuses the key id %j', (id) => {
    expect(() => resolveKeyPairId(id, undefined)).toThrow(
      new UsageError(`--key-pair-id "${id}" is not a CloudFront public key id such as K3ABCDEFGHIJKL`),
    );
  });
});
