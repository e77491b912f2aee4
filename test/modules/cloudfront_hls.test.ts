import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { runInNewContext } from 'node:vm';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { CloudfrontHls, type CloudfrontHlsProps, preflightCode } from '../../modules/cloudfront_hls';
import { AccessLogBucket, PrivateBucket } from '../../modules/s3_bucket';
import { settings as dev } from '../../stacks/settings/dev';
import { settings as prod } from '../../stacks/settings/prod';
import { addressAt, expose, policyOf, refAt, resourceAt, resourcesOf, synthScope, type Json } from '../helpers';

// Real RSA 2048 public keys: those of the example settings.
const KEY_2026 = dev.signing.publicKeys[0].pem;
const KEY_2027 = prod.signing.publicKeys[0].pem;
const DISTRIBUTION = 'cdn/distribution';

/** A CloudfrontHls `cdn` in front of a private bucket `hls`, with `props` on top; `extra` adds to the same scope. */
function cdn(props: Partial<CloudfrontHlsProps> = {}, extra?: (scope: Construct, cdn: CloudfrontHls) => void): Json {
  return synthScope((scope) => {
    const originBucket = new PrivateBucket(scope, 'hls', { bucketName: 'storytime-hls-outputs-dev' });
    const distribution = new CloudfrontHls(scope, 'cdn', {
      namePrefix: 'storytime-dev',
      environment: 'dev',
      originBucket,
      publicKeys: [{ name: '2026-11', pem: KEY_2026 }],
      activeKeyName: '2026-11',
      ...props,
    });
    extra?.(scope, distribution);
  });
}
const distributionOf = (json: Json) => resourceAt(json, 'aws_cloudfront_distribution', DISTRIBUTION);
const behaviorsOf = (json: Json): Json[] => [distributionOf(json).default_cache_behavior, ...distributionOf(json).ordered_cache_behavior];

describe('CloudfrontHls', () => {
  it('reaches the bucket through OAC s3/always/sigv4, HTTP/2+3 and IPv6, PriceClass_100, no default root object', () => {
    const json = cdn();
    expect(resourceAt(json, 'aws_cloudfront_origin_access_control', 'cdn/oac')).toEqual({
      name: 'storytime-dev-hls-outputs',
      description: 'storytime-dev CloudFront to the HLS outputs bucket',
      origin_access_control_origin_type: 's3',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
    const distribution = distributionOf(json);
    expect(distribution).toMatchObject({ enabled: true, is_ipv6_enabled: true, http_version: 'http2and3', price_class: 'PriceClass_100' });
    expect(distribution.default_root_object).toBeUndefined();
    expect(distribution.web_acl_id).toBeUndefined();
    expect(distribution.origin).toEqual([
      {
        origin_id: 'hls-outputs-s3',
        domain_name: refAt(json, 'aws_s3_bucket', 'hls/bucket', 'bucket_regional_domain_name'),
        origin_access_control_id: refAt(json, 'aws_cloudfront_origin_access_control', 'cdn/oac', 'id'),
      },
    ]);
  });

  it("grants only this distribution s3:GetObject in the origin bucket's single policy", () => {
    const json = cdn();
    expect(resourcesOf(json, 'aws_s3_bucket_policy')).toHaveLength(1);
    expect(policyOf(resourceAt(json, 'aws_s3_bucket_policy', 'hls/policy')).Statement.map((s: Json) => s.Sid)).toEqual([
      'DenyInsecureTransport',
      'AllowCloudFrontReadThroughOAC',
    ]);
    expect(policyOf(resourceAt(json, 'aws_s3_bucket_policy', 'hls/policy')).Statement[1]).toEqual({
      Sid: 'AllowCloudFrontReadThroughOAC',
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: `${refAt(json, 'aws_s3_bucket', 'hls/bucket', 'arn')}/*`,
      Condition: { StringEquals: { 'AWS:SourceArn': refAt(json, 'aws_cloudfront_distribution', DISTRIBUTION, 'arn') } },
    });
  });

  it('requires signed cookies, HTTPS and a path-only cache key on every behavior; GET/HEAD only without CORS', () => {
    const json = cdn();
    const keyGroup = refAt(json, 'aws_cloudfront_key_group', 'cdn/key-group', 'id');
    const behaviors = behaviorsOf(json);
    expect(behaviors.map((b) => b.path_pattern)).toEqual([undefined, '*.m3u8']);
    for (const behavior of behaviors) {
      expect(behavior).toMatchObject({
        target_origin_id: 'hls-outputs-s3',
        viewer_protocol_policy: 'redirect-to-https',
        allowed_methods: ['GET', 'HEAD'],
        cached_methods: ['GET', 'HEAD'],
        compress: true,
        trusted_key_groups: [keyGroup],
        response_headers_policy_id: refAt(json, 'aws_cloudfront_response_headers_policy', 'cdn/response-headers-storytime-dev-hls', 'id'),
      });
      expect(behavior.forwarded_values).toBeUndefined();
    }
    for (const policy of resourcesOf(json, 'aws_cloudfront_cache_policy').map(([, p]) => p)) {
      expect(policy.parameters_in_cache_key_and_forwarded_to_origin).toEqual({
        cookies_config: { cookie_behavior: 'none' },
        headers_config: { header_behavior: 'none' },
        query_strings_config: { query_string_behavior: 'none' },
        enable_accept_encoding_brotli: true,
        enable_accept_encoding_gzip: true,
      });
    }
    expect(
      resourceAt(json, 'aws_cloudfront_response_headers_policy', 'cdn/response-headers-storytime-dev-hls').cors_config,
    ).toBeUndefined();
    // No player origin: no preflight to answer.
    expect(resourcesOf(json, 'aws_cloudfront_function')).toEqual([]);
    for (const behavior of behaviorsOf(json)) expect(behavior.function_association).toBeUndefined();
  });

  it('adds OPTIONS and a credentialed CORS policy for the playback origins when there are some', () => {
    const json = cdn({ playbackCorsOrigins: ['https://admin.dev.storytime.example'] });
    for (const behavior of behaviorsOf(json)) {
      expect(behavior.allowed_methods).toEqual(['GET', 'HEAD', 'OPTIONS']);
      expect(behavior.cached_methods).toEqual(['GET', 'HEAD', 'OPTIONS']);
    }
    expect(resourceAt(json, 'aws_cloudfront_response_headers_policy', 'cdn/response-headers-storytime-dev-hls').cors_config).toEqual({
      access_control_allow_credentials: true,
      access_control_allow_headers: { items: ['Range'] },
      access_control_allow_methods: { items: ['GET', 'HEAD', 'OPTIONS'] },
      access_control_allow_origins: { items: ['https://admin.dev.storytime.example'] },
      access_control_max_age_sec: 600,
      origin_override: true,
    });
  });

  it('caches manifests 60 s and segments a day by default, or the TTLs and price class given', () => {
    const ttls = (json: Json) => {
      const policy = (id: string) => resourceAt(json, 'aws_cloudfront_cache_policy', `cdn/cache-policy-${id}`);
      const distribution = distributionOf(json);
      expect(distribution.default_cache_behavior.cache_policy_id).toBe(
        refAt(json, 'aws_cloudfront_cache_policy', 'cdn/cache-policy-segments', 'id'),
      );
      expect(distribution.ordered_cache_behavior.at(-1).cache_policy_id).toBe(
        refAt(json, 'aws_cloudfront_cache_policy', 'cdn/cache-policy-manifests', 'id'),
      );
      return ['manifests', 'segments'].map((id) => [policy(id).name, policy(id).min_ttl, policy(id).default_ttl, policy(id).max_ttl]);
    };
    expect(ttls(cdn())).toEqual([
      ['storytime-dev-hls-manifests', 0, 60, 60],
      ['storytime-dev-hls-segments', 0, 86400, 86400],
    ]);
    const custom = cdn({ manifestTtlSeconds: 5, segmentTtlSeconds: 600, priceClass: 'PriceClass_All' });
    expect(ttls(custom)).toEqual([
      ['storytime-dev-hls-manifests', 0, 5, 5],
      ['storytime-dev-hls-segments', 0, 600, 600],
    ]);
    expect(distributionOf(custom).price_class).toBe('PriceClass_All');
  });

  it('tells viewers which environment served them, with HSTS preload', () => {
    const policy = resourceAt(cdn(), 'aws_cloudfront_response_headers_policy', 'cdn/response-headers-storytime-dev-hls');
    expect(policy.custom_headers_config.items).toEqual([{ header: 'x-storytime-environment', value: 'dev', override: true }]);
    expect(policy.security_headers_config).toEqual({
      strict_transport_security: { access_control_max_age_sec: 63072000, include_subdomains: true, preload: true, override: true },
      content_type_options: { override: true },
      frame_options: { frame_option: 'DENY', override: true },
      referrer_policy: { referrer_policy: 'strict-origin-when-cross-origin', override: true },
    });
  });

  it('serves only the *.cloudfront.net name with the default certificate when no custom domain is set', () => {
    const json = cdn({}, (scope, distribution) => expose(scope, { viewer: distribution.viewerDomainName }));
    expect(distributionOf(json).viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    expect(distributionOf(json).aliases).toBeUndefined();
    expect(json).not.toHaveResource('aws_route53_record');
    expect(json.output.viewer.value).toBe(refAt(json, 'aws_cloudfront_distribution', DISTRIBUTION, 'domain_name'));
  });

  it('serves a custom domain with its us-east-1 certificate, TLSv1.2_2021 and Route53 A/AAAA aliases', () => {
    const certificateArn = 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-4000-8000-000000000001';
    const json = cdn(
      { customDomain: { domainName: 'cdn.dev.storytime.example', certificateArn, hostedZoneId: 'Z1' } },
      (scope, distribution) => expose(scope, { viewer: distribution.viewerDomainName }),
    );
    expect(distributionOf(json).aliases).toEqual(['cdn.dev.storytime.example']);
    expect(distributionOf(json).viewer_certificate).toEqual({
      acm_certificate_arn: certificateArn,
      ssl_support_method: 'sni-only',
      minimum_protocol_version: 'TLSv1.2_2021',
    });
    const alias = {
      name: refAt(json, 'aws_cloudfront_distribution', DISTRIBUTION, 'domain_name'),
      zone_id: refAt(json, 'aws_cloudfront_distribution', DISTRIBUTION, 'hosted_zone_id'),
      evaluate_target_health: false,
    };
    expect(resourceAt(json, 'aws_route53_record', 'cdn/alias-a')).toEqual({
      zone_id: 'Z1',
      name: 'cdn.dev.storytime.example',
      type: 'A',
      alias,
    });
    expect(resourceAt(json, 'aws_route53_record', 'cdn/alias-aaaa')).toEqual({
      zone_id: 'Z1',
      name: 'cdn.dev.storytime.example',
      type: 'AAAA',
      alias,
    });
    expect(json.output.viewer.value).toBe('cdn.dev.storytime.example');
  });

  it('associates the WAF web ACL given', () => {
    const acl = 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/storytime-dev-cdn/00000000-0000-4000-8000-000000000001';
    expect(distributionOf(cdn({ webAclArn: acl })).web_acl_id).toBe(acl);
  });
});

describe('CloudfrontHls signing keys', () => {
  it('puts one public key per PEM in the key group, for rotation, and exposes the active id and all ids', () => {
    const next = KEY_2027;
    const json = cdn(
      {
        publicKeys: [
          { name: '2026-11', pem: KEY_2026 },
          { name: '2027-05', pem: next },
        ],
        activeKeyName: '2027-05',
      },
      (scope, distribution) =>
        expose(scope, { active: distribution.activePublicKeyId, ids: distribution.publicKeyIds, group: distribution.keyGroupId }),
    );
    const key = (name: string) => resourceAt(json, 'aws_cloudfront_public_key', `cdn/public-key-${name}`);
    expect(key('2026-11')).toEqual({
      name: 'storytime-dev-2026-11',
      comment: 'storytime-dev signed-cookie key 2026-11',
      encoded_key: KEY_2026,
    });
    expect(key('2027-05')).toMatchObject({ name: 'storytime-dev-2027-05', encoded_key: next });
    const id = (name: string) => refAt(json, 'aws_cloudfront_public_key', `cdn/public-key-${name}`, 'id');
    expect(resourceAt(json, 'aws_cloudfront_key_group', 'cdn/key-group')).toEqual({
      name: 'storytime-dev-hls',
      comment: 'storytime-dev keys trusted for HLS signed cookies',
      items: [id('2026-11'), id('2027-05')],
    });
    expect(json.output.active.value).toBe(id('2027-05'));
    expect(json.output.ids.value).toEqual({ '2026-11': id('2026-11'), '2027-05': id('2027-05') });
    expect(json.output.group.value).toBe(refAt(json, 'aws_cloudfront_key_group', 'cdn/key-group', 'id'));
  });
});

describe('CloudfrontHls destroy protection', () => {
  it('protects the distribution and the key group when asked, never the public keys a rotation retires', () => {
    const keys = {
      publicKeys: [
        { name: '2026-11', pem: KEY_2026 },
        { name: '2027-05', pem: KEY_2027 },
      ],
      activeKeyName: '2026-11',
    };
    const json = cdn({ ...keys, preventDestroy: true });
    expect(distributionOf(json).lifecycle).toEqual({ prevent_destroy: true });
    expect(resourceAt(json, 'aws_cloudfront_key_group', 'cdn/key-group').lifecycle).toEqual({ prevent_destroy: true });
    expect(resourcesOf(json, 'aws_cloudfront_public_key').map(([, key]) => key.lifecycle)).toEqual([undefined, undefined]);
    expect(resourceAt(json, 'aws_cloudfront_origin_access_control', 'cdn/oac').lifecycle).toBeUndefined();
  });

  it('protects nothing by default', () => {
    const json = cdn();
    expect(distributionOf(json).lifecycle).toBeUndefined();
    expect(resourceAt(json, 'aws_cloudfront_key_group', 'cdn/key-group').lifecycle).toBeUndefined();
  });
});

describe('CloudfrontHls API origin', () => {
  const apiOrigin = { domainName: 'api-origin.dev.storytime.example', originVerifySecret: '${random_password.verify.result}' };

  it('routes /api/* and /auth/* first to the ALB, uncached, every viewer header but Host, with X-Origin-Verify', () => {
    const json = cdn({ apiOrigin });
    expect(distributionOf(json).origin[1]).toEqual({
      origin_id: 'rails-api-alb',
      domain_name: 'api-origin.dev.storytime.example',
      custom_origin_config: {
        http_port: 80,
        https_port: 443,
        origin_protocol_policy: 'https-only',
        origin_ssl_protocols: ['TLSv1.2'],
        origin_read_timeout: 60,
      },
      custom_header: [{ name: 'X-Origin-Verify', value: '${random_password.verify.result}' }],
    });
    const ordered = distributionOf(json).ordered_cache_behavior;
    expect(ordered.map((b: Json) => [b.path_pattern, b.target_origin_id])).toEqual([
      ['/api/*', 'rails-api-alb'],
      ['/auth/*', 'rails-api-alb'],
      ['*.m3u8', 'hls-outputs-s3'],
    ]);
    for (const behavior of ordered.slice(0, 2)) {
      expect(behavior).toMatchObject({
        cache_policy_id: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        origin_request_policy_id: 'b689b0a8-53d0-40ab-baf8-586a32e60023',
        viewer_protocol_policy: 'https-only',
        allowed_methods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
        response_headers_policy_id: refAt(json, 'aws_cloudfront_response_headers_policy', 'cdn/response-headers-storytime-dev-api', 'id'),
      });
      expect(behavior.trusted_key_groups).toBeUndefined();
    }
    // The API keeps Rails' own CORS headers.
    expect(
      resourceAt(json, 'aws_cloudfront_response_headers_policy', 'cdn/response-headers-storytime-dev-api').cors_config,
    ).toBeUndefined();
  });

  it('routes the paths given instead of the defaults', () => {
    const ordered = distributionOf(cdn({ apiOrigin: { ...apiOrigin, paths: ['/graphql'] } })).ordered_cache_behavior;
    expect(ordered.map((b: Json) => b.path_pattern)).toEqual(['/graphql', '*.m3u8']);
  });
});

describe('CloudfrontHls origin failover', () => {
  /** A CloudFront in front of `hls` with a replica bucket `replica` as the failover of its HLS behaviors. */
  const withReplica = (props: Partial<CloudfrontHlsProps> = {}) =>
    cdn({}, (scope) => {
      const failoverBucket = new PrivateBucket(scope, 'replica', { bucketName: 'storytime-hls-outputs-replica-dev' });
      new CloudfrontHls(scope, 'cdn2', {
        namePrefix: 'storytime-dev',
        environment: 'dev',
        originBucket: new PrivateBucket(scope, 'hls2', { bucketName: 'storytime-hls-outputs-two-dev' }),
        failoverBucket,
        publicKeys: [{ name: '2026-11', pem: KEY_2026 }],
        activeKeyName: '2026-11',
        ...props,
      });
    });
  const second = (json: Json) => resourceAt(json, 'aws_cloudfront_distribution', 'cdn2/distribution');

  it('adds the replica through an OAC of its own and an origin group failing over on 403, 404, 500, 502, 503, 504', () => {
    const json = withReplica({ originShieldRegion: 'us-east-1' });
    expect(resourceAt(json, 'aws_cloudfront_origin_access_control', 'cdn2/oac-replica')).toEqual({
      name: 'storytime-dev-hls-replica',
      description: 'storytime-dev CloudFront to the HLS replica bucket',
      origin_access_control_origin_type: 's3',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
    expect(second(json).origin).toEqual([
      {
        origin_id: 'hls-outputs-s3',
        domain_name: refAt(json, 'aws_s3_bucket', 'hls2/bucket', 'bucket_regional_domain_name'),
        origin_access_control_id: refAt(json, 'aws_cloudfront_origin_access_control', 'cdn2/oac', 'id'),
        origin_shield: { enabled: true, origin_shield_region: 'us-east-1' },
      },
      {
        origin_id: 'hls-outputs-s3-replica',
        domain_name: refAt(json, 'aws_s3_bucket', 'replica/bucket', 'bucket_regional_domain_name'),
        origin_access_control_id: refAt(json, 'aws_cloudfront_origin_access_control', 'cdn2/oac-replica', 'id'),
      },
    ]);
    expect(second(json).origin_group).toEqual([
      {
        origin_id: 'hls-outputs-failover',
        failover_criteria: { status_codes: [403, 404, 500, 502, 503, 504] },
        member: [{ origin_id: 'hls-outputs-s3' }, { origin_id: 'hls-outputs-s3-replica' }],
      },
    ]);
  });

  it('points every HLS behavior at the origin group, signed cookies still required, and the API at the ALB', () => {
    const json = withReplica({ apiOrigin: { domainName: 'origin-api.dev.storytime.example', originVerifySecret: 'v' } });
    const keyGroup = refAt(json, 'aws_cloudfront_key_group', 'cdn2/key-group', 'id');
    const distribution = second(json);
    const behaviors = [distribution.default_cache_behavior, ...distribution.ordered_cache_behavior];
    expect(behaviors.map((b: Json) => [b.path_pattern, b.target_origin_id, b.trusted_key_groups, b.allowed_methods])).toEqual([
      [undefined, 'hls-outputs-failover', [keyGroup], ['GET', 'HEAD']],
      ['/api/*', 'rails-api-alb', undefined, ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']],
      ['/auth/*', 'rails-api-alb', undefined, ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']],
      ['*.m3u8', 'hls-outputs-failover', [keyGroup], ['GET', 'HEAD']],
    ]);
  });

  it("grants this distribution, and no other, read in the replica's single policy as in the bucket's", () => {
    const json = withReplica();
    const grant = (bucket: string) => ({
      Sid: 'AllowCloudFrontReadThroughOAC',
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: `${refAt(json, 'aws_s3_bucket', `${bucket}/bucket`, 'arn')}/*`,
      Condition: { StringEquals: { 'AWS:SourceArn': refAt(json, 'aws_cloudfront_distribution', 'cdn2/distribution', 'arn') } },
    });
    expect(policyOf(resourceAt(json, 'aws_s3_bucket_policy', 'replica/policy')).Statement.slice(1)).toEqual([grant('replica')]);
    expect(policyOf(resourceAt(json, 'aws_s3_bucket_policy', 'hls2/policy')).Statement.slice(1)).toEqual([grant('hls2')]);
  });

  it('has one origin, no group and one OAC without a replica', () => {
    const json = cdn();
    expect(distributionOf(json).origin_group).toBeUndefined();
    expect(resourcesOf(json, 'aws_cloudfront_origin_access_control')).toHaveLength(1);
  });

  it('refuses the origin bucket as its own replica', () => {
    expect(() =>
      cdn({}, (scope) => {
        const bucket = new PrivateBucket(scope, 'same', { bucketName: 'storytime-hls-outputs-same-dev' });
        new CloudfrontHls(scope, 'cdn2', {
          namePrefix: 'storytime-dev',
          environment: 'dev',
          originBucket: bucket,
          failoverBucket: bucket,
          publicKeys: [{ name: '2026-11', pem: KEY_2026 }],
          activeKeyName: '2026-11',
        });
      }),
    ).toThrow('cloudfront_hls: failoverBucket: expected a replica of originBucket, not originBucket itself');
  });
});

describe('CloudfrontHls API origin through a VPC origin', () => {
  const ALB = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/storytime-dev/0123456789abcdef';
  const apiOrigin = {
    domainName: 'origin-api.dev.storytime.example',
    originVerifySecret: '${random_password.verify.result}',
    vpcOrigin: { albArn: ALB },
  };

  it('creates the VPC origin of the ALB, HTTPS only on 443 with TLSv1.2', () => {
    expect(resourceAt(cdn({ apiOrigin }), 'aws_cloudfront_vpc_origin', 'cdn/api-vpc-origin')).toEqual({
      vpc_origin_endpoint_config: [
        {
          name: 'storytime-dev-api',
          arn: ALB,
          http_port: 80,
          https_port: 443,
          origin_protocol_policy: 'https-only',
          origin_ssl_protocols: [{ items: ['TLSv1.2'], quantity: 1 }],
        },
      ],
    });
    const port = resourceAt(
      cdn({ apiOrigin: { ...apiOrigin, vpcOrigin: { albArn: ALB, httpsPort: 8443 } } }),
      'aws_cloudfront_vpc_origin',
      'cdn/api-vpc-origin',
    );
    expect(port.vpc_origin_endpoint_config[0].https_port).toBe(8443);
  });

  it('reaches the ALB through it under the same origin name, still sending X-Origin-Verify, on the same API behaviors', () => {
    const json = cdn({ apiOrigin });
    expect(distributionOf(json).origin[1]).toEqual({
      origin_id: 'rails-api-alb',
      domain_name: 'origin-api.dev.storytime.example',
      vpc_origin_config: { vpc_origin_id: refAt(json, 'aws_cloudfront_vpc_origin', 'cdn/api-vpc-origin', 'id'), origin_read_timeout: 60 },
      custom_header: [{ name: 'X-Origin-Verify', value: '${random_password.verify.result}' }],
    });
    expect(distributionOf(json).ordered_cache_behavior.map((b: Json) => [b.path_pattern, b.target_origin_id])).toEqual([
      ['/api/*', 'rails-api-alb'],
      ['/auth/*', 'rails-api-alb'],
      ['*.m3u8', 'hls-outputs-s3'],
    ]);
  });

  it('creates no VPC origin for an internet-facing ALB', () => {
    expect(cdn({ apiOrigin: { domainName: 'origin-api.dev.storytime.example', originVerifySecret: 'v' } })).not.toHaveResource(
      'aws_cloudfront_vpc_origin',
    );
  });

  it.each<[string, Partial<{ albArn: string; httpsPort: number }>, string]>([
    [
      'a listener',
      { albArn: `${ALB.replace(':loadbalancer/', ':listener/')}/0123456789abcdef` },
      `cloudfront_hls: apiOrigin.vpcOrigin.albArn: '${ALB.replace(':loadbalancer/', ':listener/')}/0123456789abcdef' is an ARN of type elasticloadbalancing listener: a listener, not its load balancer: give the ALB's ARN (aws elbv2 describe-load-balancers --names <name>)`,
    ],
    [
      'a network load balancer',
      { albArn: ALB.replace('/app/', '/net/') },
      `cloudfront_hls: apiOrigin.vpcOrigin.albArn: '${ALB.replace('/app/', '/net/')}' is a network load balancer: the API's listener rules need the application load balancer of the listener`,
    ],
    [
      'a target group',
      { albArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/storytime-dev-api/0123456789abcdef' },
      "cloudfront_hls: apiOrigin.vpcOrigin.albArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/storytime-dev-api/0123456789abcdef' is an ARN of type elasticloadbalancing targetgroup: a target group, not the load balancer: give the ALB's ARN (aws elbv2 describe-load-balancers --names <name>)",
    ],
    ['port 0', { httpsPort: 0 }, 'cloudfront_hls: apiOrigin.vpcOrigin.httpsPort: expected a port from 1 to 65535'],
    ['port 65536', { httpsPort: 65536 }, 'cloudfront_hls: apiOrigin.vpcOrigin.httpsPort: expected a port from 1 to 65535'],
  ])('refuses %s', (_name, vpcOrigin, message) => {
    expect(() => cdn({ apiOrigin: { ...apiOrigin, vpcOrigin: { albArn: ALB, ...vpcOrigin } } })).toThrow(new Error(message));
  });
});

describe('CloudfrontHls access logs', () => {
  const withLogs = (provider: boolean) =>
    synthScope((scope) => {
      const originBucket = new PrivateBucket(scope, 'hls', { bucketName: 'storytime-hls-outputs-dev' });
      const bucket = new AccessLogBucket(scope, 'logs', { bucketName: 'storytime-access-logs-dev', accountId: '111111111111' });
      new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
      const logsProvider = provider ? new AwsProvider(scope, 'aws-logs', { region: 'us-east-1', alias: 'cloudfront_logs' }) : undefined;
      new CloudfrontHls(scope, 'cdn', {
        namePrefix: 'storytime-dev',
        environment: 'dev',
        originBucket,
        publicKeys: [{ name: '2026-11', pem: KEY_2026 }],
        activeKeyName: '2026-11',
        accessLogs: { bucket, provider: logsProvider },
      });
    });

  it('delivers standard logging v2 to the log bucket under cloudfront/, after the bucket grants it', () => {
    const json = withLogs(false);
    const source = resourceAt(json, 'aws_cloudwatch_log_delivery_source', 'cdn/log-source');
    expect(source).toEqual({
      name: 'storytime-dev-cloudfront',
      log_type: 'ACCESS_LOGS',
      resource_arn: refAt(json, 'aws_cloudfront_distribution', DISTRIBUTION, 'arn'),
    });
    expect(resourceAt(json, 'aws_cloudwatch_log_delivery_destination', 'cdn/log-destination')).toEqual({
      name: 'storytime-dev-cloudfront-s3',
      output_format: 'w3c',
      delivery_destination_configuration: [
        { destination_resource_arn: `${refAt(json, 'aws_s3_bucket', 'logs/bucket', 'arn')}/cloudfront` },
      ],
    });
    expect(resourceAt(json, 'aws_cloudwatch_log_delivery', 'cdn/log-delivery')).toEqual({
      delivery_source_name: refAt(json, 'aws_cloudwatch_log_delivery_source', 'cdn/log-source', 'name'),
      delivery_destination_arn: refAt(json, 'aws_cloudwatch_log_delivery_destination', 'cdn/log-destination', 'arn'),
      // The bucket grant exists before the delivery, so AWS does not write a policy of its own.
      depends_on: [addressAt(json, 'aws_s3_bucket_policy', 'logs/policy')],
    });
    // Standard logging v2 replaces the legacy logging_config, which needs bucket ACLs.
    expect(distributionOf(json).logging_config).toBeUndefined();
    const logs = refAt(json, 'aws_s3_bucket', 'logs/bucket', 'arn');
    const fromLogDelivery = { 'aws:SourceArn': 'arn:aws:logs:us-east-1:111111111111:*' };
    expect(policyOf(resourceAt(json, 'aws_s3_bucket_policy', 'logs/policy')).Statement.slice(1)).toEqual([
      {
        Sid: 'AllowLogDeliveryWrite',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${logs}/cloudfront/*`,
        Condition: {
          StringEquals: { 'aws:SourceAccount': '111111111111', 's3:x-amz-acl': 'bucket-owner-full-control' },
          ArnLike: fromLogDelivery,
        },
      },
      {
        Sid: 'AllowLogDeliveryAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['s3:GetBucketAcl', 's3:ListBucket'],
        Resource: logs,
        Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: fromLogDelivery },
      },
    ]);
  });

  it('configures the deliveries through the us-east-1 provider given, and through the default one otherwise', () => {
    const types = ['aws_cloudwatch_log_delivery_source', 'aws_cloudwatch_log_delivery_destination', 'aws_cloudwatch_log_delivery'];
    const providers = (json: Json) => types.map((type) => resourcesOf(json, type)[0][1].provider);
    expect(providers(withLogs(true))).toEqual(['aws.cloudfront_logs', 'aws.cloudfront_logs', 'aws.cloudfront_logs']);
    expect(providers(withLogs(false))).toEqual([undefined, undefined, undefined]);
  });
});

describe('the CORS preflight function', () => {
  type Handler = (event: unknown) => Json;
  // The function's code as CloudFront runs it: plain ES5 with a handler(event), in a context of its own.
  const context: { handler?: Handler } = {};
  runInNewContext(`${preflightCode(['https://app.dev.storytime.example'])}; this.handler = handler;`, context);
  const handler = (event: unknown): Json => JSON.parse(JSON.stringify(context.handler?.(event)));
  const request = (method: string, origin?: string) => ({
    request: { method, uri: '/books/42/index_1080p_00001.ts', headers: origin ? { origin: { value: origin } } : {} },
  });

  it('answers a preflight of a player origin itself, with the CORS headers and no cookie check', () => {
    expect(handler(request('OPTIONS', 'https://app.dev.storytime.example'))).toEqual({
      statusCode: 204,
      statusDescription: 'No Content',
      headers: {
        'access-control-allow-origin': { value: 'https://app.dev.storytime.example' },
        'access-control-allow-credentials': { value: 'true' },
        'access-control-allow-methods': { value: 'GET, HEAD' },
        'access-control-allow-headers': { value: 'Range' },
        'access-control-max-age': { value: '600' },
        vary: { value: 'Origin' },
      },
    });
  });

  it('refuses a preflight of any other origin, and passes every other request on to the signed-cookie check', () => {
    expect(handler(request('OPTIONS', 'https://evil.example'))).toEqual({ statusCode: 403, statusDescription: 'Forbidden' });
    expect(handler(request('OPTIONS'))).toEqual({ statusCode: 403, statusDescription: 'Forbidden' });
    const get = request('GET', 'https://app.dev.storytime.example');
    expect(handler(get)).toEqual(get.request);
  });
});
