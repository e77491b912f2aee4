import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { describe, expect, it } from 'vitest';
import { JobEvents } from '../../modules/job_events';
import { Observability } from '../../modules/observability';
import { PrivateBucket } from '../../modules/s3_bucket';
import { ST_ENV_1 } from '../../src/guards/rules/st-env-1';
import { guardedStack, hlsDistribution, messagesOf } from './guarded';
import { detailsOf } from './guarded';

const REASON = "[ST-ENV-1] a stack never references another environment's origin, ALB, certificate, zone or bucket";
/** The message for `what` holding `value`, a prod value in the dev stack. */
const prodInDev = (what: string, value: string, path: string) =>
  `${REASON}: ${what} '${value}' belongs to environment prod (token 'prod'), but this stack is dev (${path})`;

describe("ST-ENV-1: no other environment's resources, by name", () => {
  it("finds the ADR's STAGING ALB behind a dev distribution, and a staging target group", () => {
    const stack = guardedStack();
    hlsDistribution(stack, {
      origin: [
        { originId: 'hls', domainName: 'storytime-hls-outputs-dev.s3.us-east-1.amazonaws.com', originAccessControlId: 'E2OAC' },
        {
          originId: 'ALB-Backend',
          domainName: 'webdev-alb-stg-699722072.us-west-1.elb.amazonaws.com',
          customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
        },
      ],
    });
    new LbListenerRule(stack, 'rule', {
      listenerArn: 'arn:aws:elasticloadbalancing:us-west-1:111111111111:listener/app/webdev-alb/1/2',
      priority: 90,
      action: [{ type: 'forward', targetGroupArn: 'arn:aws:elasticloadbalancing:us-west-1:111111111111:targetgroup/api-staging/3' }],
      condition: [{ pathPattern: { values: ['/api/*'] } }],
    });
    expect(messagesOf(stack)).toEqual([
      "[ST-CF-4] CloudFront reaches a custom origin over HTTPS only by a name its certificate can cover: origin ALB-Backend 'webdev-alb-stg-699722072.us-west-1.elb.amazonaws.com' is the ALB's own name, which no certificate can cover (CloudFront answers 502); set alb.originDomainName to a name the ALB certificate covers (guarded/distribution)",
      `${REASON}: origin ALB-Backend 'webdev-alb-stg-699722072.us-west-1.elb.amazonaws.com' belongs to environment staging (token 'stg'), but this stack is dev (guarded/distribution)`,
      `${REASON}: target group 'arn:aws:elasticloadbalancing:us-west-1:111111111111:targetgroup/api-staging/3' belongs to environment staging (token 'staging'), but this stack is dev (guarded/rule)`,
    ]);
  });

  it('finds a prod bucket in a dev stack, unless declared shared', () => {
    const stack = guardedStack();
    new PrivateBucket(stack, 'private', { bucketName: 'storytime-hls-outputs-prod' });
    expect(messagesOf(stack)).toEqual([prodInDev('bucket', 'storytime-hls-outputs-prod', 'guarded/private/bucket')]);
    expect(messagesOf(stack, { sharedValues: ['storytime-hls-outputs-prod'] })).toEqual([]);
  });

  it("reads a distribution's aliases, certificate and web ACL, a listener, and Route53 records", () => {
    const stack = guardedStack();
    const certificate = 'arn:aws:acm:us-east-1:111111111111:certificate/prod-cdn';
    const webAcl = 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/storytime-prod/1';
    const listener = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/storytime-prod/1/2';
    hlsDistribution(stack, {
      aliases: ['cdn.prod.storytime.example'],
      viewerCertificate: { acmCertificateArn: certificate, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
      webAclId: webAcl,
    });
    new LbListenerRule(stack, 'rule', {
      listenerArn: listener,
      priority: 90,
      action: [{ type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '403' } }],
      condition: [{ pathPattern: { values: ['/api/*'] } }],
    });
    new Route53Record(stack, 'record', {
      name: 'cdn.prod.storytime.example',
      type: 'A',
      zoneId: 'Z-prod-zone',
      records: ['1.2.3.4'],
      ttl: 60,
    });
    expect(messagesOf(stack, {}, [ST_ENV_1])).toEqual([
      prodInDev('alias', 'cdn.prod.storytime.example', 'guarded/distribution'),
      prodInDev('certificate', certificate, 'guarded/distribution'),
      prodInDev('web ACL', webAcl, 'guarded/distribution'),
      prodInDev('listener', listener, 'guarded/rule'),
      prodInDev('record', 'cdn.prod.storytime.example', 'guarded/record'),
      prodInDev('hosted zone', 'Z-prod-zone', 'guarded/record'),
    ]);
  });

  it('passes a dev stack whose job-event queues and rule are dev', () => {
    const stack = guardedStack();
    new JobEvents(stack, 'events', {
      namePrefix: 'storytime-dev',
      mediaConvertQueueArn: 'arn:aws:mediaconvert:us-east-1:111111111111:queues/storytime-dev-hls',
    });
    expect(messagesOf(stack)).toEqual([]);
  });

  it("finds prod's job-event queue names, rule name and MediaConvert queue inside a dev stack", () => {
    const stack = guardedStack();
    new JobEvents(stack, 'events', {
      namePrefix: 'storytime-prod',
      mediaConvertQueueArn: 'arn:aws:mediaconvert:us-east-1:111111111111:queues/storytime-prod-hls',
    });
    expect(messagesOf(stack)).toEqual([
      prodInDev('name', 'storytime-prod-mediaconvert-events-dlq', 'guarded/events/dead-letter-queue'),
      prodInDev('name', 'storytime-prod-mediaconvert-events', 'guarded/events/queue'),
      prodInDev('name', 'storytime-prod-mediaconvert-events-delivery-dlq', 'guarded/events/delivery-dead-letter-queue'),
      prodInDev('name', 'storytime-prod-mediaconvert-job-state', 'guarded/events/rule'),
      expect.stringMatching(
        /^\[ST-ENV-1\] [^:]+: event_pattern '\{.*"queue":\["arn:aws:mediaconvert:us-east-1:111111111111:queues\/storytime-prod-hls"\].*\}' belongs to environment prod \(token 'prod'\), but this stack is dev \(guarded\/events\/rule\)$/,
      ),
    ]);
  });

  it("finds prod's topic, subscription, alarms and dashboard inside a dev stack", () => {
    const stack = guardedStack();
    new Observability(stack, 'observability', {
      namePrefix: 'storytime-prod',
      region: 'us-east-1',
      accountId: '111111111111',
      distributionId: 'E2ABCDEFGHIJKL',
      mediaConvertQueueArn: 'arn:aws:mediaconvert:us-east-1:111111111111:queues/storytime-dev-hls',
      eventsQueueName: 'storytime-dev-mediaconvert-events',
      deadLetterQueueName: 'storytime-prod-mediaconvert-events-dlq',
      eventRuleName: 'storytime-prod-mediaconvert-job-state',
      deliveryDeadLetterQueueName: 'storytime-prod-mediaconvert-events-delivery-dlq',
      emails: ['oncall@prod.storytime.example'],
    });
    expect(messagesOf(stack)).toEqual([
      prodInDev('name', 'storytime-prod-alarms', 'guarded/observability/topic/topic'),
      prodInDev('endpoint', 'oncall@prod.storytime.example', 'guarded/observability/topic/email-0'),
      prodInDev('alarm_name', 'storytime-prod-cloudfront-5xx-error-rate', 'guarded/observability/cloudfront-5xx'),
      prodInDev('alarm_name', 'storytime-prod-cloudfront-4xx-error-rate', 'guarded/observability/cloudfront-4xx'),
      prodInDev('alarm_name', 'storytime-prod-mediaconvert-errored-jobs', 'guarded/observability/mediaconvert-errors'),
      prodInDev('alarm_name', 'storytime-prod-job-events-dead-letters', 'guarded/observability/job-events-dead-letters'),
      prodInDev('alarm_name', 'storytime-prod-job-events-failed-deliveries', 'guarded/observability/job-events-failed-deliveries'),
      prodInDev('alarm_name', 'storytime-prod-job-events-undelivered', 'guarded/observability/job-events-undelivered'),
      prodInDev('dashboard_name', 'storytime-prod-overview', 'guarded/observability/dashboard'),
      expect.stringMatching(
        /^\[ST-ENV-1\] [^:]+: dashboard_body '\{"widgets":.*"storytime-prod-mediaconvert-events-dlq".*\}' belongs to environment prod \(token 'prod'\), but this stack is dev \(guarded\/observability\/dashboard\)$/,
      ),
      prodInDev('alarm dimension', 'storytime-prod-mediaconvert-events-dlq', 'guarded/observability/job-events-dead-letters'),
      prodInDev('alarm dimension', 'storytime-prod-mediaconvert-job-state', 'guarded/observability/job-events-failed-deliveries'),
      prodInDev('alarm dimension', 'storytime-prod-mediaconvert-events-delivery-dlq', 'guarded/observability/job-events-undelivered'),
    ]);
  });
});

describe('ST-ENV-1, in detail', () => {
  it("reads the MediaConvert queue's name", () => {
    expect(
      detailsOf(ST_ENV_1, { aws_media_convert_queue: { q: { name: 'storytime-prod-jobs' } } }, { environments: ['dev', 'prod'] }),
    ).toEqual(["name 'storytime-prod-jobs' belongs to environment prod (token 'prod'), but this stack is dev"]);
  });
});
