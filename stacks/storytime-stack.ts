import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { CloudBackend, NamedCloudWorkspace, S3Backend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { AlbRules } from '../modules/alb_rules';
import { CLOUDFRONT_LOGS_REGION, CloudfrontHls } from '../modules/cloudfront_hls';
import { IamRoles } from '../modules/iam_roles';
import { MediaConvert } from '../modules/mediaconvert';
import { jobSettingsTemplate } from '../modules/mediaconvert/job-settings';
import { PrivateBucket } from '../modules/s3_bucket';
import { AccessLogBucket } from '../modules/s3_bucket/access-log-bucket';
import { Secrets } from '../modules/secrets';
import type { EnvironmentSettings } from '../src/config/schema';
import { applyGuardrails } from '../src/guards';
import { resourceName, stackName, stateKey } from '../src/naming';
import { REQUIRED_TERRAFORM_VERSION } from './versions';

/** Sensitive variable carrying the dev private key; prod never has one. */
export const PRIVATE_KEY_VARIABLE = 'cloudfront_private_key_pem';

/** One environment of Storytime: buckets, CDN, MediaConvert, secrets, ALB rules. */
export class StorytimeStack extends TerraformStack {
  readonly settings: EnvironmentSettings;
  readonly masterBucket: PrivateBucket;
  readonly hlsBucket: PrivateBucket;
  readonly logBucket: AccessLogBucket;
  readonly cdn: CloudfrontHls;

  constructor(scope: Construct, settings: EnvironmentSettings) {
    super(scope, stackName(settings));
    this.settings = settings;
    const env = settings.environment;
    const prefix = stackName(settings);
    const kmsKeyArn = settings.kmsKeyArn;

    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    const providerSettings = {
      allowedAccountIds: settings.aws.allowedAccountIds,
      defaultTags: [{ tags: { ...settings.tags, Project: settings.project, Environment: env, ManagedBy: 'cdktf' } }],
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

    const privateKeyPem =
      env === 'prod'
        ? undefined
        : new TerraformVariable(this, PRIVATE_KEY_VARIABLE, {
            type: 'string',
            sensitive: true,
            nullable: false,
            description: `PEM private key matching signing.activeKey; stored in Secrets Manager for ${env}`,
          }).stringValue;
    const secrets = new Secrets(this, 'secrets', {
      scope: settings,
      privateKeyPem,
      originVerify: settings.alb.enabled,
      kmsKeyArn,
    });

    const alb = settings.alb;
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
      accessLogs: { bucket: this.logBucket, provider: cloudfrontLogsProvider },
      apiOrigin:
        alb.enabled && secrets.originVerifyValue
          ? { domainName: alb.dnsName, paths: alb.apiPaths, originVerifySecret: secrets.originVerifyValue }
          : undefined,
    });

    const mediaConvert = new MediaConvert(this, 'mediaconvert', { namePrefix: prefix });
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
    });

    if (alb.enabled && secrets.originVerifyValue) {
      new AlbRules(this, 'alb-rules', {
        listenerArn: alb.listenerArn,
        apiTargetGroupArn: alb.apiTargetGroupArn,
        webTargetGroupArn: alb.webTargetGroupArn,
        apiPaths: alb.apiPaths,
        apiHost: alb.apiHost,
        webHosts: alb.webHosts,
        originVerifyValue: secrets.originVerifyValue,
      });
    }

    const outputs: Record<string, { value: string; description: string; sensitive?: boolean }> = {
      environment: { value: env, description: 'Environment this stack serves' },
      aws_region: { value: settings.aws.region, description: 'Region of the buckets and MediaConvert' },
      master_uploads_bucket_name: { value: this.masterBucket.bucketName, description: 'Private bucket for presigned uploads of masters' },
      master_uploads_prefix: { value: settings.uploads.prefix, description: 'Key prefix Rails may write masters under' },
      hls_outputs_bucket_name: { value: this.hlsBucket.bucketName, description: 'Private bucket MediaConvert writes HLS to' },
      cloudfront_distribution_id: { value: this.cdn.distributionId, description: 'Distribution serving HLS' },
      cloudfront_domain_name: { value: this.cdn.distributionDomainName, description: 'The *.cloudfront.net name' },
      cdn_domain_name: { value: this.cdn.viewerDomainName, description: 'Name players use (custom domain when set)' },
      cloudfront_key_group_id: { value: this.cdn.keyGroupId, description: 'Key group trusted by every HLS behavior' },
      cloudfront_public_key_id: { value: this.cdn.activePublicKeyId, description: 'CloudFront-Key-Pair-Id of the active key' },
      cloudfront_private_key_secret_arn: { value: secrets.privateKeySecretArn, description: 'Secret holding the active private key' },
      cloudfront_private_key_secret_name: { value: secrets.privateKeySecretName, description: 'Name of that secret' },
      mediaconvert_role_arn: { value: roles.mediaConvertRoleArn, description: 'Role passed in CreateJob' },
      mediaconvert_queue_arn: { value: mediaConvert.queueArn, description: 'Queue of this environment' },
      rails_app_policy_arn: { value: roles.railsPolicyArn, description: 'Policy to attach to the Rails role' },
      mediaconvert_job_settings_template: {
        value: JSON.stringify(
          jobSettingsTemplate({
            roleArn: roles.mediaConvertRoleArn,
            queueArn: mediaConvert.queueArn,
            masterBucketName: this.masterBucket.bucketName,
            outputBucketName: this.hlsBucket.bucketName,
          }),
        ),
        description: 'CreateJob body; Rails replaces {{book_id}} and {{input_key}}',
      },
    };
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, output);
    }
    new TerraformOutput(this, 'cloudfront_public_key_ids', {
      value: this.cdn.publicKeyIds,
      description: 'Key pair id per key name, for rotation',
    });
    if (secrets.originVerifySecretArn) {
      new TerraformOutput(this, 'origin_verify_secret_arn', {
        value: secrets.originVerifySecretArn,
        description: 'Secret holding the X-Origin-Verify value',
      });
    }

    applyGuardrails(this, { environment: env, sharedValues: sharedValues(settings) });
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
  new S3Backend(stack, {
    bucket: backend.bucket,
    key: stateKey(settings),
    region: backend.region,
    encrypt: true,
    dynamodbTable: backend.lockTable,
  });
}

/** Values the settings mark as shared between environments, with a reason. */
function sharedValues(settings: EnvironmentSettings): string[] {
  const values: (string | undefined)[] = [];
  const alb = settings.alb;
  if (alb.enabled && alb.shared) {
    values.push(alb.dnsName, alb.listenerArn, alb.apiTargetGroupArn, alb.webTargetGroupArn, alb.apiHost, ...alb.webHosts);
  }
  const domain = settings.cdn.customDomain;
  if (domain?.shared) values.push(domain.domainName, domain.certificateArn, domain.hostedZoneId);
  return values.filter((value): value is string => value !== undefined);
}
