import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { describe, expect, it } from 'vitest';
import { HlsReplica, type HlsReplicaProps, replicationRoleName } from '../../modules/hls_replica';
import { AccessLogBucket, PrivateBucket } from '../../modules/s3_bucket';
import { addressAt, policyOf, refAt, resourceAt, resourcesOf, synthScope, type Json } from '../helpers';

/** An HlsReplica `replica` of a versioned bucket `hls` in us-east-1, through a us-west-2 provider, with `props` on top. */
function replica(props: Partial<HlsReplicaProps> = {}, sourceVersioned = true): Json {
  return synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region: 'us-east-1' });
    const provider = new AwsProvider(scope, 'aws-replica', { region: 'us-west-2', alias: 'hls_replica' });
    const source = new PrivateBucket(scope, 'hls', { bucketName: 'storytime-hls-outputs-prod', versioned: sourceVersioned });
    new HlsReplica(scope, 'replica', {
      namePrefix: 'storytime-prod',
      source,
      sourceRegion: 'us-east-1',
      bucketName: 'storytime-hls-outputs-replica-prod',
      provider,
      ...props,
    });
  });
}

describe('HlsReplica', () => {
  it('is a private, versioned, SSE-S3 bucket in the region of the provider given, every part of it through that provider', () => {
    const json = replica();
    expect(resourceAt(json, 'aws_s3_bucket', 'replica/bucket/bucket')).toEqual({
      bucket: 'storytime-hls-outputs-replica-prod',
      provider: 'aws.hls_replica',
    });
    expect(resourceAt(json, 'aws_s3_bucket_versioning', 'replica/bucket/versioning').versioning_configuration).toEqual({
      status: 'Enabled',
    });
    expect(
      resourceAt(json, 'aws_s3_bucket_server_side_encryption_configuration', 'replica/bucket/encryption').rule[0]
        .apply_server_side_encryption_by_default,
    ).toEqual({ sse_algorithm: 'AES256' });
    const replicaBucket = refAt(json, 'aws_s3_bucket', 'replica/bucket/bucket', 'id');
    const parts = Object.entries<Json>(json.resource)
      .flatMap(([type, byId]) => Object.values<Json>(byId).map((config) => [type, config]))
      .filter(([type, config]) => type.startsWith('aws_s3_bucket_') && config.bucket === replicaBucket);
    expect(parts.map(([type, config]) => [type, config.provider]).sort()).toEqual([
      ['aws_s3_bucket_lifecycle_configuration', 'aws.hls_replica'],
      ['aws_s3_bucket_ownership_controls', 'aws.hls_replica'],
      ['aws_s3_bucket_policy', 'aws.hls_replica'],
      ['aws_s3_bucket_public_access_block', 'aws.hls_replica'],
      ['aws_s3_bucket_server_side_encryption_configuration', 'aws.hls_replica'],
      ['aws_s3_bucket_versioning', 'aws.hls_replica'],
    ]);
  });

  it('replicates books/ and its delete markers to the replica, once versioning is on at both ends', () => {
    const json = replica();
    const replication = resourceAt(json, 'aws_s3_bucket_replication_configuration', 'replica/replication');
    expect(replication).toEqual({
      bucket: refAt(json, 'aws_s3_bucket', 'hls/bucket', 'id'),
      role: refAt(json, 'aws_iam_role', 'replica/role', 'arn'),
      rule: [
        {
          id: 'hls-outputs-to-replica',
          status: 'Enabled',
          filter: { prefix: 'books/' },
          delete_marker_replication: { status: 'Enabled' },
          destination: { bucket: refAt(json, 'aws_s3_bucket', 'replica/bucket/bucket', 'arn'), storage_class: 'STANDARD' },
        },
      ],
      depends_on: [
        addressAt(json, 'aws_s3_bucket_versioning', 'hls/versioning'),
        addressAt(json, 'aws_s3_bucket_versioning', 'replica/bucket/versioning'),
      ],
    });
  });

  it('lets S3 assume a role that reads the source versions and writes replicas under books/ only', () => {
    const json = replica();
    const role = resourceAt(json, 'aws_iam_role', 'replica/role');
    expect(role.name).toBe('storytime-prod-hls-replication');
    expect(replicationRoleName('storytime-prod')).toBe('storytime-prod-hls-replication');
    expect(policyOf(role, 'assume_role_policy')).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const source = refAt(json, 'aws_s3_bucket', 'hls/bucket', 'arn');
    const target = refAt(json, 'aws_s3_bucket', 'replica/bucket/bucket', 'arn');
    const policy = resourceAt(json, 'aws_iam_role_policy', 'replica/role-policy');
    expect(policy.role).toBe(refAt(json, 'aws_iam_role', 'replica/role', 'id'));
    expect(policyOf(policy).Statement).toEqual([
      {
        Sid: 'ReadReplicationConfiguration',
        Effect: 'Allow',
        Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        Resource: source,
      },
      {
        Sid: 'ReadSourceVersions',
        Effect: 'Allow',
        Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        Resource: `${source}/books/*`,
      },
      {
        Sid: 'WriteReplicas',
        Effect: 'Allow',
        Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        Resource: `${target}/books/*`,
      },
    ]);
  });

  it('protects the replica from destroy when asked, and logs it to the log bucket given', () => {
    const unprotected = replica();
    expect(resourceAt(unprotected, 'aws_s3_bucket', 'replica/bucket/bucket').lifecycle).toBeUndefined();
    expect(unprotected).not.toHaveResource('aws_s3_bucket_logging');
    const json = synthScope((scope) => {
      new AwsProvider(scope, 'aws', { region: 'us-east-1' });
      const provider = new AwsProvider(scope, 'aws-replica', { region: 'eu-west-1', alias: 'hls_replica' });
      const logs = new AccessLogBucket(scope, 'logs', {
        bucketName: 'storytime-access-logs-replica-prod',
        accountId: '222222222222',
        provider,
      });
      new HlsReplica(scope, 'replica', {
        namePrefix: 'storytime-prod',
        source: new PrivateBucket(scope, 'hls', { bucketName: 'storytime-hls-outputs-prod', versioned: true }),
        sourceRegion: 'us-east-1',
        bucketName: 'storytime-hls-outputs-replica-prod',
        provider,
        accessLogs: { bucket: logs, folder: 'hls-outputs-replica' },
        preventDestroy: true,
      });
    });
    expect(resourceAt(json, 'aws_s3_bucket', 'replica/bucket/bucket').lifecycle).toEqual({ prevent_destroy: true });
    expect(resourceAt(json, 'aws_s3_bucket_logging', 'replica/bucket/access-logs')).toMatchObject({
      provider: 'aws.hls_replica',
      target_bucket: refAt(json, 'aws_s3_bucket', 'logs/bucket', 'bucket'),
      target_prefix: 's3/hls-outputs-replica/',
    });
    expect(resourceAt(json, 'aws_s3_bucket', 'logs/bucket').provider).toBe('aws.hls_replica');
  });

  it('refuses a source without versioning, which S3 cannot replicate', () => {
    expect(() => replica({}, false)).toThrow(
      'hls_replica: source: expected a versioned bucket: S3 replication needs versioning on the source and the replica',
    );
  });

  it("refuses a provider of the source's own region, from which there is nothing to fail over", () => {
    expect(() => replica({ sourceRegion: 'us-west-2' })).toThrow(
      "hls_replica: provider.region: expected a region other than the HLS bucket's (us-west-2): a replica in the same region fails over from nothing a regional outage takes down",
    );
  });

  it('adds nothing to the source bucket but the replication configuration', () => {
    const json = replica();
    expect(resourcesOf(json, 'aws_s3_bucket_replication_configuration')).toHaveLength(1);
    expect(policyOf(resourceAt(json, 'aws_s3_bucket_policy', 'hls/policy')).Statement.map((s: Json) => s.Sid)).toEqual([
      'DenyInsecureTransport',
    ]);
  });
});
