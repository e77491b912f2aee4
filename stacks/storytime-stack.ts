import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AlbRules } from '../modules/alb_rules';
import { type ApiOriginProps, CloudfrontHls } from '../modules/cloudfront_hls';
import { IamRoles } from '../modules/iam_roles';
import { JobEvents } from '../modules/job_events';
import { jobSettingsTemplate, MediaConvert } from '../modules/mediaconvert';
import { Observability } from '../modules/observability';
import { OriginVerify } from '../modules/origin_verify';
import { AccessLogBucket, PrivateBucket } from '../modules/s3_bucket';
import { Secrets } from '../modules/secrets';
import { Waf } from '../modules/waf';
import { configureDeployment } from './deployment';
import { ORIGIN_VERIFY_LOGICAL_IDS } from './deployed-addresses';
import { hlsReplica } from './hls-failover';
import type { GuardScope } from './guard-scope';
import { resourceName, secretPrefix, stackName } from './naming';
import { STACK_OUTPUTS, type StackOutputName } from './outputs';
import { privateKeyVariable } from './private-key-variable';
import { protectionOf } from './protection';
import type { AlbEnabledSettings } from './schema/alb';
import { sharedValues } from './schema/environment-bound';
import type { EnvironmentSettings } from './schema/schema';

/** One environment of Storytime: buckets, CDN, secrets, MediaConvert and its events, alarms, and with an ALB its origin verification and rules. */
export class StorytimeStack extends TerraformStack {
  readonly guardScope: GuardScope;
  readonly masterBucket: PrivateBucket;
  readonly hlsBucket: PrivateBucket;
  readonly logBucket: AccessLogBucket;
  readonly cdn: CloudfrontHls;

  constructor(scope: Construct, settings: EnvironmentSettings) {
    super(scope, stackName(settings));
    const env = settings.environment;
    this.guardScope = {
      environment: env,
      tier: settings.tier.name,
      sharedValues: sharedValues(settings),
      accountId: settings.aws.accountId,
      region: settings.aws.region,
      additionalRegions: settings.cdn.failover && [settings.cdn.failover.region],
    };
    const prefix = stackName(settings);
    const kmsKeyArn = settings.kmsKeyArn;
    const { preventDestroy, secretRecoveryWindowDays } = protectionOf(settings.tier);

    const providers = configureDeployment(this, settings);
    const cloudfrontProvider = providers.cloudfront;

    this.logBucket = new AccessLogBucket(this, 'access-logs', {
      bucketName: resourceName(settings, 'access-logs'),
      accountId: settings.aws.accountId,
      preventDestroy,
    });

    this.masterBucket = new PrivateBucket(this, 'master-uploads', {
      bucketName: resourceName(settings, 'master-uploads'),
      versioned: true,
      kmsKeyArn,
      lifecycle: {
        archiveAfterDays: settings.uploads.archiveAfterDays,
        archiveStorageClass: settings.uploads.archiveStorageClass,
        noncurrentVersionExpirationDays: settings.uploads.noncurrentVersionExpirationDays,
        abortIncompleteMultipartUploadDays: settings.uploads.abortIncompleteMultipartUploadDays,
      },
      cors: {
        allowedOrigins: settings.uploads.adminOrigins,
        // DELETE: a browser aborting a multipart upload (AbortMultipartUpload) instead of leaving its parts to the lifecycle rule.
        allowedMethods: ['PUT', 'POST', 'GET', 'HEAD', 'DELETE'],
      },
      accessLogs: { bucket: this.logBucket, folder: 'master-uploads' },
      preventDestroy,
    });
    // SSE-S3 even with kmsKeyArn: CloudFront reads every segment through OAC and
    // MediaConvert writes them, and neither is granted the customer key.
    this.hlsBucket = new PrivateBucket(this, 'hls-outputs', {
      bucketName: resourceName(settings, 'hls-outputs'),
      // A deleted or overwritten rendition comes back from its previous version, not a new transcode.
      versioned: true,
      accessLogs: { bucket: this.logBucket, folder: 'hls-outputs' },
      preventDestroy,
    });
    // cdn.failover: a replica in a second region, which the distribution falls back to (docs/availability.md).
    const replica = providers.hlsReplica && hlsReplica(this, settings, this.hlsBucket, providers.hlsReplica);

    // With an ALB, CloudFront sends the active origin-verify value and the listener rules accept both.
    const alb = settings.alb.enabled ? this.albOrigin(settings, settings.alb) : undefined;
    const { waf, failover: _failover, ...cdn } = settings.cdn;
    // The production tier creates its web ACL unless the settings attach one (docs/waf.md); other tiers when asked.
    const createWaf = waf !== undefined || (settings.tier.name === 'production' && cdn.webAclArn === undefined);
    const webAclArn = createWaf
      ? new Waf(this, 'waf', { namePrefix: prefix, ...waf, provider: cloudfrontProvider }).webAclArn
      : cdn.webAclArn;
    this.cdn = new CloudfrontHls(this, 'cdn', {
      namePrefix: prefix,
      environment: env,
      originBucket: this.hlsBucket,
      failoverBucket: replica?.bucket,
      publicKeys: settings.signing.publicKeys,
      activeKeyName: settings.signing.activeKey,
      // Price class, TTLs, custom domain, CORS, Origin Shield, geo restriction: the settings' names are the props'.
      ...cdn,
      webAclArn,
      accessLogs: { bucket: this.logBucket, provider: cloudfrontProvider },
      apiOrigin: alb?.apiOrigin,
      preventDestroy,
    });

    // In production the key never enters state: its secret is filled out of band (docs/signing-keys.md).
    const privateKeyPem = settings.tier.name === 'production' ? undefined : privateKeyVariable(this, env).stringValue;
    const secrets = new Secrets(this, 'secrets', {
      namePrefix: secretPrefix(settings),
      signingMaterial: privateKeyPem === undefined ? undefined : { privateKeyPem, keyPairId: this.cdn.activePublicKeyId },
      kmsKeyArn,
      recoveryWindowInDays: secretRecoveryWindowDays,
      preventDestroy,
    });

    const mediaConvert = new MediaConvert(this, 'mediaconvert', { namePrefix: prefix });
    const jobEvents = new JobEvents(this, 'job-events', {
      namePrefix: prefix,
      mediaConvertQueueArn: mediaConvert.queueArn,
      ...settings.jobEvents,
    });
    const roles = new IamRoles(this, 'iam', {
      namePrefix: prefix,
      region: settings.aws.region,
      accountId: settings.aws.accountId,
      masterBucketArn: this.masterBucket.bucketArn,
      outputBucketArn: this.hlsBucket.bucketArn,
      mediaConvertQueueArn: mediaConvert.queueArn,
      privateKeySecretArn: secrets.privateKeySecretArn,
      masterUploadPrefix: settings.uploads.prefix,
      kmsKeyArn,
      mediaConvertLogs: settings.mediaconvert.cloudWatchLogs,
      railsRoleName: settings.rails.existingRoleName,
      jobEventsQueueArn: jobEvents.queueArn,
      restoreArchivedMasters: this.masterBucket.archivedObjectsNeedRestore,
    });

    const observability = new Observability(this, 'observability', {
      namePrefix: prefix,
      region: settings.aws.region,
      accountId: settings.aws.accountId,
      distributionId: this.cdn.distributionId,
      mediaConvertQueueArn: mediaConvert.queueArn,
      eventsQueueName: jobEvents.queueName,
      deadLetterQueueName: jobEvents.deadLetterQueueName,
      eventRuleName: jobEvents.ruleName,
      deliveryDeadLetterQueueName: jobEvents.deliveryDeadLetterQueueName,
      albTarget: settings.alb.enabled
        ? { listenerArn: settings.alb.listenerArn, targetGroupArn: settings.alb.apiTargetGroupArn }
        : undefined,
      cloudfrontProvider,
      ...settings.alarms,
      preventDestroy,
    });

    const outputs: Record<StackOutputName, unknown> = {
      environment: env,
      aws_region: settings.aws.region,
      master_uploads_bucket_name: this.masterBucket.bucketName,
      master_uploads_prefix: roles.masterUploadPrefix,
      hls_outputs_bucket_name: this.hlsBucket.bucketName,
      cloudfront_distribution_id: this.cdn.distributionId,
      cloudfront_domain_name: this.cdn.distributionDomainName,
      cdn_domain_name: this.cdn.viewerDomainName,
      cloudfront_key_group_id: this.cdn.keyGroupId,
      cloudfront_public_key_id: this.cdn.activePublicKeyId,
      cloudfront_public_key_ids: this.cdn.publicKeyIds,
      cloudfront_private_key_secret_arn: secrets.privateKeySecretArn,
      cloudfront_private_key_secret_name: secrets.privateKeySecretName,
      mediaconvert_role_arn: roles.mediaConvertRoleArn,
      mediaconvert_queue_arn: mediaConvert.queueArn,
      rails_app_policy_arn: roles.railsPolicyArn,
      mediaconvert_events_queue_url: jobEvents.queueUrl,
      mediaconvert_events_queue_arn: jobEvents.queueArn,
      alarm_topic_arn: observability.topic.topicArn,
      dashboard_name: observability.dashboardName,
      mediaconvert_job_settings_template: JSON.stringify(
        jobSettingsTemplate({
          roleArn: roles.mediaConvertRoleArn,
          queueArn: mediaConvert.queueArn,
          masterBucketName: this.masterBucket.bucketName,
          outputBucketName: this.hlsBucket.bucketName,
        }),
      ),
      origin_verify_secret_arn: alb?.originVerify.secretArn,
      origin_verify_active: alb?.originVerify.active,
    };
    for (const [name, value] of Object.entries(outputs)) {
      if (value !== undefined) {
        new TerraformOutput(this, name, { value, description: STACK_OUTPUTS[name as StackOutputName].description });
      }
    }
  }

  /** The origin-verify values and the listener rules that require them; returns what CloudFront's API origin sends. */
  private albOrigin(settings: EnvironmentSettings, alb: AlbEnabledSettings): { apiOrigin: ApiOriginProps; originVerify: OriginVerify } {
    const protection = protectionOf(settings.tier);
    const originVerify = new OriginVerify(this, 'origin-verify', {
      namePrefix: secretPrefix(settings),
      active: alb.originVerifyActive,
      kmsKeyArn: settings.kmsKeyArn,
      recoveryWindowInDays: protection.secretRecoveryWindowDays,
      preventDestroy: protection.preventDestroy,
      logicalIds: ORIGIN_VERIFY_LOGICAL_IDS,
    });
    new AlbRules(this, 'alb-rules', {
      listenerArn: alb.listenerArn,
      apiTargetGroupArn: alb.apiTargetGroupArn,
      apiPaths: alb.apiPaths,
      apiHost: alb.apiHost,
      // No web rule: this distribution has no web origin that sends the secret (docs/alb.md).
      priorities: alb.priorities,
      originVerifyValues: originVerify.acceptedValues,
      originAlias: alb.originRecord && {
        zoneId: alb.originRecord.hostedZoneId,
        name: alb.originDomainName,
        albDnsName: alb.dnsName,
        albZoneId: alb.originRecord.albHostedZoneId,
      },
    });
    return {
      originVerify,
      apiOrigin: {
        domainName: alb.originDomainName,
        paths: alb.apiPaths,
        originVerifySecret: originVerify.headerValue,
        vpcOrigin: alb.vpcOrigin,
      },
    };
  }
}
