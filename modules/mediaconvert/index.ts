import { MediaConvertQueue } from '@cdktf/provider-aws/lib/media-convert-queue';
import { Construct } from 'constructs';

export interface MediaConvertProps {
  /** Prefix of every name, e.g. `storytime-dev`. */
  readonly namePrefix: string;
}

/** The environment's own on-demand queue, so DEV jobs never delay PROD jobs. */
export class MediaConvert extends Construct {
  readonly queueArn: string;
  readonly queueName: string;

  constructor(scope: Construct, id: string, props: MediaConvertProps) {
    super(scope, id);
    const queue = new MediaConvertQueue(this, 'queue', {
      name: `${props.namePrefix}-hls`,
      description: `${props.namePrefix} HLS packaging jobs`,
      pricingPlan: 'ON_DEMAND',
      status: 'ACTIVE',
    });
    this.queueArn = queue.arn;
    this.queueName = queue.name;
  }
}

export * from './job-settings';
