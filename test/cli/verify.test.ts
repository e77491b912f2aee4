/**
 * verify with fakes for S3 and MediaConvert and a local HTTPS server on 127.0.0.1 that plays CloudFront:
 * 403 without a valid signed cookie for the URL, 200 with one. Steps 1, 3 and 6 (S3) could run on an
 * emulator; 2 (MediaConvert) and 4-5 (CloudFront's edge) only in a real account (docs/tools.md).
 */
import { execFile } from 'node:child_process';
import { createVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { command as verify, type VerifyDeps } from '../../src/cli/commands/verify';
import { UsageError } from '../../src/cli/errors';
import type { TerraformOutputs } from '../../src/cli/outputs';
import { sdkAws } from '../../src/cli/verify/aws';
import type { VerifyAws } from '../../src/cli/verify/checklist';
import { rsaKeyPair } from '../keys';
import { runCliAsync } from './process';
import { runCommand } from './run-command';

const CDN = 'cdn.dev.storytime.example';
const KEY_ID = 'K3ABCDEFGHIJKL';
const URL_PATH = '/books/verify-r1/index.m3u8';
const TEMPLATE = JSON.stringify({
  Role: 'arn:aws:iam::111111111111:role/storytime-dev-mediaconvert',
  Queue: 'arn:aws:mediaconvert:us-east-1:111111111111:queues/storytime-dev-hls',
  UserMetadata: { book_id: '{{book_id}}' },
  Settings: { Inputs: [{ FileInput: 's3://storytime-master-uploads-dev/{{input_key}}' }] },
});
const OUTPUTS: TerraformOutputs = Object.fromEntries(
  Object.entries({
    environment: 'dev',
    master_uploads_bucket_name: 'storytime-master-uploads-dev',
    master_uploads_prefix: 'uploads/',
    hls_outputs_bucket_name: 'storytime-hls-outputs-dev',
    mediaconvert_job_settings_template: TEMPLATE,
    cdn_domain_name: CDN,
    cloudfront_public_key_id: KEY_ID,
    cloudfront_private_key_secret_arn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:storytime/dev/cloudfront_private_key-AbCdEf',
  }).map(([name, value]) => [name, { value }]),
);

let dir: string;
let certPem: string;
let keyPem: string;
let masterFile: string;
let signerPem: string;
let signerFile: string;
const servers: Server[] = [];

const decode = (text: string) => Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');

/** CloudFront's check of a signed cookie: this key, this URL, not expired. */
function signedFor(cookieHeader: string | undefined, url: string): boolean {
  const cookies = Object.fromEntries(
    (cookieHeader ?? '').split('; ').map((pair) => [pair.split('=')[0], pair.slice(pair.indexOf('=') + 1)]),
  );
  if (cookies['CloudFront-Key-Pair-Id'] !== KEY_ID || !cookies['CloudFront-Policy']) return false;
  const policy = decode(cookies['CloudFront-Policy']);
  const publicKey = rsaKeyPair('verify-signer').publicKey;
  if (!createVerify('RSA-SHA1').update(policy).verify(publicKey, decode(cookies['CloudFront-Signature']))) return false;
  return JSON.parse(policy.toString('utf8')).Statement[0].Resource === url;
}

/** A stand-in distribution: `unsignedStatus` without a valid cookie (403 on CloudFront), 200 with one. */
async function cdn(unsignedStatus = 403): Promise<{ port: number; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer({ key: keyPem, cert: certPem }, (req, res) => {
    const signed = signedFor(req.headers.cookie, `https://${req.headers.host}${req.url}`);
    seen.push(`${req.method} ${req.headers.host}${req.url} ${signed ? 'signed' : 'unsigned'}`);
    res.writeHead(signed ? 200 : unsignedStatus);
    res.end(signed ? '#EXTM3U\n' : '');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, seen };
}

/** S3 and MediaConvert as verify sees them; `statuses` are the job's answers to GetJob, in turn. */
function fakeAws(statuses: { status: string; error?: string }[], keys = ['index.m3u8', 'index_1080p.m3u8', 'index_1080p_00001.ts']) {
  const calls: string[] = [];
  let polls = 0;
  const aws: VerifyAws = {
    presignPut: (bucket, key) => {
      calls.push(`presign ${bucket} ${key}`);
      return Promise.resolve(`https://${bucket}.s3.us-east-1.amazonaws.com/${key}?X-Amz-Signature=x`);
    },
    upload: (url, body) => {
      calls.push(`upload ${url.split('?')[0]} ${body.length}`);
      return Promise.resolve(200);
    },
    createJob: (job) => {
      calls.push(`create ${JSON.stringify(job)}`);
      return Promise.resolve('1764000000000-abc123');
    },
    job: () => Promise.resolve(statuses[Math.min(polls++, statuses.length - 1)]),
    list: (bucket, prefix) => {
      calls.push(`list ${bucket} ${prefix}`);
      return Promise.resolve(keys.map((key) => `${prefix}${key}`));
    },
    removeAll: (bucket, prefix) => {
      calls.push(`remove ${bucket} ${prefix}`);
      return Promise.resolve(bucket.includes('master') ? 1 : keys.length);
    },
  };
  return { aws, calls };
}

/** A clock the fake sleep moves forward. */
function clock(): Pick<VerifyDeps, 'now' | 'sleep'> {
  let now = Date.parse('2026-11-24T00:00:00Z');
  return {
    now: () => new Date(now),
    sleep: (seconds) => {
      now += seconds * 1000;
      return Promise.resolve();
    },
  };
}

const run = async (argv: string[], deps: VerifyDeps) => verify.run(argv, deps);
const ARGS = () => ['--env', 'dev', '--master', masterFile, '--private-key', signerFile];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'storytime-verify-'));
  const keyFile = path.join(dir, 'tls.key');
  const certFile = path.join(dir, 'tls.crt');
  await promisify(execFile)('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1'],
    ...['-subj', `/CN=${CDN}`, '-addext', `subjectAltName=DNS:${CDN}`],
  ]);
  certPem = readFileSync(certFile, 'utf8');
  keyPem = readFileSync(keyFile, 'utf8');
  masterFile = path.join(dir, 'master.mp4');
  writeFileSync(masterFile, Buffer.alloc(2048, 1));
  signerPem = rsaKeyPair('verify-signer').privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  signerFile = path.join(dir, 'signer.pem');
  writeFileSync(signerFile, signerPem);
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

describe('verify', () => {
  it('runs the six steps, one line each, and exits 0 when all pass', async () => {
    const { port, seen } = await cdn();
    const { aws, calls } = fakeAws([{ status: 'SUBMITTED' }, { status: 'PROGRESSING' }, { status: 'COMPLETE' }]);
    const result = await run(ARGS(), {
      aws,
      readStack: () => OUTPUTS,
      runId: 'r1',
      connectTo: { host: '127.0.0.1', port },
      ca: certPem,
      ...clock(),
    });
    expect(result.stdout).toBe(
      [
        'verify dev: spec §9 checklist, test objects under verify-r1',
        '✓ 1 presigned upload: PUT s3://storytime-master-uploads-dev/uploads/verify-r1/master.mp4 (2048 bytes) -> 200',
        '✓ 2 MediaConvert job: job 1764000000000-abc123 COMPLETE after 20 s',
        '✓ 3 HLS outputs: s3://storytime-hls-outputs-dev/books/verify-r1/index.m3u8 and 1 segment',
        `✓ 4 unsigned request refused: GET https://${CDN}${URL_PATH} without cookies -> 403`,
        `✓ 5 signed-cookie request served: GET https://${CDN}${URL_PATH} with a signed cookie (key ${KEY_ID}) -> 200`,
        '✓ 6 test objects removed: 1 master and 3 HLS object versions deleted',
        'verify dev: OK, every step passed',
        '',
      ].join('\n'),
    );
    expect(result.exitCode).toBe(0);
    expect(seen).toEqual([`GET ${CDN}${URL_PATH} unsigned`, `GET ${CDN}${URL_PATH} signed`]);
    // The stack's template, its role and queue, with this run's book id and master key.
    expect(JSON.parse(calls[2].slice('create '.length))).toEqual({
      Role: 'arn:aws:iam::111111111111:role/storytime-dev-mediaconvert',
      Queue: 'arn:aws:mediaconvert:us-east-1:111111111111:queues/storytime-dev-hls',
      UserMetadata: { book_id: 'verify-r1' },
      Settings: { Inputs: [{ FileInput: 's3://storytime-master-uploads-dev/uploads/verify-r1/master.mp4' }] },
    });
    expect(calls.filter((call) => call.startsWith('remove'))).toEqual([
      'remove storytime-master-uploads-dev uploads/verify-r1/',
      'remove storytime-hls-outputs-dev books/verify-r1/',
    ]);
  });

  it('skips what depends on a failed job, still removes the test objects, and exits 1', async () => {
    const { aws, calls } = fakeAws([{ status: 'ERROR', error: 'Unable to open input file' }]);
    const result = await run(ARGS(), { aws, readStack: () => OUTPUTS, runId: 'r1', ...clock() });
    expect(result.stdout.split('\n').slice(2)).toEqual([
      '✗ 2 MediaConvert job: job 1764000000000-abc123 ERROR: Unable to open input file',
      '- 3 HLS outputs: skipped (an earlier step failed)',
      '- 4 unsigned request refused: skipped (an earlier step failed)',
      '- 5 signed-cookie request served: skipped (an earlier step failed)',
      '✓ 6 test objects removed: 1 master and 3 HLS object versions deleted',
      'verify dev: FAILED (1 step)',
      '',
    ]);
    expect(result.exitCode).toBe(1);
    expect(calls.filter((call) => call.startsWith('remove'))).toHaveLength(2);
  });

  it('gives up on a job still running after --job-timeout', async () => {
    const { aws } = fakeAws([{ status: 'PROGRESSING' }]);
    const result = await run([...ARGS(), '--job-timeout', '30'], { aws, readStack: () => OUTPUTS, runId: 'r1', ...clock() });
    expect(result.stdout).toContain('✗ 2 MediaConvert job: job 1764000000000-abc123 still PROGRESSING after 30 s (--job-timeout)\n');
    expect(result.exitCode).toBe(1);
  });

  it('fails when CloudFront serves an unsigned request, or outputs are missing', async () => {
    const { port } = await cdn(200);
    const unsigned = await run(ARGS(), {
      aws: fakeAws([{ status: 'COMPLETE' }]).aws,
      readStack: () => OUTPUTS,
      runId: 'r1',
      connectTo: { host: '127.0.0.1', port },
      ca: certPem,
      ...clock(),
    });
    expect(unsigned.stdout).toContain(`✗ 4 unsigned request refused: GET https://${CDN}${URL_PATH} without cookies -> 200, expected 403\n`);
    const empty = await run(ARGS(), {
      aws: fakeAws([{ status: 'COMPLETE' }], ['index.m3u8']).aws,
      readStack: () => OUTPUTS,
      runId: 'r1',
      ...clock(),
    });
    expect(empty.stdout).toContain(
      '✗ 3 HLS outputs: no index.m3u8 and segments under s3://storytime-hls-outputs-dev/books/verify-r1/ (found 1 objects)\n',
    );
  });

  it('reads the signing key from the secret without --private-key', async () => {
    const { port, seen } = await cdn();
    const asked: string[] = [];
    const result = await run(['--env', 'dev', '--master', masterFile], {
      aws: fakeAws([{ status: 'COMPLETE' }]).aws,
      readStack: () => OUTPUTS,
      signingKey: (region, arn) => {
        asked.push(`${region} ${arn}`);
        return Promise.resolve({ keyPairId: KEY_ID, privateKeyPem: signerPem });
      },
      runId: 'r1',
      connectTo: { host: '127.0.0.1', port },
      ca: certPem,
      ...clock(),
    });
    expect(asked).toEqual([`us-east-1 ${OUTPUTS.cloudfront_private_key_secret_arn.value as string}`]);
    expect(seen.at(-1)).toBe(`GET ${CDN}${URL_PATH} signed`);
    expect(result.exitCode).toBe(0);
  });

  it.each([
    [['--env', 'dev'], 'missing --master <video file>: the test master MediaConvert transcodes'],
    [['--env', 'dev', '--master', '/nonexistent.mp4'], 'cannot read --master /nonexistent.mp4: no such file'],
    [['--env', 'dev', '--master', 'MASTER', '--job-timeout', '0'], '--job-timeout "0" is not a number of seconds from 1 to 99999'],
    [
      ['--env', 'dev', '--master', 'MASTER', '--key-pair-id', KEY_ID],
      '--key-pair-id needs --private-key (the key signs the playback request)',
    ],
  ])('refuses %j', async (argv, message) => {
    const args = argv.map((arg) => (arg === 'MASTER' ? masterFile : arg));
    await expect(run(args, { readStack: () => OUTPUTS })).rejects.toThrow(new UsageError(message));
  });

  it('refuses an environment without outputs', async () => {
    await expect(run(['--env', 'dev', '--master', masterFile], { readStack: () => undefined })).rejects.toThrow(
      'no outputs for dev: apply the stack first, or pass --from <outputs file>',
    );
  });

  it('documents every step in --help, as the CLI prints it', async () => {
    const help = await runCliAsync(['verify', '--help'], process.env);
    expect(help.status).toBe(0);
    for (const step of [
      '  1 presigned upload      PUT --master to <master bucket>/<upload prefix>verify-<run>/master.mp4 through a presigned URL',
      "  2 MediaConvert job      CreateJob from the stack's job settings template (its role and queue), polled until it ends",
      '  3 HLS outputs           books/verify-<run>/index.m3u8 and its .ts segments are in the HLS bucket',
      '  4 unsigned request      GET https://<cdn domain>/books/verify-<run>/index.m3u8 without cookies answers 403',
      '  5 signed-cookie request the same GET with a signed cookie answers 200: CloudFront read the bucket through OAC',
      '  6 test objects removed  every version of the test master and of the HLS outputs is deleted, whatever failed before',
    ]) {
      expect(help.stdout).toContain(`${step}\n`);
    }
  });
});

describe('verify on the AWS SDK', () => {
  it('presigns a PUT for 5 minutes and uploads to the URL it gives', async () => {
    const received: string[] = [];
    const server = createHttpServer((req, res) => {
      let size = 0;
      req.on('data', (chunk: Buffer) => (size += chunk.length));
      req.on('end', () => {
        received.push(`${req.method} ${req.url?.split('?')[0]} ${size}`);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const aws = await sdkAws('us-east-1', {
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    const url = new URL(await aws.presignPut('storytime-master-uploads-dev', 'uploads/verify-r1/master.mp4'));
    expect(url.pathname).toBe('/storytime-master-uploads-dev/uploads/verify-r1/master.mp4');
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(await aws.upload(url.toString(), new Uint8Array(10))).toBe(200);
    expect(received).toEqual(['PUT /storytime-master-uploads-dev/uploads/verify-r1/master.mp4 10']);
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('verify in this process: each step as it fails', () => {
  const deps = (aws: VerifyAws, more: Partial<VerifyDeps> = {}): VerifyDeps => ({
    aws,
    readStack: () => OUTPUTS,
    runId: 'r1',
    ...clock(),
    ...more,
  });

  it('says why the upload failed, skips the rest, and still removes the test objects', async () => {
    const { aws } = fakeAws([{ status: 'COMPLETE' }]);
    const refused = await run(ARGS(), deps({ ...aws, upload: () => Promise.resolve(403) }));
    expect(refused).toEqual({
      stdout: [
        'verify dev: spec §9 checklist, test objects under verify-r1',
        '✗ 1 presigned upload: PUT -> 403',
        '- 2 MediaConvert job: skipped (an earlier step failed)',
        '- 3 HLS outputs: skipped (an earlier step failed)',
        '- 4 unsigned request refused: skipped (an earlier step failed)',
        '- 5 signed-cookie request served: skipped (an earlier step failed)',
        '✓ 6 test objects removed: 1 master and 3 HLS object versions deleted',
        'verify dev: FAILED (1 step)',
        '',
      ].join('\n'),
      stderr: [],
      exitCode: 1,
    });
    const thrown = await run(ARGS(), deps({ ...aws, upload: () => Promise.reject(new Error('socket hang up')) }));
    expect(thrown.stdout.split('\n')[1]).toBe('✗ 1 presigned upload: socket hang up');
  });

  it('counts each failed step, and says a failed removal', async () => {
    const { aws } = fakeAws([{ status: 'CANCELED' }]);
    const result = await run(ARGS(), deps({ ...aws, removeAll: () => Promise.reject(new Error('AccessDenied')) }));
    expect(result.stdout.split('\n').slice(2)).toEqual([
      '✗ 2 MediaConvert job: job 1764000000000-abc123 CANCELED',
      '- 3 HLS outputs: skipped (an earlier step failed)',
      '- 4 unsigned request refused: skipped (an earlier step failed)',
      '- 5 signed-cookie request served: skipped (an earlier step failed)',
      '✗ 6 test objects removed: AccessDenied',
      'verify dev: FAILED (2 steps)',
      '',
    ]);
  });

  it('says an ERROR without a message as it is', async () => {
    const { aws } = fakeAws([{ status: 'ERROR' }]);
    expect((await run(ARGS(), deps(aws))).stdout.split('\n')[2]).toBe('✗ 2 MediaConvert job: job 1764000000000-abc123 ERROR');
  });

  it('polls every 10 s and gives up at --job-timeout exactly', async () => {
    const { aws } = fakeAws([{ status: 'PROGRESSING' }]);
    const slept: number[] = [];
    const { now, sleep: advance } = clock() as Required<Pick<VerifyDeps, 'now' | 'sleep'>>;
    const sleep = (seconds: number) => (slept.push(seconds), advance(seconds));
    const result = await run([...ARGS(), '--job-timeout', '30'], deps(aws, { now, sleep }));
    expect(result.stdout.split('\n')[2]).toBe(
      '✗ 2 MediaConvert job: job 1764000000000-abc123 still PROGRESSING after 30 s (--job-timeout)',
    );
    expect(slept).toEqual([10, 10, 10]);
  });

  it('counts the segments', async () => {
    const { aws } = fakeAws([{ status: 'COMPLETE' }], ['index.m3u8', 'a_00001.ts', 'a_00002.ts']);
    const { port } = await cdn();
    const result = await run(ARGS(), deps(aws, { connectTo: { host: '127.0.0.1', port }, ca: certPem }));
    expect(result.stdout.split('\n')[3]).toBe('✓ 3 HLS outputs: s3://storytime-hls-outputs-dev/books/verify-r1/index.m3u8 and 2 segments');
  });

  it('says when the CDN does not answer', async () => {
    const closed = createHttpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await run(ARGS(), deps(fakeAws([{ status: 'COMPLETE' }]).aws, { connectTo: { host: '127.0.0.1', port } }));
    expect(result.stdout.split('\n').slice(4, 6)).toEqual([
      `✗ 4 unsigned request refused: GET https://${CDN}${URL_PATH}: no answer (ECONNREFUSED)`,
      `✗ 5 signed-cookie request served: GET https://${CDN}${URL_PATH}: no answer (ECONNREFUSED)`,
    ]);
  });

  it('signs a cookie valid for 300 s from the clock', async () => {
    const policies: string[] = [];
    const server = createServer({ key: keyPem, cert: certPem }, (req, res) => {
      const policy = /CloudFront-Policy=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      if (policy) policies.push(decode(policy).toString('utf8'));
      res.writeHead(policy ? 200 : 403);
      res.end();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const result = await run(ARGS(), deps(fakeAws([{ status: 'COMPLETE' }]).aws, { connectTo: { host: '127.0.0.1', port }, ca: certPem }));
    expect(result.exitCode).toBe(0);
    expect(policies.map((policy) => JSON.parse(policy).Statement[0])).toEqual([
      { Resource: `https://${CDN}${URL_PATH}`, Condition: { DateLessThan: { 'AWS:EpochTime': 1795478700 } } },
    ]);
  });
});

describe('verify in this process: its input', () => {
  const deps = (more: Partial<VerifyDeps> = {}): VerifyDeps => ({
    aws: fakeAws([{ status: 'COMPLETE' }]).aws,
    readStack: () => OUTPUTS,
    ...more,
  });

  it('refuses an empty master, and a --job-timeout that is not 1 to 99999 s, as verify', async () => {
    const empty = path.join(dir, 'empty.mp4');
    writeFileSync(empty, '');
    expect(await runCommand(verify, ['--env', 'dev', '--master', empty], deps())).toEqual({
      status: 2,
      stdout: '',
      stderr: `verify: --master ${empty} is empty: give a short video, e.g. 2 s of ffmpeg's testsrc\n`,
    });
    for (const timeout of ['012', '123456', '1x']) {
      expect((await runCommand(verify, [...ARGS(), '--job-timeout', timeout], deps())).stderr).toBe(
        `verify: --job-timeout "${timeout}" is not a number of seconds from 1 to 99999\n`,
      );
    }
  });

  it('takes --key-pair-id with --private-key, and refuses one outside the key group', async () => {
    await expect(run([...ARGS(), '--key-pair-id', 'KNOTINTHEGROUP'], deps())).rejects.toThrow(/^--key-pair-id KNOTINTHEGROUP /);
    const result = await run([...ARGS(), '--key-pair-id', KEY_ID], deps({ runId: 'r1', ...clock() }));
    expect(result.stdout.split('\n')[1]).toBe(
      '✓ 1 presigned upload: PUT s3://storytime-master-uploads-dev/uploads/verify-r1/master.mp4 (2048 bytes) -> 200',
    );
  });

  it('refuses outputs without a name it needs', async () => {
    const { hls_outputs_bucket_name: _left, ...partial } = OUTPUTS;
    await expect(run(ARGS(), deps({ readStack: () => partial }))).rejects.toThrow(
      new UsageError('output hls_outputs_bucket_name is missing: apply the stack first, or pass --from <outputs file>'),
    );
  });

  it('waits 10 s of real time between polls by default', async () => {
    let polls = 0;
    const { aws } = fakeAws([], []);
    const job = () => Promise.resolve(polls++ === 0 ? { status: 'PROGRESSING' } : { status: 'COMPLETE' });
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const result = run(ARGS(), { aws: { ...aws, job }, readStack: () => OUTPUTS, runId: 'r1' });
      await vi.advanceTimersByTimeAsync(9_999);
      expect(polls).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(polls).toBe(2);
      // Only the timers are fake: the clock the job is timed by is this machine's, which hardly moved.
      expect((await result).stdout.split('\n')[2]).toBe('✓ 2 MediaConvert job: job 1764000000000-abc123 COMPLETE after 0 s');
    } finally {
      vi.useRealTimers();
    }
  });

  it("names the run by the time and a random suffix, and reads this machine's clock", async () => {
    const result = await run(ARGS(), deps());
    expect(result.stdout.split('\n')[0]).toMatch(/^verify dev: spec §9 checklist, test objects under verify-\d{13}-[0-9a-f]{6}$/);
    expect(result.stdout.split('\n')[2]).toBe('✓ 2 MediaConvert job: job 1764000000000-abc123 COMPLETE after 0 s');
  });
});
