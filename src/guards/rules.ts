import type { GuardScope } from '../../stacks/guard-scope';
import { foreignEnvironmentToken } from '../../stacks/schema/environment-tokens';
import { asList, type PolicyStatement } from '../../modules/shared/policy';
import { foreignArns } from './arns';
import { actionsOf, parsePolicy, refersTo, resourcesOf, type ResolvedResource } from './resources';

export interface Violation {
  readonly resource: ResolvedResource;
  readonly detail: string;
}

/** What a rule knows of a stack: its scope, and the names of every environment of the app. */
export interface RuleContext extends GuardScope {
  readonly environments: readonly string[];
}

export interface GuardRule {
  /** Stable id used in messages and suppressions, e.g. `ST-S3-1`. */
  readonly id: string;
  /** Why the rule exists, in one line. */
  readonly reason: string;
  check(resources: readonly ResolvedResource[], context: RuleContext): Violation[];
}

const ofType = (resources: readonly ResolvedResource[], type: string) => resources.filter((r) => r.type === type);

/** A string argument as a message shows it: a literal, or the reference Terraform resolves. */
const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value ?? null));

/** Companions of a bucket (public access block, policy, ...) found by their `bucket` argument. */
function companions(resources: readonly ResolvedResource[], type: string, bucket: ResolvedResource): ResolvedResource[] {
  return ofType(resources, type).filter((r) => refersTo(r.config.bucket, bucket, bucket.config.bucket));
}

const isDenyInsecureTransport = (statement: PolicyStatement) =>
  statement.Effect === 'Deny' &&
  asList(statement.Condition?.Bool?.['aws:SecureTransport']).includes('false') &&
  actionsOf(statement).some((action) => action === 's3:*' || action === '*');

const isPublicPrincipal = (statement: PolicyStatement) => {
  const principal = statement.Principal;
  if (principal === undefined) return false;
  return principal === '*' || asList(principal.AWS).includes('*');
};

/** The parts of the resources that the rules read, as synthesized. */
interface EncryptionRule {
  readonly apply_server_side_encryption_by_default?: { readonly sse_algorithm?: string };
}

interface ViewerCertificate {
  readonly acm_certificate_arn?: string;
  readonly iam_certificate_id?: string;
  readonly minimum_protocol_version?: string;
}

interface CacheBehavior {
  readonly path_pattern?: string;
  readonly target_origin_id?: string;
  readonly trusted_key_groups?: readonly string[];
}

const certificateOf = (distribution: ResolvedResource) => (distribution.config.viewer_certificate ?? {}) as ViewerCertificate;

interface Origin {
  readonly origin_id: string;
  readonly domain_name?: string;
  readonly origin_access_control_id?: string;
  readonly custom_origin_config?: unknown;
}

/** An S3 REST origin: behind OAC, or named like a bucket endpoint (literal or a bucket reference). */
const isS3Origin = (origin: Origin) => {
  if (origin.origin_access_control_id) return true;
  const domain = String(origin.domain_name ?? '');
  return origin.custom_origin_config === undefined && /\.s3[.-]|bucket_regional_domain_name|bucket_domain_name/.test(domain);
};

const originsOf = (distribution: ResolvedResource) => asList(distribution.config.origin) as readonly Origin[];

/**
 * Actions with no resource-level permission, for which IAM accepts only
 * `Resource: "*"` (Service Authorization Reference).
 */
export const ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS: ReadonlySet<string> = new Set([
  'mediaconvert:DescribeEndpoints',
  's3:ListAllMyBuckets',
  'sts:GetCallerIdentity',
  'cloudfront:ListDistributions',
  'logs:DescribeLogGroups',
]);

function identityPolicyStatements(resources: readonly ResolvedResource[]) {
  return [...ofType(resources, 'aws_iam_policy'), ...ofType(resources, 'aws_iam_role_policy')].flatMap((resource) => {
    const document = parsePolicy(resource.config.policy);
    return (document?.Statement ?? []).map((statement) => ({ resource, statement }));
  });
}

/** Attributes that hold a policy document, by resource type; the rules read them as JSON. */
const POLICY_ATTRIBUTES: Readonly<Record<string, string>> = {
  aws_iam_policy: 'policy',
  aws_iam_role_policy: 'policy',
  aws_iam_role: 'assume_role_policy',
  aws_s3_bucket_policy: 'policy',
  aws_sqs_queue_policy: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_secretsmanager_secret_policy: 'policy',
};

/**
 * Names and documents of the job-events and observability resources that must
 * speak of this stack's environment only (a queue, topic, alarm or dashboard
 * of another environment would watch or notify the wrong one).
 */
const ENVIRONMENT_SCOPED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_media_convert_queue: ['name'],
  aws_sqs_queue: ['name'],
  aws_cloudwatch_event_rule: ['name', 'event_pattern'],
  aws_sns_topic: ['name'],
  aws_sns_topic_subscription: ['endpoint'],
  aws_cloudwatch_metric_alarm: ['alarm_name'],
  aws_cloudwatch_dashboard: ['dashboard_name', 'dashboard_body'],
};

export const GUARD_RULES: readonly GuardRule[] = [
  {
    id: 'ST-POL-1',
    reason: 'every policy document is literal JSON, so the other rules can read it',
    check: (resources) =>
      resources
        .filter((resource) => resource.type in POLICY_ATTRIBUTES)
        .filter((resource) => parsePolicy(resource.config[POLICY_ATTRIBUTES[resource.type]]) === undefined)
        .map((resource) => ({
          resource,
          detail: `${resource.address}.${POLICY_ATTRIBUTES[resource.type]} is not a literal policy document`,
        })),
  },
  {
    id: 'ST-S3-1',
    reason: 'every bucket blocks all public access',
    check: (resources) =>
      ofType(resources, 'aws_s3_bucket').flatMap((bucket) => {
        const flags = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
        const ok = companions(resources, 'aws_s3_bucket_public_access_block', bucket).some((pab) =>
          flags.every((flag) => pab.config[flag] === true),
        );
        return ok
          ? []
          : [{ resource: bucket, detail: `bucket ${text(bucket.config.bucket)} lacks a public access block with all four flags true` }];
      }),
  },
  {
    id: 'ST-S3-2',
    reason: 'every bucket encrypts at rest by default',
    check: (resources) =>
      ofType(resources, 'aws_s3_bucket').flatMap((bucket) => {
        const ok = companions(resources, 'aws_s3_bucket_server_side_encryption_configuration', bucket).some((sse) =>
          (asList(sse.config.rule) as readonly EncryptionRule[]).some((rule) =>
            ['AES256', 'aws:kms', 'aws:kms:dsse'].includes(rule.apply_server_side_encryption_by_default?.sse_algorithm ?? ''),
          ),
        );
        return ok ? [] : [{ resource: bucket, detail: `bucket ${text(bucket.config.bucket)} has no default encryption` }];
      }),
  },
  {
    id: 'ST-S3-3',
    reason: 'every bucket has exactly one policy and it denies requests without TLS',
    check: (resources) =>
      ofType(resources, 'aws_s3_bucket').flatMap((bucket) => {
        const policies = companions(resources, 'aws_s3_bucket_policy', bucket);
        if (policies.length > 1) {
          return [
            {
              resource: bucket,
              detail: `bucket ${text(bucket.config.bucket)} has ${policies.length} bucket policies; S3 keeps only one, so they overwrite each other`,
            },
          ];
        }
        const document = policies.length === 1 ? parsePolicy(policies[0].config.policy) : undefined;
        const ok = document?.Statement.some(isDenyInsecureTransport) ?? false;
        return ok
          ? []
          : [{ resource: bucket, detail: `bucket ${text(bucket.config.bucket)} has no policy denying aws:SecureTransport=false` }];
      }),
  },
  {
    id: 'ST-S3-4',
    reason: 'no bucket policy allows a public principal',
    check: (resources) =>
      ofType(resources, 'aws_s3_bucket_policy').flatMap((policy) =>
        (parsePolicy(policy.config.policy)?.Statement ?? [])
          .filter((statement) => statement.Effect === 'Allow' && isPublicPrincipal(statement))
          .map((statement) => ({ resource: policy, detail: `statement ${statement.Sid ?? '(no Sid)'} allows Principal "*"` })),
      ),
  },
  {
    id: 'ST-CF-1',
    reason: 'S3 origins are reached only through Origin Access Control',
    check: (resources) =>
      ofType(resources, 'aws_cloudfront_distribution').flatMap((distribution) =>
        originsOf(distribution)
          .filter((origin) => isS3Origin(origin) && !origin.origin_access_control_id)
          .map((origin) => ({ resource: distribution, detail: `origin ${origin.origin_id} has no origin_access_control_id` })),
      ),
  },
  {
    id: 'ST-CF-2',
    reason: 'a custom domain is served with TLSv1.2_2021 or newer',
    check: (resources) =>
      ofType(resources, 'aws_cloudfront_distribution').flatMap((distribution) => {
        const certificate = certificateOf(distribution);
        if (!certificate.acm_certificate_arn && !certificate.iam_certificate_id) return [];
        const version = String(certificate.minimum_protocol_version ?? 'TLSv1');
        return ['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'].includes(version)
          ? []
          : [{ resource: distribution, detail: `minimum_protocol_version is ${version}` }];
      }),
  },
  {
    id: 'ST-CF-3',
    reason: 'nothing from the HLS bucket is served without signed cookies',
    check: (resources) =>
      ofType(resources, 'aws_cloudfront_distribution').flatMap((distribution) => {
        const s3Origins = new Set(
          originsOf(distribution)
            .filter(isS3Origin)
            .map((origin) => origin.origin_id),
        );
        const behaviors: CacheBehavior[] = [
          { path_pattern: '(default)', ...(distribution.config.default_cache_behavior as CacheBehavior | undefined) },
          ...(asList(distribution.config.ordered_cache_behavior) as readonly CacheBehavior[]),
        ];
        return behaviors
          .filter((behavior) => s3Origins.has(behavior.target_origin_id ?? '') && asList(behavior.trusted_key_groups).length === 0)
          .map((behavior) => ({ resource: distribution, detail: `behavior ${behavior.path_pattern} has no trusted key group` }));
      }),
  },
  {
    id: 'ST-CF-4',
    reason: 'CloudFront reaches a custom origin over HTTPS only by a name its certificate can cover',
    check: (resources) =>
      ofType(resources, 'aws_cloudfront_distribution').flatMap((distribution) =>
        originsOf(distribution)
          .filter((origin) => {
            const policy = (origin.custom_origin_config as { origin_protocol_policy?: string } | undefined)?.origin_protocol_policy;
            return policy !== undefined && policy !== 'http-only' && /\.elb\.amazonaws\.com$/i.test(String(origin.domain_name ?? ''));
          })
          .map((origin) => ({
            resource: distribution,
            detail: `origin ${origin.origin_id} '${origin.domain_name}' is the ALB's own name, which no certificate can cover (CloudFront answers 502); set alb.originDomainName to a name the ALB certificate covers`,
          })),
      ),
  },
  {
    id: 'ST-IAM-1',
    reason: 'no IAM statement allows every action',
    check: (resources) =>
      identityPolicyStatements(resources)
        .filter(({ statement }) => statement.Effect === 'Allow' && actionsOf(statement).includes('*'))
        .map(({ resource, statement }) => ({ resource, detail: `statement ${statement.Sid ?? '(no Sid)'} has Action "*"` })),
  },
  {
    id: 'ST-IAM-2',
    reason: 'Resource "*" only for actions that have no resource-level permissions',
    check: (resources) =>
      identityPolicyStatements(resources)
        .filter(({ statement }) => statement.Effect === 'Allow' && resourcesOf(statement).includes('*'))
        .flatMap(({ resource, statement }) =>
          actionsOf(statement)
            .filter((action) => !ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS.has(action))
            .map((action) => ({ resource, detail: `statement ${statement.Sid ?? '(no Sid)'} grants ${action} on "*"` })),
        ),
  },
  {
    id: 'ST-SM-1',
    reason: 'in the production tier, the CloudFront private key never enters Terraform state',
    check: (resources, context) => {
      if (context.tier !== 'production') return [];
      const keySecrets = ofType(resources, 'aws_secretsmanager_secret').filter((secret) =>
        text(secret.config.name).endsWith('/cloudfront_private_key'),
      );
      return ofType(resources, 'aws_secretsmanager_secret_version')
        .filter((version) => keySecrets.some((secret) => refersTo(version.config.secret_id, secret, secret.config.name)))
        .map((version) => ({ resource: version, detail: 'a secret version gives the private key a payload managed by Terraform' }));
    },
  },
  {
    id: 'ST-ENV-1',
    reason: "a stack never references another environment's origin, ALB, certificate, zone or bucket",
    check: (resources, context) => {
      const violations: Violation[] = [];
      const check = (resource: ResolvedResource, what: string, value: unknown) => {
        if (typeof value !== 'string' || context.sharedValues.includes(value)) return;
        const foreign = foreignEnvironmentToken(value, context.environment, context.environments);
        if (foreign) {
          violations.push({
            resource,
            detail: `${what} '${value}' belongs to environment ${foreign.environment} (token '${foreign.token}'), but this stack is ${context.environment}`,
          });
        }
      };
      for (const distribution of ofType(resources, 'aws_cloudfront_distribution')) {
        for (const origin of originsOf(distribution)) {
          check(distribution, `origin ${origin.origin_id}`, origin.domain_name);
        }
        for (const alias of asList(distribution.config.aliases) as string[]) check(distribution, 'alias', alias);
        check(distribution, 'certificate', certificateOf(distribution).acm_certificate_arn);
        check(distribution, 'web ACL', distribution.config.web_acl_id);
      }
      for (const rule of ofType(resources, 'aws_lb_listener_rule')) {
        check(rule, 'listener', rule.config.listener_arn);
        for (const action of asList(rule.config.action) as { target_group_arn?: string }[]) {
          check(rule, 'target group', action.target_group_arn);
        }
      }
      for (const record of ofType(resources, 'aws_route53_record')) {
        check(record, 'record', record.config.name);
        check(record, 'hosted zone', record.config.zone_id);
      }
      for (const bucket of ofType(resources, 'aws_s3_bucket')) check(bucket, 'bucket', bucket.config.bucket);
      for (const [type, attributes] of Object.entries(ENVIRONMENT_SCOPED_ATTRIBUTES)) {
        for (const resource of ofType(resources, type)) {
          for (const attribute of attributes) check(resource, attribute, resource.config[attribute]);
        }
      }
      for (const alarm of ofType(resources, 'aws_cloudwatch_metric_alarm')) {
        for (const value of Object.values((alarm.config.dimensions ?? {}) as Record<string, unknown>))
          check(alarm, 'alarm dimension', value);
      }
      return violations;
    },
  },
  {
    id: 'ST-ENV-2',
    reason: 'a stack references ARNs of its own account only, and load balancers and keys of its own region',
    check: (resources, context) =>
      resources.flatMap((resource) => foreignArns(resource.config, context).map((detail) => ({ resource, detail }))),
  },
];
