/** The optional ALB origin of the Rails API: shapes here, the listener's rules in modules/alb_rules, CloudFront's in modules/cloudfront_hls. */
import { z } from 'zod';
import {
  albRuleNames,
  apiHostProblem,
  conditionValueProblem,
  conditionValuesProblem,
  rulePriorityClashes,
  rulePriorityProblem,
} from '../../modules/alb_rules';
import { apiOriginDomainProblem, apiPathsProblems, httpsPortProblem, vpcOriginArnProblem } from '../../modules/cloudfront_hls';
import { ORIGIN_VERIFY_COLORS } from '../../modules/origin_verify';
import { ALB_LISTENER, arnOf, TARGET_GROUP } from './arns';
import { DNS_NAME, dnsName, hostedZoneId } from './aws-values';
import { addChecks, checkedBy } from './module-checks';
import { shared } from './shared';

const whenAlbEnabled = (expected: string) => ({ required_error: `required when the ALB origin is enabled: expected ${expected}` });
const rulePriority = z.number().superRefine(checkedBy(rulePriorityProblem));
/** The internal ALB CloudFront reaches through a VPC origin (docs/availability.md); its listener is `listenerArn`. */
const vpcOrigin = z
  .object({
    /** ARN of the ALB, scheme internal: `…:loadbalancer/app/<name>/<id>`. */
    albArn: z
      .string({ required_error: "required with a VPC origin: expected the internal ALB's ARN" })
      .superRefine(checkedBy(vpcOriginArnProblem)),
    /** Port of its HTTPS listener. Default 443. */
    httpsPort: z.number().superRefine(checkedBy(httpsPortProblem)).optional(),
  })
  .strict();

/** A prefix and one trailing wildcard: the only form whose overlaps with HLS and with each other are checked exactly (cloudfront_hls). */
const API_PATH = /^\/[A-Za-z0-9_\-/.]*\*$/;

const albEnabled = z
  .object({
    enabled: z.literal(true),
    /** Existing HTTPS listener; what no rule matches falls to its default action (docs/alb.md). */
    listenerArn: arnOf(ALB_LISTENER, whenAlbEnabled('an HTTPS listener ARN')),
    /** Public DNS name of the ALB (`*.elb.amazonaws.com`); the origin alias record points at it. */
    dnsName: z.string(whenAlbEnabled('the ALB DNS name')).pipe(dnsName),
    /** Name CloudFront connects to over HTTPS: covered by the ALB's certificate and resolving to the ALB, e.g. origin-api.<domain>. */
    originDomainName: z
      .string(whenAlbEnabled('the origin name the ALB certificate covers, such as origin-api.<domain>'))
      .pipe(dnsName)
      .superRefine(checkedBy(apiOriginDomainProblem)),
    /** Creates the alias record of originDomainName to the ALB. Default: the record is managed elsewhere. */
    originRecord: z
      .object({
        /** Route53 zone holding originDomainName. */
        hostedZoneId,
        /** The ALB's canonical hosted zone id (CanonicalHostedZoneId of describe-load-balancers). */
        albHostedZoneId: hostedZoneId,
      })
      .strict()
      .optional(),
    apiTargetGroupArn: arnOf(TARGET_GROUP, whenAlbEnabled('a target group ARN')),
    /** Host that reaches the API directly (webhooks, external callers), no origin header. Default: no such rule. */
    apiHost: dnsName.superRefine(checkedBy((host: string) => (DNS_NAME.test(host) ? conditionValueProblem(host) : undefined))).optional(),
    /** Listener rule priorities, unique and free on the listener. Defaults 90 and 100 (modules/alb_rules). */
    priorities: z.object({ apiViaCloudfront: rulePriority.optional(), apiHost: rulePriority.optional() }).strict().optional(),
    /** CloudFront reaches the ALB, internal, through a VPC origin. Default: over the internet to an internet-facing ALB. */
    vpcOrigin: vpcOrigin.optional(),
    /** Which origin-verify value CloudFront sends; switching it is step 2 of a rotation (docs/origin-verify.md). */
    originVerifyActive: z.enum(ORIGIN_VERIFY_COLORS).optional(),
    /** Paths CloudFront sends to the API origin; the listener rule matches them beside the origin-verify values. */
    apiPaths: z
      .array(
        z
          .string()
          .superRefine(
            checkedBy((path: string) => (API_PATH.test(path) ? conditionValueProblem(path) : 'expected a path pattern such as /api/*')),
          ),
      )
      .superRefine((paths, ctx) => {
        addChecks(ctx, [], [{ path: [], message: conditionValuesProblem(paths.length, ORIGIN_VERIFY_COLORS.length) }]);
        // A pattern refused for its form is one problem already.
        if (paths.every((path) => API_PATH.test(path))) addChecks(ctx, [], apiPathsProblems(paths));
      })
      .optional(),
    shared: shared.optional(),
  })
  .strict();

export type AlbEnabledSettings = z.output<typeof albEnabled>;

export const alb = z
  .discriminatedUnion('enabled', [z.object({ enabled: z.literal(false) }).strict(), albEnabled])
  .superRefine((alb, ctx) => {
    // The stack gives the rules no web origin: only the API rules can exist.
    if (!alb.enabled) return;
    addChecks(ctx, ['priorities'], rulePriorityClashes(alb.priorities ?? {}, albRuleNames({ apiHost: alb.apiHost })));
    if (alb.apiHost !== undefined) {
      addChecks(ctx, ['apiHost'], [{ path: [], message: apiHostProblem(alb.apiHost, { originDomainName: alb.originDomainName }) }]);
    }
    if (alb.vpcOrigin !== undefined) {
      addChecks(ctx, ['vpcOrigin', 'albArn'], [{ path: [], message: otherAlbProblem(alb.vpcOrigin.albArn, alb.listenerArn) }]);
    }
  });

/**
 * The VPC origin's ALB must be the one whose listener holds the API's rules: listener
 * `…:listener/app/<name>/<id>/<listener id>` belongs to `…:loadbalancer/app/<name>/<id>`.
 */
function otherAlbProblem(albArn: string, listenerArn: string): string | undefined {
  const listener = /^(arn:aws:elasticloadbalancing:[a-z0-9-]+:\d{12}:)listener\/(app\/[^/]+\/[0-9a-f]+)\/[0-9a-f]+$/.exec(listenerArn);
  // A malformed ARN is reported by its own field.
  if (!listener || vpcOriginArnProblem(albArn) !== undefined) return undefined;
  const expected = `${listener[1]}loadbalancer/${listener[2]}`;
  // Another account or region of the same name is the stack's scope rule (arn-scope.ts).
  if (albArn.endsWith(`:loadbalancer/${listener[2]}`)) return undefined;
  return `expected the load balancer of alb.listenerArn, ${expected}: CloudFront would reach an ALB whose listener holds none of the API's rules`;
}
