import { createVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { command as cookies, type CookiesDeps } from '../../src/cli/commands/cookies';
import { UsageError } from '../../src/cli/errors';
import { readOutputsFile } from '../../src/cli/outputs';
import { rsaKeyPair } from '../keys';
import { FIXTURE, runCli } from './process';

const NOW = new Date('2025-06-01T12:00:00.750Z');
const NOW_SECONDS = 1_748_779_200;
const RESOURCE = 'https://d2abcdefgh1234.cloudfront.net/books/42/*';
const dir = mkdtempSync(path.join(tmpdir(), 'storytime-cookies-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function keyFile(name: string, bits: 1024 | 2048) {
  const pair = rsaKeyPair(name, bits);
  const file = path.join(dir, `${name}.pem`);
  writeFileSync(file, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return { file, publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}
const signer = keyFile('signer', 2048);
const stranger = keyFile('stranger', 2048);
const weak = keyFile('weak', 1024);
// What `aws secretsmanager get-secret-value --query SecretString --output text` prints for the signing secret.
const secretFile = path.join(dir, 'secret.json');
writeFileSync(secretFile, JSON.stringify({ keyPairId: 'K3ABCDEFGHIJKL', privateKeyPem: readFileSync(signer.file, 'utf8') }));

const deps: CookiesDeps = { now: NOW, readStack: () => undefined, publicKeys: () => ({ '2026-11': signer.publicPem }) };
const run = (args: string[], key = signer.file) => cookies.run(['--env', 'dev', '--private-key', key, '--from', FIXTURE, ...args], deps);
const policy = (stdout: string) => {
  const value = /^CloudFront-Policy=(.*)$/m.exec(stdout)![1];
  return JSON.parse(Buffer.from(value.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64').toString('utf8'));
};

describe('cookies: bounded expiry, key checks, flag errors', () => {
  it.each<[string, string[], string, string?]>([
    [
      'a huge --expires-in',
      ['--expires-in', '99999999999d'],
      '--expires-in 99999999999d is longer than 7d (a signed cookie is a bearer credential that only removing its key from the key group revokes)',
    ],
    [
      'an --expires-in past Number range',
      ['--expires-in', `${'9'.repeat(400)}d`],
      `--expires-in ${'9'.repeat(400)}d is longer than 7d (a signed cookie is a bearer credential that only removing its key from the key group revokes)`,
    ],
    [
      '8 days',
      ['--expires-in', '8d'],
      '--expires-in 8d is longer than 7d (a signed cookie is a bearer credential that only removing its key from the key group revokes)',
    ],
    [
      'an --expires-at 8 days ahead',
      ['--expires-at', '2025-06-09T12:00:01Z'],
      '--expires-at 2025-06-09T12:00:01Z is more than 7d (a signed cookie is a bearer credential that only removing its key from the key group revokes) from now',
    ],
    [
      '-1h as a separate argument',
      ['--expires-in', '-1h'],
      '--expires-in is followed by a value starting with -; write --expires-in=<value> to pass it',
    ],
    ['-1h written with =', ['--expires-in=-1h'], '--expires-in "-1h" is not a duration like 90s, 30m, 1h or 7d'],
    ['a flag without its value', ['--source-ip'], '--source-ip needs a value'],
    ['a value on a switch', ['--help=yes'], '--help takes no value'],
    ['a flag given twice', ['--env', 'prod'], '--env is given more than once; give it once'],
    ['a flag given twice, once with =', ['--from=other.json'], '--from is given more than once; give it once'],
    ["a short flag group that is Terraform's -destroy", ['-destroy'], 'unknown flag -destroy'],
    [
      'a wildcard in the host',
      ['--resource', 'https://cdn.dev.storytime.example*'],
      '--resource host "cdn.dev.storytime.example*" is not a host name; wildcards belong in the path, e.g. https://cdn.dev.storytime.example/books/<id>/*',
    ],
    ['an RSA-1024 key', [], `private key ${weak.file} is RSA-1024; CloudFront key groups take RSA-2048 keys only`, weak.file],
    [
      'a key that is not the pair of the active public key',
      [],
      `private key ${stranger.file} is not the pair of public key 2026-11 (K3ABCDEFGHIJKL) in the dev settings; CloudFront would answer 403`,
      stranger.file,
    ],
  ])('refuses %s in one line', (_name, args, message, key) => {
    const withResource = args.includes('--resource') ? args : ['--resource', RESOURCE, ...args];
    const error = (() => {
      try {
        run(withResource, key);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(message);
  });

  it('signs 7 days ahead with an integer epoch', () => {
    expect(policy(run(['--resource', RESOURCE, '--expires-in', '7d']).stdout).Statement[0].Condition.DateLessThan['AWS:EpochTime']).toBe(
      NOW_SECONDS + 604_800,
    );
  });

  it("takes the secret's JSON {keyPairId, privateKeyPem} as the key and signs with its id", () => {
    const { stdout } = run(['--resource', RESOURCE], secretFile);
    expect(/^CloudFront-Key-Pair-Id=(.*)$/m.exec(stdout)![1]).toBe('K3ABCDEFGHIJKL');
    const signature = /^CloudFront-Signature=(.*)$/m.exec(stdout)![1];
    const encodedPolicy = /^CloudFront-Policy=(.*)$/m.exec(stdout)![1];
    const decode = (text: string) => Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
    expect(createVerify('RSA-SHA1').update(decode(encodedPolicy)).verify(signer.publicPem, decode(signature))).toBe(true);
  });

  it('as a process: a flag error is one line followed by the usage, exit 2', () => {
    const result = runCli(['cookies', '--env', 'dev', '--expires-in', '-1h']);
    expect(result.stderr).toBe(
      [
        'cookies: --expires-in is followed by a value starting with -; write --expires-in=<value> to pass it',
        "usage: storytime cookies --env <environment> --resource <url> --private-key <pem file, or the secret's JSON>",
        '         [--key-pair-id <id>] [--expires-in <n>s|m|h|d (default 1h, at most 7d) | --expires-at <ISO date>]',
        '         [--source-ip <IPv4 address or CIDR>] [--from <terraform output -json file>]',
        'Prints CloudFront signed cookies for the resource, then a curl command that fetches it with them (docs/tools.md).',
        '',
      ].join('\n'),
    );
    expect(result.stdout).toBe('');
    expect(result.status).toBe(2);
  });
});

describe('rails-env --from -', () => {
  it('reads terraform output -json from standard input', () => {
    const result = runCli(['rails-env', '--env', 'dev', '--from', '-'], { input: readFileSync(FIXTURE, 'utf8') });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').slice(0, 2)).toEqual(['AWS_REGION=us-east-1', 'STORYTIME_ENV=dev']);
    expect(result.stdout).toContain(
      '\nCLOUDFRONT_PRIVATE_KEY_SECRET_ARN=arn:aws:secretsmanager:us-east-1:111111111111:secret:storytime/dev/cloudfront_private_key-AbCdEf\n',
    );
    expect(result.stdout).not.toContain('CLOUDFRONT_KEY_PAIR_ID');
  });

  it('names standard input when what comes in is not JSON', () => {
    expect(() => readOutputsFile('-', () => 'Warning: something\n')).toThrow(
      new UsageError('standard input is not valid JSON: Unexpected token \'W\', "Warning: something\n" is not valid JSON'),
    );
  });
});
