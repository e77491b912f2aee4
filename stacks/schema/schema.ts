/**
 * The settings of one environment (docs/settings.md): types, shapes and the
 * rules between fields. What a module requires of its own props is the
 * module's rule: the blocks call its validators (module-checks.ts).
 */
import { z } from 'zod';
import { apiHostProblem } from '../../modules/alb_rules';
import { apiOriginLoopProblem } from '../../modules/cloudfront_hls';
import { replicaRegionProblem } from '../../modules/hls_replica';
import { ARCHIVE_STORAGE_CLASSES } from '../../modules/s3_bucket';
import { uploadPrefixProblem } from '../../modules/iam_roles';
import { maxEventAgeProblem, maxReceiveCountProblem, maxRetryAttemptsProblem } from '../../modules/job_events';
import { albTargetProblems } from '../../modules/observability';
import { environmentNameProblem } from '../naming';
import { alb } from './alb';
import { alarms } from './alarms';
import { arnScopeProblem } from './arn-scope';
import { arnOf, KMS_KEY } from './arns';
import { accountId, httpsOrigin, iamRoleName, isAccountId, isHttpsOrigin, region, regionProblem, tags } from './aws-values';
import { backend, checkStateLogBucketName } from './backend';
import { checkBucketNames } from './bucket-names';
import { checkDeployIdentities, deployIdentities } from './deploy-identities';
import { cdn, signing } from './cdn';
import { environmentBoundValues } from './environment-bound';
import { listedOnce } from './lists';
import { addChecks, checkedBy } from './module-checks';
import { shared } from './shared';
import { tier } from './tier';

export { terraformCloudHostname, terraformCloudOrganization, type S3BackendSettings } from './backend';

const awsTarget = z
  .object({
    region,
    /** Account the stack deploys to; used in ARNs and `aws:SourceAccount` conditions. */
    accountId,
    /** Terraform refuses to run against any other account. */
    allowedAccountIds: z.array(accountId).min(1, 'expected at least one allowed account id').superRefine(listedOnce(isAccountId)),
    /** Another environment deploys to one of these accounts too; each environment has its own account otherwise. */
    shared: shared.optional(),
  })
  .strict()
  .superRefine((aws, ctx) => {
    // A malformed account id is reported by its own rule, once.
    if (
      [aws.accountId, ...aws.allowedAccountIds].every(isAccountId) &&
      aws.allowedAccountIds.length > 0 &&
      !aws.allowedAccountIds.includes(aws.accountId)
    ) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['accountId'], message: 'expected one of allowedAccountIds' });
    }
  });

const uploads = z
  .object({
    /** Browser origins of the admin console allowed to PUT/POST presigned uploads. */
    adminOrigins: z.array(httpsOrigin).min(1, 'expected at least one admin origin').superRefine(listedOnce(isHttpsOrigin)),
    /** Days before masters move to the archive class (spec: 30-90). */
    archiveAfterDays: z.number().int().min(30, 'expected 30 to 90 days').max(90, 'expected 30 to 90 days'),
    /** Class masters move to; GLACIER and DEEP_ARCHIVE need a restore before MediaConvert can read them (docs/uploads.md). */
    archiveStorageClass: z.enum(ARCHIVE_STORAGE_CLASSES).optional(),
    noncurrentVersionExpirationDays: z.number().int().min(1).max(365).optional(),
    abortIncompleteMultipartUploadDays: z.number().int().min(1).max(30).optional(),
    /** Prefix under which Rails may write masters itself. */
    prefix: z.string().superRefine(checkedBy(uploadPrefixProblem)).optional(),
  })
  .strict();

const environmentSettingsObject = z
  .object({
    /** Prefix of every name; `storytime` in the spec. */
    project: z.string().regex(/^[a-z][a-z0-9-]{1,19}$/, 'expected 2-20 lower-case letters, digits or dashes'),
    /** The environment's name: its settings file's name (docs/settings.md, "Add an environment"). */
    environment: z.string().superRefine(checkedBy(environmentNameProblem)),
    tier,
    aws: awsTarget,
    backend,
    uploads,
    cdn,
    signing,
    /** Customer-managed key for the master bucket and the secrets; SSE-S3 and the AWS-managed key otherwise. */
    kmsKeyArn: arnOf(KMS_KEY).optional(),
    mediaconvert: z
      .object({
        /** Let MediaConvert write CloudWatch Logs under /aws/mediaconvert/ (it needs none to transcode). */
        cloudWatchLogs: z.boolean().optional(),
      })
      .strict()
      .default({}),
    /** MediaConvert job state events delivered to an SQS queue for Rails. */
    jobEvents: z
      .object({
        /** Also deliver PROGRESSING, besides COMPLETE, ERROR and CANCELED. */
        includeProgressing: z.boolean().optional(),
        /** Receives before a message moves to the dead-letter queue. */
        maxReceiveCount: z.number().superRefine(checkedBy(maxReceiveCountProblem)).optional(),
        /** Seconds EventBridge retries an event it cannot deliver before dead-lettering it. */
        maxEventAgeSeconds: z.number().superRefine(checkedBy(maxEventAgeProblem)).optional(),
        /** Retries of an undelivered event before it is dead-lettered. */
        maxRetryAttempts: z.number().superRefine(checkedBy(maxRetryAttemptsProblem)).optional(),
      })
      .strict()
      .default({}),
    /** Alarms (SNS topic, email subscriptions, thresholds) and the CloudWatch dashboard. */
    alarms: alarms.default({}),
    alb: alb.default({ enabled: false }),
    rails: z
      .object({
        /** Existing IAM role of the Rails app to attach the policy to. */
        existingRoleName: iamRoleName.optional(),
      })
      .strict()
      .default({}),
    /** OIDC providers and plan and apply roles in the bootstrap, for CI and Terraform Cloud. Default: none. */
    deployIdentities: deployIdentities.optional(),
    tags,
  })
  .strict();

export const environmentSettingsSchema = environmentSettingsObject.superRefine((settings, ctx) => {
  checkEnvironmentConsistency(settings, ctx);
  if (settings.backend.type === 's3') checkStateLogBucketName(settings.backend, ctx);
  checkBucketNames(settings, settings.backend.type === 's3' ? settings.backend : undefined, ctx);
  checkCdnNames(settings, ctx);
  // The replica's region against the stack's: a module rule across two blocks (each region valid on its own first).
  const failover = settings.cdn.failover;
  if (failover && regionProblem(failover.region) === undefined && regionProblem(settings.aws.region) === undefined) {
    addChecks(ctx, ['cdn', 'failover', 'region'], [{ path: [], message: replicaRegionProblem(failover.region, settings.aws.region) }]);
  }
  checkDeployIdentities(settings, ctx);
  // The API target group's alarms need the ALB block: a module rule across two blocks.
  const alb = settings.alb;
  const albTarget = alb.enabled ? { listenerArn: alb.listenerArn, targetGroupArn: alb.apiTargetGroupArn } : undefined;
  addChecks(ctx, ['alarms'], albTargetProblems({ ...settings.alarms, albTarget }));
});

export type EnvironmentSettings = z.output<typeof environmentSettingsObject>;
export type Tier = EnvironmentSettings['tier']['name'];
export type EnvironmentSettingsInput = z.input<typeof environmentSettingsSchema>;

/**
 * Seed 003: every ARN in a stack's settings is of its own account (and region,
 * where regional), unless its block is marked shared with a reason. Names of
 * other environments are checked across all environments (src/config/cross-environment.ts).
 */
function checkEnvironmentConsistency(settings: EnvironmentSettings, ctx: z.RefinementCtx): void {
  // An account outside allowedAccountIds or an unknown region is reported already; its ARNs would only repeat it.
  const target =
    settings.aws.allowedAccountIds.includes(settings.aws.accountId) && regionProblem(settings.aws.region) === undefined
      ? settings.aws
      : undefined;
  if (!target) return;
  for (const { path, value, sharedReason, arn } of environmentBoundValues(settings)) {
    const wrongScope = arn && arnScopeProblem(value, arn, target, sharedReason !== undefined);
    if (wrongScope) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...path], message: wrongScope });
  }
}

/** Names of the CDN used by the ALB block: the API origin or host may not be the CDN's own domain. */
function checkCdnNames(settings: EnvironmentSettings, ctx: z.RefinementCtx): void {
  const cdnDomainName = settings.cdn.customDomain?.domainName;
  if (!settings.alb.enabled || cdnDomainName === undefined) return;
  const alb = settings.alb;
  addChecks(
    ctx,
    ['alb'],
    [
      { path: ['originDomainName'], message: apiOriginLoopProblem(alb.originDomainName, cdnDomainName) },
      { path: ['apiHost'], message: alb.apiHost === undefined ? undefined : apiHostProblem(alb.apiHost, { cdnDomainName }) },
    ],
  );
}
