import { createHash, generateKeyPairSync } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverToolchain, planStack, terraformRequired, type Discovery, type StackRun } from '../support/terraform';
import { synthesize } from '../../src/synth';
import { ENVIRONMENTS, exampleInputs, type Json } from '../helpers';
import { tempDir } from '../temp';

/**
 * Every stack the app synthesizes, found in the synth output (not by name),
 * with what it is: an environment (it has a distribution) or a state bootstrap
 * (it has the lock table). A stack that is neither fails below.
 */
const outdir = tempDir('tf');
const settings = exampleInputs().environments as Record<string, Json>;
if (synthesize({ environments: settings }, { outdir }) !== 0) throw new Error('synth of the example settings failed');
const STACKS = readdirSync(join(outdir, 'stacks')).sort();
const synthesized: Record<string, Json> = Object.fromEntries(
  STACKS.map((name) => [name, JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'))]),
);
const kindOf = (name: string) =>
  synthesized[name].resource?.aws_cloudfront_distribution
    ? 'environment'
    : synthesized[name].resource?.aws_dynamodb_table
      ? 'state'
      : 'unknown';
const environmentOf = (name: string): string => synthesized[name].provider.aws[0].default_tags[0].tags.Environment;

const runs: Record<string, StackRun> = {};
let discovery: Discovery = { problem: 'not discovered yet' };
const work = tempDir('tf-work');

const terraformPlatform = `${process.platform}_${({ x64: 'amd64', ia32: '386' } as Record<string, string>)[process.arch] ?? process.arch}`;
const PROVIDERS = { aws: '5.100.0', random: '3.7.2' };

/** Terraform's h1: hash of an unpacked provider package (Go's dirhash Hash1): each file's SHA-256 and name, hashed again. */
async function packageHash(dir: string): Promise<string> {
  let sums = '';
  for (const file of readdirSync(dir).sort()) {
    const hash = createHash('sha256');
    // Streamed: the aws provider is some 700 MB.
    for await (const chunk of createReadStream(join(dir, file))) hash.update(chunk);
    sums += `${hash.digest('hex')}  ${file}\n`;
  }
  return `h1:${createHash('sha256').update(sums).digest('base64')}`;
}
/** `registry.terraform.io/hashicorp/<name>` → h1: hash of its package in the local mirror. */
const mirrorHashes: Record<string, string> = {};

beforeAll(async () => {
  // The first run on a machine may build hashicorp/random here (about a minute); scripts/provider-mirror.sh says so.
  discovery = discoverToolchain();
  if ('problem' in discovery) return;
  const { toolchain } = discovery;
  for (const line of toolchain.mirrorLog) console.log(line);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // A throwaway key for the dev secret's sensitive variable; it never leaves the temp folder's plan.
  const variables = { cloudfront_private_key_pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  await Promise.all(
    STACKS.map(async (name) => {
      runs[name] = await planStack(toolchain, join(outdir, 'stacks', name), join(work, name), variables);
      const { seconds } = runs[name];
      console.log(
        `terraform ${name}: init ${seconds.init.toFixed(1)}s, validate ${seconds.validate.toFixed(1)}s, plan ${seconds.plan.toFixed(1)}s`,
      );
    }),
  );
  for (const [provider, version] of Object.entries(PROVIDERS)) {
    const pkg = join(toolchain.mirror, 'registry.terraform.io', 'hashicorp', provider, version, terraformPlatform);
    mirrorHashes[`registry.terraform.io/hashicorp/${provider}`] = await packageHash(pkg);
  }
}, 600_000);

const planOf = (name: string): Json => {
  const run = runs[name];
  if (!run) throw new Error(`${name} was not planned${'problem' in discovery ? `: ${discovery.problem}` : ''}`);
  return run.plan;
};
const changes = (name: string): Json[] => planOf(name).resource_changes;
const ofType = (name: string, type: string): Json[] => changes(name).filter((change: Json) => change.type === type);
const configOf = (name: string, address: string): Json =>
  planOf(name).configuration.root_module.resources.find((resource: Json) => resource.address === address);
/** Address other resources read an origin-verify value through (`part`: its construct id, e.g. origin-verify-value). */
const originVerifyReference = (name: string, part: string): string => {
  const password = ofType(name, 'random_password').find((change) => change.address.includes(part));
  if (!password) throw new Error(`${name}: random_password ${part} was not planned`);
  return `${password.address}.result`;
};

/** The hashes `terraform init` recorded per provider in the stack's dependency lock file. */
function lockedHashes(name: string): Record<string, string[]> {
  const lock = readFileSync(join(work, name, '.terraform.lock.hcl'), 'utf8');
  return Object.fromEntries(
    [...lock.matchAll(/^provider "([^"]+)" \{[\s\S]*?hashes = \[([\s\S]*?)\]/gm)].map(([, provider, hashes]) => [
      provider,
      [...hashes.matchAll(/"([^"]+)"/g)].map(([, hash]) => hash),
    ]),
  );
}

const COMMON_COUNTS: Record<string, number> = {
  aws_cloudfront_cache_policy: 2,
  aws_cloudfront_distribution: 1,
  aws_cloudfront_function: 1,
  aws_cloudfront_key_group: 1,
  aws_cloudfront_origin_access_control: 1,
  aws_cloudfront_public_key: 1,
  aws_cloudfront_response_headers_policy: 2,
  aws_cloudwatch_dashboard: 1,
  aws_cloudwatch_event_rule: 1,
  aws_cloudwatch_event_target: 1,
  aws_cloudwatch_log_delivery: 1,
  aws_cloudwatch_log_delivery_destination: 1,
  aws_cloudwatch_log_delivery_source: 1,
  aws_cloudwatch_metric_alarm: 8,
  aws_iam_policy: 1,
  aws_iam_role: 1,
  aws_iam_role_policy: 1,
  aws_kms_key: 1,
  aws_lb_listener_rule: 2,
  aws_media_convert_queue: 1,
  aws_route53_record: 3,
  aws_s3_bucket: 3,
  aws_s3_bucket_cors_configuration: 1,
  aws_s3_bucket_lifecycle_configuration: 3,
  aws_s3_bucket_logging: 2,
  aws_s3_bucket_ownership_controls: 3,
  aws_s3_bucket_policy: 3,
  aws_s3_bucket_public_access_block: 3,
  aws_s3_bucket_server_side_encryption_configuration: 3,
  aws_s3_bucket_versioning: 3,
  aws_secretsmanager_secret: 2,
  aws_sns_topic: 1,
  aws_sns_topic_policy: 1,
  aws_sqs_queue: 3,
  aws_sqs_queue_policy: 3,
  aws_wafv2_web_acl: 1,
  random_password: 2,
};
const STATE_COUNTS: Record<string, number> = {
  aws_dynamodb_table: 1,
  aws_s3_bucket: 2,
  aws_s3_bucket_lifecycle_configuration: 2,
  aws_s3_bucket_logging: 1,
  aws_s3_bucket_ownership_controls: 2,
  aws_s3_bucket_policy: 2,
  aws_s3_bucket_public_access_block: 2,
  aws_s3_bucket_server_side_encryption_configuration: 2,
  aws_s3_bucket_versioning: 2,
};
/** Per type, for the shipped example stacks; another environment's stack is compared with what synth wrote for it. */
const EXPECTED_COUNTS: Record<string, Record<string, number>> = {
  'storytime-dev': { ...COMMON_COUNTS, aws_secretsmanager_secret_version: 2 },
  'storytime-prod': { ...COMMON_COUNTS, aws_secretsmanager_secret_version: 1, aws_sns_topic_subscription: 1 },
  'storytime-state-dev': { ...STATE_COUNTS, aws_iam_openid_connect_provider: 1, aws_iam_role: 2, aws_iam_role_policy: 4 },
  'storytime-state-prod': STATE_COUNTS,
};

/** Resources per type in a stack's synthesized JSON. */
const synthesizedCounts = (name: string): Record<string, number> =>
  Object.fromEntries(Object.entries<Json>(synthesized[name].resource).map(([type, byId]) => [type, Object.keys(byId).length]));

function plannedCounts(name: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const change of changes(name)) {
    expect(change.change.actions).toEqual(['create']);
    counts[change.type] = (counts[change.type] ?? 0) + 1;
  }
  return counts;
}

it('finds every synthesized stack and knows what each one is', () => {
  expect(STACKS.map((name) => [name, kindOf(name)]).filter(([, kind]) => kind === 'unknown')).toEqual([]);
  expect(
    STACKS.filter((name) => kindOf(name) === 'environment')
      .map(environmentOf)
      .sort(),
  ).toEqual(ENVIRONMENTS);
  // One state bootstrap per environment, each in its environment's account (docs/state.md).
  expect(STACKS.filter((name) => kindOf(name) === 'state').map((name) => [name, environmentOf(name)])).toEqual(
    ENVIRONMENTS.map((env) => [`storytime-state-${env}`, env]),
  );
  expect(STACKS).toEqual(expect.arrayContaining(Object.keys(EXPECTED_COUNTS)));
});

it(`has terraform and every provider in the local mirror${terraformRequired ? ' (required: CI=true or REQUIRE_TERRAFORM=1)' : ''}`, (context) => {
  if ('problem' in discovery && !terraformRequired) {
    console.warn(`terraform: SKIPPED (set REQUIRE_TERRAFORM=1 to fail instead): ${discovery.problem}`);
    context.skip();
  }
  expect('problem' in discovery ? discovery.problem : undefined).toBeUndefined();
  expect(Object.keys(runs).sort()).toEqual(STACKS);
});

/** A test on a plan: skipped without terraform unless terraform is required (then the test above fails). */
const planIt = (title: string, check: () => void) =>
  it(title, (context) => {
    if ('problem' in discovery && !terraformRequired) context.skip();
    check();
  });

for (const name of STACKS) {
  const kind = kindOf(name);
  describe(`terraform ${name} (${kind})`, () => {
    planIt('plans the expected resources per type and destroys nothing', () => {
      expect(plannedCounts(name)).toEqual(EXPECTED_COUNTS[name] ?? synthesizedCounts(name));
    });

    planIt('plans every resource synth wrote, and nothing else', () => {
      expect(plannedCounts(name)).toEqual(synthesizedCounts(name));
    });

    planIt('plans with the real providers only, nothing standing in for one', () => {
      const providers = [...new Set(changes(name).map((change: Json) => change.provider_name))].sort();
      expect(providers).toEqual(
        kind === 'environment'
          ? ['registry.terraform.io/hashicorp/aws', 'registry.terraform.io/hashicorp/random']
          : ['registry.terraform.io/hashicorp/aws'],
      );
      expect(ofType(name, 'terraform_data')).toEqual([]);
    });

    planIt("trusts each provider's hash as init recorded it from the local mirror's package, and no registry hash", () => {
      const aws = 'registry.terraform.io/hashicorp/aws';
      const random = 'registry.terraform.io/hashicorp/random';
      expect(Object.values(mirrorHashes)).toEqual([
        expect.stringMatching(/^h1:[A-Za-z0-9+/]{43}=$/),
        expect.stringMatching(/^h1:[A-Za-z0-9+/]{43}=$/),
      ]);
      expect(lockedHashes(name)).toEqual(
        kind === 'environment' ? { [aws]: [mirrorHashes[aws]], [random]: [mirrorHashes[random]] } : { [aws]: [mirrorHashes[aws]] },
      );
    });

    planIt('plans every bucket private, encrypted and with a policy of its own', () => {
      for (const bucket of ofType(name, 'aws_s3_bucket')) {
        const mine = (type: string) =>
          ofType(name, type).filter((change) =>
            configOf(name, change.address).expressions.bucket.references.includes(`${bucket.address}.id`),
          );
        const [block] = mine('aws_s3_bucket_public_access_block');
        expect(block.change.after).toMatchObject({
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        });
        const [encryption] = mine('aws_s3_bucket_server_side_encryption_configuration');
        expect(encryption.change.after.rule[0].apply_server_side_encryption_by_default[0].sse_algorithm).toBe('AES256');
        const policies = mine('aws_s3_bucket_policy');
        expect(policies).toHaveLength(1);
        expect(configOf(name, policies[0].address).expressions.policy.references).toContain(`${bucket.address}.arn`);
        expect(mine('aws_s3_bucket_ownership_controls')[0].change.after.rule).toEqual([{ object_ownership: 'BucketOwnerEnforced' }]);
      }
    });

    if (kind === 'state') {
      planIt('plans the lock table with LockID, on demand, PITR and deletion protection', () => {
        expect(ofType(name, 'aws_dynamodb_table')[0].change.after).toMatchObject({
          name: 'storytime-terraform-locks',
          hash_key: 'LockID',
          billing_mode: 'PAY_PER_REQUEST',
          deletion_protection_enabled: true,
          point_in_time_recovery: [{ enabled: true }],
        });
      });
      return;
    }

    const environment = environmentOf(name);

    planIt("plans the blue and green origin-verify values as the random provider's random_password, its defaults filled in", () => {
      const passwords = ofType(name, 'random_password');
      expect(passwords.map((change) => change.address.replace(/_[0-9A-F]{8}$/, ''))).toEqual([
        'random_password.secrets_origin-verify-green',
        'random_password.secrets_origin-verify-value',
      ]);
      for (const password of passwords) {
        expect(password.provider_name).toBe('registry.terraform.io/hashicorp/random');
        // The configuration sets length and special; the provider's plan adds its defaults for the rest.
        expect(password.change.after).toEqual({
          keepers: null,
          length: 64,
          lower: true,
          min_lower: 0,
          min_numeric: 0,
          min_special: 0,
          min_upper: 0,
          number: true,
          numeric: true,
          override_special: null,
          special: false,
          upper: true,
        });
        expect(password.change.after_unknown).toEqual({ bcrypt_hash: true, id: true, result: true });
      }
    });

    planIt("conditions the HLS bucket policy on this stack's distribution ARN", () => {
      const distribution = ofType(name, 'aws_cloudfront_distribution')[0].address;
      const hlsPolicy = ofType(name, 'aws_s3_bucket_policy').find((change) => change.address.includes('hls-outputs'));
      expect(configOf(name, hlsPolicy.address).expressions.policy.references).toContain(`${distribution}.arn`);
    });

    const production = (settings[environment].tier?.name ?? 'production') === 'production';
    planIt(
      production
        ? 'plans no private-key secret version (production tier)'
        : 'plans the private-key secret version from the sensitive variable',
      () => {
        // The values written: the variable and the active origin-verify password (the key pair id is a resource id, not a value).
        const versions = ofType(name, 'aws_secretsmanager_secret_version').flatMap((change) =>
          configOf(name, change.address).expressions.secret_string.references.filter(
            (ref: string) => ref.startsWith('var.') || ref.endsWith('.result'),
          ),
        );
        const originVerify = originVerifyReference(name, 'origin-verify-value');
        expect(versions.sort()).toEqual(production ? [originVerify] : [originVerify, 'var.cloudfront_private_key_pem']);
      },
    );

    planIt('plans listener rules 90/100 with the origin header where CloudFront is required, and no web rule', () => {
      const rules = ofType(name, 'aws_lb_listener_rule')
        .map((change) => change.change.after)
        .sort((a: Json, b: Json) => a.priority - b.priority);
      expect(rules.map((rule: Json) => rule.priority)).toEqual([90, 100]);
      const headerNames = rules.map((rule: Json) =>
        rule.condition.flatMap((condition: Json) => condition.http_header.map((header: Json) => header.http_header_name)),
      );
      expect(headerNames).toEqual([['X-Origin-Verify'], []]);
    });

    planIt('plans manifest and segment TTLs', () => {
      const ttls = Object.fromEntries(
        ofType(name, 'aws_cloudfront_cache_policy').map((change) => [change.change.after.name, change.change.after.default_ttl]),
      );
      expect(ttls).toEqual({ [`${name}-hls-manifests`]: 60, [`${name}-hls-segments`]: 86400 });
    });

    planIt('plans the distribution with TLSv1.2_2021 and the environment header', () => {
      const distribution = ofType(name, 'aws_cloudfront_distribution')[0].change.after;
      expect(distribution.viewer_certificate[0].minimum_protocol_version).toBe('TLSv1.2_2021');
      for (const policy of ofType(name, 'aws_cloudfront_response_headers_policy')) {
        expect(policy.change.after.custom_headers_config[0].items).toEqual([
          { header: 'x-storytime-environment', value: environment, override: true },
        ]);
        expect(policy.change.after.security_headers_config[0].strict_transport_security[0]).toMatchObject({
          include_subdomains: true,
          preload: true,
        });
      }
    });

    planIt('plans CloudFront access logs into the log bucket, and the web ACL the distribution is behind', () => {
      const distribution = ofType(name, 'aws_cloudfront_distribution')[0];
      const [acl] = ofType(name, 'aws_wafv2_web_acl');
      expect(acl.change.after).toMatchObject({ name: `storytime-${environment}-cdn`, scope: 'CLOUDFRONT' });
      expect(configOf(name, distribution.address).expressions.web_acl_id.references).toContain(`${acl.address}.arn`);
      const [source] = ofType(name, 'aws_cloudwatch_log_delivery_source');
      expect(source.change.after).toMatchObject({ name: `${name}-cloudfront`, log_type: 'ACCESS_LOGS' });
      expect(configOf(name, source.address).expressions.resource_arn.references).toContain(`${distribution.address}.arn`);
      const [destination] = ofType(name, 'aws_cloudwatch_log_delivery_destination');
      expect(destination.change.after.output_format).toBe('w3c');
      const logBucket = ofType(name, 'aws_s3_bucket').find(
        (change) => change.change.after.bucket === `storytime-access-logs-${environment}`,
      );
      expect(
        configOf(name, destination.address).expressions.delivery_destination_configuration[0].destination_resource_arn.references,
      ).toContain(`${logBucket.address}.arn`);
      const [delivery] = ofType(name, 'aws_cloudwatch_log_delivery');
      expect(configOf(name, delivery.address).expressions.delivery_source_name.references).toContain(`${source.address}.name`);
    });
  });
}
