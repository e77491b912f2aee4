import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { Construct } from 'constructs';
import { PrivateBucket, type ServerAccessLogTarget } from '../s3_bucket';
import { HLS_KEY_PREFIX } from '../shared/hls-paths';
import { policyJson, type PolicyStatement } from '../shared/policy';
import { refuseProps } from '../shared/props';
import { replicaRegionProblem, versionedProblem } from './invariants';

export * from './invariants';

/** Name of the role S3 assumes to replicate `<namePrefix>`'s HLS outputs; the deploy roles may pass it to S3. */
export const replicationRoleName = (namePrefix: string) => `${namePrefix}-hls-replication`;

export interface HlsReplicaProps {
  /** Prefix of the replication role's name, e.g. `storytime-prod`. */
  readonly namePrefix: string;
  /** The HLS outputs bucket; versioned, since S3 replicates only versioned objects. */
  readonly source: PrivateBucket;
  /** Region of the source bucket; `provider` must be of another. */
  readonly sourceRegion: string;
  /** Name of the replica bucket. */
  readonly bucketName: string;
  /** AWS provider of the replica's region (an aliased provider of the stack). */
  readonly provider: AwsProvider;
  /** Server access logs of the replica, to a bucket of its region (S3 logs into no other). @default none */
  readonly accessLogs?: { readonly bucket: ServerAccessLogTarget; readonly folder: string };
  /** Terraform refuses to destroy (or replace) the replica: it is production data too. @default false */
  readonly preventDestroy?: boolean;
}

/**
 * A private, versioned replica of the HLS renditions (`books/`) in a second
 * region, kept by S3 replication: new objects and delete markers, so that a
 * rendition deleted at the source is not served from the replica either.
 */
export class HlsReplica extends Construct {
  readonly bucket: PrivateBucket;
  readonly replicationRole: IamRole;

  constructor(scope: Construct, id: string, props: HlsReplicaProps) {
    super(scope, id);
    refuseProps('hls_replica', [
      { path: ['source'], message: versionedProblem(props.source.versioning !== undefined) },
      { path: ['provider', 'region'], message: replicaRegionProblem(props.provider.region, props.sourceRegion) },
    ]);
    // SSE-S3 like its source: CloudFront reads it through OAC and holds no grant on a customer key.
    this.bucket = new PrivateBucket(this, 'bucket', {
      bucketName: props.bucketName,
      versioned: true,
      accessLogs: props.accessLogs,
      preventDestroy: props.preventDestroy,
      provider: props.provider,
    });

    this.replicationRole = new IamRole(this, 'role', {
      name: replicationRoleName(props.namePrefix),
      description: 'Assumed by S3 to replicate the HLS outputs to their replica',
      // No aws:SourceAccount/SourceArn condition: the live-replication pages of the S3 guide show the role's trust
      // without one, and a key S3 does not send would stop replication. Only this configuration passes the role.
      assumeRolePolicy: policyJson([{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
    });
    new IamRolePolicy(this, 'role-policy', {
      name: 'replicate-hls-outputs',
      role: this.replicationRole.id,
      policy: policyJson(replicationStatements(props.source.bucketArn, this.bucket.bucketArn)),
    });

    new S3BucketReplicationConfigurationA(this, 'replication', {
      provider: props.source.bucket.provider,
      bucket: props.source.bucket.id,
      role: this.replicationRole.arn,
      rule: [
        {
          id: 'hls-outputs-to-replica',
          status: 'Enabled',
          filter: { prefix: HLS_KEY_PREFIX },
          deleteMarkerReplication: { status: 'Enabled' },
          destination: { bucket: this.bucket.bucketArn, storageClass: 'STANDARD' },
        },
      ],
      // S3 refuses a replication configuration until versioning is on at both ends.
      dependsOn: [props.source.versioning, this.bucket.versioning].filter((versioning) => versioning !== undefined),
    });
  }
}

/** S3's documented permissions for live replication, limited to the HLS prefix of the two buckets. */
function replicationStatements(sourceArn: string, replicaArn: string): PolicyStatement[] {
  return [
    {
      Sid: 'ReadReplicationConfiguration',
      Effect: 'Allow',
      Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
      Resource: sourceArn,
    },
    {
      Sid: 'ReadSourceVersions',
      Effect: 'Allow',
      Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
      Resource: `${sourceArn}/${HLS_KEY_PREFIX}*`,
    },
    {
      Sid: 'WriteReplicas',
      Effect: 'Allow',
      Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
      Resource: `${replicaArn}/${HLS_KEY_PREFIX}*`,
    },
  ];
}
