import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketCorsConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-cors-configuration';
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Lazy, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { policyJson, type PolicyStatement } from '../shared/policy';
import { oneOfProblem, refuseProps } from '../shared/props';
import { bucketNameProblem } from './invariants';
import { SERVER_ACCESS_LOG_FOLDER, type ServerAccessLogTarget } from './log-target';

/**
 * Storage classes current objects can be archived to. S3 Glacier Instant
 * Retrieval (`GLACIER_IR`) answers GetObject in milliseconds, so MediaConvert
 * reads an archived master as it is; Flexible Retrieval (`GLACIER`) and Deep
 * Archive are cheaper to keep but answer GetObject with InvalidObjectState
 * until a RestoreObject has finished (hours).
 */
export const ARCHIVE_STORAGE_CLASSES = ['GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;
export type ArchiveStorageClass = (typeof ARCHIVE_STORAGE_CLASSES)[number];

/** Whether objects in `storageClass` need a RestoreObject before anyone can read them. */
export function needsRestoreBeforeRead(storageClass: ArchiveStorageClass): boolean {
  return storageClass !== 'GLACIER_IR';
}

const DEFAULT_ARCHIVE_STORAGE_CLASS: ArchiveStorageClass = 'GLACIER_IR';

export interface BucketLifecycleProps {
  /** Move current objects to `archiveStorageClass` after this many days. @default no transition. */
  readonly archiveAfterDays?: number;
  /** @default 'GLACIER_IR': still readable by GetObject, so a re-transcode needs no restore. */
  readonly archiveStorageClass?: ArchiveStorageClass;
  /** Expire noncurrent versions after this many days (versioned buckets). @default 30. */
  readonly noncurrentVersionExpirationDays?: number;
  /** Delete current objects after this many days (logs). @default never. */
  readonly expireAfterDays?: number;
  /** Abort multipart uploads left incomplete. @default 7 days. */
  readonly abortIncompleteMultipartUploadDays?: number;
}

export interface BucketCorsProps {
  readonly allowedOrigins: readonly string[];
  readonly allowedMethods: readonly string[];
  /** @default `*`. */
  readonly allowedHeaders?: readonly string[];
  /** @default `ETag`, which browsers need to complete multipart uploads. */
  readonly exposeHeaders?: readonly string[];
  /** @default 3000 s. */
  readonly maxAgeSeconds?: number;
}

export interface PrivateBucketProps {
  readonly bucketName: string;
  /** @default false. */
  readonly versioned?: boolean;
  /** SSE-KMS with a bucket key under this key. @default SSE-S3 (AES256). */
  readonly kmsKeyArn?: string;
  /** @default only the abort of incomplete multipart uploads after 7 days. */
  readonly lifecycle?: BucketLifecycleProps;
  /** @default no CORS. */
  readonly cors?: BucketCorsProps;
  /** Server access logs to `accessLogs.bucket` under `s3/<accessLogs.folder>/`. @default none. */
  readonly accessLogs?: { readonly bucket: ServerAccessLogTarget; readonly folder: string };
  /** Terraform refuses to destroy (or replace) the bucket: production data, state. @default false. */
  readonly preventDestroy?: boolean;
  /** Provider of the bucket's region, for a bucket outside the stack's (a replica). @default the stack's default AWS provider. */
  readonly provider?: TerraformProvider;
}

/**
 * A private S3 bucket: all public access blocked, ACLs disabled, encrypted,
 * and ONE bucket policy that denies non-TLS access plus whatever statements
 * consumers add (S3 keeps a single policy per bucket).
 */
export class PrivateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly bucketRegionalDomainName: string;
  readonly policy: S3BucketPolicy;
  /** Versioning, which replication waits for on both buckets. @default undefined: not versioned */
  readonly versioning?: S3BucketVersioningA;
  /** Objects the lifecycle archives can only be read after a RestoreObject (`archiveStorageClass` GLACIER or DEEP_ARCHIVE). */
  readonly archivedObjectsNeedRestore: boolean;
  private readonly statements: PolicyStatement[];

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    refuseProps('s3_bucket', [
      { path: ['bucketName'], message: bucketNameProblem(props.bucketName) },
      { path: ['lifecycle', 'archiveStorageClass'], message: oneOfProblem(ARCHIVE_STORAGE_CLASSES, props.lifecycle?.archiveStorageClass) },
    ]);
    const provider = props.provider;
    this.bucket = new S3Bucket(this, 'bucket', {
      provider,
      bucket: props.bucketName,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.bucketRegionalDomainName = this.bucket.bucketRegionalDomainName;
    const lifecycle = props.lifecycle ?? {};
    this.archivedObjectsNeedRestore =
      lifecycle.archiveAfterDays !== undefined && needsRestoreBeforeRead(lifecycle.archiveStorageClass ?? DEFAULT_ARCHIVE_STORAGE_CLASS);
    const bucketId = this.bucket.id;

    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      provider,
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      provider,
      bucket: bucketId,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider,
      bucket: bucketId,
      rule: [
        {
          applyServerSideEncryptionByDefault: props.kmsKeyArn
            ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }
            : { sseAlgorithm: 'AES256' },
          bucketKeyEnabled: props.kmsKeyArn !== undefined,
        },
      ],
    });
    if (props.versioned) {
      this.versioning = new S3BucketVersioningA(this, 'versioning', {
        provider,
        bucket: bucketId,
        versioningConfiguration: { status: 'Enabled' },
      });
    }
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket: bucketId,
      rule: lifecycleRules(lifecycle, props.versioned ?? false),
    });
    if (props.cors) {
      const cors = props.cors;
      new S3BucketCorsConfiguration(this, 'cors', {
        provider,
        bucket: bucketId,
        corsRule: [
          {
            allowedOrigins: [...cors.allowedOrigins],
            allowedMethods: [...cors.allowedMethods],
            allowedHeaders: [...(cors.allowedHeaders ?? ['*'])],
            exposeHeaders: [...(cors.exposeHeaders ?? ['ETag'])],
            maxAgeSeconds: cors.maxAgeSeconds ?? 3000,
          },
        ],
      });
    }
    if (props.accessLogs) {
      const logs = props.accessLogs.bucket;
      new S3BucketLoggingA(this, 'access-logs', {
        provider,
        bucket: bucketId,
        targetBucket: logs.bucketName,
        targetPrefix: `${SERVER_ACCESS_LOG_FOLDER}/${props.accessLogs.folder}/`,
        // S3 refuses PUT ?logging until the target's policy admits the log service.
        dependsOn: [logs.policy],
      });
      logs.admitServerAccessLogs(this.bucketArn);
    }

    this.statements = [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [this.bucketArn, `${this.bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ];
    this.policy = new S3BucketPolicy(this, 'policy', {
      provider,
      bucket: bucketId,
      policy: Lazy.stringValue({ produce: () => policyJson(this.statements) }),
      // S3 rejects a policy while the public access block is still being written.
      dependsOn: [publicAccessBlock],
    });
  }

  /** Adds a statement to the bucket's single policy. */
  addToResourcePolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }
}

function lifecycleRules(lifecycle: BucketLifecycleProps, versioned: boolean): S3BucketLifecycleConfigurationRule[] {
  const rules: S3BucketLifecycleConfigurationRule[] = [
    {
      id: 'abort-incomplete-multipart-uploads',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: lifecycle.abortIncompleteMultipartUploadDays ?? 7 }],
    },
  ];
  if (lifecycle.archiveAfterDays !== undefined) {
    rules.push({
      id: 'archive-current-versions',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      transition: [{ days: lifecycle.archiveAfterDays, storageClass: lifecycle.archiveStorageClass ?? DEFAULT_ARCHIVE_STORAGE_CLASS }],
    });
  }
  if (lifecycle.expireAfterDays !== undefined) {
    rules.push({
      id: 'expire-current-versions',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      expiration: [{ days: lifecycle.expireAfterDays }],
    });
  }
  if (versioned) {
    rules.push({
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      noncurrentVersionExpiration: [{ noncurrentDays: lifecycle.noncurrentVersionExpirationDays ?? 30 }],
    });
    // A delete marker left alone once its noncurrent versions expired: S3 would list it (and bill a request for it) forever.
    // A rule of its own, as S3 refuses ExpiredObjectDeleteMarker beside Days in one Expiration.
    rules.push({
      id: 'remove-expired-delete-markers',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      expiration: [{ expiredObjectDeleteMarker: true }],
    });
  }
  return rules;
}
