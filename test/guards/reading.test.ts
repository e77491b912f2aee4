/** How the rules read the synthesized JSON: resources, policy documents and CloudFront origins. */
import { describe, expect, it } from 'vitest';
import { originProtocolPolicy, s3TargetsOf } from '../../src/guards/distributions';
import { federatedOf, identityPolicyStatements, parsePolicy, pinnedClaim, webIdentityTrustStatements } from '../../src/guards/policies';
import { refersTo, resourcesIn, shown, type ResolvedResource } from '../../src/guards/resources';

const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const one = (type: string, config: Record<string, unknown>): ResolvedResource => resourcesIn({ resource: { [type]: { x: config } } })[0];

describe('resourcesIn', () => {
  it('reads each resource with its address, construct path and recorded suppressions', () => {
    const suppression = { id: 'ST-S3-2', reason: 'encrypted by the account default' };
    const bucket = { bucket: 'b', '//': { metadata: { path: 'stack/hls/bucket' }, guardrail_suppressions: [suppression] } };
    expect(resourcesIn({ resource: { aws_s3_bucket: { hls: bucket, logs: { bucket: 'l' } } } })).toEqual([
      { type: 'aws_s3_bucket', address: 'aws_s3_bucket.hls', path: 'stack/hls/bucket', suppressions: [suppression], config: bucket },
      { type: 'aws_s3_bucket', address: 'aws_s3_bucket.logs', path: 'aws_s3_bucket.logs', suppressions: [], config: { bucket: 'l' } },
    ]);
  });

  it('reads a stack without resources as none', () => {
    expect(resourcesIn({})).toEqual([]);
  });
});

describe('refersTo and shown', () => {
  const bucket = one('aws_s3_bucket', { bucket: 'storytime-hls' });

  it('matches a reference to the resource or its literal name, never a value that is not a string', () => {
    expect(refersTo('${aws_s3_bucket.x.id}', bucket)).toBe(true);
    expect(refersTo('storytime-hls', bucket, 'storytime-hls')).toBe(true);
    expect(refersTo('storytime-hls', bucket)).toBe(false);
    expect(refersTo(7, bucket, 7)).toBe(false);
  });

  it('shows a literal as it is and anything else as JSON', () => {
    expect([shown('name'), shown({ Ref: 'x' }), shown(undefined), shown(0)]).toEqual(['name', '{"Ref":"x"}', 'null', '0']);
  });
});

describe('policy documents', () => {
  it('parses a literal JSON document with statements only', () => {
    expect(parsePolicy(policy({ Effect: 'Allow' }))).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow' }] });
    expect([parsePolicy('${data.aws_iam_policy_document.x.json}'), parsePolicy('{"Version":"1"}')]).toEqual([undefined, undefined]);
    // JSON.parse would read the array as its one string.
    expect(parsePolicy([policy({ Effect: 'Allow' })])).toBeUndefined();
  });

  it('takes no statement from a policy that is a reference', () => {
    const resources = resourcesIn({ resource: { aws_iam_policy: { p: { policy: '${data.aws_iam_policy_document.x.json}' } } } });
    expect(identityPolicyStatements(resources)).toEqual([]);
  });

  it('finds the Allow statements of a trust policy that let a federated principal assume the role with a web identity', () => {
    const web = { Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: 'arn:oidc' } };
    const role = one('aws_iam_role', {
      assume_role_policy: policy(
        web,
        { ...web, Effect: 'Deny' },
        { ...web, Principal: '*' },
        { Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity' },
        { ...web, Action: 'sts:AssumeRole' },
      ),
    });
    expect(webIdentityTrustStatements([role])).toEqual([{ resource: role, statement: web }]);
    expect(webIdentityTrustStatements([one('aws_iam_role', { assume_role_policy: '${data.x.json}' })])).toEqual([]);
  });

  it('names the federated principals, or * for everyone', () => {
    const statement = { Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity' } as const;
    expect([
      federatedOf({ ...statement, Principal: { Federated: ['a', 'b'] } }),
      federatedOf({ ...statement, Principal: '*' }),
      federatedOf(statement),
    ]).toEqual(['a, b', '*', '']);
  });

  it('counts only the operators that pin a claim, not their IfExists forms', () => {
    const statement = {
      Effect: 'Allow',
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:o/r:ref:refs/heads/main' },
        StringEqualsIfExists: { 'token.actions.githubusercontent.com:sub': 'x' },
        'ForAnyValue:StringLike': { 'token.actions.githubusercontent.com:sub': ['repo:o/r:*'] },
      },
    } as const;
    expect(pinnedClaim(statement, 'sub')).toEqual([
      { operator: 'StringEquals', value: 'repo:o/r:ref:refs/heads/main' },
      { operator: 'ForAnyValue:StringLike', value: 'repo:o/r:*' },
    ]);
  });
});

describe('CloudFront origins', () => {
  it('counts an origin group as an S3 target when any one of its members is an S3 origin', () => {
    const distribution = one('aws_cloudfront_distribution', {
      origin: [
        { origin_id: 'hls', domain_name: 'b.s3.us-east-1.amazonaws.com' },
        { origin_id: 'api', domain_name: 'api.example.com', custom_origin_config: { origin_protocol_policy: 'https-only' } },
      ],
      origin_group: [
        { origin_id: 'mixed', member: [{ origin_id: 'api' }, { origin_id: 'hls' }] },
        { origin_id: 'custom', member: [{ origin_id: 'api' }] },
      ],
    });
    expect([...s3TargetsOf(distribution)]).toEqual(['hls', 'mixed']);
  });

  it('reads how CloudFront connects: the custom origin policy, the VPC origin policy, HTTPS for a VPC origin elsewhere, none for S3', () => {
    const vpcOrigin = one('aws_cloudfront_vpc_origin', { vpc_origin_endpoint_config: [{ origin_protocol_policy: 'match-viewer' }] });
    const inStack = { origin_id: 'alb', vpc_origin_config: { vpc_origin_id: '${aws_cloudfront_vpc_origin.x.id}' } };
    expect([
      originProtocolPolicy({ origin_id: 'c', custom_origin_config: { origin_protocol_policy: 'http-only' } }, []),
      originProtocolPolicy(inStack, [vpcOrigin]),
      originProtocolPolicy({ origin_id: 'alb', vpc_origin_config: { vpc_origin_id: 'vo-0123' } }, [vpcOrigin]),
      originProtocolPolicy({ origin_id: 'hls', domain_name: 'b.s3.amazonaws.com' }, [vpcOrigin]),
    ]).toEqual(['http-only', 'match-viewer', 'https-only', undefined]);
  });
});
