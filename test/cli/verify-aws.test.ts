/**
 * verify's AWS calls through the real SDK clients against a local HTTP server in this process that answers as
 * S3 (path style), MediaConvert and Secrets Manager do, and records what each call asked for.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkAws, secretSigningKey } from '../../src/cli/verify/aws';
import type { VerifyAws } from '../../src/cli/verify/checklist';

interface Call {
  readonly method: string;
  readonly url: string;
  readonly target: string;
  readonly body: string;
}
type Answer = { readonly status?: number; readonly type?: string; readonly body: string };

const XML = 'application/xml';
const S3_NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
let calls: Call[] = [];
let answers: Answer[] = [];
let server: Server;
let endpoint: string;
let aws: VerifyAws;

const read = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => resolve(body));
  });

beforeAll(async () => {
  server = createServer((request, response) => {
    void read(request).then((body) => {
      calls.push({ method: request.method ?? '', url: request.url ?? '', target: String(request.headers['x-amz-target'] ?? ''), body });
      const answer = answers.shift() ?? { body: '' };
      response.statusCode = answer.status ?? 200;
      response.setHeader('content-type', answer.type ?? 'application/json');
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  aws = await sdkAws('us-east-1', {
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

beforeEach(() => {
  calls = [];
  answers = [];
});

const query = (call: Call) => Object.fromEntries(new URL(call.url, endpoint).searchParams);

describe('sdkAws: MediaConvert', () => {
  it('creates a job with the settings given and returns its id', async () => {
    answers = [{ status: 201, body: '{"job":{"id":"1700000000000-abc123","status":"SUBMITTED"}}' }];
    expect(await aws.createJob({ Role: 'arn:aws:iam::111111111111:role/mc', Settings: { Inputs: [] } })).toBe('1700000000000-abc123');
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual(['POST /2017-08-29/jobs']);
    expect(JSON.parse(calls[0].body)).toMatchObject({ role: 'arn:aws:iam::111111111111:role/mc', settings: { inputs: [] } });
  });

  it('refuses an answer without a job id', async () => {
    answers = [{ status: 201, body: '{"job":{"status":"SUBMITTED"}}' }];
    await expect(aws.createJob({ Role: 'r', Settings: {} })).rejects.toThrow(new Error('CreateJob returned no job id'));
    answers = [{ status: 201, body: '{}' }];
    await expect(aws.createJob({ Role: 'r', Settings: {} })).rejects.toThrow(new Error('CreateJob returned no job id'));
  });

  it("reads a job's status and error message", async () => {
    answers = [{ body: '{"job":{"id":"j1","status":"ERROR","errorMessage":"no input"}}' }];
    expect(await aws.job('j1')).toEqual({ status: 'ERROR', error: 'no input' });
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual(['GET /2017-08-29/jobs/j1']);
  });

  it('says UNKNOWN for a job without a status, and for no job', async () => {
    answers = [{ body: '{"job":{"id":"j1"}}' }, { body: '{}' }];
    expect(await aws.job('j1')).toEqual({ status: 'UNKNOWN', error: undefined });
    expect(await aws.job('j1')).toEqual({ status: 'UNKNOWN', error: undefined });
  });
});

describe('sdkAws: S3', () => {
  const listPage = (keys: string[], next?: string) => ({
    type: XML,
    body: `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult ${S3_NS}><Name>b</Name><KeyCount>${keys.length}</KeyCount>${keys
      .map((key) => `<Contents><Key>${key}</Key><Size>1</Size></Contents>`)
      .join(
        '',
      )}${next ? `<IsTruncated>true</IsTruncated><NextContinuationToken>${next}</NextContinuationToken>` : '<IsTruncated>false</IsTruncated>'}</ListBucketResult>`,
  });

  it('lists every key under a prefix, page after page', async () => {
    answers = [listPage(['books/r1/a.ts', 'books/r1/b.ts'], 'token-2'), listPage(['books/r1/index.m3u8'])];
    expect(await aws.list('storytime-hls-outputs-dev', 'books/r1/')).toEqual(['books/r1/a.ts', 'books/r1/b.ts', 'books/r1/index.m3u8']);
    expect(calls.map((call) => [call.url.split('?')[0], query(call)['prefix'], query(call)['continuation-token']])).toEqual([
      ['/storytime-hls-outputs-dev/', 'books/r1/', undefined],
      ['/storytime-hls-outputs-dev/', 'books/r1/', 'token-2'],
    ]);
  });

  it('lists nothing under an empty prefix', async () => {
    answers = [listPage([])];
    expect(await aws.list('b', 'none/')).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  const versionsPage = (versions: [string, string][], markers: [string, string][] = []) => ({
    type: XML,
    body: `<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult ${S3_NS}><Name>b</Name>${versions
      .map(([key, id]) => `<Version><Key>${key}</Key><VersionId>${id}</VersionId></Version>`)
      .join(
        '',
      )}${markers.map(([key, id]) => `<DeleteMarker><Key>${key}</Key><VersionId>${id}</VersionId></DeleteMarker>`).join('')}</ListVersionsResult>`,
  });
  const deleted = { type: XML, body: `<?xml version="1.0" encoding="UTF-8"?><DeleteResult ${S3_NS}></DeleteResult>` };

  it('removes every version and delete marker under a prefix until none is left, and counts them', async () => {
    answers = [
      versionsPage([['uploads/r1/master.mp4', 'v1']], [['uploads/r1/master.mp4', 'm1']]),
      deleted,
      versionsPage([['uploads/r1/other.mp4', 'v2']]),
      deleted,
      versionsPage([]),
    ];
    expect(await aws.removeAll('storytime-master-uploads-dev', 'uploads/r1/')).toBe(3);
    expect(calls.map((call) => `${call.method} ${call.url.split('?')[0]} ${Object.keys(query(call)).sort().join(',')}`)).toEqual([
      'GET /storytime-master-uploads-dev/ prefix,versions',
      'POST /storytime-master-uploads-dev/ delete',
      'GET /storytime-master-uploads-dev/ prefix,versions',
      'POST /storytime-master-uploads-dev/ delete',
      'GET /storytime-master-uploads-dev/ prefix,versions',
    ]);
    expect(query(calls[0])['prefix']).toBe('uploads/r1/');
    const body = calls[1].body.replace(/\s+/g, '');
    expect(body).toContain('<Quiet>true</Quiet>');
    expect(body).toContain('<Object><Key>uploads/r1/master.mp4</Key><VersionId>v1</VersionId></Object>');
    expect(body).toContain('<Object><Key>uploads/r1/master.mp4</Key><VersionId>m1</VersionId></Object>');
  });

  it('removes nothing when nothing is there', async () => {
    answers = [versionsPage([])];
    expect(await aws.removeAll('b', 'p/')).toBe(0);
    expect(calls).toHaveLength(1);
  });
});

describe('secretSigningKey', () => {
  const VARIABLES = ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  beforeAll(() => Object.assign(process.env, { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 's' }));
  afterAll(() => {
    for (const name of VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  const ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:storytime-dev-signing-AbCdEf';
  const secret = (value: object | undefined) => ({
    type: 'application/x-amz-json-1.1',
    body: JSON.stringify(value === undefined ? { ARN } : { ARN, SecretString: JSON.stringify(value) }),
  });
  const refused = `${ARN} holds no {keyPairId, privateKeyPem}: inject the key first (docs/signing-keys.md), or pass --private-key`;

  it('reads the key pair id and the private key from the secret', async () => {
    answers = [secret({ keyPairId: 'K3ABCDEFGHIJKL', privateKeyPem: '-----BEGIN PRIVATE KEY-----', other: 1 })];
    expect(await secretSigningKey('us-east-1', ARN)).toEqual({ keyPairId: 'K3ABCDEFGHIJKL', privateKeyPem: '-----BEGIN PRIVATE KEY-----' });
    expect(calls.map((call) => [call.target, JSON.parse(call.body)])).toEqual([['secretsmanager.GetSecretValue', { SecretId: ARN }]]);
  });

  it('refuses a secret without either field, or without a string', async () => {
    for (const value of [{ keyPairId: 'K3ABCDEFGHIJKL' }, { privateKeyPem: 'pem' }, { keyPairId: 1, privateKeyPem: 'pem' }, undefined]) {
      answers = [secret(value)];
      await expect(secretSigningKey('us-east-1', ARN)).rejects.toThrow(new Error(refused));
    }
  });
});
