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

/** The Allow statements of every role's trust policy that let a web identity (an OIDC token) assume it. */
export function webIdentityTrustStatements(resources: readonly ResolvedResource[]) {
  return ofType(resources, 'aws_iam_role').flatMap((resource) => {
    const document = parsePolicy(resource.config.assume_role_policy);
    return (document?.Statement ?? [])
      .filter(
        (statement) =>
          statement.Effect === 'Allow' &&
          actionsOf(statement).includes('sts:AssumeRoleWithWebIdentity') &&
          // Stryker disable next-line ConditionalExpression,StringLiteral: '*' has no Federated either; the check narrows the type
          statement.Principal !== '*' &&
          statement.Principal?.Federated !== undefined,
      )
      .map((statement) => ({ resource, statement }));
  });
}

/** Operators that pin a claim to the values they list; negated and ForAllValues operators (true when the claim is absent) do not. */
const PINNING = /^(ForAnyValue:)?String(Equals|EqualsIgnoreCase|Like)$/;

/** Values a statement's condition pins the claim `<issuer>:<claim>` to, each with its operator; none when nothing pins it. */
export function pinnedClaim(statement: PolicyStatement, claim: string): { operator: string; value: string }[] {
  return Object.entries(statement.Condition ?? {})
    .filter(([operator]) => PINNING.test(operator))
    .flatMap(([operator, keys]) =>
      Object.entries(keys)
        .filter(([key]) => key.endsWith(`:${claim}`))
        .flatMap(([, values]) => asList(values).map((value) => ({ operator, value }))),
    );
}

/** The federated principal a message names. */
export const federatedOf = (statement: PolicyStatement) =>
  statement.Principal !== '*' ? asList(statement.Principal?.Federated).join(', ') : '*';
