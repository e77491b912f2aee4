/**
 * Emulator gaps: resource types that moto 5.2.5 cannot create, each replaced
 * in the EMULATOR COPY of a stack by a terraform_data carrying the attributes
 * other resources read, or carrying an equivalent argument moto can handle
 * (EMULATOR_REWRITES). Every use is printed. A resource that is not in this
 * table and fails to apply fails the suite. Plans (test/terraform) validate
 * and plan the real resources with the real provider; only the apply differs.
 */
import type { Rewrite, StandIn } from './substitute';

export const EMULATOR_STAND_INS: readonly StandIn[] = [
  {
    type: 'aws_media_convert_queue',
    why: 'moto has no MediaConvert: CreateQueue answers 500 and the provider retries for minutes',
    attributes: ['arn', 'id'],
    value: (config, target) => ({
      arn: `arn:aws:mediaconvert:${target.region}:${target.accountId}:queues/${config.name}`,
      id: config.name,
    }),
  },
];

// A bucket policy statement, as the synthesized policy JSON has it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- policy JSON as synthesized, untyped by nature
type Statement = any;

/** A rewrite of the statements of every aws_s3_bucket_policy whose policy `change` alters. */
function policyRewrite(why: string, standIn: string, change: (statement: Statement) => Statement): Rewrite {
  return {
    type: 'aws_s3_bucket_policy',
    why,
    standIn,
    rewrite: (config) => {
      const policy = JSON.parse(config.policy);
      const statements: Statement[] = policy.Statement.map(change).filter((statement: Statement) => statement !== null);
      const changed = JSON.stringify({ ...policy, Statement: statements });
      return changed === JSON.stringify(policy) ? undefined : { ...config, policy: changed };
    },
  };
}

const isTlsOnlyDeny = (statement: Statement) =>
  statement.Effect === 'Deny' && statement.Condition?.Bool?.['aws:SecureTransport'] === 'false';
const LOGGING_SERVICE = 'logging.s3.amazonaws.com';

export const EMULATOR_REWRITES: readonly Rewrite[] = [
  policyRewrite(
    "moto knows no aws:SecureTransport and applies the TLS-only Deny to every request, refusing even the backend's reads (403); with its string Principal it also makes PutBucketLogging answer 500",
    'without its TLS-only Deny statement (asserted in the plan tests instead)',
    (statement) => (isTlsOnlyDeny(statement) ? null : statement),
  ),
  policyRewrite(
    "moto accepts a server-access-logging grant only if its Resource is exactly <bucket>/<target prefix>* or <bucket>/*, while AWS matches the wildcard: the product's <bucket>/s3/* covers every s3/<source>/ prefix",
    'with the logging.s3.amazonaws.com grant on <bucket>/* instead of <bucket>/s3/*',
    (statement) =>
      statement.Principal?.Service === LOGGING_SERVICE && typeof statement.Resource === 'string'
        ? { ...statement, Resource: statement.Resource.replace(/\/[^/}]+\/\*$/, '/*') }
        : statement,
  ),
];
