import { ENVIRONMENTS } from '../helpers';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as railsEnv, RAILS_ENV_VARIABLES, renderRailsEnv, type RailsEnvDeps } from '../../src/cli/commands/rails-env';
import { UsageError } from '../../src/cli/errors';
import { readOutputsFile, type TerraformOutputs } from '../../src/cli/outputs';
import { FIXTURE, ROOT, runCli } from './process';
import { runCommand } from './run-command';

const MISSING_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'terraform-output.dev.missing-outputs.json');

const EXPECTED_DEV = `AWS_REGION=us-east-1
STORYTIME_ENV=dev
STORYTIME_MASTER_UPLOADS_BUCKET=storytime-master-uploads-dev
STORYTIME_MASTER_UPLOADS_PREFIX=uploads/
STORYTIME_HLS_OUTPUTS_BUCKET=storytime-hls-outputs-dev
CLOUDFRONT_DISTRIBUTION_ID=E2ABCDEFGHIJKL
CLOUDFRONT_DOMAIN=cdn.dev.storytime.example
CLOUDFRONT_KEY_GROUP_ID=4b6f8e2a-1c3d-4e5f-9a7b-8c9d0e1f2a3b
CLOUDFRONT_PRIVATE_KEY_SECRET_ARN=arn:aws:secretsmanager:us-east-1:111111111111:secret:storytime/dev/cloudfront_private_key-AbCdEf
CLOUDFRONT_PRIVATE_KEY_SECRET_NAME=storytime/dev/cloudfront_private_key
MEDIACONVERT_ROLE_ARN=arn:aws:iam::111111111111:role/storytime-dev-mediaconvert
MEDIACONVERT_QUEUE_ARN=arn:aws:mediaconvert:us-east-1:111111111111:queues/storytime-dev-hls
MEDIACONVERT_JOB_SETTINGS_TEMPLATE='{"Role":"arn:aws:iam::111111111111:role/storytime-dev-mediaconvert","Queue":"arn:aws:mediaconvert:us-east-1:111111111111:queues/storytime-dev-hls","Settings":{"Inputs":[{"FileInput":"s3://storytime-master-uploads-dev/{{input_key}}","AudioSelectors":{"Audio Selector 1":{"DefaultSelection":"DEFAULT"}},"VideoSelector":{},"TimecodeSource":"ZEROBASED"}],"OutputGroups":[{"Name":"HLS","OutputGroupSettings":{"Type":"HLS_GROUP_SETTINGS","HlsGroupSettings":{"Destination":"s3://storytime-hls-outputs-dev/books/{{book_id}}/index","SegmentLength":6,"MinSegmentLength":0,"SegmentControl":"SEGMENTED_FILES","ManifestDurationFormat":"INTEGER","DirectoryStructure":"SINGLE_DIRECTORY"}},"Outputs":[{"NameModifier":"_1080p","ContainerSettings":{"Container":"M3U8","M3u8Settings":{}},"VideoDescription":{"Width":1920,"Height":1080,"CodecSettings":{"Codec":"H_264","H264Settings":{"RateControlMode":"QVBR","MaxBitrate":6000000,"SceneChangeDetect":"TRANSITION_DETECTION","GopSize":2,"GopSizeUnits":"SECONDS"}}},"AudioDescriptions":[{"CodecSettings":{"Codec":"AAC","AacSettings":{"Bitrate":128000,"CodingMode":"CODING_MODE_2_0","SampleRate":48000}}}]},{"NameModifier":"_720p","ContainerSettings":{"Container":"M3U8","M3u8Settings":{}},"VideoDescription":{"Width":1280,"Height":720,"CodecSettings":{"Codec":"H_264","H264Settings":{"RateControlMode":"QVBR","MaxBitrate":3500000,"SceneChangeDetect":"TRANSITION_DETECTION","GopSize":2,"GopSizeUnits":"SECONDS"}}},"AudioDescriptions":[{"CodecSettings":{"Codec":"AAC","AacSettings":{"Bitrate":128000,"CodingMode":"CODING_MODE_2_0","SampleRate":48000}}}]},{"NameModifier":"_480p","ContainerSettings":{"Container":"M3U8","M3u8Settings":{}},"VideoDescription":{"Width":854,"Height":480,"CodecSettings":{"Codec":"H_264","H264Settings":{"RateControlMode":"QVBR","MaxBitrate":1500000,"SceneChangeDetect":"TRANSITION_DETECTION","GopSize":2,"GopSizeUnits":"SECONDS"}}},"AudioDescriptions":[{"CodecSettings":{"Codec":"AAC","AacSettings":{"Bitrate":128000,"CodingMode":"CODING_MODE_2_0","SampleRate":48000}}}]},{"NameModifier":"_360p","ContainerSettings":{"Container":"M3U8","M3u8Settings":{}},"VideoDescription":{"Width":640,"Height":360,"CodecSettings":{"Codec":"H_264","H264Settings":{"RateControlMode":"QVBR","MaxBitrate":800000,"SceneChangeDetect":"TRANSITION_DETECTION","GopSize":2,"GopSizeUnits":"SECONDS"}}},"AudioDescriptions":[{"CodecSettings":{"Codec":"AAC","AacSettings":{"Bitrate":128000,"CodingMode":"CODING_MODE_2_0","SampleRate":48000}}}]}]}]}}'
RAILS_APP_POLICY_ARN=arn:aws:iam::111111111111:policy/storytime-dev-rails-app
MEDIACONVERT_EVENTS_QUEUE_URL=https://sqs.us-east-1.amazonaws.com/111111111111/storytime-dev-mediaconvert-events
MEDIACONVERT_EVENTS_QUEUE_ARN=arn:aws:sqs:us-east-1:111111111111:storytime-dev-mediaconvert-events
`;

const runRailsEnv = (argv: string[], deps?: RailsEnvDeps) => railsEnv.run(argv, deps);

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'storytime-rails-env-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeTemp(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The dev fixture with some outputs replaced. */
function devOutputsWith(values: Record<string, unknown>): TerraformOutputs {
  const outputs = readOutputsFile(FIXTURE);
  for (const [name, value] of Object.entries(values)) outputs[name] = { value, type: 'string', sensitive: false };
  return outputs;
}

describe('rails-env', () => {
  it('prints every variable from recorded outputs, in order', () => {
    expect(runRailsEnv(['--env', 'dev', '--from', FIXTURE])).toEqual({ stdout: EXPECTED_DEV, stderr: [], exitCode: 0 });
  });

  it('reads the stack outputs when no file is given', () => {
    const readStack = (env: string) => (env === 'dev' ? readOutputsFile(FIXTURE) : undefined);
    expect(runRailsEnv(['--env', 'dev'], { readStack }).stdout).toBe(EXPECTED_DEV);
  });

  it('maps sixteen outputs to distinct variables', () => {
    expect(RAILS_ENV_VARIABLES).toHaveLength(16);
    expect(new Set(RAILS_ENV_VARIABLES.map(({ variable }) => variable)).size).toBe(16);
    expect(new Set(RAILS_ENV_VARIABLES.map(({ output }) => output)).size).toBe(16);
  });

  it('quotes values only when needed', () => {
    const text = renderRailsEnv(devOutputsWith({ master_uploads_prefix: 'uploads from editors/', aws_region: 'us-east-1' }));
    expect(text).toContain("\nSTORYTIME_MASTER_UPLOADS_PREFIX='uploads from editors/'\n");
    expect(text).toContain('AWS_REGION=us-east-1\n');
  });

  it('keeps the single-quoted template intact when the JSON holds a quote', () => {
    const text = renderRailsEnv(devOutputsWith({ mediaconvert_job_settings_template: '{ "Name": "Bob\'s book" }' }));
    expect(text).toContain(`\nMEDIACONVERT_JOB_SETTINGS_TEMPLATE='{"Name":"Bob\\u0027s book"}'\n`);
  });

  it('prints a template given as an object compact as well', () => {
    const text = renderRailsEnv(devOutputsWith({ mediaconvert_job_settings_template: { Inputs: [] } }));
    expect(text).toContain(`\nMEDIACONVERT_JOB_SETTINGS_TEMPLATE='{"Inputs":[]}'\n`);
  });

  describe('rejects bad input with one line', () => {
    const cases: [string, () => string[], RegExp][] = [
      [
        'missing outputs',
        () => ['--env', 'dev', '--from', MISSING_FIXTURE],
        /^missing outputs: mediaconvert_queue_arn, rails_app_policy_arn$/,
      ],
      [
        'unknown env',
        () => ['--env', 'nosuchenv', '--from', FIXTURE],
        new RegExp(`^unknown env "nosuchenv" \\(expected one of ${ENVIRONMENTS.join(', ')}\\)$`),
      ],
      ['missing env', () => ['--from', FIXTURE], /^missing --env/],
      ['unreadable file', () => ['--env', 'dev', '--from', path.join(dir, 'absent.json')], /^cannot read .*absent\.json: no such file$/],
      ['invalid JSON', () => ['--env', 'dev', '--from', writeTemp('broken.json', '{"aws_region": ')], /broken\.json is not valid JSON: /],
      [
        'not output JSON',
        () => ['--env', 'dev', '--from', writeTemp('list.json', '["us-east-1"]')],
        /list\.json is not `terraform output -json` output: expected an object$/,
      ],
      [
        'entry without value',
        () => ['--env', 'dev', '--from', writeTemp('flat.json', '{"aws_region": "us-east-1"}')],
        /"aws_region" has no value$/,
      ],
      ['outputs of the other env', () => ['--env', 'prod', '--from', FIXTURE], /are for env "dev", not "prod"$/],
      ['no stack outputs', () => ['--env', 'prod'], /^no outputs for storytime-prod: .* pass --from <file>\)$/],
      ['unknown flag', () => ['--env', 'dev', '--stack', 'x'], /^unknown flag --stack$/],
    ];

    it.each(cases)('%s', (_name, args, message) => {
      const run = () => runRailsEnv(args(), { readStack: () => undefined });
      expect(run).toThrow(UsageError);
      expect(run).toThrow(message);
      expect(run).not.toThrow(/\n/);
    });

    it.each([
      ['non-string output', { aws_region: ['us-east-1'] }, /^output aws_region is not a string$/],
      [
        'template that is not JSON',
        { mediaconvert_job_settings_template: '{Inputs' },
        /^output mediaconvert_job_settings_template is not valid JSON$/,
      ],
      [
        'value no dotenv quoting can hold',
        { master_uploads_prefix: "bob's/" },
        /^output master_uploads_prefix holds a value that cannot be written/,
      ],
      ['null output', { rails_app_policy_arn: null }, /^missing outputs: rails_app_policy_arn$/],
    ])('%s', (_name, values, message) => {
      expect(() => renderRailsEnv(devOutputsWith(values))).toThrow(message);
    });
  });

  it('exits 2 with a single stderr line when outputs are missing', () => {
    const result = runCli(['rails-env', '--env', 'dev', '--from', MISSING_FIXTURE]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('rails-env: missing outputs: mediaconvert_queue_arn, rails_app_policy_arn\n');
  });
});

describe('rails-env in this process', () => {
  it('takes each output as a string unless the stack says JSON', () => {
    expect(RAILS_ENV_VARIABLES.slice(0, 2)).toEqual([
      { output: 'aws_region', variable: 'AWS_REGION', format: 'string' },
      { output: 'environment', variable: 'STORYTIME_ENV', format: 'string' },
    ]);
    expect(RAILS_ENV_VARIABLES.find(({ variable }) => variable === 'MEDIACONVERT_JOB_SETTINGS_TEMPLATE')?.format).toBe('json');
  });

  it('refuses an unknown environment in one line, as rails-env', async () => {
    expect(await runCommand(railsEnv, ['--env', 'qa'], {})).toEqual({
      status: 2,
      stdout: '',
      stderr: 'rails-env: unknown env "qa" (expected one of dev, prod)\n',
    });
  });
});
