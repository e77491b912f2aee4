/** The optional ALB origin of the Rails API: shapes here, the listener's rules in modules/alb_rules, CloudFront's in modules/cloudfront_hls. */
import { z } from 'zod';
import { albRuleNames, conditionValuesProblem, rulePriorityClashes, rulePriorityProblem } from '../../modules/alb_rules';
import { apiOriginDomainProblem } from '../../modules/cloudfront_hls';
import { ORIGIN_VERIFY_COLORS } from '../../modules/origin_verify';
import { dnsName, hostedZoneId } from './aws-values';
import { addChecks, checkedBy } from './module-checks';
import { shared } from './shared';

const whenAlbEnabled = (expected: string) => ({ required_error: `required when the ALB origin is enabled: expected ${expected}` });
const targetGroupArn = z
  .string(whenAlbEnabled('a target group ARN'))
  .regex(
    /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\//,
    'expected a target group ARN such as arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>',
  );
const rulePriority = z.number().superRefine(checkedBy(rulePriorityProblem));

const albEnabled = z
  .object({
    enabled: z.literal(true),
    /** Existing HTTPS listener; what no rule matches falls to its default action (docs/alb.md). */
    listenerArn: z
      .string(whenAlbEnabled('an HTTPS listener ARN'))
      .regex(
        /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/app\//,
        'expected an ALB listener ARN such as arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<name>/<id>/<id>',
      ),
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
    apiTargetGroupArn: targetGroupArn,
    /** Host that reaches the API directly (webhooks, external callers), no origin header. Default: no such rule. */
    apiHost: dnsName.optional(),
    /** Listener rule priorities, unique and free on the listener. Defaults 90 and 100 (modules/alb_rules). */
    priorities: z.object({ apiViaCloudfront: rulePriority.optional(), apiHost: rulePriority.optional() }).strict().optional(),
    /** Which origin-verify value CloudFront sends; switching it is step 2 of a rotation (docs/origin-verify.md). */
    originVerifyActive: z.enum(ORIGIN_VERIFY_COLORS).optional(),
    /** Paths CloudFront sends to the API origin; the listener rule matches them beside the origin-verify values. */
    apiPaths: z
      .array(z.string().regex(/^\/[A-Za-z0-9_\-/.]*\*$/, 'expected a path pattern such as /api/*'))
      .superRefine(checkedBy((paths: string[]) => conditionValuesProblem(paths.length, ORIGIN_VERIFY_COLORS.length)))
      .optional(),
    shared: shared.optional(),
  })
  .strict();

export type AlbEnabledSettings = z.output<typeof albEnabled>;

export const alb = z
  .discriminatedUnion('enabled', [z.object({ enabled: z.literal(false) }).strict(), albEnabled])
  .superRefine((alb, ctx) => {
    // The stack gives the rules no web origin: only the API rules can exist.
    if (alb.enabled) addChecks(ctx, ['priorities'], rulePriorityClashes(alb.priorities ?? {}, albRuleNames({ apiHost: alb.apiHost })));
  });
