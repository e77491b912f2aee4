/** What every AWS SDK client of the CLI is built with, how its errors read, and STS asked through AWS_ENDPOINT_URL in this process. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCallerIdentity } from '../../src/cli/aws/account';
import { awsErrorText, clientConfig, endpointOverride, endpointVariables, isNotFound } from '../../src/cli/aws/config';

const withEnv = <T>(values: Record<string, string | undefined>, work: () => T): T => {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const set = (entries: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  set(values);
  try {
    return work();
  } finally {
    set(saved);
  }
};

describe('endpointOverride', () => {
  it("takes the service's own variable first, then AWS_ENDPOINT_URL, and none that is empty", () => {
    expect(endpointOverride('S3', { AWS_ENDPOINT_URL_S3: 'http://s3:1', AWS_ENDPOINT_URL: 'http://all:2' })).toBe('http://s3:1');
    expect(endpointOverride('STS', { AWS_ENDPOINT_URL_S3: 'http://s3:1', AWS_ENDPOINT_URL: 'http://all:2' })).toBe('http://all:2');
    expect(endpointOverride('S3', { AWS_ENDPOINT_URL_S3: '', AWS_ENDPOINT_URL: 'http://all:2' })).toBe('http://all:2');
    expect(endpointOverride('S3', { AWS_ENDPOINT_URL_S3: '', AWS_ENDPOINT_URL: '' })).toBeUndefined();
    expect(endpointOverride('S3', {})).toBeUndefined();
  });

  it('reads the process environment by default', () => {
    expect(withEnv({ AWS_ENDPOINT_URL_SQS: 'http://sqs:3', AWS_ENDPOINT_URL: undefined }, () => endpointOverride('SQS'))).toBe(
      'http://sqs:3',
    );
  });
});

describe('endpointVariables', () => {
  it('lists the endpoint variables that are set, sorted, and nothing else', () => {
    expect(
      endpointVariables({
        AWS_ENDPOINT_URL_STS: 'http://b',
        AWS_ENDPOINT_URL: 'http://a',
        AWS_ENDPOINT_URL_S3: '',
        MY_AWS_ENDPOINT_URL_X: 'http://c',
        AWS_ENDPOINT_URLS: 'http://d',
        AWS_REGION: 'us-east-1',
      }),
    ).toEqual(['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS']);
    expect(endpointVariables({})).toEqual([]);
  });
});

describe('clientConfig', () => {
  it('keeps the region and three attempts; S3 is addressed by path only under an endpoint override', () => {
    withEnv({ AWS_ENDPOINT_URL: undefined, AWS_ENDPOINT_URL_S3: undefined }, () => {
      expect(clientConfig('eu-west-1', 'S3')).toEqual({ region: 'eu-west-1', maxAttempts: 3 });
      expect(clientConfig('eu-west-1')).toEqual({ region: 'eu-west-1', maxAttempts: 3 });
    });
    withEnv({ AWS_ENDPOINT_URL: undefined, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:5000' }, () => {
      expect(clientConfig('us-east-1', 'S3')).toEqual({ region: 'us-east-1', maxAttempts: 3, forcePathStyle: true });
      expect(clientConfig('us-east-1')).toEqual({ region: 'us-east-1', maxAttempts: 3 });
    });
  });
});

describe('awsErrorText', () => {
  it("is the error's name and message on one line; a plain Error is its message", () => {
    expect(awsErrorText(Object.assign(new Error('Access denied\n   to the bucket  \n x'), { name: 'AccessDenied' }))).toBe(
      'AccessDenied: Access denied to the bucket x',
    );
    expect(awsErrorText(new Error('socket hang up'))).toBe('socket hang up');
    expect(awsErrorText(Object.assign(new Error('no name'), { name: '' }))).toBe('no name');
    expect(awsErrorText('a string\nthrown')).toBe('a string\nthrown');
    expect(awsErrorText({ name: 'NotAnError', message: 'm' })).toBe('[object Object]');
  });
});

describe('isNotFound', () => {
  const failure = (name: string, status?: number) => Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: status } });

  it('matches the names given, else a 404', () => {
    expect(isNotFound(failure('NoSuchKey', 404), 'NoSuchBucket')).toBe(false);
    expect(isNotFound(failure('NoSuchBucket', 400), 'NoSuchKey', 'NoSuchBucket')).toBe(true);
    expect(isNotFound(failure('NotFound', 404))).toBe(true);
    expect(isNotFound(failure('NotFound', 403))).toBe(false);
    expect(isNotFound(new Error('x'))).toBe(false);
    expect(isNotFound({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } }, 'NoSuchKey')).toBe(false);
  });
});

describe('readCallerIdentity', () => {
  let server: Server;
  let body = '';
  const restore: Record<string, string | undefined> = {};
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.setHeader('content-type', 'text/xml');
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    for (const name of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) restore[name] = process.env[name];
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'example',
    });
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(restore)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await new Promise((resolve) => server.close(resolve));
  });
  const answer = (result: string) =>
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>${result}</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

  it('is the account and the ARN STS answers', async () => {
    body = answer('<Arn>arn:aws:iam::111111111111:user/ana</Arn><UserId>AIDA</UserId><Account>111111111111</Account>');
    expect(await readCallerIdentity('us-east-1')).toEqual({ account: '111111111111', arn: 'arn:aws:iam::111111111111:user/ana' });
  });

  it('is empty where STS leaves them out', async () => {
    body = answer('<UserId>AIDA</UserId>');
    expect(await readCallerIdentity('us-east-1')).toEqual({ account: '', arn: '' });
  });
});
