/** `storytime verify`: the spec's §9 validation checklist against a deployed environment (src/cli/verify/checklist.ts). */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { defineCommand } from '../command';
import { parseEnvironment, settingsOf } from '../environments';
import { UsageError } from '../errors';
import { fileErrorReason, loadOutputs, outputString, type StackOutputsReader, type TerraformOutputs } from '../outputs';
import { loadPrivateKey } from '../signing/key';
import { resolveKeyPairId } from '../signing/target';
import { runChecklist, type VerifyAws } from '../verify/checklist';

const USAGE = `usage: storytime verify --env <environment> --master <video file> [--from <terraform output -json file>]
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
`;

const DEFAULT_JOB_TIMEOUT_SECONDS = 900;

export interface VerifyDeps {
  readonly aws?: VerifyAws;
  readonly readStack?: StackOutputsReader;
  readonly signingKey?: (region: string, secretArn: string) => Promise<{ keyPairId: string; privateKeyPem: string }>;
  readonly runId?: string;
  readonly now?: () => Date;
  readonly sleep?: (seconds: number) => Promise<void>;
  readonly connectTo?: { host: string; port: number };
  readonly ca?: string;
}

function required(outputs: TerraformOutputs, name: Parameters<typeof outputString>[1]): string {
  const value = outputString(outputs, name);
  if (value === undefined) throw new UsageError(`output ${name} is missing: apply the stack first, or pass --from <outputs file>`);
  return value;
}

function readMaster(file: string): Uint8Array {
  try {
    const bytes = readFileSync(file);
    if (bytes.length === 0) throw new UsageError(`--master ${file} is empty: give a short video, e.g. 2 s of ffmpeg's testsrc`);
    return bytes;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read --master ${file}: ${fileErrorReason(err)}`);
  }
}

export const command = defineCommand({
  name: 'verify',
  usage: USAGE,
  flags: {
    env: { type: 'string' },
    master: { type: 'string' },
    from: { type: 'string' },
    'private-key': { type: 'string' },
    'key-pair-id': { type: 'string' },
    'job-timeout': { type: 'string' },
  },
  async run({ flags }, deps: VerifyDeps = {}) {
    const env = parseEnvironment(flags.env);
    if (flags.master === undefined) throw new UsageError('missing --master <video file>: the test master MediaConvert transcodes');
    const timeout = flags['job-timeout'] ?? String(DEFAULT_JOB_TIMEOUT_SECONDS);
    if (!/^[1-9]\d{0,4}$/.test(timeout)) throw new UsageError(`--job-timeout "${timeout}" is not a number of seconds from 1 to 99999`);
    if (flags['key-pair-id'] !== undefined && flags['private-key'] === undefined) {
      throw new UsageError('--key-pair-id needs --private-key (the key signs the playback request)');
    }
    const master = readMaster(flags.master);
    const outputs = loadOutputs(env, flags.from, deps.readStack);
    if (outputs === undefined) throw new UsageError(`no outputs for ${env}: apply the stack first, or pass --from <outputs file>`);
    const region = settingsOf(env).aws.region;

    let signingKey: { keyPairId: string; privateKeyPem: string };
    if (flags['private-key'] !== undefined) {
      const key = loadPrivateKey(flags['private-key']);
      signingKey = { keyPairId: resolveKeyPairId(flags['key-pair-id'], outputs, key.keyPairId), privateKeyPem: key.pem };
    } else {
      const read = deps.signingKey ?? (await import('../verify/aws.js')).secretSigningKey;
      signingKey = await read(region, required(outputs, 'cloudfront_private_key_secret_arn'));
    }
    const aws = deps.aws ?? (await (await import('../verify/aws.js')).sdkAws(region));
    return runChecklist(aws, {
      env,
      masterBucket: required(outputs, 'master_uploads_bucket_name'),
      uploadPrefix: required(outputs, 'master_uploads_prefix'),
      hlsBucket: required(outputs, 'hls_outputs_bucket_name'),
      jobTemplate: required(outputs, 'mediaconvert_job_settings_template'),
      cdnDomain: required(outputs, 'cdn_domain_name'),
      master,
      signingKey,
      runId: deps.runId ?? `${Date.now()}-${randomBytes(3).toString('hex')}`,
      jobTimeoutSeconds: Number(timeout),
      pollSeconds: 10,
      requestTimeoutSeconds: 15,
      now: deps.now ?? (() => new Date()),
      sleep: deps.sleep ?? ((seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000))),
      connectTo: deps.connectTo,
      ca: deps.ca,
    });
  },
});
