import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { AlbRules, type AlbRulesProps } from '../modules/alb_rules';
import { CloudfrontHls, type CloudfrontHlsProps } from '../modules/cloudfront_hls';
import { Observability } from '../modules/observability';
import { PrivateBucket } from '../modules/s3_bucket';
import { settings as dev } from '../stacks/settings/dev';
import { rsaKeyPair } from './keys';
import { tempDir } from './temp';

/**
 * The rules settings validation reports for the API paths, names, keys, addresses
 * and buckets are the modules' own: each module used alone refuses the same value
 * in the same words, naming the module and the prop.
 */
const PEM = dev.signing.publicKeys[0].pem;
const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/storytime-dev/0123456789abcdef/0123456789abcdef';
const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/storytime-dev-api/0123456789abcdef';
const CUSTOM_DOMAIN = {
  domainName: 'cdn.dev.storytime.example',
  certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-4000-8000-000000000001',
  hostedZoneId: 'Z00000000000000000001',
};

function alone(build: (scope: Construct) => void): void {
  build(new TerraformStack(new App({ outdir: tempDir('alone') }), 'alone'));
}
const cloudfrontHls = (props: Partial<CloudfrontHlsProps>) => () =>
  alone((scope) => {
    const originBucket = new PrivateBucket(scope, 'hls', { bucketName: 'storytime-hls-outputs-dev' });
    new CloudfrontHls(scope, 'cdn', {
      namePrefix: 'storytime-dev',
      environment: 'dev',
      originBucket,
      publicKeys: [{ name: '2026-11', pem: PEM }],
      activeKeyName: '2026-11',
      ...props,
    });
  });
const api = (domainName: string, paths?: string[]) => ({
  apiOrigin: { domainName, paths, originVerifySecret: '${random_password.blue.result}' },
});
const albRules = (props: Partial<AlbRulesProps>) => () =>
  alone(
    (scope) =>
      new AlbRules(scope, 'alb-rules', {
        listenerArn: LISTENER,
        apiTargetGroupArn: TARGET_GROUP,
        originVerifyValues: ['${random_password.blue.result}', '${random_password.green.result}'],
        ...props,
      }),
  );

describe('each module alone refuses what the settings refuse, in the same words', () => {
  it.each<[string, () => void, string]>([
    [
      'API paths over the HLS paths',
      cloudfrontHls(api('origin-api.dev.storytime.example', ['/api/*', '/books/*'])),
      "cloudfront_hls: apiOrigin.paths[1]: '/books/*' matches the HLS requests under /books/: CloudFront tries the API paths first, so those requests, signed cookies or not, would go to the API; choose a path outside /books/",
    ],
    [
      'an API path of wildcards only, in a form the settings do not allow',
      cloudfrontHls(api('origin-api.dev.storytime.example', ['*'])),
      "cloudfront_hls: apiOrigin.paths[0]: '*' matches every request: CloudFront tries the API paths before the HLS behaviors, so no video would be served from the bucket; list the API's own prefixes, such as /api/*",
    ],
    [
      'a wildcard in the middle that reaches the HLS paths',
      cloudfrontHls(api('origin-api.dev.storytime.example', ['/b?oks/*/index.m3u8'])),
      "cloudfront_hls: apiOrigin.paths[0]: '/b?oks/*/index.m3u8' matches the HLS requests under /books/: CloudFront tries the API paths first, so those requests, signed cookies or not, would go to the API; choose a path outside /books/",
    ],
    [
      'an exact path behind a broader one',
      cloudfrontHls(api('origin-api.dev.storytime.example', ['/auth/*', '/auth/callback'])),
      "cloudfront_hls: apiOrigin.paths[1]: '/auth/callback' is never reached: '/auth/*', listed before it, matches every path it matches; remove it",
    ],
    [
      'the API origin named as the custom domain',
      cloudfrontHls({ customDomain: CUSTOM_DOMAIN, ...api('cdn.dev.storytime.example') }),
      "cloudfront_hls: apiOrigin.domainName: 'cdn.dev.storytime.example' is the CDN's own domain: CloudFront would send every API request back to itself; set a name that resolves to the ALB, such as origin-api.<domain>",
    ],
    [
      'a custom domain of CloudFront',
      cloudfrontHls({ customDomain: { ...CUSTOM_DOMAIN, domainName: 'd111111abcdef8.cloudfront.net' } }),
      "cloudfront_hls: customDomain.domainName: 'd111111abcdef8.cloudfront.net' is a CloudFront name, which the distribution has without a custom domain: set your own domain, or remove customDomain",
    ],
    [
      'one key under two names',
      cloudfrontHls({
        publicKeys: [
          { name: '2026-11', pem: PEM },
          { name: '2027-05', pem: PEM },
        ],
      }),
      "cloudfront_hls: publicKeys[1].pem: the same key as publicKeys[0] ('2026-11'): a key group takes each key once, and a rotation needs a new key pair",
    ],
    [
      'a KMS key for the certificate',
      cloudfrontHls({ customDomain: { ...CUSTOM_DOMAIN, certificateArn: 'arn:aws:kms:us-east-1:111111111111:key/0000' } }),
      'cloudfront_hls: customDomain.certificateArn: expected an ACM certificate ARN such as arn:aws:acm:us-east-1:111111111111:certificate/<id>, got an ARN of type kms key',
    ],
    [
      'the direct API host named as the origin the alias record creates',
      albRules({
        apiHost: 'origin-api.dev.storytime.example',
        originAlias: {
          zoneId: 'Z00000000000000000001',
          name: 'origin-api.dev.storytime.example',
          albDnsName: 'storytime-dev-0123456789.us-east-1.elb.amazonaws.com',
          albZoneId: 'Z35SXDOTRQ7X7K',
        },
      }),
      "alb_rules: apiHost: 'origin-api.dev.storytime.example' is also the origin name CloudFront calls: its requests would match this direct-host rule too, which forwards without X-Origin-Verify, so a wrong or stale origin secret would go unnoticed; give the origin its own name, such as origin-api.<domain>",
    ],
    [
      'a path pattern longer than an ALB condition value',
      albRules({ apiPaths: [`/${'a'.repeat(200)}*`] }),
      'alb_rules: apiPaths[0]: expected at most 128 characters (an ALB rule condition value), got 202',
    ],
    [
      'a bucket name with a reserved prefix',
      () => alone((scope) => new PrivateBucket(scope, 'bucket', { bucketName: 'xn--storytime-uploads' })),
      "s3_bucket: bucketName: 'xn--storytime-uploads' starts with xn--, a prefix S3 reserves; choose another name",
    ],
    [
      'an alarm address twice',
      () =>
        alone(
          (scope) =>
            new Observability(scope, 'observability', {
              namePrefix: 'storytime-dev',
              region: 'us-east-1',
              accountId: '111111111111',
              distributionId: 'E2ABCDEFGHIJKL',
              mediaConvertQueueArn: 'arn:aws:mediaconvert:us-east-1:111111111111:queues/storytime-dev',
              eventsQueueName: 'storytime-dev-mediaconvert-events',
              deadLetterQueueName: 'storytime-dev-mediaconvert-events-dlq',
              eventRuleName: 'storytime-dev-mediaconvert-job-state',
              deliveryDeadLetterQueueName: 'storytime-dev-mediaconvert-events-delivery-dlq',
              emails: ['oncall@storytime.example', 'OnCall@storytime.example'],
            }),
        ),
      "observability: emails[1]: 'OnCall@storytime.example' is 'oncall@storytime.example' (entry 0) in another case, and addresses compare without case; SNS subscribes an address to the topic once: remove one",
    ],
  ])('refuses %s', (_name, build, message) => {
    expect(build).toThrow(new Error(message));
  });

  it('accepts the API paths, keys and names of the examples', () => {
    expect(
      cloudfrontHls({
        customDomain: CUSTOM_DOMAIN,
        publicKeys: [
          { name: '2026-11', pem: PEM },
          { name: '2027-05', pem: rsaKeyPair('next').publicKey.export({ type: 'spki', format: 'pem' }).toString() },
        ],
        ...api('origin-api.dev.storytime.example', ['/api/*', '/auth/*']),
      }),
    ).not.toThrow();
  });
});
