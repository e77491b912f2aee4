/** A suppression as the synthesized JSON records it, under `//.guardrail_suppressions` of a resource. */
export interface RecordedSuppression {
  readonly id: string;
  readonly reason: string;
}

/** A resource of a stack with its configuration as synthesized. */
export interface ResolvedResource {
  /** e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** e.g. `aws_s3_bucket.master-uploads_bucket_1A2B3C4D`. */
  readonly address: string;
  /** Construct path, e.g. `storytime-dev/master-uploads/bucket` (the address when the JSON has no metadata). */
  readonly path: string;
  readonly suppressions: readonly RecordedSuppression[];
  readonly config: ResourceConfig;
}

/**
 * A resource's arguments as synthesized: untyped JSON, read by the rules
 * through the narrow shapes they check (see ViewerCertificate and others).
 */
export type ResourceConfig = Readonly<Record<string, unknown>>;

/** A synthesized stack (`cdk.tf.json`), as far as the guards read it. */
export interface StackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, ResourceConfig>>>>;
  readonly [block: string]: unknown;
}

interface ResourceComment {
  readonly metadata?: { readonly path?: string };
  readonly guardrail_suppressions?: readonly RecordedSuppression[];
}

/** The resources of a stack's synthesized JSON (`cdk.tf.json`), which is what the rules read: what Terraform will. */
export function resourcesIn(json: StackJson): ResolvedResource[] {
  const resources: ResolvedResource[] = [];
  for (const [type, byId] of Object.entries(json.resource ?? {})) {
    for (const [logicalId, config] of Object.entries(byId)) {
      const address = `${type}.${logicalId}`;
      const comment = (config['//'] ?? {}) as ResourceComment;
      resources.push({
        type,
        address,
        path: comment.metadata?.path ?? address,
        suppressions: comment.guardrail_suppressions ?? [],
        config,
      });
    }
  }
  return resources;
}

export const ofType = (resources: readonly ResolvedResource[], type: string) => resources.filter((r) => r.type === type);

/** True when `value` is a reference to `target` (`${aws_s3_bucket.x.id}`) or equals its literal name. */
export function refersTo(value: unknown, target: ResolvedResource, literal?: unknown): boolean {
  if (typeof value !== 'string') return false;
  // Stryker disable next-line ConditionalExpression: value is a string here, which never equals an undefined literal
  return value.includes(`\${${target.address}.`) || (literal !== undefined && value === literal);
}

/** A string argument as a message shows it: a literal, or the reference Terraform resolves. */
export const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value ?? null));
