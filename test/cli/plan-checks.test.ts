/** storytime plan, before Terraform runs: the shipped example values against AWS, and credentials of the wrong account. */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/plan';
import { fakeSts, type FakeSts } from './fake-sts';
import { ROOT } from './process';
import { runCommand } from './run-command';

describe('storytime plan: before terraform', () => {
  // An emulator's endpoint: the example values are allowed there, so that the account check is what is tested.
  const emulated = async <T>(work: () => Promise<T>): Promise<T> => {
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
    try {
      return await work();
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  };

  it('refuses to plan against AWS while the settings hold example values, listing each', async () => {
    const saved = process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL;
    try {
      const ran = await runCommand(command, ['prod', '--no-synth'], {
        identity: () => Promise.resolve({ account: '222222222222', arn: 'x' }),
      });
      const lines = ran.stderr.trimEnd().split('\n');
      expect(ran.status).toBe(1);
      expect(lines[0]).toBe(
        'plan: storytime-prod: stacks/settings/prod.ts still holds 29 example values (README, first deploy, step 2), and no AWS_ENDPOINT_URL points this plan at an emulator; replace each:',
      );
      expect(lines).toContain(
        "plan: stacks/settings/prod.ts:20: bucket: 'storytime-terraform-state-prod-example', // PLACEHOLDER: bucket names are global",
      );
      expect(lines).toContain('plan: aws.accountId: 222222222222 (the example account)');
      expect(lines).toContain('plan: cdn.customDomain.domainName: cdn.storytime.example (an example domain)');
      expect(lines).toContain('plan: cdn.customDomain.hostedZoneId: Z00000000000000000002 (the example zone id)');
      expect(lines).toContain('plan: cdn.playbackCorsOrigins[0]: https://storytime.example (an example domain)');
      expect(lines).toHaveLength(30);
    } finally {
      if (saved !== undefined) process.env.AWS_ENDPOINT_URL = saved;
    }
  });

  it("refuses another account's credentials in one line, naming both accounts", async () => {
    const ran = await emulated(() =>
      runCommand(command, ['dev', '--no-synth'], {
        identity: () => Promise.resolve({ account: '222222222222', arn: 'arn:aws:sts::222222222222:assumed-role/deploy/ci' }),
      }),
    );
    expect(ran).toEqual({
      status: 1,
      stdout: '',
      stderr:
        "plan: the AWS credentials are of account 222222222222 (arn:aws:sts::222222222222:assumed-role/deploy/ci), but storytime-dev needs account 111111111111 (aws.accountId in stacks/settings/dev.ts): use dev's credentials\n",
    });
  });

  it('says so when there are no credentials to ask about', async () => {
    const ran = await emulated(() =>
      runCommand(command, ['dev', '--no-synth'], {
        identity: () =>
          Promise.reject(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })),
      }),
    );
    expect(ran.stderr).toBe(
      'plan: cannot tell whose AWS credentials these are (CredentialsProviderError: Could not load credentials from any providers); storytime-dev needs account 111111111111 (aws.accountId in stacks/settings/dev.ts)\n',
    );
  });

  describe('as a process, asking STS through the AWS SDK', () => {
    let sts: FakeSts;
    beforeAll(async () => {
      sts = await fakeSts('222222222222');
    });
    afterAll(() => sts.stop());

    it('asks STS through AWS_ENDPOINT_URL and refuses dev with prod credentials, before terraform', () => {
      const run = spawnSync('sh', ['scripts/storytime.sh', 'plan', 'dev', '--no-synth'], {
        cwd: ROOT,
        env: { ...process.env, ...sts.env, TERRAFORM_BIN: '/nonexistent/terraform' },
        encoding: 'utf8',
      });
      expect(run.stderr).toBe(
        "plan: the AWS credentials are of account 222222222222 (arn:aws:iam::222222222222:user/ana), but storytime-dev needs account 111111111111 (aws.accountId in stacks/settings/dev.ts): use dev's credentials\n",
      );
      expect(run.status).toBe(1);
    });
  });
});
