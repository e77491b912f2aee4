import { federatedOf, pinnedClaim, sidOf, webIdentityTrustStatements } from '../policies';
import type { GuardRule } from '../rule';

/** Without `aud`, a token minted for any other service that trusts the same issuer could assume the role. */
export const ST_IAM_3: GuardRule = {
  id: 'ST-IAM-3',
  reason: 'a role a web identity may assume pins the token audience',
  check: (resources) =>
    webIdentityTrustStatements(resources)
      .filter(({ statement }) => pinnedClaim(statement, 'aud').length === 0)
      .map(({ resource, statement }) => ({
        resource,
        detail: `trust statement ${sidOf(statement)} lets ${federatedOf(statement)} in without an audience condition (<issuer>:aud)`,
      })),
};
