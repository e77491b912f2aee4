/**
 * What an environment's tier protects, decided by its settings and never by its
 * name: destroy protection and how to lift it, the secrets' recovery window, and
 * which archive class masters move to (docs/settings.md, "Tiers"; docs/uploads.md).
 */
import { App } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { StorytimeStack } from '../stacks/storytime-stack';
import { validateSettings } from '../src/config/validate';
import { exampleWith, policyOf, problemsOf, resourceAt, resourcesOf, synthJson, type Json } from './helpers';
import { tempDir } from './temp';

/** One environment's stack, in memory, from its example settings with `change` applied. */
function stackOf(environment: 'dev' | 'prod', change: (settings: Json) => void = () => undefined): Json {
  const input = exampleWith(environment, change).environments[environment];
  const [settings] = validateSettings({ environments: { [environment]: input } }).environments;
  return synthJson(new StorytimeStack(new App({ outdir: tempDir('protection'), stackTraces: false }), settings));
}

/** `type.name` of every resource with `lifecycle.prevent_destroy`, sorted. */
function protectedAddresses(json: Json): string[] {
  return Object.entries(json.resource as Record<string, Record<string, Json>>)
    .flatMap(([type, resources]) =>
      Object.entries(resources)
        .filter(([, config]) => config.lifecycle?.prevent_destroy === true)
        .map(([name]) => `${type}.${name}`),
    )
    .sort();
}
const typesOf = (addresses: string[]) => addresses.map((address) => address.split('.')[0]);
const secretWindows = (json: Json) => resourcesOf(json, 'aws_secretsmanager_secret').map(([, secret]) => secret.recovery_window_in_days);
const withoutLifecycles = (json: Json): Json =>
  JSON.parse(JSON.stringify(json, (key, value: unknown) => (key === 'lifecycle' ? undefined : value)));
const PRODUCTION_PROTECTED = [
  'aws_cloudfront_distribution',
  'aws_cloudfront_key_group',
  'aws_kms_key',
  'aws_s3_bucket',
  'aws_s3_bucket',
  'aws_s3_bucket',
  'aws_secretsmanager_secret',
  'aws_secretsmanager_secret',
];

describe('destroy protection', () => {
  it('covers the buckets, the KMS key, both secrets, the distribution and its key group of the shipped prod, and nothing of dev', () => {
    expect(typesOf(protectedAddresses(stackOf('prod')))).toEqual(PRODUCTION_PROTECTED);
    expect(protectedAddresses(stackOf('dev'))).toEqual([]);
  });

  it('follows the tier, not the name: dev declared production is protected, prod declared non-production is not', () => {
    expect(typesOf(protectedAddresses(stackOf('dev', (s) => (s.tier = { name: 'production' }))))).toEqual(PRODUCTION_PROTECTED);
    const prodAsSandbox = stackOf('prod', (s) => (s.tier = { name: 'non-production', reason: 'load test copy of production' }));
    expect(protectedAddresses(prodAsSandbox)).toEqual([]);
  });

  it('is lifted by allowDestroy with a reason, which changes nothing else', () => {
    const shipped = stackOf('prod');
    const lifted = stackOf('prod', (s) => (s.tier = { name: 'production', allowDestroy: { reason: 'decommissioning the 2026 account' } }));
    expect(protectedAddresses(lifted)).toEqual([]);
    expect(secretWindows(lifted)).toEqual([30, 30]);
    expect(lifted).toEqual(withoutLifecycles(shipped));
  });

  it.each([
    [{ name: 'production', allowDestroy: {} }, ['prod: tier.allowDestroy.reason: required: expected string']],
    [
      { name: 'production', allowDestroy: { reason: 'rebuild' } },
      ['prod: tier.allowDestroy.reason: expected a reason of at least 10 characters'],
    ],
    [{ name: 'production', allowDestroy: true }, ['prod: tier.allowDestroy: Expected object, received boolean']],
    [
      { name: 'non-production', reason: 'developer sandbox only', allowDestroy: { reason: 'nothing is protected here anyway' } },
      ['prod: tier: unknown field(s) allowDestroy'],
    ],
  ])('refuses tier %j', (tier, problems) => {
    expect(problemsOf(exampleWith('prod', (s) => (s.tier = tier)))).toEqual(problems);
  });
});

describe('the secrets recovery window', () => {
  it('is 30 days in production and 0 (deleted at once, re-creatable the same day) in non-production', () => {
    expect(secretWindows(stackOf('prod'))).toEqual([30, 30]);
    expect(secretWindows(stackOf('dev'))).toEqual([0, 0]);
    expect(secretWindows(stackOf('dev', (s) => (s.tier = { name: 'production' })))).toEqual([30, 30]);
  });

  it('is the tier setting when one is given', () => {
    expect(secretWindows(stackOf('prod', (s) => (s.tier = { name: 'production', secretRecoveryWindowDays: 7 })))).toEqual([7, 7]);
    const dev = stackOf('dev', (s) => (s.tier.secretRecoveryWindowDays = 14));
    expect(secretWindows(dev)).toEqual([14, 14]);
  });

  it.each([
    [
      { name: 'production', secretRecoveryWindowDays: 0 },
      'prod: tier.secretRecoveryWindowDays: expected 7 to 30 days (a production secret stays restorable after a delete)',
    ],
    [
      { name: 'production', secretRecoveryWindowDays: 31 },
      'prod: tier.secretRecoveryWindowDays: expected 0 (delete at once) or 7 to 30 days',
    ],
    [
      { name: 'non-production', reason: 'developer sandbox only', secretRecoveryWindowDays: 3 },
      'prod: tier.secretRecoveryWindowDays: expected 0 (delete at once) or 7 to 30 days',
    ],
  ])('refuses tier %j', (tier, problem) => {
    expect(problemsOf(exampleWith('prod', (s) => (s.tier = tier)))).toEqual([problem]);
  });
});

describe('the master archive class', () => {
  const railsStatements = (json: Json): Json[] => policyOf(resourceAt(json, 'aws_iam_policy', 'iam/rails-policy')).Statement;
  const transitionOf = (json: Json) =>
    resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'master-uploads/lifecycle').rule.find(
      (rule: Json) => rule.id === 'archive-current-versions',
    ).transition;

  it('is S3 Glacier Instant Retrieval by default, which MediaConvert reads without a restore: Rails gets no RestoreObject', () => {
    const json = stackOf('prod');
    expect(transitionOf(json)).toEqual([{ days: 60, storage_class: 'GLACIER_IR' }]);
    expect(JSON.stringify(json)).not.toContain('s3:RestoreObject');
  });

  it.each(['GLACIER', 'DEEP_ARCHIVE'])('lets Rails restore archived masters when it is %s', (archiveStorageClass) => {
    const json = stackOf('prod', (s) => (s.uploads.archiveStorageClass = archiveStorageClass));
    expect(transitionOf(json)).toEqual([{ days: 60, storage_class: archiveStorageClass }]);
    expect(railsStatements(json).filter((statement) => statement.Sid === 'RestoreArchivedMasters')).toEqual([
      {
        Sid: 'RestoreArchivedMasters',
        Effect: 'Allow',
        Action: 's3:RestoreObject',
        Resource: '${aws_s3_bucket.master-uploads_bucket_5FB9B300.arn}/*',
      },
    ]);
  });

  it('refuses a class that is not an archive class', () => {
    expect(problemsOf(exampleWith('prod', (s) => (s.uploads.archiveStorageClass = 'STANDARD_IA')))).toEqual([
      'prod: uploads.archiveStorageClass: expected one of GLACIER_IR, GLACIER, DEEP_ARCHIVE',
    ]);
  });
});
