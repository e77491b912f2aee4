import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { PRICE_CLASSES } from '../../modules/cloudfront_hls';
import { ARCHIVE_STORAGE_CLASSES } from '../../modules/s3_bucket';
import { ORIGIN_VERIFY_COLORS } from '../../modules/secrets';
import { ENVIRONMENTS, isEnvironmentName, type EnvironmentName } from '../naming';
import { cloudfrontWebAclArn, DNS_NAME, httpsOrigin, region, tags } from './aws-values';
import { environmentBoundValues } from './environment-bound';
import { foreignEnvironmentToken } from './environment-tokens';


const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id');
const arn = (service: string, example: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), `expected an ARN such as ${example}`);
const dnsName = z.string().regex(DNS_NAME, 'expected a lower-case DNS name');

/** Marks a reference as deliberately shared between environments; the reason is required. */
const shared = z
  .object({ reason: z.string().trim().min(10, 'expected a reason of at least 10 characters') })
  .strict();

/** CloudFront quota, not adjustable: public keys in one key group. */
const MAX_KEYS_PER_KEY_GROUP = 5;

const PUBLIC_KEY_PEM = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\r?\n?$/;
const publicKeyPem = z.string().superRefine((pem, ctx) => {
  const issue = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  // Node derives a public key from a private one, so this check comes first; the value is never echoed.
  if (pem.includes('PRIVATE KEY')) {
    return issue('holds private key material (value not shown): give only the public half, -----BEGIN PUBLIC KEY-----, and treat that private key as leaked');
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

const s3Backend = z
  .object({
    type: z.literal('s3'),
    /** State bucket, created by the `storytime-state` stack. */
    bucket: bucketName,
    /** DynamoDB lock table, created by the `storytime-state` stack. */
    lockTable: tableName,
    region,
  })
  .strict();

/** Terraform Cloud names: letters, digits, - and _ (the `cloud` block takes them verbatim). */
export const terraformCloudOrganization = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,90}$/, 'expected a Terraform Cloud organization name: 1-90 letters, digits, - or _');
/** A host, no scheme or path: `cloud { hostname }` would take anything and fail at init. */
export const terraformCloudHostname = z.string().regex(DNS_NAME, 'expected a host name such as app.terraform.io (no scheme, port, path or spaces)');

const cloudBackend = z
  .object({
    type: z.literal('cloud'),
    organization: terraformCloudOrganization,
    workspace: z.string().regex(/^[A-Za-z0-9_-]{1,90}$/, 'expected a Terraform Cloud workspace name'),
    /** Default app.terraform.io; set for Terraform Enterprise. */
    hostname: terraformCloudHostname.optional(),
  })
  .strict();

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
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'expected an ACM certificate ARN such as arn:aws:acm:us-east-1:111111111111:certificate/<id>' });
        } else if (match[1] !== 'us-east-1') {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected an ACM certificate in us-east-1 (CloudFront only uses certificates from there), got ${match[1]}` });
        }
      }),
    /** Route53 hosted zone for the A/AAAA alias records. */
    hostedZoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/, 'expected a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ'),
    shared: shared.optional(),
  })
  .strict();

const whenAlbEnabled = (expected: string) => ({ required_error: `required when the ALB origin is enabled: expected ${expected}` });
const targetGroupArn = z
  .string(whenAlbEnabled('a target group ARN'))
  .regex(/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\//, 'expected a target group ARN such as arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>');
const conditionValuesLimit = 'expected at most 3 (an ALB rule takes 5 condition values and two are the blue/green origin header values)';

const albEnabled = z
  .object({
    enabled: z.literal(true),
    /** Existing HTTPS listener; its default action should stay a fixed 403. */
    listenerArn: z
      .string(whenAlbEnabled('an HTTPS listener ARN'))
      .regex(/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/app\//, 'expected an ALB listener ARN such as arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<name>/<id>/<id>'),
    /** Public DNS name of the ALB, used as the CloudFront origin for the Rails API. */
    dnsName: z.string(whenAlbEnabled('the ALB DNS name')).pipe(dnsName),
    apiTargetGroupArn: targetGroupArn,
    webTargetGroupArn: targetGroupArn,
    /** Host that reaches the API directly (webhooks, external callers): priority 100, no origin header. */
    apiHost: z.string(whenAlbEnabled('the API host name')).pipe(dnsName),
    /** Hosts of the web app, accepted only with the origin-verify header: priority 110. */
    webHosts: z.array(dnsName, whenAlbEnabled('the web host names')).min(1, 'expected at least one web host').max(3, conditionValuesLimit),
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

const environmentSettingsObject = z
  .object({
    /** Prefix of every name; `storytime` in the spec. */
    project: projectName,
    environment: z.string().refine(isEnvironmentName, {
      message: `expected one of ${ENVIRONMENTS.join(', ')}`,
    }),
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
        prefix: z.string().regex(/^[a-z0-9_-]+\/$/, 'expected a prefix such as uploads/').optional(),
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
        webAclArn: cloudfrontWebAclArn.optional(),
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
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['activeKey'], message: `expected the name of one of publicKeys (${[...seen].join(', ')})` });
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
    alb: alb.default({ enabled: false }),
    rails: z
      .object({
        /** Existing IAM role of the Rails app to attach the policy to. */
        existingRoleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'expected an IAM role name').optional(),
      })
      .strict()
      .default({}),
    tags,
  })
  .strict();

export const environmentSettingsSchema = environmentSettingsObject.superRefine((settings, ctx) =>
  checkEnvironmentConsistency(settings, ctx),
);

const ACCESS_LOGS_SUFFIX = '-access-logs';
const BUCKET_NAME_MAX = 63;

/** The bootstrap stack: the state bucket and lock table every S3 backend points at. */
export const stateSettingsSchema = z
  .object({
    project: projectName,
    aws: awsTarget,
    bucket: bucketName,
    /** Receives the state bucket's server access logs. Default `<bucket>-access-logs`. */
    accessLogsBucket: bucketName.optional(),
    lockTable: tableName,
    tags,
  })
  .strict()
  .superRefine((state, ctx) => {
    if (state.accessLogsBucket === undefined && state.bucket.length + ACCESS_LOGS_SUFFIX.length > BUCKET_NAME_MAX) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['accessLogsBucket'],
        message: `required when bucket is longer than ${BUCKET_NAME_MAX - ACCESS_LOGS_SUFFIX.length} characters (the default '<bucket>${ACCESS_LOGS_SUFFIX}' would exceed ${BUCKET_NAME_MAX})`,
      });
    }
  })
  .transform((state) => ({ ...state, accessLogsBucket: state.accessLogsBucket ?? `${state.bucket}${ACCESS_LOGS_SUFFIX}` }));

export type StateSettings = z.output<typeof stateSettingsSchema>;
export type StateSettingsInput = z.input<typeof stateSettingsSchema>;

type ParsedSettings = z.output<typeof environmentSettingsObject>;
export type EnvironmentSettings = ParsedSettings & { readonly environment: EnvironmentName };
export type EnvironmentSettingsInput = z.input<typeof environmentSettingsSchema>;

/**
 * Seed 003: a stack must never point at another environment's origin, ALB,
 * certificate, zone or bucket, unless that block is marked shared with a reason.
 */
function checkEnvironmentConsistency(settings: ParsedSettings, ctx: z.RefinementCtx): void {
  const environment = settings.environment;
  // With an unknown environment there is nothing to be consistent with; that error is reported already.
  if (!isEnvironmentName(environment)) return;
  for (const { path, value, sharedReason } of environmentBoundValues(settings)) {
    const foreign = sharedReason === undefined ? foreignEnvironmentToken(value, environment) : undefined;
    if (foreign) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [...path],
        message: `'${value}' belongs to environment ${foreign.environment} (token '${foreign.token}'), but this stack is ${environment}; point it at the ${environment} resource or mark the block shared with a reason`,
      });
    }
  }
}
