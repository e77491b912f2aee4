import { federatedOf, pinnedClaim, sidOf, webIdentityTrustStatements } from '../policies';
import type { GuardRule } from '../rule';

/** A subject pattern (`repo:org/*`) lets every branch, pull request or repository it matches assume the role. */
export const ST_IAM_4: GuardRule = {
  id: 'ST-IAM-4',
  reason: 'a role a web identity may assume names exact token subjects, never a pattern',
  check: (resources) =>
    webIdentityTrustStatements(resources).flatMap(({ resource, statement }) => {
      const subjects = pinnedClaim(statement, 'sub');
      if (subjects.length === 0) {
        return [
          {
            resource,
            detail: `trust statement ${sidOf(statement)} lets ${federatedOf(statement)} in without a subject condition (<issuer>:sub)`,
          },
        ];
      }
      return subjects
        .filter(({ value }) => /[*?]/.test(value))
        .map(({ operator, value }) => ({
          resource,
          detail: `trust statement ${sidOf(statement)} matches subject ${operator} "${value}", a wildcard`,
        }));
    }),
};
