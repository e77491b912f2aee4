import { actionsOf, identityPolicyStatements, sidOf } from '../policies';
import type { GuardRule } from '../rule';

export const ST_IAM_1: GuardRule = {
  id: 'ST-IAM-1',
  reason: 'no IAM statement allows every action',
  check: (resources) =>
    identityPolicyStatements(resources)
      .filter(({ statement }) => statement.Effect === 'Allow' && actionsOf(statement).includes('*'))
      .map(({ resource, statement }) => ({ resource, detail: `statement ${sidOf(statement)} has Action "*"` })),
};
