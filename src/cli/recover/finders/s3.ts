/** S3 buckets by name, and each bucket configuration resource by the bucket it configures. */
import {
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { isNotFound } from '../../aws/config';
import { ownedBy, tagRecord, type Finder } from './context';

const bucket: Finder = {
  needs: ['bucket'],
  async find({ bucket: name }, resource, context) {
    const s3 = context.clients(resource.region).s3;
    try {
      await s3.send(new HeadBucketCommand({ Bucket: name }));
    } catch (error) {
      if (isNotFound(error, 'NotFound', 'NoSuchBucket')) return [];
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 403 || status === 301) {
        throw new Error(`bucket ${name} exists in another account (S3 names are global): choose another name in the settings`);
      }
      throw error;
    }
    let tags: Record<string, string> = {};
    try {
      tags = tagRecord((await s3.send(new GetBucketTaggingCommand({ Bucket: name }))).TagSet);
    } catch (error) {
      if (!isNotFound(error, 'NoSuchTagSet', 'NoSuchTagSetError')) throw error;
    }
    if (!ownedBy(tags, context.tags, false)) {
      throw new Error(`bucket ${name} is tagged for ${tags.Project}/${tags.Environment}, not this stack: not adopted`);
    }
    const attributes = {
      id: name,
      bucket: name,
      arn: `arn:${context.partition}:s3:::${name}`,
      bucket_regional_domain_name: `${name}.s3.${resource.region}.amazonaws.com`,
    };
    return [{ id: name, attributes, note: Object.keys(tags).length === 0 ? 'untagged: its create was cut short' : undefined }];
  },
};

/** A configuration of a bucket: found when the bucket exists and `present` says it is set. */
function configuration(present: (s3: S3Client, bucket: string) => Promise<boolean>, absent: readonly string[]): Finder {
  return {
    needs: ['bucket'],
    async find({ bucket: name }, resource, context) {
      try {
        return (await present(context.clients(resource.region).s3, name)) ? [{ id: name, attributes: { id: name, bucket: name } }] : [];
      } catch (error) {
        if (isNotFound(error, 'NoSuchBucket', ...absent)) return [];
        throw error;
      }
    },
  };
}

export const S3_FINDERS: Readonly<Record<string, Finder>> = {
  aws_s3_bucket: bucket,
  aws_s3_bucket_versioning: configuration(
    async (s3, name) => (await s3.send(new GetBucketVersioningCommand({ Bucket: name }))).Status !== undefined,
    [],
  ),
  aws_s3_bucket_server_side_encryption_configuration: configuration(
    async (s3, name) =>
      ((await s3.send(new GetBucketEncryptionCommand({ Bucket: name }))).ServerSideEncryptionConfiguration?.Rules ?? []).length > 0,
    ['ServerSideEncryptionConfigurationNotFoundError'],
  ),
  aws_s3_bucket_public_access_block: configuration(
    async (s3, name) => (await s3.send(new GetPublicAccessBlockCommand({ Bucket: name }))).PublicAccessBlockConfiguration !== undefined,
    ['NoSuchPublicAccessBlockConfiguration'],
  ),
  aws_s3_bucket_ownership_controls: configuration(
    async (s3, name) =>
      ((await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: name }))).OwnershipControls?.Rules ?? []).length > 0,
    ['OwnershipControlsNotFoundError'],
  ),
  aws_s3_bucket_policy: configuration(
    async (s3, name) => Boolean((await s3.send(new GetBucketPolicyCommand({ Bucket: name }))).Policy),
    ['NoSuchBucketPolicy'],
  ),
  aws_s3_bucket_cors_configuration: configuration(
    async (s3, name) => ((await s3.send(new GetBucketCorsCommand({ Bucket: name }))).CORSRules ?? []).length > 0,
    ['NoSuchCORSConfiguration'],
  ),
  aws_s3_bucket_lifecycle_configuration: configuration(
    async (s3, name) => ((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: name }))).Rules ?? []).length > 0,
    ['NoSuchLifecycleConfiguration'],
  ),
  aws_s3_bucket_replication_configuration: configuration(
    async (s3, name) =>
      ((await s3.send(new GetBucketReplicationCommand({ Bucket: name }))).ReplicationConfiguration?.Rules ?? []).length > 0,
    ['ReplicationConfigurationNotFoundError'],
  ),
  aws_s3_bucket_logging: configuration(
    async (s3, name) => (await s3.send(new GetBucketLoggingCommand({ Bucket: name }))).LoggingEnabled !== undefined,
    [],
  ),
};
