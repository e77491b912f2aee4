import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { describe, expect, it } from 'vitest';
import { AccessLogBucket, PrivateBucket, type PrivateBucketProps } from '../../modules/s3_bucket';
import { bucketNameProblem } from '../../modules/s3_bucket/invariants';
import { Lazy } from 'cdktf';
import { addressAt, expose, policyOf, refAt, resourceAt, resourcesOf, synthScope, type Json } from '../helpers';

const KMS = 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000009';
const DENY_INSECURE = (json: Json, path: string) => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [refAt(json, 'aws_s3_bucket', `${path}/bucket`, 'arn'), `${refAt(json, 'aws_s3_bucket', `${path}/bucket`, 'arn')}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

/** One PrivateBucket `b` named `storytime-b-dev`, with `props` on top. */
const bucket = (props: Partial<PrivateBucketProps> = {}) =>
  synthScope((scope) => new PrivateBucket(scope, 'b', { bucketName: 'storytime-b-dev', ...props }));

describe('PrivateBucket', () => {
  it('blocks public access, disables ACLs, encrypts with SSE-S3 and has one TLS-only policy by default', () => {
    const json = bucket();
    const id = refAt(json, 'aws_s3_bucket', 'b/bucket', 'id');
    expect(resourceAt(json, 'aws_s3_bucket', 'b/bucket')).toEqual({ bucket: 'storytime-b-dev' });
    expect(resourceAt(json, 'aws_s3_bucket_public_access_block', 'b/public-access-block')).toEqual({
      bucket: id,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourceAt(json, 'aws_s3_bucket_ownership_controls', 'b/ownership')).toEqual({
      bucket: id,
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
    expect(resourceAt(json, 'aws_s3_bucket_server_side_encryption_configuration', 'b/encryption')).toEqual({
      bucket: id,
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' }, bucket_key_enabled: false }],
    });
    const policy = resourceAt(json, 'aws_s3_bucket_policy', 'b/policy');
    expect(policy.bucket).toBe(id);
    // S3 rejects a policy while the public access block is still being written.
    expect(policy.depends_on).toEqual([addressAt(json, 'aws_s3_bucket_public_access_block', 'b/public-access-block')]);
    expect(policyOf(policy)).toEqual({ Version: '2012-10-17', Statement: [DENY_INSECURE(json, 'b')] });
  });

  it('by default is unversioned, without CORS or access logs, and only aborts incomplete uploads after 7 days', () => {
    const json = bucket();
    expect(json).not.toHaveResource('aws_s3_bucket_versioning');
    expect(json).not.toHaveResource('aws_s3_bucket_cors_configuration');
    expect(json).not.toHaveResource('aws_s3_bucket_logging');
    expect(resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'b/lifecycle').rule).toEqual([
      {
        id: 'abort-incomplete-multipart-uploads',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  it('encrypts with SSE-KMS and a bucket key when a KMS key is given', () => {
    expect(resourceAt(bucket({ kmsKeyArn: KMS }), 'aws_s3_bucket_server_side_encryption_configuration', 'b/encryption').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KMS }, bucket_key_enabled: true },
    ]);
  });

  it('versions when asked and then expires noncurrent versions, after 30 days unless told otherwise, and removes expired delete markers', () => {
    const json = bucket({ versioned: true });
    expect(resourceAt(json, 'aws_s3_bucket_versioning', 'b/versioning')).toEqual({
      bucket: refAt(json, 'aws_s3_bucket', 'b/bucket', 'id'),
      versioning_configuration: { status: 'Enabled' },
    });
    const rules = (lifecycle: Json) => resourceAt(lifecycle, 'aws_s3_bucket_lifecycle_configuration', 'b/lifecycle').rule;
    expect(rules(json).map((rule: Json) => [rule.id, rule.noncurrent_version_expiration])).toEqual([
      ['abort-incomplete-multipart-uploads', undefined],
      ['expire-noncurrent-versions', [{ noncurrent_days: 30 }]],
      ['remove-expired-delete-markers', undefined],
    ]);
    expect(rules(json)[2]).toEqual({
      id: 'remove-expired-delete-markers',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      expiration: [{ expired_object_delete_marker: true }],
    });
    expect(rules(json)[1]).toEqual({
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
    });
    expect(rules(bucket({})).map((rule: Json) => rule.id)).toEqual(['abort-incomplete-multipart-uploads']);
    expect(rules(bucket({ versioned: true, lifecycle: { noncurrentVersionExpirationDays: 90 } }))[1].noncurrent_version_expiration).toEqual(
      [{ noncurrent_days: 90 }],
    );
  });

  it('archives current versions to Glacier Instant Retrieval, or the class given, and expires them when asked', () => {
    const rules = (props: Partial<PrivateBucketProps>) =>
      resourceAt(bucket(props), 'aws_s3_bucket_lifecycle_configuration', 'b/lifecycle').rule as Json[];
    expect(rules({ lifecycle: { archiveAfterDays: 45 } })[1]).toEqual({
      id: 'archive-current-versions',
      status: 'Enabled',
      filter: [{ prefix: '' }],
      transition: [{ days: 45, storage_class: 'GLACIER_IR' }],
    });
    expect(rules({ lifecycle: { archiveAfterDays: 90, archiveStorageClass: 'DEEP_ARCHIVE' } })[1].transition).toEqual([
      { days: 90, storage_class: 'DEEP_ARCHIVE' },
    ]);
    expect(rules({ lifecycle: { archiveAfterDays: 60, archiveStorageClass: 'GLACIER' } })[1].transition).toEqual([
      { days: 60, storage_class: 'GLACIER' },
    ]);
    const logs = rules({ lifecycle: { expireAfterDays: 10, abortIncompleteMultipartUploadDays: 2 } });
    expect(logs.map((rule) => rule.id)).toEqual(['abort-incomplete-multipart-uploads', 'expire-current-versions']);
    expect(logs[0].abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 2 }]);
    expect(logs[1]).toEqual({ id: 'expire-current-versions', status: 'Enabled', filter: [{ prefix: '' }], expiration: [{ days: 10 }] });
  });

  it('allows CORS from the given origins, all headers and ETag exposed unless told otherwise', () => {
    const json = bucket({ cors: { allowedOrigins: ['https://admin.dev.storytime.example'], allowedMethods: ['PUT', 'GET'] } });
    expect(resourceAt(json, 'aws_s3_bucket_cors_configuration', 'b/cors')).toEqual({
      bucket: refAt(json, 'aws_s3_bucket', 'b/bucket', 'id'),
      cors_rule: [
        {
          allowed_origins: ['https://admin.dev.storytime.example'],
          allowed_methods: ['PUT', 'GET'],
          allowed_headers: ['*'],
          expose_headers: ['ETag'],
          max_age_seconds: 3000,
        },
      ],
    });
    const custom = bucket({
      cors: {
        allowedOrigins: ['https://a.example'],
        allowedMethods: ['GET'],
        allowedHeaders: ['Range'],
        exposeHeaders: [],
        maxAgeSeconds: 60,
      },
    });
    expect(custom).toHaveResourceWithProperties('aws_s3_bucket_cors_configuration', {
      cors_rule: [
        {
          allowed_origins: ['https://a.example'],
          allowed_methods: ['GET'],
          allowed_headers: ['Range'],
          expose_headers: [],
          max_age_seconds: 60,
        },
      ],
    });
  });

  it('keeps ONE policy: added statements follow the TLS denial in the same document', () => {
    const json = synthScope((scope) => {
      const b = new PrivateBucket(scope, 'b', { bucketName: 'storytime-b-dev' });
      b.addToResourcePolicy({
        Sid: 'ReadForRole',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:role/r' },
        Action: 's3:GetObject',
        Resource: `${b.bucketArn}/*`,
      });
    });
    expect(resourcesOf(json, 'aws_s3_bucket_policy')).toHaveLength(1);
    expect(policyOf(resourceAt(json, 'aws_s3_bucket_policy', 'b/policy')).Statement).toEqual([
      DENY_INSECURE(json, 'b'),
      {
        Sid: 'ReadForRole',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:role/r' },
        Action: 's3:GetObject',
        Resource: `${refAt(json, 'aws_s3_bucket', 'b/bucket', 'arn')}/*`,
      },
    ]);
  });

  it('says whether archived objects need a restore before anyone can read them', () => {
    const needsRestore = (props: Partial<PrivateBucketProps>) => {
      let made: PrivateBucket | undefined;
      synthScope((scope) => {
        made = new PrivateBucket(scope, 'b', { bucketName: 'storytime-b-dev', ...props });
      });
      return made?.archivedObjectsNeedRestore;
    };
    expect(needsRestore({})).toBe(false);
    expect(needsRestore({ lifecycle: { archiveAfterDays: 30 } })).toBe(false);
    expect(needsRestore({ lifecycle: { archiveAfterDays: 30, archiveStorageClass: 'GLACIER_IR' } })).toBe(false);
    expect(needsRestore({ lifecycle: { archiveAfterDays: 30, archiveStorageClass: 'GLACIER' } })).toBe(true);
    expect(needsRestore({ lifecycle: { archiveAfterDays: 30, archiveStorageClass: 'DEEP_ARCHIVE' } })).toBe(true);
    // A class with no transition archives nothing.
    expect(needsRestore({ lifecycle: { archiveStorageClass: 'DEEP_ARCHIVE' } })).toBe(false);
  });

  it('is protected from destroy only when asked', () => {
    expect(resourceAt(bucket({ preventDestroy: true }), 'aws_s3_bucket', 'b/bucket').lifecycle).toEqual({ prevent_destroy: true });
    expect(resourceAt(bucket(), 'aws_s3_bucket', 'b/bucket').lifecycle).toBeUndefined();
  });

  it('exposes the bucket name, ARN and regional domain name as references', () => {
    const json = synthScope((scope) => {
      const b = new PrivateBucket(scope, 'b', { bucketName: 'storytime-b-dev' });
      expose(scope, { name: b.bucketName, arn: b.bucketArn, domain: b.bucketRegionalDomainName });
    });
    expect([json.output.name.value, json.output.arn.value, json.output.domain.value]).toEqual(
      ['bucket', 'arn', 'bucket_regional_domain_name'].map((attribute) => refAt(json, 'aws_s3_bucket', 'b/bucket', attribute)),
    );
  });
});

describe('a bucket in another region', () => {
  it('puts the bucket and every part of it, access logs included, in the provider given, and by default in none', () => {
    const json = synthScope((scope) => {
      const provider = new AwsProvider(scope, 'aws-replica', { region: 'us-west-2', alias: 'hls_replica' });
      const logs = new AccessLogBucket(scope, 'logs', {
        bucketName: 'storytime-access-logs-replica-dev',
        accountId: '111111111111',
        provider,
      });
      new PrivateBucket(scope, 'b', {
        bucketName: 'storytime-b-dev',
        versioned: true,
        cors: { allowedOrigins: ['https://admin.dev.storytime.example'], allowedMethods: ['GET'] },
        accessLogs: { bucket: logs, folder: 'b' },
        provider,
      });
    });
    const providers = Object.values<Json>(json.resource).flatMap((byId) => Object.values<Json>(byId).map((config) => config.provider));
    expect(providers).toHaveLength(16);
    expect(new Set(providers)).toEqual(new Set(['aws.hls_replica']));
    const plain = bucket({ versioned: true });
    expect(
      Object.values<Json>(plain.resource).flatMap((byId) => Object.values<Json>(byId).filter((config) => 'provider' in config)),
    ).toEqual([]);
  });

  it('exposes its versioning, which replication depends on, only when versioned', () => {
    synthScope((scope) => {
      const versioned = new PrivateBucket(scope, 'v', { bucketName: 'storytime-v-dev', versioned: true });
      const plain = new PrivateBucket(scope, 'p', { bucketName: 'storytime-p-dev' });
      expect(versioned.versioning?.node.path).toBe('stack/v/versioning');
      expect(plain.versioning).toBeUndefined();
    });
  });
});

describe('AccessLogBucket', () => {
  it('is a versioned private bucket whose logs expire after a year, or the days given', () => {
    const logs = (expireAfterDays?: number) =>
      synthScope(
        (scope) =>
          new AccessLogBucket(scope, 'logs', { bucketName: 'storytime-access-logs-dev', accountId: '111111111111', expireAfterDays }),
      );
    const json = logs();
    expect(resourceAt(json, 'aws_s3_bucket', 'logs/bucket')).toEqual({ bucket: 'storytime-access-logs-dev' });
    expect(resourceAt(json, 'aws_s3_bucket_versioning', 'logs/versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(resourceAt(json, 'aws_s3_bucket_public_access_block', 'logs/public-access-block').block_public_policy).toBe(true);
    const rules = resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'logs/lifecycle').rule;
    expect(rules.map((rule: Json) => rule.id)).toEqual([
      'abort-incomplete-multipart-uploads',
      'expire-current-versions',
      'expire-noncurrent-versions',
      'remove-expired-delete-markers',
    ]);
    expect(rules[1].expiration).toEqual([{ days: 365 }]);
    expect(rules[3].expiration).toEqual([{ expired_object_delete_marker: true }]);
    expect(rules[2].noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    expect(resourceAt(logs(30), 'aws_s3_bucket_lifecycle_configuration', 'logs/lifecycle').rule[1].expiration).toEqual([{ days: 30 }]);
    // No log source yet: nothing but the TLS denial.
    expect(policyOf(resourceAt(json, 'aws_s3_bucket_policy', 'logs/policy')).Statement).toEqual([DENY_INSECURE(json, 'logs')]);
  });

  it('is protected from destroy only when asked', () => {
    const json = synthScope(
      (scope) =>
        new AccessLogBucket(scope, 'logs', { bucketName: 'storytime-access-logs-prod', accountId: '222222222222', preventDestroy: true }),
    );
    expect(resourceAt(json, 'aws_s3_bucket', 'logs/bucket')).toEqual({
      bucket: 'storytime-access-logs-prod',
      lifecycle: { prevent_destroy: true },
    });
  });

  it('admits S3 server access logs of every bucket that logs to it, in one statement limited to its account', () => {
    const json = synthScope((scope) => {
      const logs = new AccessLogBucket(scope, 'logs', { bucketName: 'storytime-access-logs-dev', accountId: '111111111111' });
      new PrivateBucket(scope, 'a', { bucketName: 'storytime-a-dev', accessLogs: { bucket: logs, folder: 'a' } });
      new PrivateBucket(scope, 'b', { bucketName: 'storytime-b-dev', accessLogs: { bucket: logs, folder: 'b' } });
    });
    const logs = refAt(json, 'aws_s3_bucket', 'logs/bucket', 'arn');
    for (const id of ['a', 'b']) {
      expect(resourceAt(json, 'aws_s3_bucket_logging', `${id}/access-logs`)).toEqual({
        bucket: refAt(json, 'aws_s3_bucket', `${id}/bucket`, 'id'),
        target_bucket: refAt(json, 'aws_s3_bucket', 'logs/bucket', 'bucket'),
        target_prefix: `s3/${id}/`,
        // S3 refuses PUT ?logging until the target's policy admits the log service.
        depends_on: [addressAt(json, 'aws_s3_bucket_policy', 'logs/policy')],
      });
    }
    expect(policyOf(resourceAt(json, 'aws_s3_bucket_policy', 'logs/policy')).Statement).toEqual([
      DENY_INSECURE(json, 'logs'),
      {
        Sid: 'AllowS3ServerAccessLogs',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${logs}/s3/*`,
        Condition: {
          ArnLike: { 'aws:SourceArn': [refAt(json, 'aws_s3_bucket', 'a/bucket', 'arn'), refAt(json, 'aws_s3_bucket', 'b/bucket', 'arn')] },
          StringEquals: { 'aws:SourceAccount': '111111111111' },
        },
      },
    ]);
  });

  it('admits the logs of a single bucket too', () => {
    const json = synthScope((scope) => {
      const logs = new AccessLogBucket(scope, 'logs', { bucketName: 'storytime-access-logs-dev', accountId: '111111111111' });
      new PrivateBucket(scope, 'a', { bucketName: 'storytime-a-dev', accessLogs: { bucket: logs, folder: 'a' } });
    });
    const statements = policyOf(resourceAt(json, 'aws_s3_bucket_policy', 'logs/policy')).Statement;
    expect(statements.map(({ Sid }: Json) => Sid)).toEqual(['DenyInsecureTransport', 'AllowS3ServerAccessLogs']);
    expect(statements[1].Condition.ArnLike).toEqual({ 'aws:SourceArn': [refAt(json, 'aws_s3_bucket', 'a/bucket', 'arn')] });
  });
});

describe('bucket names', () => {
  const problem = (name: string) => bucketNameProblem(name);

  it('pass 3 to 63 lower-case letters, digits and hyphens, and a name not known until deploy', () => {
    expect(['abc', 'a'.repeat(63), 'storytime-hls-outputs-dev', Lazy.stringValue({ produce: () => 'A' })].map(problem)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('refuse a length outside 3 to 63, quoting at most 70 characters', () => {
    expect(problem('ab')).toBe("'ab' is 2 characters; S3 bucket names have 3 to 63");
    expect(problem('a'.repeat(64))).toBe(`'${'a'.repeat(64)}' is 64 characters; S3 bucket names have 3 to 63`);
    expect(problem('a'.repeat(70))).toBe(`'${'a'.repeat(70)}' is 70 characters; S3 bucket names have 3 to 63`);
    expect(problem('a'.repeat(71))).toBe(`'${'a'.repeat(70)}…' is 71 characters; S3 bucket names have 3 to 63`);
  });

  it('refuse other characters, a hyphen or period at either end, two adjacent periods and an IP address', () => {
    expect(['Abc', 'ab_c', 'abc!', '-abc', 'abc.', 'a..b', '192.168.1.1', '1.12.1.1', '12.1.1.1'].map(problem)).toEqual([
      "'Abc': S3 bucket names hold lower-case letters, digits, periods and hyphens only",
      "'ab_c': S3 bucket names hold lower-case letters, digits, periods and hyphens only",
      "'abc!': S3 bucket names hold lower-case letters, digits, periods and hyphens only",
      "'-abc': S3 bucket names begin and end with a letter or digit",
      "'abc.': S3 bucket names begin and end with a letter or digit",
      "'a..b' holds two adjacent periods, which S3 refuses in bucket names",
      "'192.168.1.1' is formatted as an IP address, which S3 refuses as a bucket name",
      "'1.12.1.1' is formatted as an IP address, which S3 refuses as a bucket name",
      "'12.1.1.1' is formatted as an IP address, which S3 refuses as a bucket name",
    ]);
  });

  it('refuse the prefixes and suffixes S3 reserves, and a period anywhere else', () => {
    expect(
      ['xn--abc', 'sthree-abc', 'amzn-s3-demo-abc', 'abc-s3alias', 'abc--ol-s3', 'abc.mrap', 'abc--x-s3', 'abc--table-s3'].map(problem),
    ).toEqual([
      "'xn--abc' starts with xn--, a prefix S3 reserves; choose another name",
      "'sthree-abc' starts with sthree-, a prefix S3 reserves; choose another name",
      "'amzn-s3-demo-abc' starts with amzn-s3-demo-, a prefix S3 reserves; choose another name",
      "'abc-s3alias' ends with -s3alias, a suffix S3 reserves; choose another name",
      "'abc--ol-s3' ends with --ol-s3, a suffix S3 reserves; choose another name",
      "'abc.mrap' ends with .mrap, a suffix S3 reserves; choose another name",
      "'abc--x-s3' ends with --x-s3, a suffix S3 reserves; choose another name",
      "'abc--table-s3' ends with --table-s3, a suffix S3 reserves; choose another name",
    ]);
    const period =
      ": HTTPS requests to <bucket>.s3.<region>.amazonaws.com then fail the certificate check (S3's wildcard certificate covers one label); use hyphens";
    expect(['a.b', 'a1.1.1.1', '1.1.1.1a', '1234.1.1.1', '1.1.1'].map(problem)).toEqual(
      [
        "'a.b' holds a period",
        "'a1.1.1.1' holds a period",
        "'1.1.1.1a' holds a period",
        "'1234.1.1.1' holds a period",
        "'1.1.1' holds a period",
      ].map((start) => start + period),
    );
  });

  it('are checked by the bucket, as is the archive storage class', () => {
    expect(() => bucket({ bucketName: 'Storytime' })).toThrow(
      "s3_bucket: bucketName: 'Storytime': S3 bucket names hold lower-case letters, digits, periods and hyphens only",
    );
    expect(() => bucket({ lifecycle: { archiveAfterDays: 30, archiveStorageClass: 'COLD' as never } })).toThrow(
      's3_bucket: lifecycle.archiveStorageClass: expected one of GLACIER_IR, GLACIER, DEEP_ARCHIVE',
    );
  });
});
