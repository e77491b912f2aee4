/** storytime recover: import blocks for what AWS has and the state lacks, untaint for tainted data, and the file's life. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/recover';
import type { Finder, FinderContext } from '../../src/cli/recover/finders/context';
import { planRecovery } from '../../src/cli/recover/planner';
import type { StateStore } from '../../src/cli/state/store';
import { synthesize } from '../../src/synth';
import { exampleInputs, synthAll } from '../helpers';
import { tempDir } from '../temp';
import { runCommand } from './run-command';

const dev = synthAll()['storytime-dev'];
const context: FinderContext = {
  account: '111111111111',
  partition: 'aws',
  tags: { Project: 'storytime', Environment: 'dev' },
  clients: () => ({}) as never,
};

/** Finders that find what `inAws` holds (address → id), reading only the arguments they declare. */
function fakeFinders(inAws: Record<string, string>, seen: string[] = []): Record<string, Finder> {
  const finder: Finder = {
    needs: ['name'],
    find(args, resource) {
      seen.push(`${resource.address} ${JSON.stringify(args)}`);
      const id = inAws[resource.address];
      return Promise.resolve(id === undefined ? [] : [{ id, attributes: { id, arn: `arn:${id}`, url: `https://${id}` } }]);
    },
  };
  const policy: Finder = { ...finder, needs: ['queue_url'] };
  return { aws_sqs_queue: finder, aws_sqs_queue_policy: policy, aws_kms_key: { ...finder, needs: ['description'] } };
}

const only = (types: string[]) => ({ ...dev, resource: Object.fromEntries(types.map((type) => [type, dev.resource[type]])) });
const stateOf = (entries: [string, Record<string, unknown>, boolean][]) =>
  new Map(entries.map(([address, attributes, tainted]) => [address, { address, attributes, tainted }]));

describe('recover: the plan', () => {
  it('imports what exists and is missing from the state, after the resources it references', async () => {
    const seen: string[] = [];
    const plan = await planRecovery(
      only(['aws_sqs_queue', 'aws_sqs_queue_policy', 'random_password']),
      stateOf([
        ['aws_sqs_queue.job-events_queue_3E379594', { url: 'https://queue-url', name: 'storytime-dev-mediaconvert-events' }, false],
      ]),
      fakeFinders(
        {
          'aws_sqs_queue.job-events_dead-letter-queue_3BD2C53D': 'dlq-url',
          'aws_sqs_queue_policy.job-events_dead-letter-queue-policy_9B7CDD3A': 'https://dlq-url',
        },
        seen,
      ),
      context,
    );
    expect(plan).toEqual({
      imports: [
        { address: 'aws_sqs_queue.job-events_dead-letter-queue_3BD2C53D', id: 'dlq-url', provider: undefined, note: undefined },
        {
          address: 'aws_sqs_queue_policy.job-events_dead-letter-queue-policy_9B7CDD3A',
          id: 'https://dlq-url',
          provider: undefined,
          note: undefined,
        },
      ],
      untaint: [],
      problems: [],
      missing: 3,
      // No finder, no problem: a password has no AWS object, and the next apply generates it.
      stateOnly: [
        { address: 'random_password.secrets_origin-verify-green_23296A2D', what: 'a value the random provider generates into the state' },
        { address: 'random_password.secrets_origin-verify-value_57884938', what: 'a value the random provider generates into the state' },
      ],
    });
    // The events queue's policy reads its URL from the state; the dead-letter queue's from what was found.
    expect(seen).toContain('aws_sqs_queue_policy.job-events_queue-policy_37D73FB1 {"queue_url":"https://queue-url"}');
    expect(seen).toContain('aws_sqs_queue_policy.job-events_dead-letter-queue-policy_9B7CDD3A {"queue_url":"https://dlq-url"}');
  });

  it('untaints a tainted resource that holds data and exists, and says which types it cannot look for', async () => {
    const plan = await planRecovery(
      only(['aws_sqs_queue', 'aws_sns_topic']),
      stateOf([
        ['aws_sqs_queue.job-events_queue_3E379594', { url: 'u' }, false],
        ['aws_sqs_queue.job-events_dead-letter-queue_3BD2C53D', { url: 'd' }, true],
      ]),
      fakeFinders({ 'aws_sqs_queue.job-events_dead-letter-queue_3BD2C53D': 'd' }),
      context,
    );
    expect(plan.untaint).toEqual(['aws_sqs_queue.job-events_dead-letter-queue_3BD2C53D']);
    expect(plan.problems).toEqual([
      'aws_sns_topic.observability_topic_90F13FE2: recover cannot look for aws_sns_topic; if the interrupted apply created it, import it by hand',
    ]);
  });

  it('imports nothing when a finder sees two candidates, and says which', async () => {
    const twice: Finder = {
      needs: ['description'],
      find: () =>
        Promise.resolve([
          { id: 'k1', attributes: {} },
          { id: 'k2', attributes: {} },
        ]),
    };
    const plan = await planRecovery(only(['aws_kms_key']), new Map(), { aws_kms_key: twice }, context);
    expect(plan.imports).toEqual([]);
    expect(plan.problems).toEqual([
      'aws_kms_key.observability_topic_key_1F113357: 2 candidates (k1, k2): adopt one by hand, delete the others',
    ]);
  });
});

describe('storytime recover', () => {
  afterEach(() => {
    delete process.env.CDKTF_OUTDIR;
  });
  const unlocked: StateStore = {
    lockFile: () => Promise.resolve(undefined),
    lockItem: () => Promise.resolve(undefined),
  } as unknown as StateStore;
  const project = () => {
    const outdir = join(tempDir('recover'), 'cdktf.out');
    expect(synthesize(exampleInputs(), { outdir, log: () => undefined })).toBe(0);
    process.env.CDKTF_OUTDIR = outdir;
    return join(outdir, 'stacks', 'storytime-dev');
  };
  const identity = () => Promise.resolve({ account: '111111111111', arn: 'arn:aws:iam::111111111111:user/ana' });

  it('writes recover.tf.json, which synth keeps and a later run removes once the state holds every import', async () => {
    const dir = project();
    const calls: string[] = [];
    let state = '';
    const terraform = (args: readonly string[]) => {
      calls.push(args.slice(1).join(' '));
      return { status: 0, stdout: args[1] === 'state' ? state : '', stderr: '' };
    };
    const deps = {
      identity,
      store: unlocked,
      terraform,
      finders: fakeFinders({ 'aws_sqs_queue.job-events_dead-letter-queue_3BD2C53D': 'https://dlq' }),
      context: () => context,
    };
    const ran = await runCommand(command, ['dev', '--no-synth'], deps);
    // What it could not look for is a problem to read (exit 1), but the imports it found are written.
    expect(ran.status).toBe(1);
    expect(ran.stdout.split('\n').slice(0, 2)).toEqual([
      'storytime-dev: 0 resources in the state; 1 to import, 0 to untaint, 6 not created yet',
      '  import aws_sqs_queue.job-events_dead-letter-queue_3BD2C53D <- https://dlq',
    ]);
    expect(ran.stderr.split('\n')[0]).toMatch(
      /^recover: aws_cloudfront_cache_policy\.\S+: recover cannot look for aws_cloudfront_cache_policy/,
    );
    expect(ran.stdout).toContain(
      '\n  nothing to adopt for random_password.secrets_origin-verify-value_57884938 (a value the random provider generates into the state, no AWS object): the next apply creates it\n',
    );
    const file = join(dir, 'recover.tf.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).import).toEqual([
      { to: 'aws_sqs_queue.job-events_dead-letter-queue_3BD2C53D', id: 'https://dlq' },
    ]);
    expect(calls).toEqual(['init -input=false -no-color', 'state pull']);

    expect(synthesize(exampleInputs(), { outdir: join(dir, '..', '..'), log: () => undefined })).toBe(0);
    expect(existsSync(file)).toBe(true);

    state = JSON.stringify({
      version: 4,
      resources: [
        {
          mode: 'managed',
          type: 'aws_sqs_queue',
          name: 'job-events_dead-letter-queue_3BD2C53D',
          instances: [{ attributes: { url: 'https://dlq' } }],
        },
      ],
    });
    const again = await runCommand(command, ['dev', '--no-synth'], { ...deps, finders: fakeFinders({}) });
    expect(again.stdout).toContain(`removed ${file}: the state holds every resource it imported\n`);
    expect(existsSync(file)).toBe(false);
  });

  it('stops while the state is locked, before terraform runs', async () => {
    project();
    const calls: string[] = [];
    const locked = { ...unlocked, lockItem: () => Promise.resolve({ info: { Who: 'ci@runner-7' }, raw: '{}' }) } as unknown as StateStore;
    const ran = await runCommand(command, ['dev', '--no-synth'], {
      identity,
      store: locked,
      terraform: (args: readonly string[]) => (calls.push(args.join(' ')), { status: 0, stdout: '', stderr: '' }),
    });
    expect(ran).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'recover: storytime-dev: the state is locked (by ci@runner-7): see who holds it and release a stale lock with npm run storytime -- unlock dev, then run recover again\n',
    });
    expect(calls).toEqual([]);
  });
});
