import { DefaultTokenResolver, StringConcat, TerraformResource, Tokenization, type TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { asList, type PolicyDocument, type PolicyStatement } from '../../modules/shared/policy';

/** A resource of a stack with its configuration as it will be synthesized. */
export interface ResolvedResource {
  readonly construct: IConstruct;
  /** e.g. `aws_s3_bucket`. */
  readonly type: string;
  /** e.g. `aws_s3_bucket.master-uploads_bucket_1A2B3C4D`. */
  readonly address: string;
  // Synthesized Terraform JSON is untyped by nature.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly config: Record<string, any>;
}

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** Resolves every resource of the stack once; rules read the same JSON Terraform will. */
export function resolveResources(stack: TerraformStack): ResolvedResource[] {
  const resources: ResolvedResource[] = [];
  for (const node of stack.node.findAll()) {
    if (!TerraformResource.isTerraformResource(node)) continue;
    const json = Tokenization.resolve(node.toTerraform(), { scope: stack, resolver: RESOLVER }) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
    for (const [type, byId] of Object.entries(json.resource ?? {})) {
      for (const [logicalId, config] of Object.entries(byId)) {
        resources.push({ construct: node, type, address: `${type}.${logicalId}`, config });
      }
    }
  }
  return resources;
}

/** True when `value` is a reference to `target` (`${aws_s3_bucket.x.id}`) or equals its literal name. */
export function refersTo(value: unknown, target: ResolvedResource, literal?: unknown): boolean {
  if (typeof value !== 'string') return false;
  return value.includes(`\${${target.address}.`) || (literal !== undefined && value === literal);
}

/** Parses a policy attribute; undefined when it is not a literal JSON document (e.g. a data source reference). */
export function parsePolicy(value: unknown): PolicyDocument | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = JSON.parse(value) as PolicyDocument;
    return Array.isArray(parsed.Statement) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function actionsOf(statement: PolicyStatement): readonly string[] {
  return asList(statement.Action);
}

export function resourcesOf(statement: PolicyStatement): readonly string[] {
  return asList(statement.Resource);
}
