/** What recover's finders share: clients per region made once each, owner tags, tag lists, a finder of one object. */
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { afterEach, describe, expect, it } from 'vitest';
import { awsClients, gotten, ownedBy, tagRecord, type Clients } from '../../src/cli/recover/finders/context';
import { awsError, fakeAws } from './recover-support';

describe('awsClients', () => {
  const CLIENTS: readonly [keyof Clients, object, string][] = [
    ['s3', S3Client, 'eu-west-1'],
    ['cloudfront', CloudFrontClient, 'us-east-1'],
    ['cloudwatch', CloudWatchClient, 'eu-west-1'],
    ['logs', CloudWatchLogsClient, 'eu-west-1'],
    ['elbv2', ElasticLoadBalancingV2Client, 'eu-west-1'],
    ['events', EventBridgeClient, 'eu-west-1'],
    ['iam', IAMClient, 'us-east-1'],
    ['kms', KMSClient, 'eu-west-1'],
    ['mediaconvert', MediaConvertClient, 'eu-west-1'],
    ['route53', Route53Client, 'us-east-1'],
    ['secrets', SecretsManagerClient, 'eu-west-1'],
    ['sns', SNSClient, 'eu-west-1'],
    ['sqs', SQSClient, 'eu-west-1'],
    ['wafv2', WAFV2Client, 'eu-west-1'],
  ];

  it("makes each service's client once, in the region asked for or in us-east-1 for the global ones", async () => {
    const clients = awsClients('eu-west-1');
    const seen: string[] = [];
    for (const [name, type] of CLIENTS) {
      const client = clients[name] as unknown as { config: { region: () => Promise<string> } };
      expect(client, name).toBeInstanceOf(type);
      expect(clients[name], name).toBe(client);
      seen.push(`${name} ${await client.config.region()}`);
    }
    expect(seen).toEqual(CLIENTS.map(([name, , region]) => `${name} ${region}`));
  });
});

describe('awsClients against an emulator', () => {
  afterEach(() => {
    delete process.env.AWS_ENDPOINT_URL_S3;
  });

  it('addresses S3 by path when its endpoint is overridden, which no bucket subdomain reaches', () => {
    process.env.AWS_ENDPOINT_URL_S3 = 'http://127.0.0.1:5000';
    expect(awsClients('eu-west-1').s3.config.forcePathStyle).toBe(true);
  });
});

describe('ownedBy', () => {
  const STACK = { Project: 'storytime', Environment: 'dev' };

  it('refuses only a tag naming another project or environment, unless both are required', () => {
    expect(ownedBy({}, STACK, false)).toBe(true);
    expect(ownedBy({ Project: 'storytime' }, STACK, false)).toBe(true);
    expect(ownedBy({ Project: 'storytime', Environment: 'dev' }, STACK, false)).toBe(true);
    expect(ownedBy({ Project: 'storytime', Environment: 'prod' }, STACK, false)).toBe(false);
    expect(ownedBy({ Project: 'storytime' }, STACK, true)).toBe(false);
    expect(ownedBy({ Project: 'storytime', Environment: 'dev' }, STACK, true)).toBe(true);
  });

  it('requires no tag the stack does not put on its resources', () => {
    expect(ownedBy({}, {}, true)).toBe(true);
    expect(ownedBy({ Project: 'storytime' }, { Project: 'storytime' }, true)).toBe(true);
  });
});

describe('tagRecord', () => {
  it('keeps each tag with a key, a missing value as empty', () => {
    expect(tagRecord([{ Value: 'keyless' }, { Key: 'Project', Value: 'storytime' }, { Key: 'Owner' }])).toEqual({
      Project: 'storytime',
      Owner: '',
    });
    expect(tagRecord(undefined)).toEqual({});
  });
});

describe('gotten', () => {
  const resource = { address: 'aws_iam_role.it', type: 'aws_iam_role', name: 'it', args: {}, provider: undefined, region: 'us-east-1' };

  it('finds what the get answers, nothing when it answers nothing or the service says it is absent, and passes other errors on', async () => {
    const finder = gotten(
      ['name'],
      ({ name }) => {
        if (name === 'gone') return Promise.reject(awsError('NoSuchEntity'));
        if (name === 'denied') return Promise.reject(awsError('AccessDenied'));
        return Promise.resolve(name === 'none' ? undefined : { id: name, attributes: {} });
      },
      ['NoSuchEntity'],
    );
    const context = fakeAws([]);
    expect(finder.needs).toEqual(['name']);
    expect(await finder.find({ name: 'web' }, resource, context)).toEqual([{ id: 'web', attributes: {} }]);
    expect(await finder.find({ name: 'none' }, resource, context)).toEqual([]);
    expect(await finder.find({ name: 'gone' }, resource, context)).toEqual([]);
    await expect(finder.find({ name: 'denied' }, resource, context)).rejects.toThrow('AccessDenied (fake)');
  });
});
