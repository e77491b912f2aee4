/** `storytime environments`: what the pipeline's matrix is built from. */
import { describe, expect, it } from 'vitest';
import { command, pipelineEnvironments } from '../../src/cli/commands/environments';
import { settingsOf } from '../../src/cli/environments';
import { runCli } from './process';
import { runCommand } from './run-command';

/** dev's entry of `environments --json`, as the shipped settings give it. */
const DEV = {
  name: 'dev',
  stack: 'storytime-dev',
  tier: 'non-production',
  region: 'us-east-1',
  privateKeySecret: 'CLOUDFRONT_PRIVATE_KEY_PEM_DEV',
  github: {
    environment: 'dev',
    branch: 'main',
    planRoleArn: 'arn:aws:iam::111111111111:role/storytime-deploy-plan-dev',
    applyRoleArn: 'arn:aws:iam::111111111111:role/storytime-deploy-apply-dev',
  },
};

describe('storytime environments', () => {
  it('prints one line per environment with its stack, tier and GitHub deployment', () => {
    expect(runCli(['environments'])).toEqual({
      status: 0,
      stdout:
        'dev  storytime-dev  non-production  GitHub environment dev from main\nprod  storytime-prod  production  no GitHub deploy identities\n',
      stderr: '',
    });
  });

  it('prints, with --json, the roles CI assumes and the secret a non-production plan reads its key from', () => {
    const { status, stdout } = runCli(['environments', '--json']);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      DEV,
      { name: 'prod', stack: 'storytime-prod', tier: 'production', region: 'us-east-1', privateKeySecret: null, github: null },
    ]);
  });

  it('refuses an argument in one line with exit 2', () => {
    const { status, stderr } = runCli(['environments', 'dev']);
    expect([status, stderr.split('\n')[0]]).toEqual([
      2,
      'environments: unexpected argument "dev": every value follows its flag, e.g. --env dev',
    ]);
  });
});

describe('storytime environments in this process', () => {
  it('prints one line per environment', async () => {
    expect(await runCommand(command, [], undefined as never)).toEqual({
      status: 0,
      stdout:
        'dev  storytime-dev  non-production  GitHub environment dev from main\nprod  storytime-prod  production  no GitHub deploy identities\n',
      stderr: '',
    });
  });

  it('prints the same with --json, on one line', async () => {
    const ran = await runCommand(command, ['--json'], undefined as never);
    expect(ran.stdout.endsWith(']\n')).toBe(true);
    expect(ran.stdout.split('\n')).toHaveLength(2);
    expect(JSON.parse(ran.stdout)[0]).toEqual(DEV);
  });

  it("names a non-production environment's key secret in upper case with _ for -", () => {
    const dev = settingsOf('dev');
    const [qa] = pipelineEnvironments([{ ...dev, environment: 'qa-east' }]);
    expect(qa?.privateKeySecret).toBe('CLOUDFRONT_PRIVATE_KEY_PEM_QA_EAST');
  });
});
