import type { GuardRule } from '../rule';
import { parsePolicy } from '../policies';

/** Attributes that hold a policy document, by resource type; the rules read them as JSON. */
const POLICY_ATTRIBUTES: Readonly<Record<string, string>> = {
  aws_iam_policy: 'policy',
  aws_iam_role_policy: 'policy',
  aws_iam_role: 'assume_role_policy',
  aws_s3_bucket_policy: 'policy',
  aws_sqs_queue_policy: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_secretsmanager_secret_policy: 'policy',
};

/** A policy the rules cannot read (e.g. a data source's `json`) would pass them all unread. */
export const ST_POL_1: GuardRule = {
  id: 'ST-POL-1',
  reason: 'every policy document is literal JSON, so the other rules can read it',
  check: (resources) =>
    resources
      .filter((resource) => resource.type in POLICY_ATTRIBUTES)
      .filter((resource) => parsePolicy(resource.config[POLICY_ATTRIBUTES[resource.type]]) === undefined)
      .map((resource) => ({
        resource,
        detail: `${resource.address}.${POLICY_ATTRIBUTES[resource.type]} is not a literal policy document`,
      })),
};
