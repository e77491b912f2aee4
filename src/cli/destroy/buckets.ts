/** Whether a bucket holds anything: one version or delete marker is enough to say so. */
import { ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, isNotFound } from '../aws/config';

/** `undefined` when the bucket does not exist, else how many versions and delete markers a first page shows. */
export type BucketContents = (bucket: string) => Promise<number | undefined>;

export function awsBucketContents(region: string): BucketContents {
  const s3 = new S3Client(clientConfig(region, 'S3'));
  return async (bucket) => {
    try {
      const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 }));
      return (page.Versions?.length ?? 0) + (page.DeleteMarkers?.length ?? 0);
    } catch (error) {
      if (isNotFound(error, 'NoSuchBucket')) return undefined;
      throw error;
    }
  };
}
