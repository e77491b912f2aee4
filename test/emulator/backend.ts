/**
 * Points a copy of a synthesized stack at a local AWS emulator (moto server):
 * provider endpoints in an override file, the S3 backend's endpoints in
 * another, and a terraform runner that keeps each step's output.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackJson } from './substitute';
import { terraformEnv, type Toolchain } from '../support/terraform';

/** Every AWS API the stacks (and the backend) call. */
const SERVICES = [
  'acm',
  'cloudfront',
  'cloudwatch',
  'dynamodb',
  'elbv2',
  'events',
  'iam',
  'kms',
  'logs',
  'mediaconvert',
  'route53',
  's3',
  's3control',
  'secretsmanager',
  'sns',
  'sqs',
  'sts',
  'wafv2',
];

/**
 * Override for every AWS provider block of the stack (an alias needs its own):
 * all endpoints at the emulator, path-style S3, no EC2 metadata lookup. The
 * account check stays on: the emulator answers GetCallerIdentity with the
 * account the credentials were issued for, so allowed_account_ids is enforced.
 */
export function writeProviderOverride(stack: StackJson, workDir: string, endpoint: string): void {
  const blocks: StackJson[] = stack.provider?.aws ?? [{}];
  const override = blocks.map((block) => ({
    ...(block.alias ? { alias: block.alias } : {}),
    endpoints: [Object.fromEntries(SERVICES.map((service) => [service, endpoint]))],
    s3_use_path_style: true,
    skip_credentials_validation: true,
    skip_metadata_api_check: true,
    // An emulator error is not transient: fail in seconds instead of retrying for minutes.
    max_retries: 2,
  }));
  writeFileSync(join(workDir, 'emulator_override.tf.json'), JSON.stringify({ provider: { aws: override } }, null, 2));
}

/** The synthesized S3 backend block, if the stack has one. */
export const s3Backend = (stack: StackJson): StackJson => stack.terraform?.backend?.s3;

/**
 * What the emulator adds to a synthesized S3 backend: its endpoints, path-style
 * S3 and the skip flags; everything else (bucket, key, table, encrypt,
 * use_lockfile) stays as synthesized.
 */
export function emulatorBackend(endpoint: string) {
  return {
    endpoints: Object.fromEntries(['s3', 'dynamodb', 'sts', 'iam'].map((service) => [service, endpoint])),
    use_path_style: true,
    skip_credentials_validation: true,
    skip_metadata_api_check: true,
  };
}

export interface Step {
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

/** Longest any one terraform step may take before it is stopped and reported as failed. */
const STEP_TIMEOUT_MS = 240_000;

/** Terraform in `workDir` with one account's credentials; never throws on a non-zero exit, stops a step that hangs. */
export function terraformIn(
  toolchain: Toolchain,
  workDir: string,
  credentials: Readonly<Record<string, string>>,
  extra: Record<string, string> = {},
) {
  const env = terraformEnv(toolchain, { ...credentials, AWS_REGION: 'us-east-1', ...extra });
  /**
   * `interactive` keeps stdin open for the caller (an approval prompt); `onOutput` sees the output so far;
   * `killable` runs terraform in a process group of its own, which `killAll` ends with its providers, as a
   * CI runner ends a job (killing terraform alone would leave its provider processes running).
   */
  return (args: readonly string[], options: { interactive?: boolean; killable?: boolean; onOutput?: (text: string) => void } = {}) => {
    const child = spawn(toolchain.terraform, [`-chdir=${workDir}`, ...args, '-no-color'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: options.killable === true,
    });
    const start = performance.now();
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      options.onOutput?.(output);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    if (!options.interactive) child.stdin.end();
    const timer = setTimeout(() => {
      output += `\nemulator: terraform ${args[0]} stopped after ${STEP_TIMEOUT_MS / 1000} s\n`;
      child.kill('SIGTERM');
    }, STEP_TIMEOUT_MS);
    const done = new Promise<Step>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? 1, output, seconds: (performance.now() - start) / 1000 });
      });
    });
    const killAll = (signal: NodeJS.Signals) => {
      if (options.killable !== true || child.pid === undefined) throw new Error('killAll needs a terraform run started with killable');
      process.kill(-child.pid, signal);
    };
    return { child, done, killAll };
  };
}
