import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { beforeEach, describe, expect, it } from 'vitest';
import { PrivateBucket } from '../modules/s3_bucket';
import { Secrets } from '../modules/secrets';
import type { Tier } from '../stacks/schema/schema';
import { checkGuardrails, GUARD_RULES, suppressGuardrail } from '../src/guards';
import { policyJson } from '../modules/shared/policy';
import { tempDir } from './temp';

let app: App;
let stack: TerraformStack;
beforeEach(() => {
  app = new App({ outdir: tempDir('guards'), stackTraces: false });
  stack = new TerraformStack(app, 'guarded');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
});

const findings = (environment = 'dev', sharedValues: string[] = [], tier: Tier = 'production') =>
  checkGuardrails([{ stack, scope: { environment, tier, sharedValues } }]);
const ruleIds = (environment = 'dev', sharedValues: string[] = [], tier: Tier = 'production') =>
  findings(environment, sharedValues, tier).map((finding) => finding.ruleId);

/** A bare bucket, as someone bypassing modules/s3_bucket would write it. */
function bareBucket(name = 'storytime-bare-dev') {
  return new S3Bucket(stack, 'bare', { bucket: name });
}

const hlsDistribution = (overrides: Record<string, unknown> = {}) =>
  new CloudfrontDistribution(stack, 'distribution', {
    enabled: true,
    origin: [{ originId: 'hls', domainName: 'storytime-hls-outputs-dev.s3.us-east-1.amazonaws.com', originAccessControlId: 'E2OAC' }],
    defaultCacheBehavior: {
      targetOriginId: 'hls',
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ['GET', 'HEAD'],
      cachedMethods: ['GET', 'HEAD'],
      cachePolicyId: 'policy',
      trustedKeyGroups: ['kg'],
    },
    restrictions: { geoRestriction: { restrictionType: 'none' } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
    ...overrides,
  });

describe('guardrails', () => {
  it('each rule has a unique id and a reason', () => {
    const ids = GUARD_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      'ST-POL-1',
      'ST-S3-1',
      'ST-S3-2',
      'ST-S3-3',
      'ST-S3-4',
      'ST-CF-1',
      'ST-CF-2',
      'ST-CF-3',
      'ST-CF-4',
      'ST-IAM-1',
      'ST-IAM-2',
      'ST-SM-1',
      'ST-ENV-1',
      'ST-ENV-2',
    ]);
    for (const rule of GUARD_RULES) expect(rule.reason.length).toBeGreaterThan(20);
  });

  it('pass on a PrivateBucket', () => {
    new PrivateBucket(stack, 'private', { bucketName: 'storytime-private-dev' });
    expect(ruleIds()).toEqual([]);
  });

  it('ST-S3-1, ST-S3-2, ST-S3-3: a bucket without public access block, encryption or TLS-only policy', () => {
    bareBucket();
    expect(ruleIds()).toEqual(['ST-S3-1', 'ST-S3-2', 'ST-S3-3']);
  });

  it('ST-S3-3: a second policy on a PrivateBucket, which would overwrite the first', () => {
    const bucket = new PrivateBucket(stack, 'private', { bucketName: 'storytime-private-dev' });
    const readOnly = policyJson([{ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `${bucket.bucketArn}/*` }]);
    new S3BucketPolicy(stack, 'second', { bucket: bucket.bucket.id, policy: readOnly });
    expect(ruleIds()).toEqual(['ST-S3-3']);
  });

  it('ST-S3-4: a bucket policy allowing a public principal (the public-read counter-example of seed 002)', () => {
    const bucket = new PrivateBucket(stack, 'private', { bucketName: 'storytime-private-dev' });
    bucket.addToResourcePolicy({
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `${bucket.bucketArn}/*`,
    });
    expect(ruleIds()).toEqual(['ST-S3-4']);
    const other = new PrivateBucket(stack, 'other', { bucketName: 'storytime-other-dev' });
    other.addToResourcePolicy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: `${other.bucketArn}/*` });
    expect(
      findings()
        .filter((f) => f.ruleId === 'ST-S3-4')
        .map((f) => f.path),
    ).toEqual(['guarded/private/policy', 'guarded/other/policy']);
  });

  it('ST-CF-1: an S3 origin without OAC', () => {
    hlsDistribution({ origin: [{ originId: 'hls', domainName: 'storytime-hls-outputs-dev.s3.us-east-1.amazonaws.com' }] });
    expect(ruleIds()).toEqual(['ST-CF-1']);
  });

  it('ST-CF-2: a custom domain below TLSv1.2_2021', () => {
    hlsDistribution({
      aliases: ['cdn.dev.storytime.example'],
      viewerCertificate: {
        acmCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
        sslSupportMethod: 'sni-only',
        minimumProtocolVersion: 'TLSv1.1_2016',
      },
    });
    expect(ruleIds()).toEqual(['ST-CF-2']);
  });

  it('ST-CF-3: an HLS behavior without the trusted key group', () => {
    hlsDistribution({
      orderedCacheBehavior: [
        {
          pathPattern: '*.m3u8',
          targetOriginId: 'hls',
          viewerProtocolPolicy: 'redirect-to-https',
          allowedMethods: ['GET', 'HEAD'],
          cachedMethods: ['GET', 'HEAD'],
          cachePolicyId: 'p',
        },
      ],
    });
    expect(findings().map((f) => f.message)).toEqual([
      '[ST-CF-3] nothing from the HLS bucket is served without signed cookies: behavior *.m3u8 has no trusted key group (guarded/distribution)',
    ]);
  });

  it('ST-IAM-1: an IAM statement allowing every action', () => {
    new IamPolicy(stack, 'admin', { name: 'admin', policy: policyJson([{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::x' }]) });
    expect(ruleIds()).toEqual(['ST-IAM-1']);
  });

  it('ST-IAM-2: Resource "*" for an action with resource-level permissions, but not for DescribeEndpoints', () => {
    new IamRolePolicy(stack, 'wide', {
      role: 'r',
      policy: policyJson([
        { Effect: 'Allow', Action: 'mediaconvert:DescribeEndpoints', Resource: '*' },
        { Sid: 'Wide', Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' },
      ]),
    });
    expect(findings().map((f) => f.message)).toEqual([
      '[ST-IAM-2] Resource "*" only for actions that have no resource-level permissions: statement Wide grants s3:GetObject on "*" (guarded/wide)',
    ]);
  });

  it('ST-SM-1: a private-key secret with a payload in the production tier, whatever the environment is called', () => {
    const secrets = new Secrets(stack, 'secrets', { namePrefix: 'storytime/dev' });
    new SecretsmanagerSecretVersion(stack, 'payload', { secretId: secrets.privateKeySecretArn, secretString: 'pem' });
    expect(findings('dev', [], 'production').map((finding) => finding.message)).toEqual([
      '[ST-SM-1] in the production tier, the CloudFront private key never enters Terraform state: a secret version gives the private key a payload managed by Terraform (guarded/payload)',
    ]);
  });

  it('ST-SM-1 does not apply to the non-production tier, even in an environment called prod', () => {
    new Secrets(stack, 'secrets', { namePrefix: 'storytime/prod', signingMaterial: { keyPairId: 'K1', privateKeyPem: 'pem' } });
    expect(ruleIds('prod', [], 'non-production')).toEqual([]);
  });

  it("ST-ENV-1: the ADR's STAGING ALB behind a dev distribution, and a staging target group", () => {
    hlsDistribution({
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
    expect(findings().map((f) => f.message)).toEqual([
      "[ST-CF-4] CloudFront reaches a custom origin over HTTPS only by a name its certificate can cover: origin ALB-Backend 'webdev-alb-stg-699722072.us-west-1.elb.amazonaws.com' is the ALB's own name, which no certificate can cover (CloudFront answers 502); set alb.originDomainName to a name the ALB certificate covers (guarded/distribution)",
      "[ST-ENV-1] a stack never references another environment's origin, ALB, certificate, zone or bucket: origin ALB-Backend 'webdev-alb-stg-699722072.us-west-1.elb.amazonaws.com' belongs to environment staging (token 'stg'), but this stack is dev (guarded/distribution)",
      "[ST-ENV-1] a stack never references another environment's origin, ALB, certificate, zone or bucket: target group 'arn:aws:elasticloadbalancing:us-west-1:111111111111:targetgroup/api-staging/3' belongs to environment staging (token 'staging'), but this stack is dev (guarded/rule)",
    ]);
  });

  it('ST-ENV-1: a prod bucket in a dev stack, unless declared shared', () => {
    new PrivateBucket(stack, 'private', { bucketName: 'storytime-hls-outputs-prod' });
    expect(ruleIds('dev')).toEqual(['ST-ENV-1']);
  });

  it('ST-ENV-1 accepts values the settings declare shared', () => {
    new PrivateBucket(stack, 'private', { bucketName: 'storytime-hls-outputs-prod' });
    expect(ruleIds('dev', ['storytime-hls-outputs-prod'])).toEqual([]);
  });

  it('a suppression with a reason exempts a construct and its children from one rule only', () => {
    bareBucket();
    suppressGuardrail(stack, 'ST-S3-3', 'policy managed by the security team outside Terraform');
    expect(ruleIds()).toEqual(['ST-S3-1', 'ST-S3-2']);
  });

  it('a suppression without a reason, or of an unknown rule, is refused', () => {
    expect(() => suppressGuardrail(stack, 'ST-S3-1', 'because')).toThrow(
      'suppressGuardrail: ST-S3-1 on guarded needs a reason of at least 10 characters',
    );
    expect(() => suppressGuardrail(stack, 'ST-XX-9', 'a long enough reason')).toThrow('suppressGuardrail: unknown rule ST-XX-9');
  });

  it('a suppression is written beside the resource it exempts in the synthesized JSON', () => {
    bareBucket();
    suppressGuardrail(stack, 'ST-S3-2', 'encrypted by the bucket default of the account');
    expect(ruleIds()).toEqual(['ST-S3-1', 'ST-S3-3']);
    app.synth();
    const json = JSON.parse(readFileSync(join(app.outdir, 'stacks', 'guarded', 'cdk.tf.json'), 'utf8'));
    expect(json.resource.aws_s3_bucket.bare['//'].guardrail_suppressions).toEqual([
      { id: 'ST-S3-2', reason: 'encrypted by the bucket default of the account' },
    ]);
  });

  it('ST-POL-1: a policy that is not literal JSON is a finding, not a pass', () => {
    const bucket = new S3Bucket(stack, 'bucket', { bucket: 'storytime-pol-dev' });
    suppressGuardrail(bucket, 'ST-S3-1', 'only the policy rule is under test here');
    suppressGuardrail(bucket, 'ST-S3-2', 'only the policy rule is under test here');
    new S3BucketPolicy(stack, 'policy', { bucket: bucket.id, policy: '${data.aws_iam_policy_document.x.json}' });
    new IamPolicy(stack, 'opaque', { name: 'opaque', policy: '${data.aws_iam_policy_document.y.json}' });
    expect(findings().map((f) => f.message)).toEqual([
      '[ST-POL-1] every policy document is literal JSON, so the other rules can read it: aws_s3_bucket_policy.policy.policy is not a literal policy document (guarded/policy)',
      '[ST-POL-1] every policy document is literal JSON, so the other rules can read it: aws_iam_policy.opaque.policy is not a literal policy document (guarded/opaque)',
      '[ST-S3-3] every bucket has exactly one policy and it denies requests without TLS: bucket storytime-pol-dev has no policy denying aws:SecureTransport=false (guarded/bucket)',
    ]);
  });
});
