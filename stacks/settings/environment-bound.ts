/**
 * The one list of settings that point at something of one environment (an
 * ALB, a certificate, a domain, a bucket...). The schema checks each against
 * the stack's environment, the stack exempts the shared ones from the guard,
 * and the guard re-checks what reaches the synthesized resources. Adding such a
 * setting is one entry here.
 */

export interface EnvironmentBoundValue {
  /** Settings path, e.g. `['alb', 'dnsName']`. */
  readonly path: readonly (string | number)[];
  readonly value: string;
  /** Set when the block is marked shared between environments. */
  readonly sharedReason?: string;
}

interface Shared {
  readonly shared?: { readonly reason: string };
}

/** The fields read here, as the schema parses them. */
export interface EnvironmentBoundSettings {
  readonly backend: { readonly type: 's3'; readonly bucket: string } | { readonly type: 'cloud'; readonly workspace: string };
  readonly cdn: {
    readonly customDomain?: { readonly domainName: string; readonly certificateArn: string; readonly hostedZoneId: string } & Shared;
    readonly webAclArn?: string;
  };
  readonly kmsKeyArn?: string;
  readonly alarms: { readonly emails?: readonly string[] };
  readonly alb:
    | { readonly enabled: false }
    | ({
        readonly enabled: true;
        readonly dnsName: string;
        readonly listenerArn: string;
        readonly apiTargetGroupArn: string;
        readonly webTargetGroupArn: string;
        readonly apiHost: string;
        readonly webHosts: readonly string[];
      } & Shared);
}

export function environmentBoundValues(settings: EnvironmentBoundSettings): EnvironmentBoundValue[] {
  const values: EnvironmentBoundValue[] = [];
  const add = (path: (string | number)[], value: string | undefined, block?: Shared) => {
    if (value !== undefined) values.push({ path, value, sharedReason: block?.shared?.reason });
  };
  const alb = settings.alb;
  if (alb.enabled) {
    for (const field of ['dnsName', 'listenerArn', 'apiTargetGroupArn', 'webTargetGroupArn', 'apiHost'] as const) {
      add(['alb', field], alb[field], alb);
    }
    alb.webHosts.forEach((host, index) => add(['alb', 'webHosts', index], host, alb));
  }
  const domain = settings.cdn.customDomain;
  if (domain) {
    for (const field of ['domainName', 'certificateArn', 'hostedZoneId'] as const) {
      add(['cdn', 'customDomain', field], domain[field], domain);
    }
  }
  add(['cdn', 'webAclArn'], settings.cdn.webAclArn);
  add(['kmsKeyArn'], settings.kmsKeyArn);
  settings.alarms.emails?.forEach((email, index) => add(['alarms', 'emails', index], email));
  const backend = settings.backend;
  if (backend.type === 's3') add(['backend', 'bucket'], backend.bucket);
  else add(['backend', 'workspace'], backend.workspace);
  return values;
}

/** Values marked shared with a reason: the guard lets them through in any environment. */
export function sharedValues(settings: EnvironmentBoundSettings): string[] {
  return environmentBoundValues(settings)
    .filter((bound) => bound.sharedReason !== undefined)
    .map((bound) => bound.value);
}
