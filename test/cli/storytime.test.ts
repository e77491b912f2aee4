/** The `storytime` entry: its command list, each command's --help, the npm script aliases and the package bin. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/cli/dispatch';
import { tempDir } from '../temp';
import { FIXTURE, ROOT, runCli } from './process';

const COMMAND_LIST = `usage: storytime <command> [flags]   (npm run storytime -- <command> [flags], or npm run <command> -- [flags])

  plan             synthesize, then terraform init and plan one stack: <env> or state-<env>
  state:migrate    move a state bootstrap's local state into its own bucket, once
  destroy          destroy an environment, refused before any deletion while its buckets hold objects
  unlock           show who holds a state's locks; release them once their holder has ended
  state:restore    list a state object's versions; restore one and its lock-table digest
  recover          after an interrupted apply, write import blocks for what AWS has and the state lacks
  drift            plan -detailed-exitcode plus what a plan cannot see: secret values, key group, headers, TTLs
  masters:restore  restore archived masters (GLACIER, DEEP_ARCHIVE) so that MediaConvert can read them again
  rails-env        print the Rails app's environment variables from a stack's outputs
  cookies          mint CloudFront signed cookies and a curl command to check playback
  check-env        check that every answer of a deployed environment names that environment
  environments     list the environments, their tiers and GitHub deployments (--json for CI)
  verify           run the spec's validation checklist against a deployed environment (upload, transcode, playback)

storytime <command> --help prints the flags of a command; docs/tools.md has each in full.
`;

const HELP: Record<string, string> = {
  plan: `usage: storytime plan <env> | state-<env> [--no-synth]
  <env>         an environment's stack, e.g. dev (one per stacks/settings/<env>.ts)
  state-<env>   that environment's state bootstrap, e.g. state-dev (S3 backends only)
  --no-synth    plan the output folder as it is (by default it is synthesized first)
  CDKTF_OUTDIR  output folder (default cdktf.out); TERRAFORM_BIN: terraform to run (default terraform)
`,
  'state:migrate': `usage: storytime state:migrate <env> [--no-synth]
  <env>         the environment whose state bootstrap moves its state into its bucket, e.g. dev
  --no-synth    use the output folder as it is (by default it is synthesized first)
  CDKTF_OUTDIR  output folder (default cdktf.out); TERRAFORM_BIN: terraform to run (default terraform)
`,
  destroy: `usage: storytime destroy <env> [--no-synth] [--yes]
  <env>       the environment to destroy, e.g. dev
  --no-synth  use the output folder as it is (by default it is synthesized first)
  --yes       let terraform destroy without its own prompt
Refuses before anything is deleted while a bucket of the environment holds objects or a resource has prevent_destroy (docs/recovery.md).
`,
  unlock: `usage: storytime unlock <env> | state-<env> [--yes] [--force]
  <env>, state-<env>  the stack whose state lock to release, e.g. dev or state-dev
  --yes        release without asking (needed where there is no terminal to ask on)
  --force      release a lock taken on another machine, after you made sure its run has ended there
Shows both locks of the state (S3 lock file, DynamoDB item), refuses while their holder may still run, then releases both (docs/recovery.md).
`,
  'state:restore': `usage: storytime state:restore <env> | state-<env> [--version <id> [--dry-run] [--yes]]
  <env>, state-<env>  the stack whose state object to list or restore, e.g. dev or state-dev
  --version <id>      restore this version of the state object (without it: list the versions)
  --dry-run           say what the restore would do, change nothing
  --yes               restore without asking (needed where there is no terminal to ask on)
Copies the chosen version over the state object and sets the lock table's digest to its MD5 (docs/recovery.md).
`,
  recover: `usage: storytime recover <env> [--no-synth] [--dry-run]
  <env>       the environment whose interrupted apply to recover, e.g. dev
  --no-synth  use the output folder as it is (by default it is synthesized first)
  --dry-run   say what recover would import and untaint, write and change nothing
Writes import blocks for what exists in AWS but not in the state to cdktf.out/stacks/<stack>/recover.tf.json (docs/recovery.md).
`,
  drift: `usage: storytime drift <env> [--no-synth]
  <env>       the environment to compare with what its stack expects, e.g. dev
  --no-synth  use the output folder as it is (by default it is synthesized first)
Runs terraform plan -detailed-exitcode and the checks a plan cannot see (secret values, key group, headers, TTLs).
Exit 0 no drift, 1 error, 2 drift: one line per finding (docs/recovery.md).
`,
  'masters:restore': `usage: storytime masters:restore <env> <key>... [--days <n>] [--tier Standard|Bulk|Expedited]
  <env>       the environment whose master uploads bucket holds the masters, e.g. dev
  <key>       a master's object key in that bucket, e.g. uploads/42/master.mp4; several may follow
  --days <n>  how long the restored copy stays readable, 1-30 days (default 2); S3 bills it as Standard storage
  --tier <t>  Standard (default: 3-5 h, Deep Archive 12 h), Bulk (cheaper: 5-12 h, Deep Archive 48 h)
              or Expedited (1-5 min, Flexible Retrieval only)
Asks S3 to restore each archived master so that MediaConvert can read it, then prints each master's state;
run it again to see whether a restore has finished (docs/uploads.md, "Archived masters").
`,
  'rails-env': `usage: storytime rails-env --env <environment> [--from <terraform output -json file, or - for standard input>]
Prints the Rails app's environment variables, one NAME=value line each, from the stack's outputs (docs/tools.md).
`,
  cookies: `usage: storytime cookies --env <environment> --resource <url> --private-key <pem file, or the secret's JSON>
         [--key-pair-id <id>] [--expires-in <n>s|m|h|d (default 1h, at most 7d) | --expires-at <ISO date>]
         [--source-ip <IPv4 address or CIDR>] [--from <terraform output -json file>]
Prints CloudFront signed cookies for the resource, then a curl command that fetches it with them (docs/tools.md).
`,
  'check-env': `usage: storytime check-env --env <environment> [--url https://<cdn-domain>] [--from <terraform output -json file>]
         [--private-key <pem file> [--key-pair-id <id>]] [--hls-path <path>] [--api-path <path>]
         [--require-backend-header] [--connect-to <host>:<port>] [--timeout <seconds>]
Requests an HLS and an API path through the environment's CDN and checks that every answer names it (docs/tools.md).
Exit 0 consistent, 1 a check failed, 2 bad input, 3 no answer, 4 unexpected error.
`,
  environments: `usage: storytime environments [--json]
Lists every environment: its stack, tier and, when it has GitHub deploy identities, the GitHub
environment and roles a pipeline uses (docs/tools.md). --json prints one JSON array for CI.
`,
  verify: `usage: storytime verify --env <environment> --master <video file> [--from <terraform output -json file>]
         [--private-key <pem or secret JSON file> [--key-pair-id <id>]] [--job-timeout <seconds>]
Runs the spec's §9 validation checklist against the deployed environment, with your AWS credentials:
  1 presigned upload      PUT --master to <master bucket>/<upload prefix>verify-<run>/master.mp4 through a presigned URL
  2 MediaConvert job      CreateJob from the stack's job settings template (its role and queue), polled until it ends
                          or --job-timeout (default 900 s)
  3 HLS outputs           books/verify-<run>/index.m3u8 and its .ts segments are in the HLS bucket
  4 unsigned request      GET https://<cdn domain>/books/verify-<run>/index.m3u8 without cookies answers 403
  5 signed-cookie request the same GET with a signed cookie answers 200: CloudFront read the bucket through OAC
  6 test objects removed  every version of the test master and of the HLS outputs is deleted, whatever failed before
One line per step, ✓ or ✗ (a step whose input failed is skipped). The signing key is --private-key, else the
environment's signing secret. Exit 0 every step passed, 1 a step failed, 2 bad input (docs/tools.md).
`,
};

/** `storytime <argv>` in this process: what it would print, and its exit code. */
async function storytime(argv: string[], version = process.version) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } };
  const status = await dispatch(argv, io, version);
  return { status, stdout, stderr };
}

describe('storytime', () => {
  it('lists its commands on --help and -h', async () => {
    expect(await storytime(['--help'])).toEqual({ status: 0, stdout: COMMAND_LIST, stderr: '' });
    expect(await storytime(['-h'])).toEqual({ status: 0, stdout: COMMAND_LIST, stderr: '' });
  });

  it('refuses a missing or unknown command in one line, then the list; exit 2', async () => {
    const expected =
      '(expected one of plan, state:migrate, destroy, unlock, state:restore, recover, drift, masters:restore, rails-env, cookies, check-env, environments, verify)';
    expect(await storytime([])).toEqual({ status: 2, stdout: '', stderr: `storytime: missing command ${expected}\n${COMMAND_LIST}` });
    expect(await storytime(['cookie'])).toEqual({
      status: 2,
      stdout: '',
      stderr: `storytime: unknown command "cookie" ${expected}\n${COMMAND_LIST}`,
    });
    expect((await storytime(['toString'])).stderr.split('\n')[0]).toBe(`storytime: unknown command "toString" ${expected}`);
  });

  it.each(Object.keys(HELP))('prints the usage of %s on --help, exit 0', async (command) => {
    expect(await storytime([command, '--help'])).toEqual({ status: 0, stdout: HELP[command], stderr: '' });
  });

  it('refuses Node.js 20 before any command runs', async () => {
    expect(await storytime(['cookies', '--help'], 'v20.20.2')).toMatchObject({ status: 1, stdout: '' });
  });

  it('is every npm script that used to start a tool, and the package bin', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ storytime: 'scripts/storytime.sh' });
    expect(statSync(path.join(ROOT, 'scripts', 'storytime.sh')).mode & 0o111).toBe(0o111);
    expect(pkg.scripts).toMatchObject({
      storytime: 'sh scripts/storytime.sh',
      plan: 'sh scripts/storytime.sh plan',
      'state:migrate': 'sh scripts/storytime.sh state:migrate',
      cookies: 'sh scripts/storytime.sh cookies',
      'rails-env': 'sh scripts/storytime.sh rails-env',
      'check-env': 'sh scripts/storytime.sh check-env',
      verify: 'sh scripts/storytime.sh verify',
      destroy: 'sh scripts/storytime.sh destroy',
      unlock: 'sh scripts/storytime.sh unlock',
      'state:restore': 'sh scripts/storytime.sh state:restore',
      recover: 'sh scripts/storytime.sh recover',
      drift: 'sh scripts/storytime.sh drift',
      'masters:restore': 'sh scripts/storytime.sh masters:restore',
      environments: 'sh scripts/storytime.sh environments',
    });
  });

  it('runs as a process: output on stdout, exit 0', () => {
    expect(runCli(['--help'])).toEqual({ status: 0, stdout: COMMAND_LIST, stderr: '' });
  });

  it('runs through a link to the bin from another folder, reading relative paths from there', () => {
    const elsewhere = tempDir('bin');
    const link = path.join(elsewhere, 'storytime');
    symlinkSync(path.join(ROOT, 'scripts', 'storytime.sh'), link);
    copyFileSync(FIXTURE, path.join(elsewhere, 'outputs.json'));
    const run = spawnSync(link, ['rails-env', '--env', 'dev', '--from', 'outputs.json'], { cwd: elsewhere, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')[0]).toBe('AWS_REGION=us-east-1');
    expect(run.status).toBe(0);
  });
});
