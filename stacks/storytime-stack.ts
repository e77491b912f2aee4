import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { CloudBackend, NamedCloudWorkspace, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AlbRules } from '../modules/alb_rules';
import { type ApiOriginProps, CLOUDFRONT_LOGS_REGION, CloudfrontHls } from '../modules/cloudfront_hls';
import { IamRoles } from '../modules/iam_roles';
import { JobEvents } from '../modules/job_events';
import { jobSettingsTemplate, MediaConvert } from '../modules/mediaconvert';
import { Observability } from '../modules/observability';
import { OriginVerify } from '../modules/origin_verify';
import { AccessLogBucket, PrivateBucket } from '../modules/s3_bucket';
import { Secrets } from '../modules/secrets';
import { defaultTags } from './default-tags';
import { ORIGIN_VERIFY_LOGICAL_IDS } from './deployed-addresses';
import type { GuardScope } from './guard-scope';
import { resourceName, secretPrefix, stackName, stateKey } from './naming';
import { STACK_OUTPUTS, type StackOutputName } from './outputs';
import { configureS3Backend } from './s3-backend';
import { sharedValues } from './schema/environment-bound';
import type { EnvironmentSettings } from './schema/schema';

type EnabledAlb = Extract<EnvironmentSettings['alb'], { enabled: true }>;
import { privateKeyVariable } from './private-key-variable';
import { REQUIRED_TERRAFORM_VERSION } from './versions';

/** One environment of Storytime: buckets, CDN, MediaConvert, secrets, ALB rules. */
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
    };
    const prefix = stackName(settings);
    const kmsKeyArn = settings.kmsKeyArn;

    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    const providerSettings = {
      allowedAccountIds: settings.aws.allowedAccountIds,
      defaultTags: [{ tags: defaultTags(settings.tags, settings.project, env) }],
    };
    new AwsProvider(this, 'aws', { ...providerSettings, region: settings.aws.region });
    const cloudfrontLogsProvider =
      settings.aws.region === CLOUDFRONT_LOGS_REGION
        ? undefined
        : new AwsProvider(this, 'aws-cloudfront-logs', { ...providerSettings, region: CLOUDFRONT_LOGS_REGION, alias: 'cloudfront_logs' });
    new RandomProvider(this, 'random');
    configureBackend(this, settings);

    this.logBucket = new AccessLogBucket(this, 'access-logs', {
      bucketName: resourceName(settings, 'access-logs'),
      accountId: settings.aws.accountId,
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
        allowedMethods: ['PUT', 'POST', 'GET', 'HEAD'],
      },
      accessLogs: { bucket: this.logBucket, folder: 'master-uploads' },
    });
    // SSE-S3 even with kmsKeyArn: CloudFront reads every segment through OAC and
    // MediaConvert writes them, and neither is granted the customer key.
    this.hlsBucket = new PrivateBucket(this, 'hls-outputs', {
      bucketName: resourceName(settings, 'hls-outputs'),
      // A deleted or overwritten rendition comes back from its previous version, not a new transcode.
      versioned: true,
      accessLogs: { bucket: this.logBucket, folder: 'hls-outputs' },
    });

    // With an ALB, CloudFront sends the active origin-verify value and the listener rules accept both.
    const alb = settings.alb.enabled ? this.albOrigin(settings, settings.alb) : undefined;
    this.cdn = new CloudfrontHls(this, 'cdn', {
      namePrefix: prefix,
      environment: env,
      originBucket: this.hlsBucket,
      publicKeys: settings.signing.publicKeys,
      activeKeyName: settings.signing.activeKey,
      priceClass: settings.cdn.priceClass,
      manifestTtlSeconds: settings.cdn.manifestTtlSeconds,
      segmentTtlSeconds: settings.cdn.segmentTtlSeconds,
      customDomain: settings.cdn.customDomain,
      playbackCorsOrigins: settings.cdn.playbackCorsOrigins,
      webAclArn: settings.cdn.webAclArn,
      originShieldRegion: settings.cdn.originShieldRegion,
      geoRestriction: settings.cdn.geoRestriction,
      accessLogs: { bucket: this.logBucket, provider: cloudfrontLogsProvider },
      apiOrigin: alb?.apiOrigin,
    });

    // In production the key never enters state: its secret is filled out of band (docs/signing-keys.md).
    const privateKeyPem = settings.tier.name === 'production' ? undefined : privateKeyVariable(this, env).stringValue;
    const secrets = new Secrets(this, 'secrets', {
      namePrefix: secretPrefix(settings),
      signingMaterial: privateKeyPem === undefined ? undefined : { privateKeyPem, keyPairId: this.cdn.activePublicKeyId },
      kmsKeyArn,
    });

    const mediaConvert = new MediaConvert(this, 'mediaconvert', { namePrefix: prefix });
    const jobEvents = new JobEvents(this, 'job-events', {
      namePrefix: prefix,
      mediaConvertQueueArn: mediaConvert.queueArn,
      includeProgressing: settings.jobEvents.includeProgressing,
      maxReceiveCount: settings.jobEvents.maxReceiveCount,
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
    });

    const observability = new Observability(this, 'observability', {
      namePrefix: prefix,
      region: settings.aws.region,
      accountId: settings.aws.accountId,
      distributionId: this.cdn.distributionId,
      mediaConvertQueueArn: mediaConvert.queueArn,
      eventsQueueName: jobEvents.queueName,
      deadLetterQueueName: jobEvents.deadLetterQueueName,
      cloudfrontProvider: cloudfrontLogsProvider,
      ...settings.alarms,
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
  private albOrigin(settings: EnvironmentSettings, alb: EnabledAlb): { apiOrigin: ApiOriginProps; originVerify: OriginVerify } {
    const originVerify = new OriginVerify(this, 'origin-verify', {
      namePrefix: secretPrefix(settings),
      active: alb.originVerifyActive,
      kmsKeyArn: settings.kmsKeyArn,
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
      apiOrigin: { domainName: alb.originDomainName, paths: alb.apiPaths, originVerifySecret: originVerify.headerValue },
    };
  }
}

function configureBackend(stack: TerraformStack, settings: EnvironmentSettings): void {
  const backend = settings.backend;
  if (backend.type === 'cloud') {
    new CloudBackend(stack, {
      hostname: backend.hostname,
      organization: backend.organization,
      workspaces: new NamedCloudWorkspace(backend.workspace),
    });
    return;
  }
  configureS3Backend(stack, backend, stateKey(settings));
}
