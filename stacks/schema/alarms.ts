/** Alarm thresholds and recipients; which thresholds need CloudFront's additional metrics is modules/observability's rule. */
import { z } from 'zod';
import { additionalMetricsProblems, alarmEmailsProblems } from '../../modules/observability';
import { addChecks } from './module-checks';

const percent = z.number().gt(0, 'expected a percentage above 0').max(100, 'expected a percentage of at most 100');

export const alarms = z
  .object({
    /** Addresses subscribed to the alarm topic by email; each confirms once. */
    emails: z.array(z.string().email('expected an email address')).max(20, 'expected at most 20 addresses').optional(),
    cloudfront5xxErrorRatePercent: percent.optional(),
    /** 4xx includes the 403 of viewers without valid signed cookies. */
    cloudfront4xxErrorRatePercent: percent.optional(),
    mediaConvertErroredJobs: z.number().int().min(1, 'expected at least 1 job').optional(),
    deadLetterMessages: z.number().int().min(1, 'expected at least 1 message').optional(),
    /** EventBridge FailedInvocations of the job-event rule in 5 minutes. */
    failedEventDeliveries: z.number().int().min(1, 'expected at least 1 event').optional(),
    /** Job events waiting in the delivery dead-letter queue. */
    undeliveredEvents: z.number().int().min(1, 'expected at least 1 message').optional(),
    /** 5xx answers of the API target group in 5 minutes (needs alb.enabled). */
    albTarget5xxCount: z.number().int().min(1, 'expected at least 1 answer').optional(),
    /** p95 response time of the API target group (needs alb.enabled). */
    albTargetResponseTimeMs: z.number().int().min(1, 'expected 1 to 60000 ms').max(60000, 'expected 1 to 60000 ms').optional(),
    /** CloudFront additional metrics (charged monthly per distribution); needed for the two thresholds below. */
    additionalCloudfrontMetrics: z.boolean().optional(),
    cacheHitRatePercent: percent.optional(),
    originLatencyMs: z.number().int().min(1, 'expected 1 to 60000 ms').max(60000, 'expected 1 to 60000 ms').optional(),
  })
  .strict()
  .superRefine((settings, ctx) => {
    addChecks(ctx, [], additionalMetricsProblems(settings));
    addChecks(ctx, ['emails'], alarmEmailsProblems(settings.emails));
  });
