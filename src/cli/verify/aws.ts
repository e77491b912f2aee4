/**
 * verify's AWS calls through the AWS SDK v3, with the operator's credentials
 * (the SDK's default chain: environment, profile, SSO...). The clients are
 * imported here, when verify runs, so that the CLI's other commands never load them.
 */
import type { VerifyAws } from './checklist';

/** Where the clients connect and with which credentials, beside the region: the SDK's defaults unless given (tests). */
export interface ClientOverrides {
  readonly endpoint?: string;
  readonly forcePathStyle?: boolean;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** The SDK's clients for one region. */
export async function sdkAws(region: string, overrides: ClientOverrides = {}): Promise<VerifyAws> {
  const s3sdk = await import('@aws-sdk/client-s3');
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
  const mc = await import('@aws-sdk/client-mediaconvert');
  const s3 = new s3sdk.S3Client({ region, ...overrides });
  // MediaConvert answers on its regional endpoint; DescribeEndpoints is no longer needed.
  const mediaconvert = new mc.MediaConvertClient({ region, endpoint: overrides.endpoint, credentials: overrides.credentials });
  return {
    presignPut: (bucket, key) => getSignedUrl(s3, new s3sdk.PutObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 300 }),
    upload: async (url, body) => (await fetch(url, { method: 'PUT', body })).status,
    createJob: async (job) => {
      const created = await mediaconvert.send(
        new mc.CreateJobCommand(job as unknown as ConstructorParameters<typeof mc.CreateJobCommand>[0]),
      );
      if (!created.Job?.Id) throw new Error('CreateJob returned no job id');
      return created.Job.Id;
    },
    job: async (id) => {
      const { Job } = await mediaconvert.send(new mc.GetJobCommand({ Id: id }));
      return { status: Job?.Status ?? 'UNKNOWN', error: Job?.ErrorMessage };
    },
    list: async (bucket, prefix) => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new s3sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : [])));
        token = page.NextContinuationToken;
      } while (token);
      return keys;
    },
    removeAll: async (bucket, prefix) => {
      let removed = 0;
      for (;;) {
        const page = await s3.send(new s3sdk.ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }));
        const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map(({ Key, VersionId }) => ({ Key, VersionId }));
        if (objects.length === 0) return removed;
        await s3.send(new s3sdk.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
        removed += objects.length;
      }
    },
  };
}

/** The signing key pair from the environment's secret (JSON {keyPairId, privateKeyPem}, docs/signing-keys.md). */
export async function secretSigningKey(region: string, secretArn: string): Promise<{ keyPairId: string; privateKeyPem: string }> {
  const sm = await import('@aws-sdk/client-secrets-manager');
  const { SecretString } = await new sm.SecretsManagerClient({ region }).send(new sm.GetSecretValueCommand({ SecretId: secretArn }));
  const parsed = JSON.parse(SecretString ?? '{}') as { keyPairId?: unknown; privateKeyPem?: unknown };
  if (typeof parsed.keyPairId !== 'string' || typeof parsed.privateKeyPem !== 'string') {
    throw new Error(`${secretArn} holds no {keyPairId, privateKeyPem}: inject the key first (docs/signing-keys.md), or pass --private-key`);
  }
  return { keyPairId: parsed.keyPairId, privateKeyPem: parsed.privateKeyPem };
}
