import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { GuardScope } from '../../stacks/guard-scope';
import { checkGuardrails, GUARD_RULES } from '../../src/guards';
import { resourcesIn } from '../../src/guards/resources';
import type { GuardRule, RuleContext } from '../../src/guards/rule';
import { tempDir } from '../temp';

/** A stack named `guarded` with an AWS provider, to which a test adds what a rule should find. */
export function guardedStack(): TerraformStack {
  const app = new App({ outdir: tempDir('guards'), stackTraces: false });
  const stack = new TerraformStack(app, 'guarded');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  return stack;
}

/** The scope of a production-tier dev stack that shares nothing and checks no account or region. */
export const DEV: GuardScope = { environment: 'dev', tier: 'production', sharedValues: [] };

/** The message of every finding on `stack`, in report order: every rule, or only `rules`. */
export function messagesOf(stack: TerraformStack, scope: Partial<GuardScope> = {}, rules: readonly GuardRule[] = GUARD_RULES): string[] {
  return checkGuardrails([{ stack, scope: { ...DEV, ...scope } }], rules).map((finding) => finding.message);
}

/** A bare bucket, as someone bypassing modules/s3_bucket would write it. */
export function bareBucket(stack: Construct, name = 'storytime-bare-dev', id = 'bare'): S3Bucket {
  return new S3Bucket(stack, id, { bucket: name });
}

/** A distribution serving the dev HLS bucket through OAC, signed cookies on its default behavior, behind a web ACL. */
export const hlsDistribution = (stack: TerraformStack, overrides: Record<string, unknown> = {}) =>
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
    webAclId: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/storytime-dev-cdn/00000000-0000-4000-8000-000000000001',
    viewerCertificate: { cloudfrontDefaultCertificate: true },
    ...overrides,
  });

/** The details `rule` reports on synthesized resources given as `{ <type>: { <id>: config } }`, in a dev scope. */
export function detailsOf(
  rule: GuardRule,
  resource: Record<string, Record<string, Record<string, unknown>>>,
  scope: Partial<RuleContext> = {},
): string[] {
  return rule.check(resourcesIn({ resource }), { ...DEV, environments: [], ...scope }).map(({ detail }) => detail);
}
