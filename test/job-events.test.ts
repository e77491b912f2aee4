import { describe, expect, it } from 'vitest';
import { addressAt, exampleWith, type Json, problemsOf, resourceAt, synthAll } from './helpers';

const stacks = synthAll();
const ENVIRONMENTS = ['dev', 'prod'] as const;
const json = (environment: string): Json => stacks[`storytime-${environment}`];
const ref = (stack: Json, type: string, path: string, attribute: string) => `\${${addressAt(stack, type, path)}.${attribute}}`;

describe.each(ENVIRONMENTS)('MediaConvert job events of %s', (environment) => {
  const stack = json(environment);
  const mediaConvertQueue = ref(stack, 'aws_media_convert_queue', 'mediaconvert/queue', 'arn');
  const eventsQueueArn = ref(stack, 'aws_sqs_queue', 'job-events/queue', 'arn');
  const ruleArn = ref(stack, 'aws_cloudwatch_event_rule', 'job-events/rule', 'arn');

  it("matches final job states of this environment's MediaConvert queue only", () => {
    const rule = resourceAt(stack, 'aws_cloudwatch_event_rule', 'job-events/rule');
    expect(rule.name).toBe(`storytime-${environment}-mediaconvert-job-state`);
    expect(rule.description).toBe(
      `MediaConvert job state changes of storytime-${environment} to storytime-${environment}-mediaconvert-events`,
    );
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.mediaconvert'],
      'detail-type': ['MediaConvert Job State Change'],
      detail: { queue: [mediaConvertQueue], status: ['COMPLETE', 'ERROR', 'CANCELED'] },
    });
  });

  it('delivers to the encrypted events queue, which dead-letters after 5 receives', () => {
    const target = resourceAt(stack, 'aws_cloudwatch_event_target', 'job-events/target');
    expect(target.rule).toBe(ref(stack, 'aws_cloudwatch_event_rule', 'job-events/rule', 'name'));
    expect(target.arn).toBe(eventsQueueArn);
    expect(target.target_id).toBe('rails-queue');
    const queue = resourceAt(stack, 'aws_sqs_queue', 'job-events/queue');
    expect(queue).toMatchObject({
      name: `storytime-${environment}-mediaconvert-events`,
      sqs_managed_sse_enabled: true,
      visibility_timeout_seconds: 60,
      message_retention_seconds: 345600,
    });
    expect(queue.kms_master_key_id).toBeUndefined();
    expect(JSON.parse(queue.redrive_policy)).toEqual({
      deadLetterTargetArn: ref(stack, 'aws_sqs_queue', 'job-events/dead-letter-queue', 'arn'),
      maxReceiveCount: 5,
    });
    expect(resourceAt(stack, 'aws_sqs_queue', 'job-events/dead-letter-queue')).toMatchObject({
      name: `storytime-${environment}-mediaconvert-events-dlq`,
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 1209600,
    });
  });

  it('retries delivery for 24 hours, 185 times, then dead-letters the event in an encrypted queue of its own', () => {
    const target = resourceAt(stack, 'aws_cloudwatch_event_target', 'job-events/target');
    expect(target.retry_policy).toEqual({ maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 });
    const deliveryDeadLetters = ref(stack, 'aws_sqs_queue', 'job-events/delivery-dead-letter-queue', 'arn');
    expect(target.dead_letter_config).toEqual({ arn: deliveryDeadLetters });
    const queue = resourceAt(stack, 'aws_sqs_queue', 'job-events/delivery-dead-letter-queue');
    expect(queue).toMatchObject({
      name: `storytime-${environment}-mediaconvert-events-delivery-dlq`,
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 1209600,
    });
    expect(queue.kms_master_key_id).toBeUndefined();
    const policy = resourceAt(stack, 'aws_sqs_queue_policy', 'job-events/delivery-dead-letter-queue-policy');
    expect(policy.queue_url).toBe(ref(stack, 'aws_sqs_queue', 'job-events/delivery-dead-letter-queue', 'url'));
    expect(JSON.parse(policy.policy).Statement).toEqual([
      {
        Sid: 'AllowJobStateRuleDeadLetters',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: deliveryDeadLetters,
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Resource: deliveryDeadLetters,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it('lets only the rule send to the queue, and nobody without TLS', () => {
    const policy = resourceAt(stack, 'aws_sqs_queue_policy', 'job-events/queue-policy');
    expect(policy.queue_url).toBe(ref(stack, 'aws_sqs_queue', 'job-events/queue', 'url'));
    expect(JSON.parse(policy.policy).Statement).toEqual([
      {
        Sid: 'AllowJobStateRule',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: eventsQueueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Resource: eventsQueueArn,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
    const deadLetter = JSON.parse(resourceAt(stack, 'aws_sqs_queue_policy', 'job-events/dead-letter-queue-policy').policy);
    expect(deadLetter.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Resource: ref(stack, 'aws_sqs_queue', 'job-events/dead-letter-queue', 'arn'),
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ]);
  });

  it('lets Rails consume that queue and no other', () => {
    const statements = JSON.parse(resourceAt(stack, 'aws_iam_policy', 'iam/rails-policy').policy).Statement;
    const sqs = statements.filter((statement: Json) => [statement.Action].flat().some((action: string) => action.startsWith('sqs:')));
    expect(sqs).toEqual([
      {
        Sid: 'ConsumeJobEvents',
        Effect: 'Allow',
        Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
        Resource: eventsQueueArn,
      },
    ]);
  });

  it('puts the book id in the UserMetadata of every job, which its events carry', () => {
    const template = JSON.parse(stack.output.mediaconvert_job_settings_template.value);
    expect(template.UserMetadata).toEqual({ book_id: '{{book_id}}' });
  });

  it('exports the queue URL and ARN for rails-env', () => {
    expect(stack.output.mediaconvert_events_queue_url.value).toBe(ref(stack, 'aws_sqs_queue', 'job-events/queue', 'url'));
    expect(stack.output.mediaconvert_events_queue_arn.value).toBe(eventsQueueArn);
  });
});

describe('job events settings', () => {
  it('adds PROGRESSING and changes the receive count when asked', () => {
    const stack = synthAll(exampleWith('dev', (settings) => (settings.jobEvents = { includeProgressing: true, maxReceiveCount: 3 })))[
      'storytime-dev'
    ];
    const pattern = JSON.parse(resourceAt(stack, 'aws_cloudwatch_event_rule', 'job-events/rule').event_pattern);
    expect(pattern.detail.status).toEqual(['PROGRESSING', 'COMPLETE', 'ERROR', 'CANCELED']);
    expect(JSON.parse(resourceAt(stack, 'aws_sqs_queue', 'job-events/queue').redrive_policy).maxReceiveCount).toBe(3);
  });

  it('retries delivery for the age and attempts of the settings', () => {
    const stack = synthAll(exampleWith('prod', (settings) => (settings.jobEvents = { maxEventAgeSeconds: 3600, maxRetryAttempts: 10 })))[
      'storytime-prod'
    ];
    expect(resourceAt(stack, 'aws_cloudwatch_event_target', 'job-events/target').retry_policy).toEqual({
      maximum_event_age_in_seconds: 3600,
      maximum_retry_attempts: 10,
    });
  });

  it.each([
    [
      { maxEventAgeSeconds: 59 },
      'prod: jobEvents.maxEventAgeSeconds: expected 60 to 86400 seconds (EventBridge retries an event for at most 24 hours)',
    ],
    [
      { maxEventAgeSeconds: 86401 },
      'prod: jobEvents.maxEventAgeSeconds: expected 60 to 86400 seconds (EventBridge retries an event for at most 24 hours)',
    ],
    [
      { maxRetryAttempts: 186 },
      'prod: jobEvents.maxRetryAttempts: expected 0 to 185 attempts (EventBridge retries a delivery at most 185 times)',
    ],
    [
      { maxRetryAttempts: 1.5 },
      'prod: jobEvents.maxRetryAttempts: expected 0 to 185 attempts (EventBridge retries a delivery at most 185 times)',
    ],
  ])('rejects %j', (jobEvents, problem) => {
    expect(problemsOf(exampleWith('prod', (settings) => (settings.jobEvents = jobEvents)))).toEqual([problem]);
  });

  it('accepts no retry at all', () => {
    expect(problemsOf(exampleWith('prod', (settings) => (settings.jobEvents = { maxRetryAttempts: 0 })))).toEqual([]);
  });

  it.each([0, 1001, 2.5])('rejects maxReceiveCount %s', (value) => {
    const problems = problemsOf(exampleWith('prod', (settings) => (settings.jobEvents = { maxReceiveCount: value })));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^prod: jobEvents\.maxReceiveCount: /);
  });

  it('rejects an unknown field', () => {
    expect(problemsOf(exampleWith('dev', (settings) => (settings.jobEvents = { statuses: ['COMPLETE'] })))).toEqual([
      'dev: jobEvents: unknown field(s) statuses',
    ]);
  });
});
