import { describe, expect, it } from 'vitest';
import { addressAt, exampleWith, type Json, problemsOf, resourceAt, resourcesOf, synthAll } from './helpers';

const ACCOUNT = { dev: '111111111111', prod: '222222222222' } as const;
const stacks = synthAll();
const ref = (stack: Json, type: string, path: string, attribute: string) => `\${${addressAt(stack, type, path)}.${attribute}}`;
const alarmsOf = (stack: Json): Record<string, Json> =>
  Object.fromEntries(resourcesOf(stack, 'aws_cloudwatch_metric_alarm').map(([, alarm]) => [alarm.alarm_name, alarm]));
const widgetsOf = (stack: Json): Json[] =>
  JSON.parse(resourceAt(stack, 'aws_cloudwatch_dashboard', 'observability/dashboard').dashboard_body).widgets;

describe.each(['dev', 'prod'] as const)('alarms of %s', (environment) => {
  const stack = stacks[`storytime-${environment}`];
  const prefix = `storytime-${environment}`;
  const topicArn = ref(stack, 'aws_sns_topic', 'observability/topic/topic', 'arn');
  const distribution = { DistributionId: ref(stack, 'aws_cloudfront_distribution', 'cdn/distribution', 'id'), Region: 'Global' };

  it('notify an SNS topic encrypted with a rotated customer key that CloudWatch may use', () => {
    const topic = resourceAt(stack, 'aws_sns_topic', 'observability/topic/topic');
    expect(topic.name).toBe(`${prefix}-alarms`);
    expect(topic.kms_master_key_id).toBe(ref(stack, 'aws_kms_key', 'observability/topic/key', 'arn'));
    const key = resourceAt(stack, 'aws_kms_key', 'observability/topic/key');
    expect(key.enable_key_rotation).toBe(true);
    expect(JSON.parse(key.policy).Statement).toContainEqual({
      Sid: 'CloudWatchAlarmsEncryptNotifications',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT[environment] } },
    });
    const policy = resourceAt(stack, 'aws_sns_topic_policy', 'observability/topic/policy');
    expect(policy.arn).toBe(topicArn);
    expect(JSON.parse(policy.policy).Statement).toEqual([
      {
        Sid: 'AllowAlarmsOfThisEnvironment',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCOUNT[environment] },
          ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:us-east-1:${ACCOUNT[environment]}:alarm:${prefix}-*` },
        },
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it('watch CloudFront error rates, errored MediaConvert jobs of this queue, dead letters, event delivery and the API target group, with the default thresholds', () => {
    const alarms = alarmsOf(stack);
    expect(Object.keys(alarms).sort()).toEqual(
      [
        `${prefix}-api-target-5xx`,
        `${prefix}-api-target-response-time`,
        `${prefix}-cloudfront-4xx-error-rate`,
        `${prefix}-cloudfront-5xx-error-rate`,
        `${prefix}-job-events-dead-letters`,
        `${prefix}-job-events-failed-deliveries`,
        `${prefix}-job-events-undelivered`,
        `${prefix}-mediaconvert-errored-jobs`,
      ].sort(),
    );
    const common = { period: 300, treat_missing_data: 'notBreaching', alarm_actions: [topicArn], ok_actions: [topicArn] };
    expect(alarms[`${prefix}-cloudfront-5xx-error-rate`]).toMatchObject({
      ...common,
      namespace: 'AWS/CloudFront',
      metric_name: '5xxErrorRate',
      dimensions: distribution,
      statistic: 'Average',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 1,
      evaluation_periods: 3,
      datapoints_to_alarm: 2,
    });
    expect(alarms[`${prefix}-cloudfront-4xx-error-rate`]).toMatchObject({
      ...common,
      metric_name: '4xxErrorRate',
      dimensions: distribution,
      threshold: 5,
    });
    expect(alarms[`${prefix}-mediaconvert-errored-jobs`]).toMatchObject({
      ...common,
      namespace: 'AWS/MediaConvert',
      metric_name: 'JobsErroredCount',
      dimensions: { Queue: ref(stack, 'aws_media_convert_queue', 'mediaconvert/queue', 'arn') },
      statistic: 'Sum',
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
    });
    expect(alarms[`${prefix}-job-events-dead-letters`]).toMatchObject({
      ...common,
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: ref(stack, 'aws_sqs_queue', 'job-events/dead-letter-queue', 'name') },
      statistic: 'Maximum',
      threshold: 1,
    });
    expect(alarms[`${prefix}-job-events-failed-deliveries`]).toMatchObject({
      ...common,
      namespace: 'AWS/Events',
      metric_name: 'FailedInvocations',
      dimensions: { RuleName: ref(stack, 'aws_cloudwatch_event_rule', 'job-events/rule', 'name') },
      statistic: 'Sum',
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      evaluation_periods: 1,
    });
    expect(alarms[`${prefix}-job-events-undelivered`]).toMatchObject({
      ...common,
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: ref(stack, 'aws_sqs_queue', 'job-events/delivery-dead-letter-queue', 'name') },
      statistic: 'Maximum',
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
    });
    // Seed 000: HTTP 5XX count > 10 in 5 minutes, target response time p95 > 1500 ms, on the API target group of the listener.
    const api = {
      LoadBalancer: `app/storytime-${environment}/0123456789abcdef`,
      TargetGroup: `targetgroup/storytime-${environment}-api/0123456789abcdef`,
    };
    expect(alarms[`${prefix}-api-target-5xx`]).toMatchObject({
      ...common,
      namespace: 'AWS/ApplicationELB',
      metric_name: 'HTTPCode_Target_5XX_Count',
      dimensions: api,
      statistic: 'Sum',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 10,
      evaluation_periods: 1,
      datapoints_to_alarm: 1,
    });
    expect(alarms[`${prefix}-api-target-response-time`]).toMatchObject({
      ...common,
      namespace: 'AWS/ApplicationELB',
      metric_name: 'TargetResponseTime',
      dimensions: api,
      extended_statistic: 'p95',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 1.5,
      evaluation_periods: 3,
      datapoints_to_alarm: 2,
    });
    // The stack is in us-east-1: every alarm uses its one provider, and CloudFront costs nothing extra.
    for (const alarm of Object.values(alarms)) expect(alarm.provider).toBeUndefined();
    expect(resourcesOf(stack, 'aws_cloudfront_monitoring_subscription')).toEqual([]);
    expect(resourcesOf(stack, 'aws_sns_topic')).toHaveLength(1);
  });

  it("has a dashboard whose widgets read this environment's distribution, queue and SQS queues only", () => {
    expect(resourceAt(stack, 'aws_cloudwatch_dashboard', 'observability/dashboard').dashboard_name).toBe(`${prefix}-overview`);
    const widgets = widgetsOf(stack);
    expect(widgets.map((widget) => [widget.properties.title, widget.properties.region])).toEqual([
      ['CloudFront requests', 'us-east-1'],
      ['CloudFront bytes downloaded', 'us-east-1'],
      ['CloudFront error rates (%)', 'us-east-1'],
      ['MediaConvert jobs', 'us-east-1'],
      ['Job events waiting', 'us-east-1'],
    ]);
    const metrics = widgets.flatMap((widget) => widget.properties.metrics.map((metric: Json[]) => metric.slice(0, -1)));
    expect(metrics).toEqual([
      ['AWS/CloudFront', 'Requests', 'DistributionId', distribution.DistributionId, 'Region', 'Global'],
      ['AWS/CloudFront', 'BytesDownloaded', 'DistributionId', distribution.DistributionId, 'Region', 'Global'],
      ['AWS/CloudFront', '4xxErrorRate', 'DistributionId', distribution.DistributionId, 'Region', 'Global'],
      ['AWS/CloudFront', '5xxErrorRate', 'DistributionId', distribution.DistributionId, 'Region', 'Global'],
      ['AWS/MediaConvert', 'JobsCompletedCount', 'Queue', ref(stack, 'aws_media_convert_queue', 'mediaconvert/queue', 'arn')],
      ['AWS/MediaConvert', 'JobsErroredCount', 'Queue', ref(stack, 'aws_media_convert_queue', 'mediaconvert/queue', 'arn')],
      ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', ref(stack, 'aws_sqs_queue', 'job-events/queue', 'name')],
      ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', ref(stack, 'aws_sqs_queue', 'job-events/dead-letter-queue', 'name')],
      [
        'AWS/SQS',
        'ApproximateNumberOfMessagesVisible',
        'QueueName',
        ref(stack, 'aws_sqs_queue', 'job-events/delivery-dead-letter-queue', 'name'),
      ],
    ]);
    expect(widgets[2].properties.annotations.horizontal).toEqual([
      { label: '4xx alarm', value: 5 },
      { label: '5xx alarm', value: 1 },
    ]);
  });

  it('exports the topic and the dashboard name', () => {
    expect(stack.output.alarm_topic_arn.value).toBe(topicArn);
    expect(stack.output.dashboard_name.value).toBe(ref(stack, 'aws_cloudwatch_dashboard', 'observability/dashboard', 'dashboard_name'));
  });
});

describe('alarm settings', () => {
  it('creates CloudFront alarms and their topic in us-east-1 when the stack is in another region', () => {
    const stack = synthAll(
      exampleWith('dev', (settings) => {
        settings.aws.region = 'eu-west-1';
        // The example ALB is regional to us-east-1; this test is about the alarms.
        settings.alb = { enabled: false };
        settings.alarms = { emails: ['oncall@storytime.example'] };
      }),
    )['storytime-dev'];
    const alarms = alarmsOf(stack);
    const usEast1Topic = ref(stack, 'aws_sns_topic', 'observability/cloudfront-topic/topic', 'arn');
    const regionalTopic = ref(stack, 'aws_sns_topic', 'observability/topic/topic', 'arn');
    for (const name of ['storytime-dev-cloudfront-5xx-error-rate', 'storytime-dev-cloudfront-4xx-error-rate']) {
      expect(alarms[name]).toMatchObject({ provider: 'aws.cloudfront_logs', alarm_actions: [usEast1Topic] });
    }
    for (const name of ['storytime-dev-mediaconvert-errored-jobs', 'storytime-dev-job-events-dead-letters']) {
      expect(alarms[name].provider).toBeUndefined();
      expect(alarms[name].alarm_actions).toEqual([regionalTopic]);
    }
    const usEast1 = resourceAt(stack, 'aws_sns_topic', 'observability/cloudfront-topic/topic');
    expect(usEast1).toMatchObject({ provider: 'aws.cloudfront_logs', name: 'storytime-dev-alarms' });
    expect(usEast1.kms_master_key_id).toBe(ref(stack, 'aws_kms_key', 'observability/cloudfront-topic/key', 'arn'));
    expect(resourceAt(stack, 'aws_kms_key', 'observability/cloudfront-topic/key')).toMatchObject({
      provider: 'aws.cloudfront_logs',
      enable_key_rotation: true,
    });
    const sourceArn = (path: string) =>
      JSON.parse(resourceAt(stack, 'aws_sns_topic_policy', path).policy).Statement[0].Condition.ArnLike['aws:SourceArn'];
    expect(sourceArn('observability/cloudfront-topic/policy')).toBe('arn:aws:cloudwatch:us-east-1:111111111111:alarm:storytime-dev-*');
    expect(sourceArn('observability/topic/policy')).toBe('arn:aws:cloudwatch:eu-west-1:111111111111:alarm:storytime-dev-*');
    const subscriptions = resourcesOf(stack, 'aws_sns_topic_subscription').map(([, subscription]) => [
      subscription.topic_arn,
      subscription.protocol,
      subscription.endpoint,
    ]);
    expect(subscriptions.sort()).toEqual(
      [
        [usEast1Topic, 'email', 'oncall@storytime.example'],
        [regionalTopic, 'email', 'oncall@storytime.example'],
      ].sort(),
    );
    const regions = widgetsOf(stack).map((widget) => widget.properties.region);
    expect(regions).toEqual(['us-east-1', 'us-east-1', 'us-east-1', 'eu-west-1', 'eu-west-1']);
  });

  it('uses the thresholds of the settings', () => {
    const stack = synthAll(
      exampleWith('prod', (settings) => {
        settings.alarms = {
          cloudfront5xxErrorRatePercent: 0.5,
          cloudfront4xxErrorRatePercent: 2.5,
          mediaConvertErroredJobs: 3,
          deadLetterMessages: 10,
          failedEventDeliveries: 2,
          undeliveredEvents: 4,
          albTarget5xxCount: 25,
          albTargetResponseTimeMs: 800,
        };
      }),
    )['storytime-prod'];
    const alarms = alarmsOf(stack);
    expect(alarms['storytime-prod-cloudfront-5xx-error-rate'].threshold).toBe(0.5);
    expect(alarms['storytime-prod-cloudfront-4xx-error-rate'].threshold).toBe(2.5);
    expect(alarms['storytime-prod-mediaconvert-errored-jobs'].threshold).toBe(3);
    expect(alarms['storytime-prod-job-events-dead-letters'].threshold).toBe(10);
    expect(alarms['storytime-prod-job-events-failed-deliveries'].threshold).toBe(2);
    expect(alarms['storytime-prod-job-events-undelivered'].threshold).toBe(4);
    expect(alarms['storytime-prod-api-target-5xx'].threshold).toBe(25);
    expect(alarms['storytime-prod-api-target-response-time'].threshold).toBe(0.8);
    expect(widgetsOf(stack)[2].properties.annotations.horizontal).toEqual([
      { label: '4xx alarm', value: 2.5 },
      { label: '5xx alarm', value: 0.5 },
    ]);
  });

  it('subscribes to CloudFront additional metrics only when asked, and then alarms on cache hit rate and origin latency', () => {
    const stack = synthAll(
      exampleWith('prod', (settings) => {
        settings.alarms = { additionalCloudfrontMetrics: true, cacheHitRatePercent: 90 };
      }),
    )['storytime-prod'];
    const distributionId = ref(stack, 'aws_cloudfront_distribution', 'cdn/distribution', 'id');
    expect(resourceAt(stack, 'aws_cloudfront_monitoring_subscription', 'observability/additional-metrics')).toMatchObject({
      distribution_id: distributionId,
      monitoring_subscription: { realtime_metrics_subscription_config: { realtime_metrics_subscription_status: 'Enabled' } },
    });
    const alarms = alarmsOf(stack);
    expect(alarms['storytime-prod-cloudfront-cache-hit-rate']).toMatchObject({
      namespace: 'AWS/CloudFront',
      metric_name: 'CacheHitRate',
      dimensions: { DistributionId: distributionId, Region: 'Global' },
      statistic: 'Average',
      comparison_operator: 'LessThanThreshold',
      threshold: 90,
    });
    const latency = alarms['storytime-prod-cloudfront-origin-latency'];
    expect(latency).toMatchObject({
      metric_name: 'OriginLatency',
      extended_statistic: 'p90',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 1000,
    });
    expect(latency.statistic).toBeUndefined();
    expect(widgetsOf(stack).map((widget) => widget.properties.title)).toContain('CloudFront cache hit rate (%)');
  });

  it.each([
    [
      { cacheHitRatePercent: 80 },
      'prod: alarms.cacheHitRatePercent: requires additionalCloudfrontMetrics: true (CloudFront publishes this metric only as an additional metric)',
    ],
    [
      { originLatencyMs: 500, additionalCloudfrontMetrics: false },
      'prod: alarms.originLatencyMs: requires additionalCloudfrontMetrics: true (CloudFront publishes this metric only as an additional metric)',
    ],
    [{ cloudfront5xxErrorRatePercent: 0 }, 'prod: alarms.cloudfront5xxErrorRatePercent: expected a percentage above 0'],
    [{ cloudfront4xxErrorRatePercent: 150 }, 'prod: alarms.cloudfront4xxErrorRatePercent: expected a percentage of at most 100'],
    [{ mediaConvertErroredJobs: 0 }, 'prod: alarms.mediaConvertErroredJobs: expected at least 1 job'],
    [{ emails: ['oncall'] }, 'prod: alarms.emails[0]: expected an email address'],
    [{ failedEventDeliveries: 0 }, 'prod: alarms.failedEventDeliveries: expected at least 1 event'],
    [{ undeliveredEvents: 0 }, 'prod: alarms.undeliveredEvents: expected at least 1 message'],
    [{ albTarget5xxCount: 0 }, 'prod: alarms.albTarget5xxCount: expected at least 1 answer'],
    [{ albTargetResponseTimeMs: 60001 }, 'prod: alarms.albTargetResponseTimeMs: expected 1 to 60000 ms'],
  ])('rejects %j', (alarms, problem) => {
    expect(problemsOf(exampleWith('prod', (settings) => (settings.alarms = alarms)))).toEqual([problem]);
  });

  it('refuses API target group thresholds without the ALB origin, and has no such alarm then', () => {
    const withoutAlb = (alarms: Json) =>
      exampleWith('prod', (settings) => {
        settings.alb = { enabled: false };
        settings.alarms = alarms;
      });
    expect(problemsOf(withoutAlb({ albTarget5xxCount: 5, albTargetResponseTimeMs: 900 }))).toEqual([
      'prod: alarms.albTarget5xxCount: requires the ALB origin (alb.enabled: true): the alarm watches its API target group',
      'prod: alarms.albTargetResponseTimeMs: requires the ALB origin (alb.enabled: true): the alarm watches its API target group',
    ]);
    const names = Object.keys(alarmsOf(synthAll(withoutAlb({}))['storytime-prod']));
    expect(names.filter((name) => name.includes('api-target'))).toEqual([]);
  });
});

describe('alarm emails', () => {
  it('subscribes the prod example on-call address to the prod topic', () => {
    const stack = stacks['storytime-prod'];
    expect(resourcesOf(stack, 'aws_sns_topic_subscription').map(([, subscription]) => subscription)).toEqual([
      expect.objectContaining({
        topic_arn: ref(stack, 'aws_sns_topic', 'observability/topic/topic', 'arn'),
        protocol: 'email',
        endpoint: 'video-oncall@storytime.example',
      }),
    ]);
    expect(resourcesOf(stacks['storytime-dev'], 'aws_sns_topic_subscription')).toEqual([]);
  });

  it("refuses to send prod's alarms to a dev address", () => {
    expect(problemsOf(exampleWith('prod', (settings) => (settings.alarms = { emails: ['oncall@dev.storytime.example'] })))).toEqual([
      "prod: alarms.emails[0]: 'oncall@dev.storytime.example' belongs to environment dev (token 'dev'), but this stack is prod; point it at the prod resource or mark the block shared with a reason",
    ]);
  });
});
