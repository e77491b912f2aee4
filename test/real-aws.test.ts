import { beforeAll, describe, expect, it } from 'vitest';
import { addressAt, ENVIRONMENTS, resourceAt, resourcesOf, synthAll, type Json } from './helpers';

/** Findings of issue 12 that only a real account (or the emulator) shows: ordering, trust, uploads. */
let stacks: Record<string, Json>;
beforeAll(() => {
  stacks = synthAll();
});
const policyOf = (config: Json, attribute = 'policy'): Json => JSON.parse(config[attribute]);

describe('server access logging waits for the log bucket policy', () => {
  it('gives every aws_s3_bucket_logging of every stack a depends_on on its target bucket policy', () => {
    let checked = 0;
    for (const [name, json] of Object.entries(stacks)) {
      const logs = addressAt(json, 'aws_s3_bucket', 'access-logs/bucket');
      const logPolicy = addressAt(json, 'aws_s3_bucket_policy', 'access-logs/policy');
      for (const [id, logging] of resourcesOf(json, 'aws_s3_bucket_logging')) {
        expect({ name, id, target: logging.target_bucket, depends_on: logging.depends_on }).toEqual({
          name,
          id,
          target: `\${${logs}.bucket}`,
          depends_on: [logPolicy],
        });
        checked++;
      }
    }
    // Every environment logs its master and HLS buckets, each state bootstrap its state bucket.
    expect(checked).toBe(3 * ENVIRONMENTS.length);
  });
});

describe('MediaConvert trust', () => {
  it.each(['dev', 'prod'])(
    'storytime-%s trusts mediaconvert.amazonaws.com without condition keys MediaConvert does not document',
    (environment) => {
      const role = resourceAt(stacks[`storytime-${environment}`], 'aws_iam_role', 'iam/mediaconvert-role');
      expect(policyOf(role, 'assume_role_policy')).toEqual({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'mediaconvert.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      });
    },
  );
});

describe('Rails uploads', () => {
  it.each(['dev', 'prod'])(
    'storytime-%s lets Rails presign single-part and resumable multipart uploads under uploads/ only',
    (environment) => {
      const json = stacks[`storytime-${environment}`];
      const statements = policyOf(resourceAt(json, 'aws_iam_policy', 'iam/rails-policy')).Statement;
      const master = addressAt(json, 'aws_s3_bucket', 'master-uploads/bucket');
      const s3 = statements.filter((statement: Json) => [statement.Action].flat().some((action: string) => action.startsWith('s3:')));
      expect(s3).toEqual([
        {
          Sid: 'UploadMasters',
          Effect: 'Allow',
          Action: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          Resource: `\${${master}.arn}/uploads/*`,
        },
      ]);
    },
  );
});
