/**
 * What holds for every environment, whatever its name: each discovered
 * environment's stack is checked against its own settings, so that a third
 * environment (a new stacks/settings/<env>.ts) is as well protected as prod.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { command as cookies } from '../src/cli/commands/cookies';
import { ENVIRONMENTS, exampleInputs, policyOf, resourcesOf, synthAll, type Json } from './helpers';
import { rsaKeyPair } from './keys';
import { tempDir } from './temp';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const settings = exampleInputs().environments as Record<string, Json>;
let stacks: Record<string, Json>;
beforeAll(() => {
  stacks = synthAll();
});

/** The resources of `type` in `json` whose `bucket` argument refers to the bucket resource `address`. */
const ofBucket = (json: Json, type: string, address: string) =>
  resourcesOf(json, type).filter(([, config]) => config.bucket === `\${${address}.id}` || config.bucket === `\${${address}.bucket}`);

describe.each(ENVIRONMENTS)('environment %s', (environment) => {
  const own = () => settings[environment];
  const stack = () => stacks[`${own().project}-${environment}`];

  it('has its stack, in its own account, tagged with its name', () => {
    const provider = stack().provider.aws[0];
    expect(provider.allowed_account_ids).toEqual(own().aws.allowedAccountIds);
    expect(provider.default_tags[0].tags.Environment).toBe(environment);
  });

  it('names every bucket and secret for itself', () => {
    const buckets = resourcesOf(stack(), 'aws_s3_bucket').map(([, bucket]) => bucket.bucket as string);
    expect(buckets.sort()).toEqual(
      ['access-logs', 'hls-outputs', 'master-uploads'].map((part) => `${own().project}-${part}-${environment}`).sort(),
    );
    for (const [, secret] of resourcesOf(stack(), 'aws_secretsmanager_secret')) {
      expect(secret.name).toMatch(new RegExp(`^${own().project}/${environment}/[a-z_]+$`));
    }
  });

  it('keeps every bucket private, encrypted and TLS-only, each with one policy', () => {
    const json = stack();
    const buckets = resourcesOf(json, 'aws_s3_bucket');
    expect(buckets).toHaveLength(3);
    for (const [id] of buckets) {
      const address = `aws_s3_bucket.${id}`;
      const blocks = ofBucket(json, 'aws_s3_bucket_public_access_block', address).map(([, block]) => block);
      expect(blocks).toEqual([
        expect.objectContaining({
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        }),
      ]);
      expect(ofBucket(json, 'aws_s3_bucket_ownership_controls', address).map(([, c]) => c.rule.object_ownership)).toEqual([
        'BucketOwnerEnforced',
      ]);
      const [encryption] = ofBucket(json, 'aws_s3_bucket_server_side_encryption_configuration', address);
      expect(['AES256', 'aws:kms']).toContain(encryption[1].rule[0].apply_server_side_encryption_by_default.sse_algorithm);
      const policies = ofBucket(json, 'aws_s3_bucket_policy', address);
      expect(policies).toHaveLength(1);
      expect(policyOf(policies[0][1]).Statement[0]).toEqual({
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`\${${address}.arn}`, `\${${address}.arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
    }
  });

  it('keeps the signing key out of Terraform state unless its tier is non-production', () => {
    const json = stack();
    const production = (own().tier?.name ?? 'production') === 'production';
    const versions = resourcesOf(json, 'aws_secretsmanager_secret_version').map(([, version]) => JSON.stringify(version));
    if (production) {
      expect(json.variable?.cloudfront_private_key_pem).toBeUndefined();
      expect(versions.filter((text) => text.includes('privateKeyPem'))).toEqual([]);
    } else {
      expect(json.variable.cloudfront_private_key_pem).toMatchObject({ type: 'string', sensitive: true, nullable: false });
      expect(versions.filter((text) => text.includes('var.cloudfront_private_key_pem'))).toHaveLength(1);
    }
  });

  it('protects its data, keys, secrets, distribution and key group from destroy exactly when its tier is production', () => {
    const json = stack();
    const tier = own().tier ?? { name: 'production' };
    const protectedTier = tier.name === 'production' && tier.allowDestroy === undefined;
    const guarded = [
      'aws_s3_bucket',
      'aws_kms_key',
      'aws_secretsmanager_secret',
      'aws_cloudfront_distribution',
      'aws_cloudfront_key_group',
    ];
    const counts = Object.fromEntries(guarded.map((type) => [type, resourcesOf(json, type).length]));
    expect(counts).toEqual({
      aws_s3_bucket: 3,
      // One alarm topic key, and one more for CloudFront's us-east-1 alarms when the stack is elsewhere.
      aws_kms_key: own().aws.region === 'us-east-1' ? 1 : 2,
      aws_secretsmanager_secret: own().alb?.enabled ? 2 : 1,
      aws_cloudfront_distribution: 1,
      aws_cloudfront_key_group: 1,
    });
    const lifecycles = guarded.flatMap((type) => resourcesOf(json, type).map(([id, config]) => [`${type}.${id}`, config.lifecycle]));
    for (const [address, lifecycle] of lifecycles) {
      expect(lifecycle, address).toEqual(protectedTier ? { prevent_destroy: true } : undefined);
    }
    // Nothing else: public keys are retired by rotation, and the rest is rebuilt from settings.
    const others = Object.entries(json.resource as Record<string, Record<string, Json>>)
      .filter(([type]) => !guarded.includes(type))
      .flatMap(([type, resources]) =>
        Object.entries(resources)
          .filter(([, config]) => config.lifecycle !== undefined)
          .map(([id]) => `${type}.${id}`),
      );
    expect(others).toEqual([]);
  });

  it('keeps a deleted secret restorable 30 days in production, and deletes it at once otherwise, unless its tier says', () => {
    const tier = own().tier ?? { name: 'production' };
    const days = tier.secretRecoveryWindowDays ?? (tier.name === 'production' ? 30 : 0);
    const windows = resourcesOf(stack(), 'aws_secretsmanager_secret').map(([, secret]) => secret.recovery_window_in_days);
    expect(windows).toEqual(windows.map(() => days));
    expect(windows.length).toBeGreaterThan(0);
  });

  it('archives masters to a class MediaConvert reads as it is, and lets Rails restore them only from a deeper class', () => {
    const json = stack();
    const archiveClass = own().uploads.archiveStorageClass ?? 'GLACIER_IR';
    const [masterLifecycle] = resourcesOf(json, 'aws_s3_bucket_lifecycle_configuration').filter(([, config]) =>
      config.rule.some((rule: Json) => rule.id === 'archive-current-versions'),
    );
    const archive = masterLifecycle[1].rule.find((rule: Json) => rule.id === 'archive-current-versions');
    expect(archive.transition).toEqual([{ days: own().uploads.archiveAfterDays, storage_class: archiveClass }]);
    const [[, rails]] = resourcesOf(json, 'aws_iam_policy').filter(
      ([, policy]) => policy.name === `${own().project}-${environment}-rails-app`,
    );
    const restores = policyOf(rails).Statement.filter((statement: Json) => JSON.stringify(statement.Action).includes('s3:RestoreObject'));
    expect(restores.length).toBe(archiveClass === 'GLACIER_IR' ? 0 : 1);
  });

  it("gives Rails every output the spec names, and the environment's own name", () => {
    const outputs = stack().output;
    for (const name of [
      'master_uploads_bucket_name',
      'hls_outputs_bucket_name',
      'cloudfront_distribution_id',
      'cloudfront_domain_name',
      'cloudfront_key_group_id',
      'cloudfront_public_key_id',
      'mediaconvert_role_arn',
      'cloudfront_private_key_secret_arn',
    ]) {
      expect(outputs[name], name).toBeDefined();
    }
    expect(outputs.environment.value).toBe(environment);
  });

  it('has a state bootstrap in its own account when its state is in S3', () => {
    const bootstrap = stacks[`${own().project}-state-${environment}`];
    if (own().backend.type !== 's3') {
      expect(bootstrap).toBeUndefined();
      return;
    }
    expect(bootstrap.provider.aws[0].allowed_account_ids).toEqual(own().aws.allowedAccountIds);
    expect(resourcesOf(bootstrap, 'aws_dynamodb_table').map(([, table]) => table.name)).toEqual([own().backend.lockTable]);
  });

  it('is accepted by the tools, which name its stack', () => {
    const pem = join(tempDir('tools'), 'key.pem');
    writeFileSync(pem, rsaKeyPair('every-environment').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const result = cookies.run(
      ['--env', environment, '--resource', 'https://cdn.example.test/books/1/*', '--private-key', pem, '--key-pair-id', 'K1'],
      { readStack: () => undefined },
    );
    expect(result.stderr).toEqual([
      `no outputs for ${own().project}-${environment} (no --from, and terraform output gave none); domain and key id were not checked`,
    ]);
  });
});
