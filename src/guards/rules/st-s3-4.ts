import { asList, type PolicyStatement } from '../../../modules/shared/policy';
import { parsePolicy, sidOf } from '../policies';
import { ofType } from '../resources';
import type { GuardRule } from '../rule';

const isPublicPrincipal = ({ Principal: principal }: PolicyStatement) =>
  principal !== undefined && (principal === '*' || asList(principal.AWS).includes('*'));

export const ST_S3_4: GuardRule = {
  id: 'ST-S3-4',
  reason: 'no bucket policy allows a public principal',
  check: (resources) =>
    ofType(resources, 'aws_s3_bucket_policy').flatMap((policy) =>
      (parsePolicy(policy.config.policy)?.Statement ?? [])
        .filter((statement) => statement.Effect === 'Allow' && isPublicPrincipal(statement))
        .map((statement) => ({ resource: policy, detail: `statement ${sidOf(statement)} allows Principal "*"` })),
    ),
};
