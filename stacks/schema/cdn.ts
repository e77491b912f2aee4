/** The CDN block and the signing keys of the key group: shapes here, CloudFront's rules in modules/cloudfront_hls. */
import { z } from 'zod';
import {
  activeKeyProblem,
  certificateArnProblem,
  customDomainNameProblem,
  geoRestrictionProblems,
  manifestTtlProblem,
  ORIGIN_SHIELD_REGIONS,
  originShieldRegionProblem,
  PRICE_CLASSES,
  publicKeyPemProblem,
  publicKeysProblems,
} from '../../modules/cloudfront_hls';
import { countModeProblems, rateLimitProblem, WAF_RULES } from '../../modules/waf';
import { arnOf, WEB_ACL } from './arns';
import { DNS_NAME, dnsName, hostedZoneId, httpsOrigin, isHttpsOrigin, region } from './aws-values';
import { listedOnce } from './lists';
import { addChecks, checkedBy } from './module-checks';
import { shared } from './shared';

const customDomain = z
  .object({
    /** e.g. cdn.storytime.example */
    domainName: dnsName.superRefine(checkedBy((name: string) => (DNS_NAME.test(name) ? customDomainNameProblem(name) : undefined))),
    /** ACM certificate in us-east-1 covering domainName (CloudFront reads certificates only there). */
    certificateArn: z
      .string({ required_error: 'required when a custom domain is set: expected an ACM certificate ARN in us-east-1' })
      .superRefine(checkedBy(certificateArnProblem)),
    /** Route53 hosted zone for the A/AAAA alias records. */
    hostedZoneId,
    shared: shared.optional(),
  })
  .strict();

const geoRestriction = z
  .object({
    mode: z.enum(['allow', 'deny']),
    /** ISO 3166-1 alpha-2 codes in upper case, each once. */
    countries: z.array(z.string()),
  })
  .strict()
  .superRefine((restriction, ctx) => addChecks(ctx, [], geoRestrictionProblems(restriction)));

/** A web ACL these stacks create (modules/waf); the production tier creates one unless webAclArn attaches another. */
const waf = z
  .object({
    /** Requests per 5 minutes per IP before the rate-based rule blocks (seed 000: 2000). */
    rateLimit: z.number().superRefine(checkedBy(rateLimitProblem)).optional(),
    /** Rules that count instead of block, for the first week: ip-reputation, common, known-bad-inputs, rate-limit. */
    countMode: z.array(z.enum(WAF_RULES, { errorMap: () => ({ message: `expected one of ${WAF_RULES.join(', ')}` }) })).optional(),
  })
  .strict()
  .superRefine((settings, ctx) => addChecks(ctx, ['countMode'], countModeProblems(settings.countMode)));

/** A replica of the HLS renditions in a second region and an origin group failing over to it (modules/hls_replica, docs/availability.md). */
const failover = z
  .object({
    /** Region of the replica bucket `<project>-hls-outputs-replica-<env>`; not aws.region (schema.ts). */
    region,
  })
  .strict();

export const cdn = z
  .object({
    priceClass: z.enum(PRICE_CLASSES).optional(),
    manifestTtlSeconds: z.number().int().min(0).max(3600).optional(),
    segmentTtlSeconds: z.number().int().min(60).max(31536000).optional(),
    customDomain: customDomain.optional(),
    /** Browser origins allowed to play HLS with a web player; empty means no CORS and no OPTIONS. */
    playbackCorsOrigins: z.array(httpsOrigin).superRefine(listedOnce(isHttpsOrigin)).optional(),
    /** WAFv2 web ACL (scope CLOUDFRONT) made elsewhere, to attach instead of creating one. */
    webAclArn: arnOf(WEB_ACL).optional(),
    /** Create the web ACL here, with these options (the production tier's default). */
    waf: waf.optional(),
    /** Origin Shield region in front of the HLS bucket (charged per request reaching it); none when absent. */
    originShieldRegion: z
      .enum(ORIGIN_SHIELD_REGIONS, {
        errorMap: (_issue, ctx) => ({ message: originShieldRegionProblem(String(ctx.data)) ?? ctx.defaultError }),
      })
      .optional(),
    /** Allow-list or deny-list of viewer countries; none when absent. */
    geoRestriction: geoRestriction.optional(),
    /** Serve HLS from a replica in `failover.region` when the bucket fails; none when absent. */
    failover: failover.optional(),
  })
  .strict()
  .superRefine((cdn, ctx) => {
    const message = manifestTtlProblem(cdn.manifestTtlSeconds, cdn.segmentTtlSeconds);
    addChecks(ctx, ['manifestTtlSeconds'], [{ path: [], message }]);
    if (cdn.waf !== undefined && cdn.webAclArn !== undefined) {
      const both = 'give either waf (create the web ACL here) or webAclArn (attach one made elsewhere), not both';
      addChecks(ctx, ['waf'], [{ path: [], message: both }]);
    }
  });

export const signing = z
  .object({
    /** Public keys in the key group; several during a rotation. */
    publicKeys: z.array(
      z
        .object({
          name: z.string().regex(/^[a-z0-9-]{1,40}$/, 'expected 1-40 lower-case letters, digits or dashes'),
          pem: z.string().superRefine(checkedBy(publicKeyPemProblem)),
        })
        .strict(),
    ),
    /** Name of the key Rails signs with now. */
    activeKey: z.string(),
  })
  .strict()
  .superRefine((signing, ctx) => {
    addChecks(ctx, ['publicKeys'], publicKeysProblems(signing.publicKeys));
    addChecks(ctx, ['activeKey'], [{ path: [], message: activeKeyProblem(signing.publicKeys, signing.activeKey) }]);
  });
