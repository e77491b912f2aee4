/**
 * The one list of settings that point at something of one environment (an
 * ALB, a certificate, a domain, a bucket...). The schema checks each against
 * the stack's environment (name tokens, and the account and region of ARNs),
 * validation compares them between environments, the stack exempts the shared
 * ones from the guard, and the guard re-checks what reaches the synthesized
 * resources. Adding such a setting is one entry here.
 */
import { secretPrefix, stateKey } from '../naming';

/**
 * What an ARN must carry besides this stack's account: `regional`, the stack's
 * region; `account`, nothing more (its field checks the region, e.g. ACM in
 * us-east-1); `cloudfront-waf`, the global web ACL form
 * `arn:aws:wafv2:us-east-1:<account>:global/webacl/...`.
 */
export type ArnScope = 'regional' | 'account' | 'cloudfront-waf';

export interface EnvironmentBoundValue {
  /** Settings path, e.g. `['alb', 'dnsName']`. */
  readonly path: readonly (string | number)[];
  readonly value: string;
  /** Set when the block is marked shared between environments. */
  readonly sharedReason?: string;
  /** Set when the value is an ARN; what it must carry. */
  readonly arn?: ArnScope;
}

interface Shared {
  readonly shared?: { readonly reason: string };
}

/** The fields read here, as the schema parses them. */
export interface EnvironmentBoundSettings {
  readonly project: string;
  readonly environment: string;
  readonly aws: { readonly accountId: string; readonly allowedAccountIds: readonly string[] } & Shared;
  readonly backend:
    | { readonly type: 's3'; readonly bucket: string; readonly accessLogsBucket?: string }
    | { readonly type: 'cloud'; readonly workspace: string };
  readonly uploads: { readonly adminOrigins: readonly string[] };
  readonly cdn: {
    readonly customDomain?: { readonly domainName: string; readonly certificateArn: string; readonly hostedZoneId: string } & Shared;
    readonly webAclArn?: string;
    readonly playbackCorsOrigins?: readonly string[];
  };
  readonly kmsKeyArn?: string;
  readonly alarms: { readonly emails?: readonly string[] };
  readonly alb:
    | { readonly enabled: false }
    | ({
        readonly enabled: true;
        readonly dnsName: string;
        readonly originDomainName: string;
        readonly originRecord?: { readonly hostedZoneId: string };
        readonly listenerArn: string;
        readonly apiTargetGroupArn: string;
        readonly apiHost?: string;
        readonly vpcOrigin?: { readonly albArn: string };
      } & Shared);
}

export function environmentBoundValues(settings: EnvironmentBoundSettings): EnvironmentBoundValue[] {
  const values: EnvironmentBoundValue[] = [];
  const add = (path: (string | number)[], value: string | undefined, block?: Shared, arn?: ArnScope) => {
    if (value !== undefined) values.push({ path, value, sharedReason: block?.shared?.reason, arn });
  };
  const alb = settings.alb;
  if (alb.enabled) {
    for (const field of ['dnsName', 'originDomainName', 'apiHost'] as const) add(['alb', field], alb[field], alb);
    add(['alb', 'originRecord', 'hostedZoneId'], alb.originRecord?.hostedZoneId, alb);
    for (const field of ['listenerArn', 'apiTargetGroupArn'] as const) add(['alb', field], alb[field], alb, 'regional');
    add(['alb', 'vpcOrigin', 'albArn'], alb.vpcOrigin?.albArn, alb, 'regional');
  }
  const domain = settings.cdn.customDomain;
  if (domain) {
    add(['cdn', 'customDomain', 'domainName'], domain.domainName, domain);
    add(['cdn', 'customDomain', 'certificateArn'], domain.certificateArn, domain, 'account');
    add(['cdn', 'customDomain', 'hostedZoneId'], domain.hostedZoneId, domain);
  }
  add(['cdn', 'webAclArn'], settings.cdn.webAclArn, undefined, 'cloudfront-waf');
  add(['kmsKeyArn'], settings.kmsKeyArn, undefined, 'regional');
  settings.uploads.adminOrigins.forEach((origin, index) => add(['uploads', 'adminOrigins', index], origin));
  settings.cdn.playbackCorsOrigins?.forEach((origin, index) => add(['cdn', 'playbackCorsOrigins', index], origin));
  settings.alarms.emails?.forEach((email, index) => add(['alarms', 'emails', index], email));
  const backend = settings.backend;
  if (backend.type === 's3') {
    add(['backend', 'bucket'], backend.bucket);
    add(['backend', 'accessLogsBucket'], backend.accessLogsBucket);
  } else {
    add(['backend', 'workspace'], backend.workspace);
  }
  return values;
}

/** Bound values plus the accounts and the names derived from project and environment (state key, secret names), for comparing environments. */
export function comparedValues(settings: EnvironmentBoundSettings): EnvironmentBoundValue[] {
  const aws = settings.aws;
  return [
    ...environmentBoundValues(settings),
    { path: ['aws', 'accountId'], value: aws.accountId, sharedReason: aws.shared?.reason },
    ...aws.allowedAccountIds.map((value, index) => ({
      path: ['aws', 'allowedAccountIds', index],
      value,
      sharedReason: aws.shared?.reason,
    })),
    { path: ['(state key)'], value: stateKey(settings) },
    { path: ['(secret names)'], value: `${secretPrefix(settings)}/` },
  ];
}

/** Values marked shared with a reason: the guard lets them through in any environment. */
export function sharedValues(settings: EnvironmentBoundSettings): string[] {
  return environmentBoundValues(settings)
    .filter((bound) => bound.sharedReason !== undefined)
    .map((bound) => bound.value);
}
