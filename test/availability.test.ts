import { App } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { StorytimeStack } from '../stacks/storytime-stack';
import { validateSettings } from '../src/config/validate';
import {
  addressAt,
  exampleInputs,
  exampleWith,
  type Json,
  policyOf,
  problemsOf,
  refAt,
  resourceAt,
  resourcesOf,
  synthAll,
} from './helpers';
import { tempDir } from './temp';

/**
 * The two availability options of docs/availability.md, both off in the shipped settings:
 * `cdn.failover` (an HLS replica in a second region and an origin group) and `alb.vpcOrigin`
 * (the ALB internal, reached through a CloudFront VPC origin).
 */
const ACCOUNTS: Record<string, string> = { dev: '111111111111', prod: '222222222222' };
const albOf = (env: string) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNTS[env]}:loadbalancer/app/storytime-${env}/0123456789abcdef`;

/** The example settings with both options on in both environments, the replica in us-west-2. */
function bothOn() {
  const inputs = exampleInputs();
  for (const [env, settings] of Object.entries<Json>(inputs.environments)) {
    settings.cdn.failover = { region: 'us-west-2' };
    settings.alb.vpcOrigin = { albArn: albOf(env) };
  }
  return inputs;
}

const shipped = synthAll();
const on = synthAll(bothOn());
const distributionOf = (json: Json) => resourceAt(json, 'aws_cloudfront_distribution', 'cdn/distribution');

describe('availability options are off by default', () => {
  it.each(['storytime-dev', 'storytime-prod'])('%s has one HLS origin, no origin group, no replica and no VPC origin', (name) => {
    const json = shipped[name];
    expect(distributionOf(json).origin.map((origin: Json) => origin.origin_id)).toEqual(['hls-outputs-s3', 'rails-api-alb']);
    expect(distributionOf(json).origin_group).toBeUndefined();
    expect(json).not.toHaveResource('aws_s3_bucket_replication_configuration');
    expect(json).not.toHaveResource('aws_cloudfront_vpc_origin');
    expect(json.provider.aws.map((provider: Json) => provider.alias ?? '(default)')).toEqual(['(default)']);
    const env = name.slice('storytime-'.length);
    expect(resourcesOf(json, 'aws_s3_bucket').map(([, bucket]) => bucket.bucket)).toEqual([
      `storytime-access-logs-${env}`,
      `storytime-hls-outputs-${env}`,
      `storytime-master-uploads-${env}`,
    ]);
  });
});

describe('HLS origin failover (cdn.failover)', () => {
  const prod = on['storytime-prod'];

  it('adds an aliased provider for the replica region, with the allowed accounts and default tags of the default one', () => {
    const [main, replica] = prod.provider.aws;
    expect(prod.provider.aws).toHaveLength(2);
    expect(replica).toEqual({ ...main, alias: 'hls_replica', region: 'us-west-2' });
    expect(main.region).toBe('us-east-1');
    expect(replica.allowed_account_ids).toEqual(['222222222222']);
  });

  it('creates the replica and its access-log bucket in that region, private, versioned, protected in the production tier', () => {
    const replica = resourceAt(prod, 'aws_s3_bucket', 'hls-replica/bucket/bucket');
    expect(replica).toMatchObject({
      bucket: 'storytime-hls-outputs-replica-prod',
      provider: 'aws.hls_replica',
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceAt(prod, 'aws_s3_bucket', 'replica-access-logs/bucket')).toMatchObject({
      bucket: 'storytime-access-logs-replica-prod',
      provider: 'aws.hls_replica',
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceAt(prod, 'aws_s3_bucket_versioning', 'hls-replica/bucket/versioning')).toMatchObject({
      provider: 'aws.hls_replica',
      versioning_configuration: { status: 'Enabled' },
    });
    expect(resourceAt(prod, 'aws_s3_bucket_logging', 'hls-replica/bucket/access-logs')).toMatchObject({
      provider: 'aws.hls_replica',
      target_bucket: refAt(prod, 'aws_s3_bucket', 'replica-access-logs/bucket', 'bucket'),
      target_prefix: 's3/hls-outputs-replica/',
    });
    // dev is non-production: nothing protected.
    expect(resourceAt(on['storytime-dev'], 'aws_s3_bucket', 'hls-replica/bucket/bucket').lifecycle).toBeUndefined();
  });

  it('replicates books/ and its delete markers from the HLS bucket, after versioning on both', () => {
    expect(resourceAt(prod, 'aws_s3_bucket_replication_configuration', 'hls-replica/replication')).toMatchObject({
      bucket: refAt(prod, 'aws_s3_bucket', 'hls-outputs/bucket', 'id'),
      role: refAt(prod, 'aws_iam_role', 'hls-replica/role', 'arn'),
      rule: [
        {
          id: 'hls-outputs-to-replica',
          status: 'Enabled',
          filter: { prefix: 'books/' },
          delete_marker_replication: { status: 'Enabled' },
          destination: { bucket: refAt(prod, 'aws_s3_bucket', 'hls-replica/bucket/bucket', 'arn'), storage_class: 'STANDARD' },
        },
      ],
      depends_on: [
        addressAt(prod, 'aws_s3_bucket_versioning', 'hls-outputs/versioning'),
        addressAt(prod, 'aws_s3_bucket_versioning', 'hls-replica/bucket/versioning'),
      ],
    });
    expect(resourceAt(prod, 'aws_iam_role', 'hls-replica/role').name).toBe('storytime-prod-hls-replication');
  });

  it('fails over from the bucket to the replica on 403, 404, 500, 502, 503 and 504, each through its own OAC', () => {
    const distribution = distributionOf(prod);
    expect(distribution.origin_group).toEqual([
      {
        origin_id: 'hls-outputs-failover',
        failover_criteria: { status_codes: [403, 404, 500, 502, 503, 504] },
        member: [{ origin_id: 'hls-outputs-s3' }, { origin_id: 'hls-outputs-s3-replica' }],
      },
    ]);
    expect(distribution.origin.map((origin: Json) => [origin.origin_id, origin.origin_access_control_id])).toEqual([
      ['hls-outputs-s3', refAt(prod, 'aws_cloudfront_origin_access_control', 'cdn/oac', 'id')],
      ['hls-outputs-s3-replica', refAt(prod, 'aws_cloudfront_origin_access_control', 'cdn/oac-replica', 'id')],
      ['rails-api-alb', undefined],
    ]);
    // Origin Shield stays in front of the bucket it was set for.
    expect(distribution.origin[0].origin_shield).toEqual({ enabled: true, origin_shield_region: 'us-east-1' });
    expect(distribution.origin[1].origin_shield).toBeUndefined();
  });

  it('sends every HLS request to the origin group, signed cookies still required, and the API to the ALB', () => {
    const distribution = distributionOf(prod);
    const keyGroup = refAt(prod, 'aws_cloudfront_key_group', 'cdn/key-group', 'id');
    const behaviors = [distribution.default_cache_behavior, ...distribution.ordered_cache_behavior];
    expect(behaviors.map((b: Json) => [b.path_pattern ?? '(default)', b.target_origin_id, b.trusted_key_groups])).toEqual([
      ['(default)', 'hls-outputs-failover', [keyGroup]],
      ['/api/*', 'rails-api-alb', undefined],
      ['/auth/*', 'rails-api-alb', undefined],
      ['*.m3u8', 'hls-outputs-failover', [keyGroup]],
    ]);
  });

  it("lets only this distribution read the replica, in the replica's one TLS-only policy", () => {
    const replicaArn = refAt(prod, 'aws_s3_bucket', 'hls-replica/bucket/bucket', 'arn');
    expect(policyOf(resourceAt(prod, 'aws_s3_bucket_policy', 'hls-replica/bucket/policy')).Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [replicaArn, `${replicaArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'AllowCloudFrontReadThroughOAC',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: `${replicaArn}/*`,
        Condition: { StringEquals: { 'AWS:SourceArn': refAt(prod, 'aws_cloudfront_distribution', 'cdn/distribution', 'arn') } },
      },
    ]);
  });

  it("names the replica's region to the guardrails as the stack's second region", () => {
    const [settings] = validateSettings(bothOn()).environments.filter((environment) => environment.environment === 'prod');
    const stack = new StorytimeStack(new App({ outdir: tempDir('scope') }), settings);
    expect(stack.guardScope).toMatchObject({ region: 'us-east-1', additionalRegions: ['us-west-2'] });
  });

  it('lets the deploy roles reach the replica buckets and pass the replication role to S3 only', () => {
    const state = on['storytime-state-dev'];
    const statements = (id: string) => JSON.parse(resourceAt(state, 'aws_iam_role_policy', `deploy-identities/${id}`).policy).Statement;
    expect(statements('plan-read').find((s: Json) => s.Sid === 'ReadBuckets').Resource).toEqual([
      'arn:aws:s3:::storytime-access-logs-dev',
      'arn:aws:s3:::storytime-master-uploads-dev',
      'arn:aws:s3:::storytime-hls-outputs-dev',
      'arn:aws:s3:::storytime-access-logs-replica-dev',
      'arn:aws:s3:::storytime-hls-outputs-replica-dev',
    ]);
    expect(statements('apply-manage').find((s: Json) => s.Sid === 'PassReplicationRole')).toEqual({
      Sid: 'PassReplicationRole',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: 'arn:aws:iam::111111111111:role/storytime-dev-hls-replication',
      Condition: { StringEquals: { 'iam:PassedToService': 's3.amazonaws.com' } },
    });
    const shippedApply = JSON.parse(
      resourceAt(shipped['storytime-state-dev'], 'aws_iam_role_policy', 'deploy-identities/apply-manage').policy,
    );
    expect(shippedApply.Statement.map((s: Json) => s.Sid)).not.toContain('PassReplicationRole');
  });
});

describe('API through a CloudFront VPC origin (alb.vpcOrigin)', () => {
  const dev = on['storytime-dev'];

  it('creates the VPC origin of the internal ALB: HTTPS only on 443, TLSv1.2', () => {
    expect(resourceAt(dev, 'aws_cloudfront_vpc_origin', 'cdn/api-vpc-origin')).toMatchObject({
      vpc_origin_endpoint_config: [
        {
          name: 'storytime-dev-api',
          arn: albOf('dev'),
          http_port: 80,
          https_port: 443,
          origin_protocol_policy: 'https-only',
          origin_ssl_protocols: [{ items: ['TLSv1.2'], quantity: 1 }],
        },
      ],
    });
  });

  it('points the API origin at it by id, under the name the certificate covers, and keeps the origin-verify header', () => {
    const api = distributionOf(dev).origin.find((origin: Json) => origin.origin_id === 'rails-api-alb');
    expect(api).toEqual({
      origin_id: 'rails-api-alb',
      domain_name: 'origin-api.dev.storytime.example',
      vpc_origin_config: { vpc_origin_id: refAt(dev, 'aws_cloudfront_vpc_origin', 'cdn/api-vpc-origin', 'id'), origin_read_timeout: 60 },
      custom_header: [{ name: 'X-Origin-Verify', value: refAt(dev, 'random_password', 'origin-verify/blue', 'result') }],
    });
  });

  it('keeps the listener rule that requires the header, on the same listener', () => {
    const rules = resourcesOf(dev, 'aws_lb_listener_rule')
      .map(([, rule]) => rule)
      .sort((a: Json, b: Json) => a.priority - b.priority);
    expect(rules.map((rule: Json) => [rule.priority, rule.listener_arn, rule.condition.some((c: Json) => c.http_header)])).toEqual([
      [90, 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/storytime-dev/0123456789abcdef/0123456789abcdef', true],
      [100, 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/storytime-dev/0123456789abcdef/0123456789abcdef', false],
    ]);
  });

  it('takes the HTTPS port of the listener when it is not 443', () => {
    const json = synthAll(exampleWith('dev', (s) => (s.alb.vpcOrigin = { albArn: albOf('dev'), httpsPort: 8443 })))['storytime-dev'];
    expect(resourceAt(json, 'aws_cloudfront_vpc_origin', 'cdn/api-vpc-origin').vpc_origin_endpoint_config[0].https_port).toBe(8443);
  });
});

describe('availability settings refused', () => {
  const LISTENER_ALB = 'arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/app/storytime-prod/0123456789abcdef';

  it.each<[string, (settings: Json) => void, string]>([
    [
      'a replica in the stack region',
      (s) => (s.cdn.failover = { region: 'us-east-1' }),
      "prod: cdn.failover.region: expected a region other than the HLS bucket's (us-east-1): a replica in the same region fails over from nothing a regional outage takes down",
    ],
    [
      'an unknown region',
      (s) => (s.cdn.failover = { region: 'us-middle-7' }),
      'prod: cdn.failover.region: expected an AWS region such as us-east-1 (from the AWS SDK partition list)',
    ],
    ['an unknown field', (s) => (s.cdn.failover = { region: 'us-west-2', rtc: true }), 'prod: cdn.failover: unknown field(s) rtc'],
    [
      'a state bucket named as the replica',
      (s) => {
        s.cdn.failover = { region: 'us-west-2' };
        s.backend.bucket = 'storytime-hls-outputs-replica-prod';
      },
      "prod: backend.bucket: 'storytime-hls-outputs-replica-prod' is also the name of the stack's HLS replica bucket; bucket names are global, so the second to be created would fail: choose another name",
    ],
    [
      'a VPC origin without the ALB',
      (s) => (s.alb.vpcOrigin = {}),
      "prod: alb.vpcOrigin.albArn: required with a VPC origin: expected the internal ALB's ARN",
    ],
    [
      'the listener for the ALB',
      (s) => (s.alb.vpcOrigin = { albArn: s.alb.listenerArn }),
      "prod: alb.vpcOrigin.albArn: 'arn:aws:elasticloadbalancing:us-east-1:222222222222:listener/app/storytime-prod/0123456789abcdef/0123456789abcdef' is an ARN of type elasticloadbalancing listener: a listener, not its load balancer: give the ALB's ARN (aws elbv2 describe-load-balancers --names <name>)",
    ],
    [
      'an ALB other than the listener’s',
      (s) => (s.alb.vpcOrigin = { albArn: LISTENER_ALB.replace('storytime-prod/0123456789abcdef', 'storytime-web/0123456789abcdef') }),
      `prod: alb.vpcOrigin.albArn: expected the load balancer of alb.listenerArn, ${LISTENER_ALB}: CloudFront would reach an ALB whose listener holds none of the API's rules`,
    ],
    [
      'an ALB of another account',
      (s) => (s.alb.vpcOrigin = { albArn: LISTENER_ALB.replace('222222222222', '333333333333') }),
      "prod: alb.vpcOrigin.albArn: 'arn:aws:elasticloadbalancing:us-east-1:333333333333:loadbalancer/app/storytime-prod/0123456789abcdef' is in account 333333333333, but this stack deploys to 222222222222",
    ],
    [
      'an ALB of another region',
      (s) => (s.alb.vpcOrigin = { albArn: LISTENER_ALB.replace('us-east-1', 'us-west-2') }),
      "prod: alb.vpcOrigin.albArn: 'arn:aws:elasticloadbalancing:us-west-2:222222222222:loadbalancer/app/storytime-prod/0123456789abcdef' is in region us-west-2, but this stack is in us-east-1",
    ],
    [
      'a port out of range',
      (s) => (s.alb.vpcOrigin = { albArn: LISTENER_ALB, httpsPort: 70000 }),
      'prod: alb.vpcOrigin.httpsPort: expected a port from 1 to 65535',
    ],
  ])('refuses %s in one line', (_name, change, message) => {
    expect(problemsOf(exampleWith('prod', change))).toEqual([message]);
  });
});
