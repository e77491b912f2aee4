import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_RULE_PRIORITIES } from '../../modules/alb_rules';
import { ISO_COUNTRY_CODES, ORIGIN_SHIELD_REGIONS, PRICE_CLASSES } from '../../modules/cloudfront_hls';
import { ARCHIVE_STORAGE_CLASSES } from '../../modules/s3_bucket';
import { ORIGIN_VERIFY_COLORS } from '../../modules/origin_verify';
import { environmentNameProblem, stateAccessLogsBucket } from '../naming';
import { arnScopeProblem } from './arn-scope';
import { DNS_NAME, httpsOrigin, isKnownRegion, region, tags } from './aws-values';
import { environmentBoundValues } from './environment-bound';

const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id');
const arn = (service: string, example: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), `expected an ARN such as ${example}`);
const dnsName = z.string().regex(DNS_NAME, 'expected a lower-case DNS name');

/** Marks a reference as deliberately shared between environments; the reason is required. */
const reason = z.string().trim().min(10, 'expected a reason of at least 10 characters');
const shared = z.object({ reason }).strict();

/** CloudFront quota, not adjustable: public keys in one key group. */
const MAX_KEYS_PER_KEY_GROUP = 5;

const PUBLIC_KEY_PEM = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\r?\n?$/;
const publicKeyPem = z.string().superRefine((pem, ctx) => {
  const issue = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  // Node derives a public key from a private one, so this check comes first; the value is never echoed.
  if (pem.includes('PRIVATE KEY')) {
    return issue(
      'holds private key material (value not shown): give only the public half, -----BEGIN PUBLIC KEY-----, and treat that private key as leaked',
    );
  }
  if (!PUBLIC_KEY_PEM.test(pem)) return issue('expected a PEM-encoded public key (-----BEGIN PUBLIC KEY-----)');
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'rsa' || key.asymmetricKeyDetails?.modulusLength !== 2048) {
      issue('expected an RSA 2048-bit public key (CloudFront key groups accept only these)');
    }
  } catch {
    issue('expected a PEM-encoded public key (-----BEGIN PUBLIC KEY-----)');
  }
});

const awsTarget = z
  .object({
    region,
    /** Account the stack deploys to; used in ARNs and `aws:SourceAccount` conditions. */
    accountId,
    /** Terraform refuses to run against any other account. */
    allowedAccountIds: z.array(accountId).min(1, 'expected at least one allowed account id'),
    /** Another environment deploys to one of these accounts too; each environment has its own account otherwise. */
    shared: shared.optional(),
  })
  .strict()
  .superRefine((aws, ctx) => {
    if (aws.allowedAccountIds.length > 0 && !aws.allowedAccountIds.includes(aws.accountId)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['accountId'], message: 'expected one of allowedAccountIds' });
    }
  });

const projectName = z.string().regex(/^[a-z][a-z0-9-]{1,19}$/, 'expected 2-20 lower-case letters, digits or dashes');
const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name');
const tableName = z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'expected a DynamoDB table name');

const ACCESS_LOGS_SUFFIX_LENGTH = stateAccessLogsBucket('').length;
const BUCKET_NAME_MAX = 63;

const s3Backend = z
  .object({
    type: z.literal('s3'),
    /** State bucket of this environment, created in its own account by `<project>-state-<env>`. */
    bucket: bucketName,
    /** DynamoDB lock table, created beside the bucket. */
    lockTable: tableName,
    region,
    /** Receives the state bucket's server access logs. Default `<bucket>-access-logs`. */
    accessLogsBucket: bucketName.optional(),
    /** Where the bootstrap keeps its own state: `local` until its first apply, then `bucket` (docs/state.md). Default `local`. */
    bootstrapState: z.enum(['local', 'bucket']).optional(),
  })
  .strict();

/** Terraform Cloud names: letters, digits, - and _ (the `cloud` block takes them verbatim). */
export const terraformCloudOrganization = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,90}$/, 'expected a Terraform Cloud organization name: 1-90 letters, digits, - or _');
/** A host, no scheme or path: `cloud { hostname }` would take anything and fail at init. */
export const terraformCloudHostname = z
  .string()
  .regex(DNS_NAME, 'expected a host name such as app.terraform.io (no scheme, port, path or spaces)');

function checkStateLogBucketName(backend: z.output<typeof s3Backend>, ctx: z.RefinementCtx): void {
  if (backend.accessLogsBucket === undefined && backend.bucket.length + ACCESS_LOGS_SUFFIX_LENGTH > BUCKET_NAME_MAX) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['backend', 'accessLogsBucket'],
      message: `required when bucket is longer than ${BUCKET_NAME_MAX - ACCESS_LOGS_SUFFIX_LENGTH} characters (the default '${stateAccessLogsBucket('<bucket>')}' would exceed ${BUCKET_NAME_MAX})`,
    });
  }
}

const cloudBackend = z
  .object({
    type: z.literal('cloud'),
    organization: terraformCloudOrganization,
    workspace: z.string().regex(/^[A-Za-z0-9_-]{1,90}$/, 'expected a Terraform Cloud workspace name'),
    /** Default app.terraform.io; set for Terraform Enterprise. */
    hostname: terraformCloudHostname.optional(),
  })
  .strict();

// Upper-case letters and digits: AWS ids start with Z, emulators' need not.
const hostedZoneId = z.string().regex(/^[A-Z0-9]{1,32}$/, 'expected a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ');

const customDomain = z
  .object({
    /** e.g. cdn.storytime.example */
    domainName: dnsName,
    /** ACM certificate in us-east-1 covering domainName (CloudFront reads certificates only there). */
    certificateArn: z
      .string({ required_error: 'required when a custom domain is set: expected an ACM certificate ARN in us-east-1' })
      .superRefine((value, ctx) => {
        const match = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]+$/.exec(value);
        if (!match) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: 'expected an ACM certificate ARN such as arn:aws:acm:us-east-1:111111111111:certificate/<id>',
          });
        } else if (match[1] !== 'us-east-1') {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `expected an ACM certificate in us-east-1 (CloudFront only uses certificates from there), got ${match[1]}`,
          });
        }
      }),
    /** Route53 hosted zone for the A/AAAA alias records. */
    hostedZoneId,
    shared: shared.optional(),
  })
  .strict();

const geoRestriction = z
  .object({
    mode: z.enum(['allow', 'deny']),
    countries: z
      .array(
        z.string().refine((code) => ISO_COUNTRY_CODES.has(code), 'expected an ISO 3166-1 alpha-2 country code in upper case, such as US'),
      )
      .min(1, 'expected at least one country'),
  })
  .strict()
  .superRefine((restriction, ctx) => {
    restriction.countries.forEach((code, index) => {
      if (restriction.countries.indexOf(code) !== index) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['countries', index], message: `duplicate country '${code}'` });
      }
    });
  });

const whenAlbEnabled = (expected: string) => ({ required_error: `required when the ALB origin is enabled: expected ${expected}` });
const targetGroupArn = z
  .string(whenAlbEnabled('a target group ARN'))
  .regex(
    /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\//,
    'expected a target group ARN such as arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>',
  );
const conditionValuesLimit = 'expected at most 3 (an ALB rule takes 5 condition values and two are the blue/green origin header values)';

/** CloudFront checks the origin's certificate against the origin name; no certificate can cover `*.elb.amazonaws.com`. */
const ELB_DNS_SUFFIX = '.elb.amazonaws.com';
const rulePriority = z.number().int().min(1, 'expected 1 to 50000').max(50000, 'expected 1 to 50000');

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
      .refine(
        (name) => !name.endsWith(ELB_DNS_SUFFIX),
        (name) => ({
          message: `'${name}' is the ALB's own name: no certificate can cover *${ELB_DNS_SUFFIX}, so CloudFront would answer 502 over HTTPS; set a name the ALB certificate covers, such as origin-api.<domain>`,
        }),
      ),
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
    /** Paths CloudFront sends to the API origin. */
    apiPaths: z
      .array(z.string().regex(/^\/[A-Za-z0-9_\-/.]*\*$/, 'expected a path pattern such as /api/*'))
      .min(1)
      .max(3, conditionValuesLimit)
      .optional(),
    shared: shared.optional(),
  })
  .strict();

const alb = z.discriminatedUnion('enabled', [z.object({ enabled: z.literal(false) }).strict(), albEnabled]);

const percent = z.number().gt(0, 'expected a percentage above 0').max(100, 'expected a percentage of at most 100');
const needsAdditionalMetrics = 'requires additionalCloudfrontMetrics: true (CloudFront publishes this metric only as an additional metric)';

const alarms = z
  .object({
    /** Addresses subscribed to the alarm topic by email; each confirms once. */
    emails: z.array(z.string().email('expected an email address')).max(20, 'expected at most 20 addresses').optional(),
    cloudfront5xxErrorRatePercent: percent.optional(),
    /** 4xx includes the 403 of viewers without valid signed cookies. */
    cloudfront4xxErrorRatePercent: percent.optional(),
    mediaConvertErroredJobs: z.number().int().min(1, 'expected at least 1 job').optional(),
    deadLetterMessages: z.number().int().min(1, 'expected at least 1 message').optional(),
    /** CloudFront additional metrics (charged monthly per distribution); needed for the two thresholds below. */
    additionalCloudfrontMetrics: z.boolean().optional(),
    cacheHitRatePercent: percent.optional(),
    originLatencyMs: z.number().int().min(1, 'expected 1 to 60000 ms').max(60000, 'expected 1 to 60000 ms').optional(),
  })
  .strict()
  .superRefine((settings, ctx) => {
    if (settings.additionalCloudfrontMetrics) return;
    for (const field of ['cacheHitRatePercent', 'originLatencyMs'] as const) {
      if (settings[field] !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message: needsAdditionalMetrics });
    }
  });

/**
 * What an environment protects (docs/settings.md, "Tiers"). `production`, the
 * default: the signing private key never enters Terraform state. `non-production`
 * lowers that, so it must say why.
 */
const tier = z
  .discriminatedUnion(
    'name',
    [z.object({ name: z.literal('production') }).strict(), z.object({ name: z.literal('non-production'), reason }).strict()],
    { errorMap: () => ({ message: "expected { name: 'production' } or { name: 'non-production', reason: '<why>' }" }) },
  )
  .default({ name: 'production' });

const environmentSettingsObject = z
  .object({
    /** Prefix of every name; `storytime` in the spec. */
    project: projectName,
    /** The environment's name: its settings file's name (docs/settings.md, "Add an environment"). */
    environment: z.string().superRefine((name, ctx) => {
      const problem = environmentNameProblem(name);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    }),
    tier,
    aws: awsTarget,
    backend: z.discriminatedUnion('type', [s3Backend, cloudBackend]),
    uploads: z
      .object({
        /** Browser origins of the admin console allowed to PUT/POST presigned uploads. */
        adminOrigins: z.array(httpsOrigin).min(1, 'expected at least one admin origin'),
        /** Days before masters move to the archive class (spec: 30-90). */
        archiveAfterDays: z.number().int().min(30, 'expected 30 to 90 days').max(90, 'expected 30 to 90 days'),
        archiveStorageClass: z.enum(ARCHIVE_STORAGE_CLASSES).optional(),
        noncurrentVersionExpirationDays: z.number().int().min(1).max(365).optional(),
        abortIncompleteMultipartUploadDays: z.number().int().min(1).max(30).optional(),
        /** Prefix under which Rails may write masters itself. */
        prefix: z
          .string()
          .regex(/^[a-z0-9_-]+\/$/, 'expected a prefix such as uploads/')
          .optional(),
      })
      .strict(),
    cdn: z
      .object({
        priceClass: z.enum(PRICE_CLASSES).optional(),
        manifestTtlSeconds: z.number().int().min(0).max(3600).optional(),
        segmentTtlSeconds: z.number().int().min(60).max(31536000).optional(),
        customDomain: customDomain.optional(),
        /** Browser origins allowed to play HLS with a web player; empty means no CORS and no OPTIONS. */
        playbackCorsOrigins: z.array(httpsOrigin).optional(),
        /** WAFv2 web ACL (scope CLOUDFRONT) to associate. */
        webAclArn: arn('wafv2', 'arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>').optional(),
        /** Origin Shield region in front of the HLS bucket (charged per request reaching it); none when absent. */
        originShieldRegion: z
          .enum(ORIGIN_SHIELD_REGIONS, {
            errorMap: () => ({ message: `expected a region CloudFront offers Origin Shield in: ${ORIGIN_SHIELD_REGIONS.join(', ')}` }),
          })
          .optional(),
        /** Allow-list or deny-list of viewer countries; none when absent. */
        geoRestriction: geoRestriction.optional(),
      })
      .strict()
      .superRefine((cdn, ctx) => {
        // Compared only when both are set: each default (module props) is compatible with any value of the other.
        if (cdn.manifestTtlSeconds !== undefined && cdn.segmentTtlSeconds !== undefined && cdn.manifestTtlSeconds > cdn.segmentTtlSeconds) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['manifestTtlSeconds'],
            message: `expected at most segmentTtlSeconds (${cdn.segmentTtlSeconds}): a manifest cached longer than its segments lists segments already gone`,
          });
        }
      }),
    signing: z
      .object({
        /** Public keys in the key group; several during a rotation. */
        publicKeys: z
          .array(
            z
              .object({
                name: z.string().regex(/^[a-z0-9-]{1,40}$/, 'expected 1-40 lower-case letters, digits or dashes'),
                pem: publicKeyPem,
              })
              .strict(),
          )
          .min(1, 'expected at least one public key')
          .max(MAX_KEYS_PER_KEY_GROUP, `expected at most ${MAX_KEYS_PER_KEY_GROUP} (CloudFront quota: public keys per key group)`),
        /** Name of the key Rails signs with now. */
        activeKey: z.string(),
      })
      .strict()
      .superRefine((signing, ctx) => {
        const seen = new Set<string>();
        signing.publicKeys.forEach((key, index) => {
          if (seen.has(key.name)) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['publicKeys', index, 'name'], message: `duplicate key name '${key.name}'` });
          }
          seen.add(key.name);
        });
        if (!seen.has(signing.activeKey)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['activeKey'],
            message: `expected the name of one of publicKeys (${[...seen].join(', ')})`,
          });
        }
      }),
    /** Customer-managed key for the master bucket and the secrets; SSE-S3 and the AWS-managed key otherwise. */
    kmsKeyArn: arn('kms', 'arn:aws:kms:<region>:<account>:key/<id>').optional(),
    mediaconvert: z
      .object({
        /** Let MediaConvert write CloudWatch Logs under /aws/mediaconvert/ (it needs none to transcode). */
        cloudWatchLogs: z.boolean().optional(),
      })
      .strict()
      .default({}),
    /** MediaConvert job state events delivered to an SQS queue for Rails. */
    jobEvents: z
      .object({
        /** Also deliver PROGRESSING, besides COMPLETE, ERROR and CANCELED. */
        includeProgressing: z.boolean().optional(),
        /** Receives before a message moves to the dead-letter queue (SQS allows 1-1000). */
        maxReceiveCount: z.number().int().min(1, 'expected 1 to 1000 receives').max(1000, 'expected 1 to 1000 receives').optional(),
      })
      .strict()
      .default({}),
    /** Alarms (SNS topic, email subscriptions, thresholds) and the CloudWatch dashboard. */
    alarms: alarms.default({}),
    alb: alb.default({ enabled: false }),
    rails: z
      .object({
        /** Existing IAM role of the Rails app to attach the policy to. */
        existingRoleName: z
          .string()
          .regex(/^[\w+=,.@-]{1,64}$/, 'expected an IAM role name')
          .optional(),
      })
      .strict()
      .default({}),
    tags,
  })
  .strict();

export const environmentSettingsSchema = environmentSettingsObject.superRefine((settings, ctx) => {
  checkEnvironmentConsistency(settings, ctx);
  if (settings.backend.type === 's3') checkStateLogBucketName(settings.backend, ctx);
  if (settings.alb.enabled) checkRulePriorities(settings.alb, ctx);
});

/** The rules this ALB block creates, with their priorities as the module will set them. */
function checkRulePriorities(alb: z.output<typeof albEnabled>, ctx: z.RefinementCtx): void {
  const rules: [keyof typeof DEFAULT_RULE_PRIORITIES, number][] = [
    ['apiViaCloudfront', alb.priorities?.apiViaCloudfront ?? DEFAULT_RULE_PRIORITIES.apiViaCloudfront],
  ];
  if (alb.apiHost !== undefined) rules.push(['apiHost', alb.priorities?.apiHost ?? DEFAULT_RULE_PRIORITIES.apiHost]);
  const seen = new Map<number, string>();
  for (const [rule, priority] of rules) {
    const other = seen.get(priority);
    if (other !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['alb', 'priorities', rule],
        message: `priority ${priority} is already the ${other} rule's; a listener takes each priority once`,
      });
    }
    seen.set(priority, rule);
  }
}

type ParsedSettings = z.output<typeof environmentSettingsObject>;
export type EnvironmentSettings = ParsedSettings;
export type Tier = EnvironmentSettings['tier']['name'];
export type EnvironmentSettingsInput = z.input<typeof environmentSettingsSchema>;
export type S3BackendSettings = z.output<typeof s3Backend>;

/**
 * Seed 003: every ARN in a stack's settings is of its own account (and region,
 * where regional), unless its block is marked shared with a reason. Names of
 * other environments are checked across all environments (src/config/cross-environment.ts).
 */
function checkEnvironmentConsistency(settings: ParsedSettings, ctx: z.RefinementCtx): void {
  // An account outside allowedAccountIds or an unknown region is reported already; its ARNs would only repeat it.
  const target =
    settings.aws.allowedAccountIds.includes(settings.aws.accountId) && isKnownRegion(settings.aws.region) ? settings.aws : undefined;
  if (!target) return;
  for (const { path, value, sharedReason, arn } of environmentBoundValues(settings)) {
    const wrongScope = arn && arnScopeProblem(value, arn, target, sharedReason !== undefined);
    if (wrongScope) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...path], message: wrongScope });
  }
}
