/** A CloudWatch dashboard body: metric widgets two per row, each in the region its metrics live in. */
import type { AlarmThresholds } from './alarms';

/** CloudFront publishes its metrics in us-east-1 only, with dimension Region=Global. */
export const CLOUDFRONT_METRICS_REGION = 'us-east-1';

export interface MetricWidget {
  readonly title: string;
  readonly region: string;
  /** CloudWatch metric arrays: [namespace, metric, dimension, value, ..., { stat, label }]. */
  readonly metrics: readonly (readonly unknown[])[];
  /** Dashed lines at the alarm thresholds. @default none */
  readonly thresholds?: readonly { readonly label: string; readonly value: number }[];
}

const WIDTH = 12;
const HEIGHT = 6;

export function dashboardBody(widgets: readonly MetricWidget[]): string {
  return JSON.stringify({
    widgets: widgets.map((widget, index) => ({
      type: 'metric',
      x: (index % 2) * WIDTH,
      y: Math.floor(index / 2) * HEIGHT,
      width: WIDTH,
      height: HEIGHT,
      properties: {
        title: widget.title,
        region: widget.region,
        view: 'timeSeries',
        stacked: false,
        period: 300,
        metrics: widget.metrics,
        ...(widget.thresholds ? { annotations: { horizontal: widget.thresholds } } : {}),
      },
    })),
  });
}

export interface OverviewInput {
  /** Region of the stack: MediaConvert and SQS metrics. */
  readonly region: string;
  readonly distributionId: string;
  readonly mediaConvertQueueArn: string;
  readonly eventsQueueName: string;
  readonly deadLetterQueueName: string;
  readonly deliveryDeadLetterQueueName: string;
  readonly thresholds: AlarmThresholds;
  readonly additionalCloudfrontMetrics: boolean;
}

/** The widgets of an environment's dashboard, reading its own distribution, MediaConvert queue and SQS queues. */
export function overviewWidgets(input: OverviewInput): MetricWidget[] {
  const cf = (metric: string, stat: string, label: string) => [
    'AWS/CloudFront',
    metric,
    'DistributionId',
    input.distributionId,
    'Region',
    'Global',
    { stat, label },
  ];
  return [
    { title: 'CloudFront requests', region: CLOUDFRONT_METRICS_REGION, metrics: [cf('Requests', 'Sum', 'Requests')] },
    {
      title: 'CloudFront bytes downloaded',
      region: CLOUDFRONT_METRICS_REGION,
      metrics: [cf('BytesDownloaded', 'Sum', 'Bytes downloaded')],
    },
    {
      title: 'CloudFront error rates (%)',
      region: CLOUDFRONT_METRICS_REGION,
      metrics: [cf('4xxErrorRate', 'Average', '4xx'), cf('5xxErrorRate', 'Average', '5xx')],
      thresholds: [
        { label: '4xx alarm', value: input.thresholds.error4xx },
        { label: '5xx alarm', value: input.thresholds.error5xx },
      ],
    },
    ...(input.additionalCloudfrontMetrics
      ? [
          {
            title: 'CloudFront cache hit rate (%)',
            region: CLOUDFRONT_METRICS_REGION,
            metrics: [cf('CacheHitRate', 'Average', 'Cache hit rate')],
            thresholds: [{ label: 'alarm', value: input.thresholds.cacheHitRate }],
          },
          {
            title: 'CloudFront origin latency p90 (ms)',
            region: CLOUDFRONT_METRICS_REGION,
            metrics: [cf('OriginLatency', 'p90', 'Origin latency p90')],
            thresholds: [{ label: 'alarm', value: input.thresholds.originLatency }],
          },
        ]
      : []),
    {
      title: 'MediaConvert jobs',
      region: input.region,
      metrics: [
        ['AWS/MediaConvert', 'JobsCompletedCount', 'Queue', input.mediaConvertQueueArn, { stat: 'Sum', label: 'Completed' }],
        ['AWS/MediaConvert', 'JobsErroredCount', 'Queue', input.mediaConvertQueueArn, { stat: 'Sum', label: 'Errored' }],
      ],
    },
    {
      title: 'Job events waiting',
      region: input.region,
      metrics: [
        ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', input.eventsQueueName, { stat: 'Maximum', label: 'Events queue' }],
        [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          input.deadLetterQueueName,
          { stat: 'Maximum', label: 'Dead-letter queue' },
        ],
        [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          input.deliveryDeadLetterQueueName,
          { stat: 'Maximum', label: 'Undelivered (delivery dead-letter queue)' },
        ],
      ],
    },
  ];
}
