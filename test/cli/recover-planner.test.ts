/**
 * recover's planner on small stacks written here, with finders that answer from a table: references
 * settled over passes, the stack's literals standing in for what neither state nor AWS has, which
 * tainted resources it untaints, and the import file.
 */
import { describe, expect, it } from 'vitest';
import type { Finder, FinderContext, Found } from '../../src/cli/recover/finders/context';
import { importFile, planRecovery } from '../../src/cli/recover/planner';
import type { StateInstance } from '../../src/cli/stack-json';
import type { Json } from '../helpers';

const context: FinderContext = {
  account: '111111111111',
  partition: 'aws',
  tags: { Project: 'storytime', Environment: 'dev' },
  clients: () => ({}) as never,
};

/** A finder of `needs` that finds what `inAws` holds by address (or throws its message), logging what it was asked. */
function tableFinder(needs: string[], inAws: Record<string, Found | string>, asked: string[]): Finder {
  return {
    needs,
    find(args, resource) {
      asked.push(`${resource.address} ${JSON.stringify(args)}`);
      const found = inAws[resource.address];
      if (typeof found === 'string') return Promise.reject(new Error(found));
      return Promise.resolve(found ? [found] : []);
    },
  };
}

const stack = (resource: Record<string, Record<string, Json>>) => ({ provider: { aws: [{ region: 'us-east-1' }] }, resource });
const stateOf = (entries: [string, boolean][]) =>
  new Map<string, StateInstance>(entries.map(([address, tainted]) => [address, { address, attributes: { id: address }, tainted }]));

describe('recover: references across passes', () => {
  it('finds a resource listed before the one it references on a later pass', async () => {
    const asked: string[] = [];
    const inAws = {
      'aws_sqs_queue.q': { id: 'https://q', attributes: { url: 'https://q' } },
      'aws_sqs_queue_policy.p': { id: 'https://q', attributes: {} },
    };
    const plan = await planRecovery(
      stack({ aws_sqs_queue_policy: { p: { queue_url: '${aws_sqs_queue.q.url}' } }, aws_sqs_queue: { q: { name: 'q' } } }),
      new Map(),
      { aws_sqs_queue_policy: tableFinder(['queue_url'], inAws, asked), aws_sqs_queue: tableFinder(['name'], inAws, asked) },
      context,
    );
    expect(plan.imports.map(({ address, id }) => `${address} <- ${id}`)).toEqual([
      'aws_sqs_queue.q <- https://q',
      'aws_sqs_queue_policy.p <- https://q',
    ]);
    expect(plan.missing).toBe(0);
    expect(asked).toEqual(['aws_sqs_queue.q {"name":"q"}', 'aws_sqs_queue_policy.p {"queue_url":"https://q"}']);
  });

  it("reads a reference to what is neither in the state nor found from the stack's own arguments", async () => {
    const asked: string[] = [];
    const plan = await planRecovery(
      stack({
        aws_sqs_queue: { first: { name: 'first' }, q: { name: 'storytime-dev-q' } },
        aws_sqs_queue_policy: { p: { queue_url: '${aws_sqs_queue.q.name}' } },
      }),
      new Map(),
      { aws_sqs_queue: tableFinder(['name'], {}, asked), aws_sqs_queue_policy: tableFinder(['queue_url'], {}, asked) },
      context,
    );
    expect(asked).toContain('aws_sqs_queue_policy.p {"queue_url":"storytime-dev-q"}');
    expect(plan.missing).toBe(3);
    const dangling = await planRecovery(
      stack({ aws_sqs_queue_policy: { p: { queue_url: '${aws_sqs_queue.nowhere.url}' } } }),
      new Map(),
      { aws_sqs_queue_policy: tableFinder(['queue_url'], {}, asked) },
      context,
    );
    expect([dangling.imports, dangling.missing]).toEqual([[], 1]);
  });

  it('counts what waits on what exists nowhere as not created, after the passes that settle the rest', async () => {
    const asked: string[] = [];
    const inAws = { 'aws_sqs_queue.q': { id: 'https://q', attributes: {} } };
    const plan = await planRecovery(
      stack({
        aws_sqs_queue_policy: { p: { queue_url: '${aws_sqs_queue.q.url}' } },
        aws_sqs_queue: { q: { name: 'q' } },
      }),
      new Map(),
      { aws_sqs_queue_policy: tableFinder(['queue_url'], inAws, asked), aws_sqs_queue: tableFinder(['name'], inAws, asked) },
      context,
    );
    expect([plan.imports.length, plan.missing, asked]).toEqual([1, 1, ['aws_sqs_queue.q {"name":"q"}']]);
  });

  it('says what a terraform_data resource is: a value kept in the state, nothing to look for', async () => {
    const plan = await planRecovery(stack({ terraform_data: { marker: { input: 'x' } } }), new Map(), {}, context);
    expect(plan).toEqual({
      imports: [],
      untaint: [],
      problems: [],
      missing: 0,
      stateOnly: [{ address: 'terraform_data.marker', what: 'a value kept in the state' }],
    });
  });
});

describe('recover: untaint', () => {
  const DATA = [
    'aws_s3_bucket',
    'aws_sqs_queue',
    'aws_kms_key',
    'aws_secretsmanager_secret',
    'aws_secretsmanager_secret_version',
    'aws_sns_topic',
    'aws_dynamodb_table',
  ];

  it('untaints each tainted resource of a type holding data that still exists, and nothing else', async () => {
    const types = [...DATA, 'aws_iam_role'];
    const resource: Record<string, Record<string, Json>> = {};
    for (const type of types) resource[type] = { before: { name: 'before' }, it: { name: `${type}-it` } };
    const exists = Object.fromEntries(
      types.flatMap((type) => [`${type}.it`, `${type}.before`]).map((address) => [address, { id: address, attributes: {} }]),
    );
    const asked: string[] = [];
    const finders = Object.fromEntries(types.map((type) => [type, tableFinder(['name'], exists, asked)]));
    const state = stateOf([...types.map((type): [string, boolean] => [`${type}.it`, true]), ['aws_s3_bucket.before', false]]);
    const plan = await planRecovery(stack(resource), state, finders, context);
    expect(plan.untaint).toEqual(DATA.map((type) => `${type}.it`));
    expect(asked.filter((line) => line.includes('.it '))).toEqual(DATA.map((type) => `${type}.it {"name":"${type}-it"}`));
  });

  it('keeps tainted what is gone, what it cannot look for and what the stack no longer has, and says when a look fails', async () => {
    const asked: string[] = [];
    const plan = await planRecovery(
      stack({ aws_s3_bucket: { gone: { bucket: 'gone' }, failing: { bucket: 'failing' } }, aws_sqs_queue: { q: { name: 'q' } } }),
      stateOf([
        ['aws_s3_bucket.gone', true],
        ['aws_s3_bucket.failing', true],
        ['aws_sqs_queue.q', true],
        ['aws_s3_bucket.removed', true],
      ]),
      { aws_s3_bucket: tableFinder(['bucket'], { 'aws_s3_bucket.failing': 'AccessDenied: no' }, asked) },
      context,
    );
    expect(plan.untaint).toEqual([]);
    expect(plan.problems).toEqual(['aws_s3_bucket.failing (tainted): AccessDenied: no']);
    expect(asked).toEqual(['aws_s3_bucket.gone {"bucket":"gone"}', 'aws_s3_bucket.failing {"bucket":"failing"}']);
  });
});

describe('importFile', () => {
  it('writes an import block per resource, with its provider when aliased, under a note saying what the file is', () => {
    expect(
      importFile([
        { address: 'aws_s3_bucket.b', id: 'storytime-media-dev', provider: undefined, note: 'untagged' },
        { address: 'aws_s3_bucket.r', id: 'storytime-replica-dev', provider: 'aws.hls_replica', note: undefined },
      ]),
    ).toBe(`{
  "//": "Written by storytime recover (docs/recovery.md); delete it, or run recover again, once the apply adopted these.",
  "import": [
    {
      "to": "aws_s3_bucket.b",
      "id": "storytime-media-dev"
    },
    {
      "to": "aws_s3_bucket.r",
      "id": "storytime-replica-dev",
      "provider": "aws.hls_replica"
    }
  ]
}
`);
  });
});
