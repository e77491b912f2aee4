/**
 * What IAM decides for AssumeRoleWithWebIdentity, for the operators the
 * stacks use: would a token with these claims, from this provider, be let in
 * by a role's trust policy? Enough to show which tokens each deploy role takes.
 */
import type { PolicyDocument, PolicyStatement } from '../../modules/shared/policy';

export interface Token {
  /** ARN of the OIDC provider that minted it, as the principal names it. */
  readonly provider: string;
  /** Its claims: `aud`, `sub`, `ref`… */
  readonly claims: Readonly<Record<string, string>>;
}

const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );

function conditionHolds(operator: string, key: string, expected: string | readonly string[], token: Token): boolean {
  const claim = token.claims[key.slice(key.lastIndexOf(':') + 1)];
  const values = typeof expected === 'string' ? [expected] : expected;
  if (claim === undefined) return false;
  if (operator === 'StringEquals') return values.includes(claim);
  if (operator === 'StringLike') return values.some((value) => glob(value).test(claim));
  throw new Error(`operator ${operator} is not modelled here`);
}

function allows(statement: PolicyStatement, token: Token): boolean {
  const principal = statement.Principal;
  if (statement.Effect !== 'Allow' || principal === '*' || principal?.Federated !== token.provider) return false;
  if (statement.Action !== 'sts:AssumeRoleWithWebIdentity') return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => conditionHolds(operator, key, expected, token)),
  );
}

/** True when some statement of the trust policy lets the token assume the role. */
export function assumes(trustPolicy: string, token: Token): boolean {
  return (JSON.parse(trustPolicy) as PolicyDocument).Statement.some((statement) => allows(statement, token));
}
