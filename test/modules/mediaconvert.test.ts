import { describe, expect, it } from 'vitest';
import { HLS_LADDER, jobSettingsTemplate, MediaConvert } from '../../modules/mediaconvert';
import { expose, refAt, resourceAt, synthScope, type Json } from '../helpers';

describe('MediaConvert', () => {
  it("creates the environment's own on-demand queue and exposes its ARN and name", () => {
    const json = synthScope((scope) => {
      const mediaConvert = new MediaConvert(scope, 'mediaconvert', { namePrefix: 'storytime-dev' });
      expose(scope, { arn: mediaConvert.queueArn, name: mediaConvert.queueName });
    });
    expect(resourceAt(json, 'aws_media_convert_queue', 'mediaconvert/queue')).toEqual({
      name: 'storytime-dev-hls',
      description: 'storytime-dev HLS packaging jobs',
      pricing_plan: 'ON_DEMAND',
      status: 'ACTIVE',
    });
    expect(json.output.arn.value).toBe(refAt(json, 'aws_media_convert_queue', 'mediaconvert/queue', 'arn'));
    expect(json.output.name.value).toBe(refAt(json, 'aws_media_convert_queue', 'mediaconvert/queue', 'name'));
  });
});

describe('jobSettingsTemplate', () => {
  const template = jobSettingsTemplate({
    roleArn: 'arn:aws:iam::111111111111:role/storytime-dev-mediaconvert',
    queueArn: 'arn:aws:mediaconvert:us-east-1:111111111111:queues/storytime-dev-hls',
    masterBucketName: 'storytime-master-uploads-dev',
    outputBucketName: 'storytime-hls-outputs-dev',
  });

  it('runs as the role in the queue, reading the master Rails names and writing HLS under books/<book_id>/', () => {
    expect(template.Role).toBe('arn:aws:iam::111111111111:role/storytime-dev-mediaconvert');
    expect(template.Queue).toBe('arn:aws:mediaconvert:us-east-1:111111111111:queues/storytime-dev-hls');
    expect(template.Settings.Inputs[0].FileInput).toBe('s3://storytime-master-uploads-dev/{{input_key}}');
    const group = template.Settings.OutputGroups[0];
    expect(group.OutputGroupSettings).toEqual({
      Type: 'HLS_GROUP_SETTINGS',
      HlsGroupSettings: {
        Destination: 's3://storytime-hls-outputs-dev/books/{{book_id}}/index',
        SegmentLength: 6,
        MinSegmentLength: 0,
        SegmentControl: 'SEGMENTED_FILES',
        ManifestDurationFormat: 'INTEGER',
        DirectoryStructure: 'SINGLE_DIRECTORY',
      },
    });
  });

  it('encodes the ABR ladder 1080p to 360p in H.264 QVBR, with AAC stereo audio, into M3U8 outputs', () => {
    const outputs: Json[] = template.Settings.OutputGroups[0].Outputs;
    expect(
      outputs.map((o) => [
        o.NameModifier,
        o.VideoDescription.Width,
        o.VideoDescription.Height,
        o.VideoDescription.CodecSettings.H264Settings.MaxBitrate,
      ]),
    ).toEqual([
      ['_1080p', 1920, 1080, 6_000_000],
      ['_720p', 1280, 720, 3_500_000],
      ['_480p', 854, 480, 1_500_000],
      ['_360p', 640, 360, 800_000],
    ]);
    expect(HLS_LADDER).toHaveLength(4);
    for (const output of outputs) {
      expect(output.ContainerSettings).toEqual({ Container: 'M3U8', M3u8Settings: {} });
      expect(output.VideoDescription.CodecSettings).toMatchObject({ Codec: 'H_264', H264Settings: { RateControlMode: 'QVBR' } });
      expect(output.AudioDescriptions).toEqual([
        { CodecSettings: { Codec: 'AAC', AacSettings: { Bitrate: 128000, CodingMode: 'CODING_MODE_2_0', SampleRate: 48000 } } },
      ]);
    }
  });
});
