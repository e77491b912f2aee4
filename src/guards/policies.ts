import { asList, type PolicyDocument, type PolicyStatement } from '../../modules/shared/policy';
import { ofType, type ResolvedResource } from './resources';

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

/** Every statement of the identity policies (managed and inline), with the resource that holds it. */
export function identityPolicyStatements(resources: readonly ResolvedResource[]) {
  return [...ofType(resources, 'aws_iam_policy'), ...ofType(resources, 'aws_iam_role_policy')].flatMap((resource) => {
    const document = parsePolicy(resource.config.policy);
    return (document?.Statement ?? []).map((statement) => ({ resource, statement }));
  });
}

/** `Sid` of a statement as a message names it. */
export const sidOf = (statement: PolicyStatement) => statement.Sid ?? '(no Sid)';
