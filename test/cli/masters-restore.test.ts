/** storytime masters:restore: one line per master, a restore asked only of what is archived and not restored yet. */
import { describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/masters-restore';
import type { MasterArchive, MasterObject, RestoreTier } from '../../src/cli/masters/archive';
import { runCommand } from './run-command';

const identity = () => Promise.resolve({ account: '111111111111', arn: 'arn:aws:iam::111111111111:user/ana' });

/** An archive holding `objects` by key; `requests` records each RestoreObject as S3 would receive it. */
function archive(objects: Record<string, MasterObject>, requests: string[] = [], running: string[] = []): MasterArchive {
  return {
    head: (bucket, key) => Promise.resolve(bucket === 'storytime-master-uploads-dev' ? objects[key] : undefined),
    restore: (bucket: string, key: string, days: number, tier: RestoreTier) => {
      requests.push(`${bucket} ${key} ${days} ${tier}`);
      return Promise.resolve(!running.includes(key));
    },
  };
}

describe('storytime masters:restore', () => {
  it('asks for a Standard restore of 2 days by default, and only of masters in GLACIER or DEEP_ARCHIVE', async () => {
    const requests: string[] = [];
    const ran = await runCommand(
      command,
      ['dev', 'uploads/1/master.mp4', 'uploads/2/master.mp4', 'uploads/3/master.mp4', 'uploads/4/master.mp4'],
      {
        identity,
        archive: archive(
          {
            'uploads/1/master.mp4': { storageClass: 'GLACIER' },
            'uploads/2/master.mp4': { storageClass: 'DEEP_ARCHIVE' },
            'uploads/3/master.mp4': { storageClass: 'GLACIER_IR' },
            'uploads/4/master.mp4': { storageClass: 'STANDARD' },
          },
          requests,
        ),
      },
    );
    expect(ran).toEqual({
      status: 0,
      stdout: [
        'storytime-dev: s3://storytime-master-uploads-dev',
        '  uploads/1/master.mp4: restore requested (GLACIER, Standard: 3-5 hours), then readable for 2 days',
        '  uploads/2/master.mp4: restore requested (DEEP_ARCHIVE, Standard: up to 12 hours), then readable for 2 days',
        '  uploads/3/master.mp4: readable as it is (GLACIER_IR), nothing to restore',
        '  uploads/4/master.mp4: readable as it is (STANDARD), nothing to restore',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(requests).toEqual([
      'storytime-master-uploads-dev uploads/1/master.mp4 2 Standard',
      'storytime-master-uploads-dev uploads/2/master.mp4 2 Standard',
    ]);
  });

  it('follows a restore: in progress, then restored with its expiry; asks nothing twice', async () => {
    const requests: string[] = [];
    const ran = await runCommand(command, ['dev', 'uploads/1/m.mp4', 'uploads/2/m.mp4', 'uploads/3/m.mp4', 'uploads/1/m.mp4'], {
      identity,
      archive: archive(
        {
          'uploads/1/m.mp4': { storageClass: 'GLACIER', restore: 'ongoing-request="true"' },
          'uploads/2/m.mp4': {
            storageClass: 'DEEP_ARCHIVE',
            restore: 'ongoing-request="false", expiry-date="Fri, 04 Dec 2026 00:00:00 GMT"',
          },
          'uploads/3/m.mp4': { storageClass: 'GLACIER' },
        },
        requests,
        ['uploads/3/m.mp4'],
      ),
    });
    expect(ran.stdout).toBe(
      [
        'storytime-dev: s3://storytime-master-uploads-dev',
        '  uploads/1/m.mp4: restore in progress (GLACIER)',
        '  uploads/2/m.mp4: restored, readable until Fri, 04 Dec 2026 00:00:00 GMT (DEEP_ARCHIVE)',
        '  uploads/3/m.mp4: restore in progress (GLACIER)',
        '',
      ].join('\n'),
    );
    expect(ran.status).toBe(0);
    expect(requests).toEqual(['storytime-master-uploads-dev uploads/3/m.mp4 2 Standard']);
  });

  it('passes --days and --tier; refuses Expedited for Deep Archive and a missing key in one line each, exit 1', async () => {
    const requests: string[] = [];
    const ran = await runCommand(
      command,
      ['dev', 'uploads/1/m.mp4', 'uploads/2/m.mp4', 'uploads/gone.mp4', '--days', '1', '--tier', 'Expedited'],
      {
        identity,
        archive: archive({ 'uploads/1/m.mp4': { storageClass: 'GLACIER' }, 'uploads/2/m.mp4': { storageClass: 'DEEP_ARCHIVE' } }, requests),
      },
    );
    expect(ran).toEqual({
      status: 1,
      stdout:
        'storytime-dev: s3://storytime-master-uploads-dev\n  uploads/1/m.mp4: restore requested (GLACIER, Expedited: 1-5 minutes), then readable for 1 day\n',
      stderr:
        'masters:restore: uploads/2/m.mp4: DEEP_ARCHIVE offers no Expedited restore: use --tier Standard or Bulk\n' +
        'masters:restore: uploads/gone.mp4: no such object in storytime-master-uploads-dev\n',
    });
    expect(requests).toEqual(['storytime-master-uploads-dev uploads/1/m.mp4 1 Expedited']);
  });

  it('says what S3 answered when it refuses a read or a restore, and goes on with the other keys', async () => {
    const failing: MasterArchive = {
      head: (_bucket, key) =>
        key === 'uploads/denied.mp4'
          ? Promise.reject(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }))
          : Promise.resolve({ storageClass: 'GLACIER' }),
      restore: () => Promise.reject(Object.assign(new Error('Object restore is already in progress'), { name: 'OperationAborted' })),
    };
    const ran = await runCommand(command, ['dev', 'uploads/denied.mp4', 'uploads/1/m.mp4', '--tier', 'Bulk'], {
      identity,
      archive: failing,
    });
    expect(ran).toEqual({
      status: 1,
      stdout: 'storytime-dev: s3://storytime-master-uploads-dev\n',
      stderr:
        'masters:restore: uploads/denied.mp4: cannot read it (AccessDenied: Access Denied)\n' +
        'masters:restore: uploads/1/m.mp4: restore refused (OperationAborted: Object restore is already in progress)\n',
    });
  });

  it("refuses another account's credentials before it reads anything", async () => {
    const requests: string[] = [];
    const ran = await runCommand(command, ['dev', 'uploads/1/m.mp4'], {
      identity: () => Promise.resolve({ account: '222222222222', arn: 'arn:aws:iam::222222222222:user/ana' }),
      archive: archive({ 'uploads/1/m.mp4': { storageClass: 'GLACIER' } }, requests),
    });
    expect(ran).toEqual({
      status: 1,
      stdout: '',
      stderr:
        "masters:restore: the AWS credentials are of account 222222222222 (arn:aws:iam::222222222222:user/ana), but storytime-dev needs account 111111111111 (aws.accountId in stacks/settings/dev.ts): use dev's credentials\n",
    });
    expect(requests).toEqual([]);
  });

  it('passes a Bulk restore of up to 30 days, and asks again once an earlier restore has expired', async () => {
    const requests: string[] = [];
    const ran = await runCommand(command, ['dev', 'uploads/1/m.mp4', 'uploads/2/m.mp4', 'uploads/3/', '--tier', 'Bulk', '--days', '30'], {
      identity,
      archive: archive(
        {
          'uploads/1/m.mp4': { storageClass: 'GLACIER', restore: 'ongoing-request="false"' },
          'uploads/2/m.mp4': { storageClass: 'DEEP_ARCHIVE' },
          'uploads/3/': { storageClass: 'GLACIER' },
        },
        requests,
      ),
    });
    expect(ran).toEqual({
      status: 0,
      stdout: [
        'storytime-dev: s3://storytime-master-uploads-dev',
        '  uploads/1/m.mp4: restore requested (GLACIER, Bulk: 5-12 hours), then readable for 30 days',
        '  uploads/2/m.mp4: restore requested (DEEP_ARCHIVE, Bulk: up to 48 hours), then readable for 30 days',
        '  uploads/3/: restore requested (GLACIER, Bulk: 5-12 hours), then readable for 30 days',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(requests).toEqual([
      'storytime-master-uploads-dev uploads/1/m.mp4 30 Bulk',
      'storytime-master-uploads-dev uploads/2/m.mp4 30 Bulk',
      'storytime-master-uploads-dev uploads/3/ 30 Bulk',
    ]);
    const ten = await runCommand(command, ['dev', 'uploads/2/m.mp4', '--days', '10'], {
      identity,
      archive: archive({ 'uploads/2/m.mp4': { storageClass: 'DEEP_ARCHIVE' } }),
    });
    expect(ten.stdout.split('\n')[1]).toBe(
      '  uploads/2/m.mp4: restore requested (DEEP_ARCHIVE, Standard: up to 12 hours), then readable for 10 days',
    );
  });

  it.each([
    [[], 'missing the stack: <env>, one of dev, prod'],
    [['dev'], 'missing the master: give one or more object keys, e.g. uploads/42/master.mp4'],
    [['staging', 'k'], 'unknown stack "staging": expected one of dev, prod'],
    [['state-dev', 'k'], 'unknown stack "state-dev": expected one of dev, prod'],
    [
      ['dev', 'uploads/1.mp4', '/uploads/2.mp4'],
      '"/uploads/2.mp4" is not an object key: give the key inside the bucket, e.g. uploads/42/master.mp4',
    ],
    [
      ['dev', 's3://storytime-master-uploads-dev/uploads/1.mp4'],
      '"s3://storytime-master-uploads-dev/uploads/1.mp4" is not an object key: give the key inside the bucket, e.g. uploads/42/master.mp4',
    ],
    [['dev', 'k', '--days', '0'], '--days must be a whole number of days from 1 to 30, got "0"'],
    [['dev', 'k', '--days', '31'], '--days must be a whole number of days from 1 to 30, got "31"'],
    [['dev', 'k', '--days', '2.5'], '--days must be a whole number of days from 1 to 30, got "2.5"'],
    [['dev', 'k', '--tier', 'standard'], '--tier must be one of Standard, Bulk, Expedited, got "standard"'],
  ])('refuses %j in one line with its usage, exit 2', async (argv, message) => {
    const ran = await runCommand(command, argv, { identity, archive: archive({}) });
    expect(ran.status).toBe(2);
    expect(ran.stderr.split('\n')[0]).toBe(`masters:restore: ${message}`);
    expect(ran.stderr).toContain('usage: storytime masters:restore <env> <key>...');
  });
});
