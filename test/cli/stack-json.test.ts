/** The synthesized stack and the state as recover and drift read them: regions, default tags, state instances, references. */
import { describe, expect, it } from 'vitest';
import { configuredResources, defaultTags, resolve, stateInstances } from '../../src/cli/stack-json';

describe('configuredResources', () => {
  it("gives each resource its provider's region: the alias it names, else the first provider", () => {
    const stack = {
      provider: { aws: [{ region: 'eu-west-1' }, { alias: 'us_east_1', region: 'us-east-1' }, { alias: 'awsx', region: 'ap-south-1' }] },
      resource: {
        aws_s3_bucket: { masters: { bucket: 'm' }, logs: { bucket: 'l', provider: 'aws.us_east_1' } },
        aws_acm_certificate: { cdn: { provider: 'aws.missing' }, odd: { provider: 7 } },
      },
    };
    expect(configuredResources(stack)).toEqual([
      {
        address: 'aws_s3_bucket.masters',
        type: 'aws_s3_bucket',
        name: 'masters',
        args: { bucket: 'm' },
        provider: undefined,
        region: 'eu-west-1',
      },
      {
        address: 'aws_s3_bucket.logs',
        type: 'aws_s3_bucket',
        name: 'logs',
        args: { bucket: 'l', provider: 'aws.us_east_1' },
        provider: 'aws.us_east_1',
        region: 'us-east-1',
      },
      {
        address: 'aws_acm_certificate.cdn',
        type: 'aws_acm_certificate',
        name: 'cdn',
        args: { provider: 'aws.missing' },
        provider: 'aws.missing',
        region: 'eu-west-1',
      },
      {
        address: 'aws_acm_certificate.odd',
        type: 'aws_acm_certificate',
        name: 'odd',
        args: { provider: 7 },
        provider: undefined,
        region: 'eu-west-1',
      },
    ]);
  });

  it("finds an alias only after the 'aws.' prefix", () => {
    const stack = {
      provider: { aws: [{ region: 'eu-west-1' }, { alias: 'awsxeast', region: 'us-east-2' }, { alias: 'xeast', region: 'us-west-2' }] },
      resource: { aws_sns_topic: { a: { provider: 'awsxeast' }, b: { provider: 'aws.xeast' } } },
    };
    expect(configuredResources(stack).map(({ region }) => region)).toEqual(['us-east-2', 'us-west-2']);
  });

  it('takes us-east-1 without a provider, or with a region that is not a string', () => {
    expect(configuredResources({ resource: { aws_sqs_queue: { q: {} } } })[0]?.region).toBe('us-east-1');
    expect(configuredResources({ provider: {}, resource: { aws_sqs_queue: { q: {} } } })[0]?.region).toBe('us-east-1');
    expect(
      configuredResources({ provider: { aws: [{ region: '${var.region}' }] }, resource: { aws_sqs_queue: { q: {} } } })[0]?.region,
    ).toBe('${var.region}');
    expect(configuredResources({ provider: { aws: [{ region: 1 }] }, resource: { aws_sqs_queue: { q: {} } } })[0]?.region).toBe(
      'us-east-1',
    );
    expect(configuredResources({ provider: { aws: [{}] }, resource: { aws_sqs_queue: { q: {} } } })[0]?.region).toBe('us-east-1');
    expect(configuredResources({})).toEqual([]);
  });
});

describe('defaultTags', () => {
  it("merges the first provider's default_tags blocks", () => {
    expect(
      defaultTags({
        provider: {
          aws: [
            { default_tags: [{ tags: { Project: 'storytime' } }, {}, { tags: { Environment: 'dev' } }] },
            { default_tags: [{ tags: { X: 'y' } }] },
          ],
        },
      }),
    ).toEqual({ Project: 'storytime', Environment: 'dev' });
    expect(defaultTags({})).toEqual({});
    expect(defaultTags({ provider: { aws: [] } })).toEqual({});
  });
});

describe('stateInstances', () => {
  it('keeps managed, unindexed instances of the root module, with their attributes and taint', () => {
    const state = {
      version: 4,
      resources: [
        { mode: 'managed', type: 'aws_s3_bucket', name: 'masters', instances: [{ attributes: { id: 'm' } }] },
        { mode: 'managed', type: 'aws_sqs_queue', name: 'events', instances: [{ status: 'tainted', attributes: { id: 'q' } }] },
        { mode: 'managed', type: 'aws_sns_topic', name: 'alarms', instances: [{}] },
        { mode: 'managed', type: 'aws_kms_key', name: 'none' },
        { mode: 'data', type: 'aws_caller_identity', name: 'current', instances: [{ attributes: { id: '1' } }] },
        { mode: 'managed', type: 'aws_s3_bucket', name: 'inner', module: 'module.x', instances: [{ attributes: { id: 'i' } }] },
        { mode: 'managed', type: 'aws_s3_object', name: 'each', instances: [{ index_key: 'a', attributes: { id: 'a' } }] },
        { type: 'aws_s3_bucket', name: 'nomode', instances: [{ attributes: { id: 'n' } }] },
      ],
    };
    expect([...stateInstances(JSON.stringify(state)).values()]).toEqual([
      { address: 'aws_s3_bucket.masters', attributes: { id: 'm' }, tainted: false },
      { address: 'aws_sqs_queue.events', attributes: { id: 'q' }, tainted: true },
      { address: 'aws_sns_topic.alarms', attributes: {}, tainted: false },
    ]);
  });

  it('has none in an empty or resourceless state', () => {
    expect(stateInstances('  \n').size).toBe(0);
    expect(stateInstances('{"version":4}').size).toBe(0);
  });
});

describe('resolve', () => {
  const known = (address: string) =>
    ({ 'aws_s3_bucket.masters': { bucket: 'storytime-masters', count: 3, tags: {} }, 'aws_kms_key.Key-1': { arn: 'arn:k' } })[address];

  it('resolves a whole-value reference to a known string or number', () => {
    expect(resolve('${aws_s3_bucket.masters.bucket}', known)).toBe('storytime-masters');
    expect(resolve('${aws_s3_bucket.masters.count}', known)).toBe('3');
    expect(resolve('${aws_kms_key.Key-1.arn}', known)).toBe('arn:k');
  });

  it('leaves unresolved what is unknown, not a string or number, or more than one reference', () => {
    expect(resolve('${aws_s3_bucket.masters.tags}', known)).toBeUndefined();
    expect(resolve('${aws_s3_bucket.masters.missing}', known)).toBeUndefined();
    expect(resolve('${aws_s3_bucket.other.bucket}', known)).toBeUndefined();
    expect(resolve('x-${aws_s3_bucket.masters.bucket}', known)).toBeUndefined();
    expect(resolve('${aws_s3_bucket.masters.bucket}-x', known)).toBeUndefined();
    expect(resolve('${upper(aws_s3_bucket.masters.bucket)}', known)).toBeUndefined();
  });

  it('takes literals as they are', () => {
    expect(resolve('plain', known)).toBe('plain');
    expect(resolve(42, known)).toBe('42');
    expect(resolve(true, known)).toBeUndefined();
    expect(resolve(undefined, known)).toBeUndefined();
    expect(resolve({ a: 1 }, known)).toBeUndefined();
  });
});
