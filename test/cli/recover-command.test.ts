/**
 * storytime recover in this process, on the example's synthesized dev stack: what it says, which terraform
 * commands it runs, recover.tf.json written, kept or removed, a dry run, and each way it stops.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/recover';
import type { Finder, FinderContext } from '../../src/cli/recover/finders/context';
import type { StateStore } from '../../src/cli/state/store';
import { synthesize } from '../../src/synth';
import { exampleInputs } from '../helpers';
import { tempDir } from '../temp';
import { runCommand } from './run-command';

const QUEUE = 'aws_sqs_queue.job-events_queue_3E379594';
const DLQ = 'aws_sqs_queue.job-events_dead-letter-queue_3BD2C53D';
/** The example dev stack's resources that have an AWS object: its 72 but the two random passwords. */
const LOOKED_FOR = 70;

let dir = '';
let file = '';
beforeAll(() => {
  const outdir = join(tempDir('recover-command'), 'cdktf.out');
  expect(synthesize(exampleInputs(), { outdir, log: () => undefined })).toBe(0);
  process.env.CDKTF_OUTDIR = outdir;
  dir = join(outdir, 'stacks', 'storytime-dev');
  file = join(dir, 'recover.tf.json');
});
afterAll(() => {
  delete process.env.CDKTF_OUTDIR;
});
afterEach(() => rmSync(file, { force: true }));

const unlocked = { lockFile: () => Promise.resolve(undefined), lockItem: () => Promise.resolve(undefined) } as unknown as StateStore;
const identity = () => Promise.resolve({ account: '111111111111', arn: 'arn:aws:iam::111111111111:user/ana' });
const context: FinderContext = { account: '111111111111', partition: 'aws', tags: {}, clients: () => ({}) as never };

/** One finder for every type: it finds what `inAws` holds by address, and fails with `failing`'s message. */
function everyType(inAws: Record<string, { id: string; note?: string }>, failing: Record<string, string> = {}): Record<string, Finder> {
  const finder: Finder = {
    needs: [],
    find: (_args, resource) => {
      if (resource.address in failing) return Promise.reject(new Error(failing[resource.address]));
      const found = inAws[resource.address];
      return Promise.resolve(found ? [{ ...found, attributes: {} }] : []);
    },
  };
  return new Proxy({}, { get: () => finder });
}

/** terraform answering `state pull` with `state` and failing the subcommand `fails`, each run logged. */
function terraform(state: Record<string, { attributes?: object; status?: string }>, calls: string[], fails?: string) {
  const pulled = JSON.stringify({
    version: 4,
    resources: Object.entries(state).map(([address, instance]) => {
      const [type, name] = address.split('.');
      return { mode: 'managed', type, name, instances: [{ attributes: {}, ...instance }] };
    }),
  });
  return (args: readonly string[]) => {
    calls.push(args.join(' '));
    if (args[1] === fails) return { status: 1, stdout: '', stderr: `Error: ${fails} went wrong\n` };
    return { status: 0, stdout: args[1] === 'state' ? pulled : '', stderr: '' };
  };
}

const run = (argv: string[], deps: object) =>
  runCommand(command, ['dev', '--no-synth', ...argv], { identity, store: unlocked, context: () => context, ...deps });

const PASSWORDS = [
  '  nothing to adopt for random_password.secrets_origin-verify-green_23296A2D (a value the random provider generates into the state, no AWS object): the next apply creates it',
  '  nothing to adopt for random_password.secrets_origin-verify-value_57884938 (a value the random provider generates into the state, no AWS object): the next apply creates it',
];

describe('storytime recover', () => {
  it('imports what it found, untaints what holds data, and runs terraform in the stack folder', async () => {
    const calls: string[] = [];
    const ran = await run([], {
      terraform: terraform({ [DLQ]: { status: 'tainted' } }, calls),
      finders: everyType({ [QUEUE]: { id: 'https://queue', note: 'tagged storytime/dev' }, [DLQ]: { id: 'https://dlq' } }),
    });
    expect(ran).toEqual({
      status: 0,
      stderr: '',
      stdout: [
        `storytime-dev: 1 resources in the state; 1 to import, 1 to untaint, ${LOOKED_FOR - 2} not created yet`,
        `  import ${QUEUE} <- https://queue (tagged storytime/dev)`,
        `  untaint ${DLQ} (tainted by the interrupted apply; it holds data and exists: the next apply updates it in place)`,
        ...PASSWORDS,
        `wrote ${file}: npm run plan -- dev now shows them as imports; apply that plan, then run recover again to remove the file`,
        '',
      ].join('\n'),
    });
    expect(calls).toEqual([`-chdir=${dir} init -input=false -no-color`, `-chdir=${dir} state pull`, `-chdir=${dir} untaint ${DLQ}`]);
    expect(JSON.parse(readFileSync(file, 'utf8')).import).toEqual([{ to: QUEUE, id: 'https://queue' }]);
  });

  it('says there is nothing to adopt when it neither imports nor untaints, and writes no file', async () => {
    const calls: string[] = [];
    const ran = await run([], { terraform: terraform({}, calls), finders: everyType({}) });
    expect(ran).toEqual({
      status: 0,
      stderr: '',
      stdout: [
        `storytime-dev: 0 resources in the state; 0 to import, 0 to untaint, ${LOOKED_FOR} not created yet`,
        ...PASSWORDS,
        'storytime-dev: nothing to adopt',
        '',
      ].join('\n'),
    });
    expect(existsSync(file)).toBe(false);
  });

  it('only imports, or only untaints, without saying there is nothing to adopt', async () => {
    const imports = await run([], { terraform: terraform({}, []), finders: everyType({ [QUEUE]: { id: 'https://queue' } }) });
    expect(imports.stdout.split('\n').slice(0, 2)).toEqual([
      `storytime-dev: 0 resources in the state; 1 to import, 0 to untaint, ${LOOKED_FOR - 1} not created yet`,
      `  import ${QUEUE} <- https://queue`,
    ]);
    expect(imports.stdout).not.toContain('nothing to adopt\n');
    rmSync(file);
    const untaint = await run([], {
      terraform: terraform({ [DLQ]: { status: 'tainted' } }, []),
      finders: everyType({ [DLQ]: { id: 'https://dlq' } }),
    });
    expect(untaint.stdout.split('\n')[0]).toBe(
      `storytime-dev: 1 resources in the state; 0 to import, 1 to untaint, ${LOOKED_FOR - 1} not created yet`,
    );
    expect(untaint.stdout).not.toContain('nothing to adopt\n');
  });

  it('on a dry run, says what it would do, writes nothing, runs no untaint, and fails on a problem', async () => {
    const calls: string[] = [];
    const ran = await run(['--dry-run'], {
      terraform: terraform({ [DLQ]: { status: 'tainted' } }, calls),
      finders: everyType(
        { [QUEUE]: { id: 'https://queue' }, [DLQ]: { id: 'https://dlq' } },
        { 'aws_sns_topic.observability_topic_90F13FE2': 'AccessDenied' },
      ),
    });
    expect(ran).toEqual({
      status: 1,
      stderr: 'recover: aws_sns_topic.observability_topic_90F13FE2: AccessDenied\n',
      stdout: [
        `storytime-dev: 1 resources in the state; 1 to import, 1 to untaint, ${LOOKED_FOR - 3} not created yet`,
        `  import ${QUEUE} <- https://queue`,
        `  untaint ${DLQ} (tainted by the interrupted apply; it holds data and exists: the next apply updates it in place)`,
        ...PASSWORDS,
        'dry run: wrote and changed nothing',
        '',
      ].join('\n'),
    });
    expect(calls).toEqual([`-chdir=${dir} init -input=false -no-color`, `-chdir=${dir} state pull`]);
    expect(existsSync(file)).toBe(false);
    const clean = await run(['--dry-run'], { terraform: terraform({}, []), finders: everyType({}) });
    expect([clean.status, clean.stderr]).toEqual([0, '']);
  });

  it('reports a problem with exit 1 and still writes what it found', async () => {
    const ran = await run([], {
      terraform: terraform({}, []),
      finders: everyType({ [QUEUE]: { id: 'https://queue' } }, { 'aws_sns_topic.observability_topic_90F13FE2': 'AccessDenied' }),
    });
    expect([ran.status, ran.stderr]).toEqual([1, 'recover: aws_sns_topic.observability_topic_90F13FE2: AccessDenied\n']);
    expect(existsSync(file)).toBe(true);
  });

  describe('an earlier recover.tf.json', () => {
    const again = (written: string, state: Record<string, object>) => {
      writeFileSync(file, written);
      return run([], { terraform: terraform(state, []), finders: everyType({}) });
    };

    it('is removed once the state holds every resource it imports, or when it imports nothing', async () => {
      const held = await again(JSON.stringify({ import: [{ to: QUEUE, id: 'https://queue' }] }), { [QUEUE]: {} });
      expect(held.stdout).toContain(`\nremoved ${file}: the state holds every resource it imported\nstorytime-dev: nothing to adopt\n`);
      expect(existsSync(file)).toBe(false);
      const empty = await again('{}', {});
      expect(empty.stdout).toContain(`\nremoved ${file}: the state holds every resource it imported\n`);
    });

    it('is kept while the state lacks what it imports, or when it cannot be read', async () => {
      const pending = await again(JSON.stringify({ import: [{ to: QUEUE }, { to: DLQ }, { to: 'aws_sns_topic.t' }] }), { [QUEUE]: {} });
      expect(pending.stdout).toContain(`\nkept ${file}: ${DLQ}, aws_sns_topic.t not in the state yet; apply the plan first\n`);
      expect(existsSync(file)).toBe(true);
      const unnamed = await again(JSON.stringify({ import: [{ id: 'https://queue' }] }), {});
      expect(unnamed.stdout).toContain(`\nkept ${file}:  not in the state yet; apply the plan first\n`);
      const unreadable = await again('{"import": [', {});
      expect(unreadable.stdout).toContain(`\nkept ${file}:  not in the state yet; apply the plan first\n`);
      expect(existsSync(file)).toBe(true);
    });
  });

  it('synthesizes first unless told not to, and stops when synth fails', async () => {
    const calls: string[] = [];
    const deps = { identity, store: unlocked, context: () => context, terraform: terraform({}, calls), finders: everyType({}) };
    const synthesized = await runCommand(command, ['dev'], { ...deps, synthesize: () => (calls.push('synth'), 0) });
    expect([synthesized.status, calls]).toEqual([0, ['synth', `-chdir=${dir} init -input=false -no-color`, `-chdir=${dir} state pull`]]);
    calls.length = 0;
    await runCommand(command, ['dev', '--no-synth'], { ...deps, synthesize: () => (calls.push('synth'), 0) });
    expect(calls).not.toContain('synth');
    calls.length = 0;
    const failed = await runCommand(command, ['dev'], { ...deps, synthesize: () => (calls.push('synth'), 1) });
    expect([failed, calls]).toEqual([{ status: 1, stdout: '', stderr: '' }, ['synth']]);
  });

  it('prints its usage on --help', async () => {
    expect(await runCommand(command, ['--help'], {})).toEqual({
      status: 0,
      stderr: '',
      stdout: `usage: storytime recover <env> [--no-synth] [--dry-run]
  <env>       the environment whose interrupted apply to recover, e.g. dev
  --no-synth  use the output folder as it is (by default it is synthesized first)
  --dry-run   say what recover would import and untaint, write and change nothing
Writes import blocks for what exists in AWS but not in the state to cdktf.out/stacks/<stack>/recover.tf.json (docs/recovery.md).
`,
    });
  });

  describe('stops', () => {
    it('when terraform init, state pull or an untaint fails, saying which and why', async () => {
      const failed = async (step: string) => {
        const ran = await run([], {
          terraform: terraform({ [DLQ]: { status: 'tainted' } }, [], step),
          finders: everyType({ [DLQ]: { id: 'https://dlq' } }),
        });
        return [ran.status, ran.stdout, ran.stderr];
      };
      expect(await failed('init')).toEqual([1, '', `recover: terraform init failed in ${dir}: Error: init went wrong\n`]);
      expect(await failed('state')).toEqual([1, '', `recover: terraform state pull failed in ${dir}: Error: state went wrong\n`]);
      expect(await failed('untaint')).toEqual([1, '', `recover: terraform untaint ${DLQ} failed: Error: untaint went wrong\n`]);
    });

    it('while the state is locked by an unknown holder', async () => {
      const locked = { ...unlocked, lockFile: () => Promise.resolve({ info: {}, raw: '{}' }) } as unknown as StateStore;
      const ran = await run([], { store: locked, terraform: terraform({}, []) });
      expect(ran.stderr).toBe(
        'recover: storytime-dev: the state is locked (by an unknown holder): see who holds it and release a stale lock with npm run storytime -- unlock dev, then run recover again\n',
      );
    });

    it('for a state bootstrap: recover is for environment stacks only', async () => {
      const ran = await runCommand(command, ['state-dev', '--no-synth'], { identity });
      expect(ran.status).toBe(2);
      expect(ran.stderr.split('\n')[0]).toBe('recover: unknown stack "state-dev": expected one of dev, prod');
    });
  });

  it('without a context given, asks AWS with the account checked and the default tags of the stack, one set of clients per region', async () => {
    const seen: FinderContext[] = [];
    const finders = new Proxy(
      {},
      {
        get: (): Finder => ({
          needs: [],
          find: (_args, _resource, given) => (seen.push(given), Promise.resolve([])),
        }),
      },
    );
    await runCommand(command, ['dev', '--no-synth'], { identity, store: unlocked, terraform: terraform({}, []), finders });
    const [given] = seen;
    expect([given.account, given.partition, given.tags.Project, given.tags.Environment]).toEqual([
      '111111111111',
      'aws',
      'storytime',
      'dev',
    ]);
    const west = given.clients('eu-west-1');
    expect(given.clients('eu-west-1')).toBe(west);
    expect(given.clients('us-west-2')).not.toBe(west);
    expect(west.s3).toBeInstanceOf(S3Client);
    expect(await west.s3.config.region()).toBe('eu-west-1');
  });
});
