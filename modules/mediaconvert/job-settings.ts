import { HLS_KEY_PREFIX } from '../shared/hls-paths';

/** Placeholders Rails replaces per book before CreateJob. */
export const BOOK_ID_PLACEHOLDER = '{{book_id}}';
export const INPUT_KEY_PLACEHOLDER = '{{input_key}}';

export interface JobSettingsTemplateProps {
  readonly roleArn: string;
  readonly queueArn: string;
  readonly masterBucketName: string;
  readonly outputBucketName: string;
}

interface Rendition {
  readonly nameModifier: string;
  readonly width: number;
  readonly height: number;
  readonly maxBitrate: number;
}

/** The HLS ABR ladder; the segment names end in `.ts`, manifests in `.m3u8`. */
export const HLS_LADDER: readonly Rendition[] = [
  { nameModifier: '_1080p', width: 1920, height: 1080, maxBitrate: 6_000_000 },
  { nameModifier: '_720p', width: 1280, height: 720, maxBitrate: 3_500_000 },
  { nameModifier: '_480p', width: 854, height: 480, maxBitrate: 1_500_000 },
  { nameModifier: '_360p', width: 640, height: 360, maxBitrate: 800_000 },
];

function renditionOutput(rendition: Rendition) {
  return {
    NameModifier: rendition.nameModifier,
    ContainerSettings: { Container: 'M3U8', M3u8Settings: {} },
    VideoDescription: {
      Width: rendition.width,
      Height: rendition.height,
      CodecSettings: {
        Codec: 'H_264',
        H264Settings: {
          RateControlMode: 'QVBR',
          MaxBitrate: rendition.maxBitrate,
          SceneChangeDetect: 'TRANSITION_DETECTION',
          GopSize: 2,
          GopSizeUnits: 'SECONDS',
        },
      },
    },
    AudioDescriptions: [
      {
        CodecSettings: {
          Codec: 'AAC',
          AacSettings: { Bitrate: 128000, CodingMode: 'CODING_MODE_2_0', SampleRate: 48000 },
        },
      },
    ],
  };
}

/**
 * CreateJob request body that Rails fills in per book: MediaConvert templates
 * cannot substitute a book id into the destination (spec 6.2).
 * Output lands in `s3://<outputs>/books/<book_id>/index.m3u8`; the book id also
 * rides in `UserMetadata`, which MediaConvert copies into its job events.
 */
export function jobSettingsTemplate(props: JobSettingsTemplateProps) {
  return {
    Role: props.roleArn,
    Queue: props.queueArn,
    // Returned as detail.userMetadata in every job state event, so that Rails knows which book it is about.
    UserMetadata: { book_id: BOOK_ID_PLACEHOLDER },
    Settings: {
      Inputs: [
        {
          FileInput: `s3://${props.masterBucketName}/${INPUT_KEY_PLACEHOLDER}`,
          AudioSelectors: { 'Audio Selector 1': { DefaultSelection: 'DEFAULT' } },
          VideoSelector: {},
          TimecodeSource: 'ZEROBASED',
        },
      ],
      OutputGroups: [
        {
          Name: 'HLS',
          OutputGroupSettings: {
            Type: 'HLS_GROUP_SETTINGS',
            HlsGroupSettings: {
              Destination: `s3://${props.outputBucketName}/${HLS_KEY_PREFIX}${BOOK_ID_PLACEHOLDER}/index`,
              SegmentLength: 6,
              MinSegmentLength: 0,
              SegmentControl: 'SEGMENTED_FILES',
              ManifestDurationFormat: 'INTEGER',
              DirectoryStructure: 'SINGLE_DIRECTORY',
            },
          },
          Outputs: HLS_LADDER.map(renditionOutput),
        },
      ],
    },
  };
}
