import { App, type TerraformStack } from 'cdktf';
import { beforeAll, describe, expect, it } from 'vitest';
import { StateBackendStack } from '../stacks/state-backend-stack';
import { StorytimeStack } from '../stacks/storytime-stack';
import { validateSettings } from '../src/config/validate';
import { checkGuardrails } from '../src/guards';
import {
  addressAt,
  exampleWith,
  shippedStackNames,
  policyOf,
  refAt,
  resourceAt,
  resourcesOf,
  synthAll,
  synthJson,
  type Json,
} from './helpers';
import { rsaKeyPair } from './keys';
import { tempDir } from './temp';

const ENVIRONMENTS = ['dev', 'prod'] as const;
const ACCOUNT = { dev: '111111111111', prod: '222222222222' } as const;

let stacks: Record<string, Json>;
beforeAll(() => {
  // Through src/synth.ts: a settings error or guardrail finding fails here, with synth's report.
  stacks = synthAll();
});

describe('npm run synth (src/synth.ts) of the shipped settings', () => {
  it('writes every environment stack and state bootstrap, with no settings error or guardrail finding', () => {
    expect(Object.keys(stacks).sort()).toEqual(shippedStackNames());
  });
});

const stack = (environment: string): Json => stacks[`storytime-${environment}`];

/**
 * What the stack decides, on the shipped stacks: which settings reach which module and how the modules
 * are wired to each other. What a module does with its props is pinned in test/modules/, and what every
 * stack must never hold (public buckets, a second bucket policy, private keys...) by the guard rules,
 * which synthAll runs, in test/guards/.
 */
describe.each(ENVIRONMENTS)('storytime-%s', (environment) => {
  const bucketNames = [
    `storytime-access-logs-${environment}`,
    `storytime-master-uploads-${environment}`,
    `storytime-hls-outputs-${environment}`,
  ];

  it('names the buckets per environment', () => {
    expect(
      resourcesOf(stack(environment), 'aws_s3_bucket')
        .map(([, b]) => b.bucket)
        .sort(),
    ).toEqual([...bucketNames].sort());
  });

  it('has CORS only on the master bucket: PUT/POST/GET/HEAD/DELETE from the admin origins, ETag exposed', () => {
    const json = stack(environment);
    const cors = resourcesOf(json, 'aws_s3_bucket_cors_configuration');
    expect(cors).toHaveLength(1);
    expect(cors[0][1].bucket).toBe(`\${${addressAt(json, 'aws_s3_bucket', 'master-uploads/bucket')}.id}`);
    expect(cors[0][1].cors_rule).toEqual([
      {
        allowed_methods: ['PUT', 'POST', 'GET', 'HEAD', 'DELETE'],
        allowed_origins: [environment === 'dev' ? 'https://admin.dev.storytime.example' : 'https://admin.storytime.example'],
        allowed_headers: ['*'],
        expose_headers: ['ETag'],
        max_age_seconds: 3000,
      },
    ]);
  });

  it('versions every bucket and archives the master bucket after the configured days', () => {
    const json = stack(environment);
    const bucketIds = ['access-logs', 'hls-outputs', 'master-uploads'].map(
      (id) => `\${${addressAt(json, 'aws_s3_bucket', `${id}/bucket`)}.id}`,
    );
    const versioning = resourcesOf(json, 'aws_s3_bucket_versioning').map(([, v]) => [v.bucket, v.versioning_configuration.status]);
    expect(versioning.sort()).toEqual(bucketIds.map((id) => [id, 'Enabled']).sort());
    expect(resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'hls-outputs/lifecycle').rule.map((rule: Json) => rule.id)).toEqual([
      'abort-incomplete-multipart-uploads',
      'expire-noncurrent-versions',
      'remove-expired-delete-markers',
    ]);
    const rules = resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'master-uploads/lifecycle').rule;
    expect(rules.map((rule: Json) => rule.id)).toEqual([
      'abort-incomplete-multipart-uploads',
      'archive-current-versions',
      'expire-noncurrent-versions',
      'remove-expired-delete-markers',
    ]);
    expect(rules[1].transition).toEqual([{ days: environment === 'dev' ? 30 : 60, storage_class: 'GLACIER_IR' }]);
    expect(rules[0].abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
    expect(rules[2].noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    expect(rules[3].expiration).toEqual([{ expired_object_delete_marker: true }]);
  });

  it('logs S3 access of the master and HLS buckets to the log bucket', () => {
    const json = stack(environment);
    const logs = addressAt(json, 'aws_s3_bucket', 'access-logs/bucket');
    for (const id of ['master-uploads', 'hls-outputs']) {
      expect(resourceAt(json, 'aws_s3_bucket_logging', `${id}/access-logs`)).toMatchObject({
        bucket: `\${${addressAt(json, 'aws_s3_bucket', `${id}/bucket`)}.id}`,
        target_bucket: `\${${logs}.bucket}`,
        target_prefix: `s3/${id}/`,
      });
    }
    expect(resourcesOf(json, 'aws_s3_bucket_logging')).toHaveLength(2);
  });

  it('lets only S3 logging and CloudFront log delivery of this account write to the log bucket', () => {
    const json = stack(environment);
    const logs = addressAt(json, 'aws_s3_bucket', 'access-logs/bucket');
    const statements = policyOf(resourceAt(json, 'aws_s3_bucket_policy', 'access-logs/policy')).Statement;
    expect(statements.map((statement: Json) => statement.Sid)).toEqual([
      'DenyInsecureTransport',
      'AllowS3ServerAccessLogs',
      'AllowLogDeliveryWrite',
      'AllowLogDeliveryAclCheck',
    ]);
    const sources = ['master-uploads', 'hls-outputs'].map((id) => `\${${addressAt(json, 'aws_s3_bucket', `${id}/bucket`)}.arn}`);
    expect(statements[1]).toEqual({
      Sid: 'AllowS3ServerAccessLogs',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `\${${logs}.arn}/s3/*`,
      Condition: { ArnLike: { 'aws:SourceArn': sources }, StringEquals: { 'aws:SourceAccount': ACCOUNT[environment] } },
    });
    const fromLogDelivery = { 'aws:SourceArn': `arn:aws:logs:us-east-1:${ACCOUNT[environment]}:*` };
    expect(statements[2]).toEqual({
      Sid: 'AllowLogDeliveryWrite',
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `\${${logs}.arn}/cloudfront/*`,
      Condition: {
        StringEquals: { 'aws:SourceAccount': ACCOUNT[environment], 's3:x-amz-acl': 'bucket-owner-full-control' },
        ArnLike: fromLogDelivery,
      },
    });
    expect(statements[3]).toEqual({
      Sid: 'AllowLogDeliveryAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['s3:GetBucketAcl', 's3:ListBucket'],
      Resource: `\${${logs}.arn}`,
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT[environment] }, ArnLike: fromLogDelivery },
    });
  });

  it('delivers CloudFront access logs (standard logging v2) to the log bucket under cloudfront/', () => {
    const json = stack(environment);
    const source = resourceAt(json, 'aws_cloudwatch_log_delivery_source', 'cdn/log-source');
    expect(source).toMatchObject({
      name: `storytime-${environment}-cloudfront`,
      log_type: 'ACCESS_LOGS',
      resource_arn: `\${${addressAt(json, 'aws_cloudfront_distribution', 'cdn/distribution')}.arn}`,
    });
    expect(resourceAt(json, 'aws_cloudwatch_log_delivery_destination', 'cdn/log-destination')).toMatchObject({
      name: `storytime-${environment}-cloudfront-s3`,
      output_format: 'w3c',
      delivery_destination_configuration: [
        { destination_resource_arn: `\${${addressAt(json, 'aws_s3_bucket', 'access-logs/bucket')}.arn}/cloudfront` },
      ],
    });
    const delivery = resourceAt(json, 'aws_cloudwatch_log_delivery', 'cdn/log-delivery');
    expect(delivery).toMatchObject({
      delivery_source_name: `\${${addressAt(json, 'aws_cloudwatch_log_delivery_source', 'cdn/log-source')}.name}`,
      delivery_destination_arn: `\${${addressAt(json, 'aws_cloudwatch_log_delivery_destination', 'cdn/log-destination')}.arn}`,
      // The bucket grant exists before the delivery, so AWS does not write a policy of its own.
      depends_on: [addressAt(json, 'aws_s3_bucket_policy', 'access-logs/policy')],
    });
    // The stacks' region is us-east-1, where CloudFront log deliveries live: no second provider.
    for (const resource of [source, delivery]) expect(resource.provider).toBeUndefined();
    expect(resourceAt(json, 'aws_cloudfront_distribution', 'cdn/distribution').logging_config).toBeUndefined();
  });

  it('creates its web ACL in us-east-1 (both examples) and puts the distribution behind it', () => {
    const json = stack(environment);
    expect(resourceAt(json, 'aws_cloudfront_distribution', 'cdn/distribution').web_acl_id).toBe(
      refAt(json, 'aws_wafv2_web_acl', 'waf/web-acl', 'arn'),
    );
    const acl = resourceAt(json, 'aws_wafv2_web_acl', 'waf/web-acl');
    expect(acl).toMatchObject({ name: `storytime-${environment}-cdn`, scope: 'CLOUDFRONT', default_action: { allow: {} } });
    // The stacks' region is us-east-1, where CLOUDFRONT-scope web ACLs live: no second provider.
    expect(acl.provider).toBeUndefined();
    expect(acl.rule.map((rule: Json) => [rule.priority, rule.name, rule.override_action ?? rule.action])).toEqual([
      [1, 'AWSManagedRulesAmazonIpReputationList', { none: {} }],
      [2, 'AWSManagedRulesCommonRuleSet', { none: {} }],
      [3, 'AWSManagedRulesKnownBadInputsRuleSet', { none: {} }],
      // dev only counts the rate limit (its settings' countMode), prod blocks.
      [4, 'RateLimitPerIp', environment === 'dev' ? { count: {} } : { block: {} }],
    ]);
    expect(acl.rule[3].statement).toEqual({ rate_based_statement: { limit: 2000, aggregate_key_type: 'IP', evaluation_window_sec: 300 } });
  });

  it('serves the HLS bucket through the OAC, with Origin Shield and the price class of the settings', () => {
    const json = stack(environment);
    const distribution = resourceAt(json, 'aws_cloudfront_distribution', 'cdn/distribution');
    expect(distribution.origin[0]).toEqual({
      origin_id: 'hls-outputs-s3',
      domain_name: `\${${addressAt(json, 'aws_s3_bucket', 'hls-outputs/bucket')}.bucket_regional_domain_name}`,
      origin_access_control_id: `\${${addressAt(json, 'aws_cloudfront_origin_access_control', 'cdn/oac')}.id}`,
      ...(environment === 'prod' ? { origin_shield: { enabled: true, origin_shield_region: 'us-east-1' } } : {}),
    });
    expect(distribution.price_class).toBe(environment === 'dev' ? 'PriceClass_100' : 'PriceClass_All');
  });

  it('lets the player pages of the settings play cross-origin with credentials, preflights answered before the signed-cookie check', () => {
    const json = stack(environment);
    const distribution = resourceAt(json, 'aws_cloudfront_distribution', 'cdn/distribution');
    const hlsBehaviors = [distribution.default_cache_behavior, ...distribution.ordered_cache_behavior].filter(
      (behavior: Json) => behavior.target_origin_id === 'hls-outputs-s3',
    );
    const preflight = refAt(json, 'aws_cloudfront_function', 'cdn/preflight', 'arn');
    for (const behavior of hlsBehaviors) {
      expect(behavior.allowed_methods).toEqual(['GET', 'HEAD', 'OPTIONS']);
      expect(behavior.function_association).toEqual([{ event_type: 'viewer-request', function_arn: preflight }]);
      expect(behavior.trusted_key_groups).toEqual([refAt(json, 'aws_cloudfront_key_group', 'cdn/key-group', 'id')]);
    }
    const origins =
      environment === 'dev' ? ['https://admin.dev.storytime.example'] : ['https://storytime.example', 'https://www.storytime.example'];
    const cors = resourceAt(
      json,
      'aws_cloudfront_response_headers_policy',
      'cdn/response-headers-storytime-' + environment + '-hls',
    ).cors_config;
    expect(cors).toEqual({
      access_control_allow_credentials: true,
      access_control_allow_headers: { items: ['Range'] },
      access_control_allow_methods: { items: ['GET', 'HEAD', 'OPTIONS'] },
      access_control_allow_origins: { items: origins },
      access_control_max_age_sec: 600,
      origin_override: true,
    });
    const fn = resourceAt(json, 'aws_cloudfront_function', 'cdn/preflight');
    expect(fn).toMatchObject({ name: `storytime-${environment}-hls-preflight`, runtime: 'cloudfront-js-2.0', publish: true });
    expect(fn.code).toContain(`var ORIGINS = ${JSON.stringify(origins)};`);
  });

  it('serves the custom domain with a us-east-1 certificate, TLSv1.2_2021 and A/AAAA aliases', () => {
    const json = stack(environment);
    const domain = environment === 'dev' ? 'cdn.dev.storytime.example' : 'cdn.storytime.example';
    const distribution = resourceAt(json, 'aws_cloudfront_distribution', 'cdn/distribution');
    expect(distribution.aliases).toEqual([domain]);
    expect(distribution.viewer_certificate).toEqual({
      acm_certificate_arn: `arn:aws:acm:us-east-1:${ACCOUNT[environment]}:certificate/00000000-0000-4000-8000-00000000000${environment === 'dev' ? 1 : 2}`,
      ssl_support_method: 'sni-only',
      minimum_protocol_version: 'TLSv1.2_2021',
    });
    const address = addressAt(json, 'aws_cloudfront_distribution', 'cdn/distribution');
    const records = resourcesOf(json, 'aws_route53_record')
      .map(([, r]) => r)
      .filter((r: Json) => r.name === domain);
    expect(records.map((r: Json) => r.type).sort()).toEqual(['A', 'AAAA']);
    for (const record of records) {
      expect(record).toMatchObject({
        name: domain,
        zone_id: environment === 'dev' ? 'Z00000000000000000001' : 'Z00000000000000000002',
        alias: { name: `\${${address}.domain_name}`, zone_id: `\${${address}.hosted_zone_id}`, evaluate_target_health: false },
      });
    }
  });

  it('tells viewers which environment served them', () => {
    const json = stack(environment);
    const policies = resourcesOf(json, 'aws_cloudfront_response_headers_policy').map(([, p]) => p);
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.custom_headers_config.items).toEqual([{ header: 'x-storytime-environment', value: environment, override: true }]);
    }
    const distribution = resourceAt(json, 'aws_cloudfront_distribution', 'cdn/distribution');
    for (const behavior of [distribution.default_cache_behavior, ...distribution.ordered_cache_behavior]) {
      expect(behavior.response_headers_policy_id).toMatch(/^\$\{aws_cloudfront_response_headers_policy\./);
    }
  });

  it('holds one public key per configured PEM in the key group', () => {
    const json = stack(environment);
    const keys = resourcesOf(json, 'aws_cloudfront_public_key');
    expect(keys.map(([, k]) => k.name)).toEqual([`storytime-${environment}-2026-11`]);
    expect(keys[0][1].encoded_key).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(resourceAt(json, 'aws_cloudfront_key_group', 'cdn/key-group').items).toEqual([`\${aws_cloudfront_public_key.${keys[0][0]}.id}`]);
  });

  it('names the MediaConvert role for the environment, reading masters and writing outputs', () => {
    const json = stack(environment);
    const role = resourceAt(json, 'aws_iam_role', 'iam/mediaconvert-role');
    expect(role.name).toBe(`storytime-${environment}-mediaconvert`);
    const master = addressAt(json, 'aws_s3_bucket', 'master-uploads/bucket');
    const outputs = addressAt(json, 'aws_s3_bucket', 'hls-outputs/bucket');
    const access = resourceAt(json, 'aws_iam_role_policy', 'iam/mediaconvert-access');
    expect(access.role).toBe(`\${${addressAt(json, 'aws_iam_role', 'iam/mediaconvert-role')}.id}`);
    expect(policyOf(access).Statement).toEqual([
      { Sid: 'ReadMasterObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `\${${master}.arn}/*` },
      { Sid: 'ListMasterBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: `\${${master}.arn}` },
      { Sid: 'WriteOutputObjects', Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Resource: `\${${outputs}.arn}/*` },
      { Sid: 'ListOutputBucket', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: `\${${outputs}.arn}` },
    ]);
  });

  it('gives Rails jobs, the signing key and uploads, and PassRole on the MediaConvert role only', () => {
    const json = stack(environment);
    const statements = policyOf(resourceAt(json, 'aws_iam_policy', 'iam/rails-policy')).Statement;
    const queue = addressAt(json, 'aws_media_convert_queue', 'mediaconvert/queue');
    expect(statements).toEqual([
      {
        Sid: 'SubmitAndListJobs',
        Effect: 'Allow',
        Action: ['mediaconvert:CreateJob', 'mediaconvert:ListJobs'],
        Resource: `\${${queue}.arn}`,
      },
      {
        Sid: 'ReadJobs',
        Effect: 'Allow',
        Action: 'mediaconvert:GetJob',
        Resource: `arn:aws:mediaconvert:us-east-1:${ACCOUNT[environment]}:jobs/*`,
      },
      { Sid: 'DiscoverEndpoint', Effect: 'Allow', Action: 'mediaconvert:DescribeEndpoints', Resource: '*' },
      {
        Sid: 'PassMediaConvertRole',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: `\${${addressAt(json, 'aws_iam_role', 'iam/mediaconvert-role')}.arn}`,
        Condition: { StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } },
      },
      {
        Sid: 'ReadSigningKey',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: `\${${addressAt(json, 'aws_secretsmanager_secret', 'secrets/private-key')}.arn}`,
      },
      {
        Sid: 'UploadMasters',
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        Resource: `\${${addressAt(json, 'aws_s3_bucket', 'master-uploads/bucket')}.arn}/uploads/*`,
      },
      {
        Sid: 'ConsumeJobEvents',
        Effect: 'Allow',
        Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
        Resource: `\${${addressAt(json, 'aws_sqs_queue', 'job-events/queue')}.arn}`,
      },
    ]);
  });

  it('has its own MediaConvert queue', () => {
    expect(resourceAt(stack(environment), 'aws_media_convert_queue', 'mediaconvert/queue').name).toBe(`storytime-${environment}-hls`);
  });

  it('stores the origin-verify value, a 64-character random_password without specials, and sends it to the ALB', () => {
    const json = stack(environment);
    const password = addressAt(json, 'random_password', 'origin-verify/blue');
    expect(resourceAt(json, 'random_password', 'origin-verify/blue')).toMatchObject({ length: 64, special: false });
    const secret = resourceAt(json, 'aws_secretsmanager_secret', 'origin-verify/secret');
    expect(secret.name).toBe(`storytime/${environment}/origin_verify`);
    expect(resourceAt(json, 'aws_secretsmanager_secret_version', 'origin-verify/secret-version')).toMatchObject({
      secret_id: `\${${addressAt(json, 'aws_secretsmanager_secret', 'origin-verify/secret')}.id}`,
      secret_string: `\${jsonencode({"active" = "blue", "value" = ${password}.result})}`,
    });
    const api = resourceAt(json, 'aws_cloudfront_distribution', 'cdn/distribution').origin[1];
    expect(api).toEqual({
      origin_id: 'rails-api-alb',
      domain_name: environment === 'dev' ? 'origin-api.dev.storytime.example' : 'origin-api.storytime.example',
      custom_origin_config: {
        http_port: 80,
        https_port: 443,
        origin_protocol_policy: 'https-only',
        origin_ssl_protocols: ['TLSv1.2'],
        origin_read_timeout: 60,
      },
      custom_header: [{ name: 'X-Origin-Verify', value: `\${${password}.result}` }],
    });
  });

  it('routes /api/* and /auth/* to the ALB uncached, with every viewer header but Host', () => {
    const distribution = resourceAt(stack(environment), 'aws_cloudfront_distribution', 'cdn/distribution');
    const api = distribution.ordered_cache_behavior.filter((b: Json) => b.target_origin_id === 'rails-api-alb');
    expect(api.map((b: Json) => b.path_pattern)).toEqual(['/api/*', '/auth/*']);
    for (const behavior of api) {
      expect(behavior).toMatchObject({
        cache_policy_id: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        origin_request_policy_id: 'b689b0a8-53d0-40ab-baf8-586a32e60023',
        viewer_protocol_policy: 'https-only',
        allowed_methods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
      });
      expect(behavior.trusted_key_groups).toBeUndefined();
    }
    expect(distribution.ordered_cache_behavior.map((b: Json) => b.path_pattern)).toEqual(['/api/*', '/auth/*', '*.m3u8']);
  });

  it('adds listener rules 90/100 with the origin header on CloudFront paths, and no web rule without a web origin', () => {
    const json = stack(environment);
    const password = `\${${addressAt(json, 'random_password', 'origin-verify/blue')}.result}`;
    const green = `\${${addressAt(json, 'random_password', 'origin-verify/green')}.result}`;
    const header = { http_header: { http_header_name: 'X-Origin-Verify', values: [password, green] } };
    const tg = (name: string) =>
      `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT[environment]}:targetgroup/storytime-${environment}-${name}/0123456789abcdef`;
    const listener = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT[environment]}:listener/app/storytime-${environment}/0123456789abcdef/0123456789abcdef`;
    const rule = (priority: number, target: string, condition: Json[]) => ({
      listener_arn: listener,
      priority,
      action: [{ type: 'forward', target_group_arn: tg(target) }],
      condition,
    });
    const apiHost = environment === 'dev' ? 'api.dev.storytime.example' : 'api.storytime.example';
    expect(resourcesOf(json, 'aws_lb_listener_rule')).toHaveLength(2);
    const at = (id: string) => resourceAt(json, 'aws_lb_listener_rule', `alb-rules/${id}`);
    expect(at('api-via-cloudfront')).toMatchObject(rule(90, 'api', [{ path_pattern: { values: ['/api/*', '/auth/*'] } }, header]));
    expect(at('api-host')).toMatchObject(rule(100, 'api', [{ host_header: { values: [apiHost] } }]));
  });

  it('pins Terraform and provider versions and restricts the provider to the allowed accounts', () => {
    const json = stack(environment);
    expect(json.terraform.required_version).toBe('>= 1.11.4, < 2.0.0');
    expect(json.terraform.required_providers).toEqual({
      aws: { source: 'aws', version: '5.100.0' },
      random: { source: 'hashicorp/random', version: '3.7.2' },
    });
    expect(JSON.stringify(json)).toHaveProviderWithProperties('aws', {
      region: 'us-east-1',
      allowed_account_ids: [ACCOUNT[environment]],
      default_tags: [{ tags: { CostCenter: 'video-library', Project: 'storytime', Environment: environment, ManagedBy: 'cdktf' } }],
    });
  });

  it('exports every output Rails needs', () => {
    const outputs = stack(environment).output;
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'alarm_topic_arn',
        'aws_region',
        'cdn_domain_name',
        'cloudfront_distribution_id',
        'cloudfront_domain_name',
        'cloudfront_key_group_id',
        'cloudfront_private_key_secret_arn',
        'cloudfront_private_key_secret_name',
        'cloudfront_public_key_id',
        'cloudfront_public_key_ids',
        'dashboard_name',
        'environment',
        'hls_outputs_bucket_name',
        'master_uploads_bucket_name',
        'master_uploads_prefix',
        'mediaconvert_events_queue_arn',
        'mediaconvert_events_queue_url',
        'mediaconvert_job_settings_template',
        'mediaconvert_queue_arn',
        'mediaconvert_role_arn',
        'origin_verify_active',
        'origin_verify_secret_arn',
        'rails_app_policy_arn',
      ].sort(),
    );
    const json = stack(environment);
    expect(outputs.cloudfront_distribution_id.value).toBe(`\${${addressAt(json, 'aws_cloudfront_distribution', 'cdn/distribution')}.id}`);
    expect(outputs.cdn_domain_name.value).toBe(environment === 'dev' ? 'cdn.dev.storytime.example' : 'cdn.storytime.example');
    expect(outputs.environment.value).toBe(environment);
  });

  it('exports a MediaConvert job-settings template writing HLS under books/<book_id>/', () => {
    const json = stack(environment);
    const template = JSON.parse(json.output.mediaconvert_job_settings_template.value);
    expect(template.Role).toBe(`\${${addressAt(json, 'aws_iam_role', 'iam/mediaconvert-role')}.arn}`);
    expect(template.Queue).toBe(`\${${addressAt(json, 'aws_media_convert_queue', 'mediaconvert/queue')}.arn}`);
    const hls = addressAt(json, 'aws_s3_bucket', 'hls-outputs/bucket');
    const group = template.Settings.OutputGroups[0];
    expect(group.OutputGroupSettings.HlsGroupSettings.Destination).toBe(`s3://\${${hls}.bucket}/books/{{book_id}}/index`);
    expect(template.Settings.Inputs[0].FileInput).toBe(
      `s3://\${${addressAt(json, 'aws_s3_bucket', 'master-uploads/bucket')}.bucket}/{{input_key}}`,
    );
  });
});

describe('the private-key secret', () => {
  it('holds the PEM from a sensitive variable in dev', () => {
    const json = stack('dev');
    expect(json.variable.cloudfront_private_key_pem).toMatchObject({ type: 'string', sensitive: true, nullable: false });
    expect(resourceAt(json, 'aws_secretsmanager_secret', 'secrets/private-key').name).toBe('storytime/dev/cloudfront_private_key');
    expect(resourceAt(json, 'aws_secretsmanager_secret_version', 'secrets/private-key-value')).toEqual(
      expect.objectContaining({
        secret_id: `\${${addressAt(json, 'aws_secretsmanager_secret', 'secrets/private-key')}.id}`,
        secret_string: `\${jsonencode({"keyPairId" = ${addressAt(json, 'aws_cloudfront_public_key', 'cdn/public-key-2026-11')}.id, "privateKeyPem" = var.cloudfront_private_key_pem})}`,
      }),
    );
  });

  it('is created without payload in prod, and prod has no key variable', () => {
    const json = stack('prod');
    expect(resourceAt(json, 'aws_secretsmanager_secret', 'secrets/private-key').name).toBe('storytime/prod/cloudfront_private_key');
    const versions = resourcesOf(json, 'aws_secretsmanager_secret_version').map(([, v]) => v.secret_id);
    expect(versions).toEqual([`\${${addressAt(json, 'aws_secretsmanager_secret', 'origin-verify/secret')}.id}`]);
    expect(json.variable).toBeUndefined();
  });
});

describe('the state stack', () => {
  it('creates a protected, versioned state bucket and a PITR lock table with local state', () => {
    const json = stacks['storytime-state-dev'];
    expect(json.terraform.backend).toEqual({ local: { path: '../../../bootstrap-state/storytime-state-dev.tfstate' } });
    expect(resourceAt(json, 'aws_s3_bucket', 'state-bucket/bucket')).toMatchObject({
      bucket: 'storytime-terraform-state-dev-example',
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceAt(json, 'aws_s3_bucket_versioning', 'state-bucket/versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(
      policyOf(resourceAt(json, 'aws_s3_bucket_policy', 'state-bucket/policy')).Statement.map((statement: Json) => statement.Sid),
    ).toEqual(['DenyInsecureTransport']);
    expect(resourceAt(json, 'aws_dynamodb_table', 'lock-table')).toMatchObject({
      name: 'storytime-terraform-locks',
      hash_key: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      billing_mode: 'PAY_PER_REQUEST',
      point_in_time_recovery: { enabled: true },
      deletion_protection_enabled: true,
      server_side_encryption: { enabled: true },
      lifecycle: { prevent_destroy: true },
    });
  });
});

describe('the state stack access logs', () => {
  it('logs every state bucket request to a log bucket of its own', () => {
    const json = stacks['storytime-state-dev'];
    const state = addressAt(json, 'aws_s3_bucket', 'state-bucket/bucket');
    const logs = addressAt(json, 'aws_s3_bucket', 'access-logs/bucket');
    expect(resourceAt(json, 'aws_s3_bucket', 'access-logs/bucket').bucket).toBe('storytime-terraform-state-dev-example-access-logs');
    expect(resourceAt(json, 'aws_s3_bucket_logging', 'state-bucket/access-logs')).toMatchObject({
      bucket: `\${${state}.id}`,
      target_bucket: `\${${logs}.bucket}`,
      target_prefix: 's3/state/',
    });
    expect(policyOf(resourceAt(json, 'aws_s3_bucket_policy', 'access-logs/policy')).Statement).toEqual([
      expect.objectContaining({ Sid: 'DenyInsecureTransport', Effect: 'Deny' }),
      {
        Sid: 'AllowS3ServerAccessLogs',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `\${${logs}.arn}/s3/*`,
        Condition: { ArnLike: { 'aws:SourceArn': [`\${${state}.arn}`] }, StringEquals: { 'aws:SourceAccount': '111111111111' } },
      },
    ]);
    expect(json.output.state_access_logs_bucket_name.value).toBe(`\${${logs}.bucket}`);
  });
});

/**
 * Options whose effect is decided in the stack (which provider, which backend,
 * which modules get which settings). What each module does with an option is
 * tested on the module alone in test/modules/; here one dev stack with every
 * such option flipped is synthesized in memory.
 */
describe('storytime-dev with every stack-level option flipped', () => {
  const KMS = 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000009';
  const NEXT_KEY = rsaKeyPair('next').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  let json: Json;
  let stack: TerraformStack;
  beforeAll(() => {
    const inputs = exampleWith('dev', (s) => {
      s.aws.region = 'eu-west-1';
      s.backend = { type: 'cloud', organization: 'storytime-org', workspace: 'storytime-dev' };
      s.alb = { enabled: false };
      delete s.cdn.customDomain;
      s.kmsKeyArn = KMS;
      s.rails = { existingRoleName: 'storytime-dev-web-task' };
      s.mediaconvert = { cloudWatchLogs: true };
      s.signing.publicKeys.push({ name: '2027-05', pem: NEXT_KEY });
      s.signing.activeKey = '2027-05';
      s.cdn.manifestTtlSeconds = 30;
      s.cdn.segmentTtlSeconds = 3600;
    });
    const settings = validateSettings({ environments: { dev: inputs.environments.dev } });
    stack = new StorytimeStack(new App({ outdir: tempDir('variant'), stackTraces: false }), settings.environments[0]);
    json = synthJson(stack);
  });

  it('passes the guardrails', () => {
    expect(checkGuardrails([{ stack, scope: (stack as StorytimeStack).guardScope }])).toEqual([]);
  });

  it('configures CloudFront log delivery through a us-east-1 provider when the stack is elsewhere', () => {
    expect(json.provider.aws).toEqual([
      expect.objectContaining({ region: 'eu-west-1', allowed_account_ids: ['111111111111'] }),
      expect.objectContaining({ region: 'us-east-1', alias: 'cloudfront_logs', allowed_account_ids: ['111111111111'] }),
    ]);
    expect(json.provider.aws[1].default_tags).toEqual(json.provider.aws[0].default_tags);
    for (const [type, path] of [
      ['aws_cloudwatch_log_delivery_source', 'cdn/log-source'],
      ['aws_cloudwatch_log_delivery_destination', 'cdn/log-destination'],
      ['aws_cloudwatch_log_delivery', 'cdn/log-delivery'],
    ]) {
      expect(resourceAt(json, type, path).provider).toBe('aws.cloudfront_logs');
    }
    const statements = policyOf(resourceAt(json, 'aws_s3_bucket_policy', 'access-logs/policy')).Statement;
    expect(statements.find((statement: Json) => statement.Sid === 'AllowLogDeliveryWrite').Condition.ArnLike).toEqual({
      'aws:SourceArn': 'arn:aws:logs:us-east-1:111111111111:*',
    });
  });

  it('uses a Terraform Cloud workspace instead of the S3 backend when settings select it', () => {
    expect(json.terraform.backend).toBeUndefined();
    // No hostname: Terraform's own default, app.terraform.io.
    expect(json.terraform.cloud).toEqual({ organization: 'storytime-org', workspaces: { name: 'storytime-dev' } });
  });

  it('omits the ALB origin, rules, origin secret and its output when the ALB is disabled', () => {
    expect(json.resource.aws_lb_listener_rule).toBeUndefined();
    expect(json.resource.random_password).toBeUndefined();
    expect(resourcesOf(json, 'aws_secretsmanager_secret').map(([, secret]) => secret.name)).toEqual([
      'storytime/dev/cloudfront_private_key',
    ]);
    expect(resourceAt(json, 'aws_cloudfront_distribution', 'cdn/distribution').origin.map((o: Json) => o.origin_id)).toEqual([
      'hls-outputs-s3',
    ]);
    expect(json.output.origin_verify_secret_arn).toBeUndefined();
  });

  it('passes the TTLs of the settings to the manifest and segment cache policies', () => {
    const ttls = (id: string) => {
      const policy = resourceAt(json, 'aws_cloudfront_cache_policy', `cdn/cache-policy-${id}`);
      return [policy.min_ttl, policy.default_ttl, policy.max_ttl];
    };
    expect(ttls('manifests')).toEqual([0, 30, 30]);
    expect(ttls('segments')).toEqual([0, 3600, 3600]);
  });

  it('outputs the distribution name as the CDN domain without a custom domain', () => {
    const distribution = resourceAt(json, 'aws_cloudfront_distribution', 'cdn/distribution');
    expect(distribution.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    expect(distribution.aliases).toBeUndefined();
    expect(json.resource.aws_route53_record).toBeUndefined();
    expect(json.output.cdn_domain_name.value).toBe(refAt(json, 'aws_cloudfront_distribution', 'cdn/distribution', 'domain_name'));
  });

  it('encrypts masters and secrets with the customer key but keeps the HLS bucket on SSE-S3, and grants the key to Rails and MediaConvert', () => {
    expect(resourceAt(json, 'aws_s3_bucket_server_side_encryption_configuration', 'master-uploads/encryption').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KMS }, bucket_key_enabled: true },
    ]);
    expect(resourceAt(json, 'aws_secretsmanager_secret', 'secrets/private-key').kms_key_id).toBe(KMS);
    // CloudFront (OAC) and MediaConvert hold no grant on the key: the HLS bucket stays SSE-S3.
    expect(resourceAt(json, 'aws_s3_bucket_server_side_encryption_configuration', 'hls-outputs/encryption').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' }, bucket_key_enabled: false },
    ]);
    expect(policyOf(resourceAt(json, 'aws_iam_policy', 'iam/rails-policy')).Statement.at(-1)).toEqual({
      Sid: 'UseKmsForUploadsAndSecret',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: KMS,
    });
    expect(policyOf(resourceAt(json, 'aws_iam_role_policy', 'iam/mediaconvert-access')).Statement.map((s: Json) => s.Sid)).toContain(
      'DecryptMasters',
    );
  });

  it('attaches the Rails policy to the existing role and lets MediaConvert log in the stack region', () => {
    expect(resourceAt(json, 'aws_iam_role_policy_attachment', 'iam/rails-attachment')).toEqual({
      role: 'storytime-dev-web-task',
      policy_arn: refAt(json, 'aws_iam_policy', 'iam/rails-policy', 'arn'),
    });
    expect(policyOf(resourceAt(json, 'aws_iam_role_policy', 'iam/mediaconvert-access')).Statement.at(-1).Resource).toBe(
      'arn:aws:logs:eu-west-1:111111111111:log-group:/aws/mediaconvert/*',
    );
  });

  it('trusts every configured key and outputs the active key id and all ids', () => {
    const ref = (name: string) => refAt(json, 'aws_cloudfront_public_key', `cdn/public-key-${name}`, 'id');
    expect(resourceAt(json, 'aws_cloudfront_public_key', 'cdn/public-key-2027-05').encoded_key).toBe(NEXT_KEY);
    expect(resourceAt(json, 'aws_cloudfront_key_group', 'cdn/key-group').items).toEqual([ref('2026-11'), ref('2027-05')]);
    expect(json.output.cloudfront_public_key_id.value).toBe(ref('2027-05'));
    expect(json.output.cloudfront_public_key_ids.value).toEqual({ '2026-11': ref('2026-11'), '2027-05': ref('2027-05') });
  });
});

describe('the state stack with its own log bucket name', () => {
  it('names the state log bucket as the state settings say', () => {
    const inputs = exampleWith('dev', (s) => (s.backend.accessLogsBucket = 'storytime-state-access-logs'));
    const settings = validateSettings({ environments: { dev: inputs.environments.dev } }).environments[0];
    if (settings.backend.type !== 's3') throw new Error('the dev example keeps its state in S3');
    const json = synthJson(new StateBackendStack(new App({ outdir: tempDir('state'), stackTraces: false }), settings, settings.backend));
    expect(resourceAt(json, 'aws_s3_bucket', 'access-logs/bucket').bucket).toBe('storytime-state-access-logs');
    expect(resourceAt(json, 'aws_s3_bucket_logging', 'state-bucket/access-logs').target_bucket).toBe(
      refAt(json, 'aws_s3_bucket', 'access-logs/bucket', 'bucket'),
    );
  });
});
