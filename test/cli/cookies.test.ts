import { ENVIRONMENTS } from '../helpers';
import { createPrivateKey, createVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as cookies, normalizeSourceIp, type CookiesDeps } from '../../src/cli/commands/cookies';
import { UsageError } from '../../src/cli/errors';
import type { StackOutputsReader } from '../../src/cli/outputs';
import { parseExpiresIn } from '../../src/cli/signing/expiry';
import { exampleUrl } from '../../src/cli/signing/policy';
import { rsaKeyPair } from '../keys';
import { FIXTURE, runCli } from './process';
import { runCommand } from './run-command';

const NOW = new Date('2025-06-01T12:00:00.750Z');
const NOW_SECONDS = 1_748_779_200;
const DOMAIN = 'd2abcdefgh1234.cloudfront.net';
const CDN_DOMAIN = 'cdn.dev.storytime.example';
const RESOURCE = `https://${DOMAIN}/books/42/*`;
const ACTIVE_KEY_ID = 'K3ABCDEFGHIJKL';

interface KeyFiles {
  privateFile: string;
  publicPem: string;
}

let dir: string;
let signer: KeyFiles;
let stranger: KeyFiles;
let ecKeyFile: string;
let publicKeyFile: string;
let encryptedKeyFile: string;
let garbageFile: string;

/** The shared pair of that name, its private key written as PKCS#1 PEM (what openssl genrsa -traditional writes). */
function writeRsaPair(name: string): KeyFiles {
  const { privateKey, publicKey } = rsaKeyPair(name);
  const privateFile = path.join(dir, `${name}.pem`);
  writeFileSync(privateFile, privateKey.export({ type: 'pkcs1', format: 'pem' }));
  return { privateFile, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'storytime-cookies-'));
  signer = writeRsaPair('signer');
  stranger = writeRsaPair('stranger');
  ecKeyFile = path.join(dir, 'ec.pem');
  writeFileSync(ecKeyFile, generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
  publicKeyFile = path.join(dir, 'public.pem');
  writeFileSync(publicKeyFile, signer.publicPem);
  encryptedKeyFile = path.join(dir, 'encrypted.pem');
  writeFileSync(
    encryptedKeyFile,
    createPrivateKey(readFileSync(signer.privateFile)).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'secret',
    }),
  );
  garbageFile = path.join(dir, 'garbage.pem');
  writeFileSync(garbageFile, '-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** CloudFront's URL-safe base64: - for +, _ for =, ~ for /. */
function decodeCloudFront(text: string): Buffer {
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
}

function cookiesFrom(stdout: string): Record<string, string> {
  const cookieLines = stdout.split('\n').filter((line) => line.startsWith('CloudFront-'));
  return Object.fromEntries(cookieLines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

function verifies(cookies: Record<string, string>, publicPem: string): boolean {
  return createVerify('RSA-SHA1')
    .update(decodeCloudFront(cookies['CloudFront-Policy']))
    .verify(publicPem, decodeCloudFront(cookies['CloudFront-Signature']));
}

function policyOf(cookies: Record<string, string>): unknown {
  return JSON.parse(decodeCloudFront(cookies['CloudFront-Policy']).toString('utf8'));
}

const noStack: StackOutputsReader = () => undefined;
const runCookies = (argv: string[], deps?: CookiesDeps) => cookies.run(argv, deps);

/** Runs against the recorded dev outputs with the test signer, for each of these flags the args do not give. */
function run(args: string[], deps: CookiesDeps = {}) {
  const defaults = Object.entries({ '--env': 'dev', '--private-key': signer.privateFile, '--from': FIXTURE });
  return runCookies([...defaults.filter(([flag]) => !args.includes(flag)).flat(), ...args], {
    now: NOW,
    readStack: noStack,
    // The fixture's active key 2026-11 is the test signer's pair.
    publicKeys: () => ({ '2026-11': signer.publicPem }),
    ...deps,
  });
}

describe('cookies', () => {
  it('signs a custom policy for the wildcard resource that verifies only with the matching key', () => {
    const { stdout, stderr } = run(['--resource', RESOURCE, '--expires-in', '1h']);
    const cookies = cookiesFrom(stdout);

    expect(Object.keys(cookies)).toEqual(['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']);
    expect(cookies['CloudFront-Key-Pair-Id']).toBe(ACTIVE_KEY_ID);
    expect(verifies(cookies, signer.publicPem)).toBe(true);
    expect(verifies(cookies, stranger.publicPem)).toBe(false);
    expect(policyOf(cookies)).toEqual({
      Statement: [{ Resource: RESOURCE, Condition: { DateLessThan: { 'AWS:EpochTime': NOW_SECONDS + 3600 } } }],
    });
    expect(stderr).toEqual([]);
  });

  it('prints the cookies one per line, then a curl command for the playlist under the prefix', () => {
    const { stdout } = run(['--resource', RESOURCE]);
    const lines = stdout.split('\n');
    const cookies = cookiesFrom(stdout);

    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
    expect(lines.slice(0, 3)).toEqual(Object.entries(cookies).map(([name, value]) => `${name}=${value}`));
    expect(lines[3]).toBe(
      `curl -sS -o /dev/null -w '%{http_code}\\n' --cookie 'CloudFront-Policy=${cookies['CloudFront-Policy']}; ` +
        `CloudFront-Signature=${cookies['CloudFront-Signature']}; CloudFront-Key-Pair-Id=${ACTIVE_KEY_ID}' ` +
        `'https://${DOMAIN}/books/42/index.m3u8'`,
    );
  });

  it('adds the source IP condition, as CIDR', () => {
    const withRange = cookiesFrom(run(['--resource', RESOURCE, '--source-ip', '203.0.113.0/24']).stdout);
    const withAddress = cookiesFrom(run(['--resource', RESOURCE, '--source-ip', '203.0.113.7']).stdout);

    expect(policyOf(withRange)).toEqual({
      Statement: [
        {
          Resource: RESOURCE,
          Condition: {
            DateLessThan: { 'AWS:EpochTime': NOW_SECONDS + 3600 },
            IpAddress: { 'AWS:SourceIp': '203.0.113.0/24' },
          },
        },
      ],
    });
    expect(verifies(withRange, signer.publicPem)).toBe(true);
    expect(policyOf(withAddress)).toMatchObject({
      Statement: [{ Condition: { IpAddress: { 'AWS:SourceIp': '203.0.113.7/32' } } }],
    });
  });

  it('expires at the exact --expires-at instant', () => {
    const cookies = cookiesFrom(run(['--resource', RESOURCE, '--expires-at', '2025-06-05T18:00:00+02:00']).stdout);
    expect(policyOf(cookies)).toMatchObject({
      Statement: [{ Condition: { DateLessThan: { 'AWS:EpochTime': Date.UTC(2025, 5, 5, 16) / 1000 } } }],
    });
  });

  it('defaults to one hour', () => {
    expect(policyOf(cookiesFrom(run(['--resource', RESOURCE]).stdout))).toMatchObject({
      Statement: [{ Condition: { DateLessThan: { 'AWS:EpochTime': NOW_SECONDS + 3600 } } }],
    });
  });

  it('parses durations in seconds, minutes, hours and days', () => {
    expect(['90s', '30m', '1h', '7d'].map(parseExpiresIn)).toEqual([90, 1800, 3600, 604_800]);
  });

  it('normalises a bare address to a /32', () => {
    expect(normalizeSourceIp('198.51.100.1')).toBe('198.51.100.1/32');
    expect(normalizeSourceIp('0.0.0.0/0')).toBe('0.0.0.0/0');
  });

  it('picks a concrete URL for the curl check only where one follows from the resource', () => {
    expect(exampleUrl('https://d/books/1/*')).toBe('https://d/books/1/index.m3u8');
    expect(exampleUrl('https://d/books/1/index.m3u8')).toBe('https://d/books/1/index.m3u8');
    expect(exampleUrl('https://d/books/1/*.ts')).toBeUndefined();
  });

  it('accepts both the custom and the cloudfront.net domain, and puts a bare path on the custom one', () => {
    for (const resource of [RESOURCE, `https://${CDN_DOMAIN}/books/42/*`]) {
      expect(policyOf(cookiesFrom(run(['--resource', resource]).stdout))).toMatchObject({ Statement: [{ Resource: resource }] });
    }
    const { stdout } = run(['--resource', '/books/42/*']);
    expect(policyOf(cookiesFrom(stdout))).toMatchObject({ Statement: [{ Resource: `https://${CDN_DOMAIN}/books/42/*` }] });
    expect(stdout).toContain(`'https://${CDN_DOMAIN}/books/42/index.m3u8'`);
  });

  it('signs with any key in the key group, for rotation', () => {
    const cookies = cookiesFrom(run(['--resource', RESOURCE, '--key-pair-id', 'K2ZYXWVUTSRQPO']).stdout);
    expect(cookies['CloudFront-Key-Pair-Id']).toBe('K2ZYXWVUTSRQPO');
  });

  it('without outputs, signs for any https host with an explicit key id and says nothing was checked', () => {
    const { stdout, stderr } = runCookies(
      ['--env', 'prod', '--private-key', signer.privateFile, '--key-pair-id', 'K1EXAMPLE', '--resource', 'https://other.example/books/1/*'],
      { now: NOW, readStack: noStack },
    );
    expect(cookiesFrom(stdout)['CloudFront-Key-Pair-Id']).toBe('K1EXAMPLE');
    expect(stderr).toEqual([
      'no outputs for storytime-prod (no --from, and terraform output gave none); domain and key id were not checked',
    ]);
  });

  describe('rejects bad input with one line', () => {
    const cases: [string, () => string[], RegExp][] = [
      [
        'missing key file',
        () => ['--resource', RESOURCE, '--private-key', path.join(dir, 'absent.pem')],
        /^cannot read private key .*absent\.pem: no such file$/,
      ],
      ['unreadable key file', () => ['--resource', RESOURCE, '--private-key', dir], /^cannot read private key .*: is a directory$/],
      [
        'malformed key file',
        () => ['--resource', RESOURCE, '--private-key', garbageFile],
        /^private key .*garbage\.pem is not a PEM private key nor the secret's JSON \{keyPairId, privateKeyPem\}$/,
      ],
      [
        'public key as private key',
        () => ['--resource', RESOURCE, '--private-key', publicKeyFile],
        /is not a PEM private key nor the secret's JSON/,
      ],
      ['EC key', () => ['--resource', RESOURCE, '--private-key', ecKeyFile], /ec\.pem is ec, not RSA/],
      ['encrypted key', () => ['--resource', RESOURCE, '--private-key', encryptedKeyFile], /is passphrase-protected/],
      ['expiry in the past', () => ['--resource', RESOURCE, '--expires-at', '2025-06-01T11:59:59Z'], /^--expires-at .* is in the past/],
      ['expiry now', () => ['--resource', RESOURCE, '--expires-at', '2025-06-01T12:00:00Z'], /is in the past/],
      [
        'unparseable --expires-at',
        () => ['--resource', RESOURCE, '--expires-at', 'tomorrow'],
        /^--expires-at "tomorrow" is not an ISO date/,
      ],
      ['impossible date', () => ['--resource', RESOURCE, '--expires-at', '2025-02-30'], /is not an ISO date/],
      ['date-time without zone', () => ['--resource', RESOURCE, '--expires-at', '2025-06-30T18:00:00'], /is not an ISO date/],
      ['unparseable --expires-in', () => ['--resource', RESOURCE, '--expires-in', '1w'], /^--expires-in "1w" is not a duration/],
      ['zero --expires-in', () => ['--resource', RESOURCE, '--expires-in', '0s'], /is not a duration/],
      [
        'both expiry flags',
        () => ['--resource', RESOURCE, '--expires-in', '1h', '--expires-at', '2025-07-01'],
        /either --expires-in or --expires-at/,
      ],
      ['http resource', () => ['--resource', `http://${DOMAIN}/books/42/*`], /is not an https URL$/],
      ['resource not a URL', () => ['--resource', 'books/42/*'], /is not an https URL$/],
      ['resource without path', () => ['--resource', `https://${DOMAIN}`], /has no path/],
      [
        'resource on another host',
        () => ['--resource', 'https://d9zzzzzzzzzzzz.cloudfront.net/books/42/*'],
        /^--resource host d9zzzzzzzzzzzz\.cloudfront\.net is not the distribution's domain \(cdn\.dev\.storytime\.example or d2abcdefgh1234\.cloudfront\.net\)$/,
      ],
      [
        'key id outside the key group',
        () => ['--resource', RESOURCE, '--key-pair-id', 'K9NOTINGROUP'],
        /^--key-pair-id K9NOTINGROUP is not in the distribution's key group \(K3ABCDEFGHIJKL, K2ZYXWVUTSRQPO\)$/,
      ],
      ['malformed key id', () => ['--resource', RESOURCE, '--key-pair-id', 'k3-lower'], /is not a CloudFront public key id/],
      [
        'bad source IP',
        () => ['--resource', RESOURCE, '--source-ip', '203.0.113.0/33'],
        /^--source-ip "203\.0\.113\.0\/33" is not an IPv4 address or CIDR/,
      ],
      ['IPv6 source IP', () => ['--resource', RESOURCE, '--source-ip', '2001:db8::/32'], /is not an IPv4 address or CIDR/],
      ['missing resource', () => [], /^missing --resource/],
      [
        'unknown env',
        () => ['--resource', RESOURCE, '--env', 'nosuchenv'],
        new RegExp(`^unknown env "nosuchenv" \\(expected one of ${ENVIRONMENTS.join(', ')}\\)$`),
      ],
      ['outputs of the other env', () => ['--resource', RESOURCE, '--env', 'prod'], /are for env "dev", not "prod"$/],
      ['unknown flag', () => ['--resource', RESOURCE, '--expires', '1h'], /^unknown flag --expires$/],
      [
        'positional argument',
        () => ['--resource', RESOURCE, 'extra'],
        /^unexpected argument "extra": every value follows its flag, e\.g\. --env dev$/,
      ],
    ];

    it.each(cases)('%s', (_name, args, message) => {
      expect(() => run(args())).toThrow(UsageError);
      expect(() => run(args())).toThrow(message);
      expect(() => run(args())).not.toThrow(/\n/);
    });

    it('missing --key-pair-id with no outputs', () => {
      expect(() =>
        runCookies(['--env', 'dev', '--private-key', signer.privateFile, '--resource', RESOURCE], { now: NOW, readStack: noStack }),
      ).toThrow(/^missing --key-pair-id and no cloudfront_public_key_id output to default to/);
    });

    it('bare path resource with no outputs', () => {
      expect(() =>
        runCookies(['--env', 'dev', '--private-key', signer.privateFile, '--key-pair-id', 'K1', '--resource', '/books/42/*'], {
          now: NOW,
          readStack: noStack,
        }),
      ).toThrow(/has no host and no cdn_domain_name output/);
    });
  });

  describe('as a process', () => {
    it('exits 2 with a single stderr line on bad input', () => {
      const result = runCli([
        'cookies',
        '--env',
        'dev',
        '--resource',
        RESOURCE,
        '--private-key',
        path.join(dir, 'absent.pem'),
        '--from',
        FIXTURE,
      ]);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`cookies: cannot read private key ${path.join(dir, 'absent.pem')}: no such file\n`);
    });

    it('prints verifiable cookies and exits 0', () => {
      // Key 2026-05 is not in the shipped settings, so the pair check has nothing to compare with.
      const result = runCli([
        'cookies',
        '--env',
        'dev',
        '--resource',
        RESOURCE,
        '--private-key',
        signer.privateFile,
        '--key-pair-id',
        'K2ZYXWVUTSRQPO',
        '--from',
        FIXTURE,
      ]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(verifies(cookiesFrom(result.stdout), signer.publicPem)).toBe(true);
    });
  });
});

describe('cookies in this process', () => {
  it('refuses a missing --resource in one line, as cookies', async () => {
    expect(await runCommand(cookies, ['--env', 'dev'], { readStack: noStack })).toEqual({
      status: 2,
      stdout: '',
      stderr: 'cookies: missing --resource (e.g. https://<cdn-domain>/books/<id>/*)\n',
    });
  });

  it('says why there is no curl example for a resource without one concrete URL', () => {
    const resource = 'https://cdn.dev.storytime.example/books/1/*.ts';
    const result = run(['--resource', resource]);
    expect(result.stderr).toEqual([`no curl example: cannot pick a concrete URL under ${resource}`]);
    expect(result.stdout).not.toContain('curl');
  });
});
