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
import { arnOf, WEB_ACL } from './arns';
import { DNS_NAME, dnsName, hostedZoneId, httpsOrigin, isHttpsOrigin } from './aws-values';
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

export const cdn = z
  .object({
    priceClass: z.enum(PRICE_CLASSES).optional(),
    manifestTtlSeconds: z.number().int().min(0).max(3600).optional(),
    segmentTtlSeconds: z.number().int().min(60).max(31536000).optional(),
    customDomain: customDomain.optional(),
    /** Browser origins allowed to play HLS with a web player; empty means no CORS and no OPTIONS. */
    playbackCorsOrigins: z.array(httpsOrigin).superRefine(listedOnce(isHttpsOrigin)).optional(),
    /** WAFv2 web ACL (scope CLOUDFRONT) to associate. */
    webAclArn: arnOf(WEB_ACL).optional(),
    /** Origin Shield region in front of the HLS bucket (charged per request reaching it); none when absent. */
    originShieldRegion: z
      .enum(ORIGIN_SHIELD_REGIONS, {
        errorMap: (_issue, ctx) => ({ message: originShieldRegionProblem(String(ctx.data)) ?? ctx.defaultError }),
      })
      .optional(),
    /** Allow-list or deny-list of viewer countries; none when absent. */
    geoRestriction: geoRestriction.optional(),
  })
  .strict()
  .superRefine((cdn, ctx) => {
    const message = manifestTtlProblem(cdn.manifestTtlSeconds, cdn.segmentTtlSeconds);
    addChecks(ctx, ['manifestTtlSeconds'], [{ path: [], message }]);
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
