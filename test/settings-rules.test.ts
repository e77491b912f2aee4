import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentBuckets } from '../stacks/schema/bucket-names';
import type { SettingsInputs } from '../src/config/validate';
import { synthesize } from '../src/synth';
import { exampleInputs, exampleWith, type Json, problemsOf, synthAll } from './helpers';
import { tempDir } from './temp';

/**
 * Settings that AWS would refuse at apply, or that would break playback or the
 * environments' isolation: synth exits 1 with one line naming environment, field,
 * the rule and the fix, and writes nothing.
 */
function synthLines(inputs: SettingsInputs): { code: number; lines: string[]; written: boolean } {
  const outdir = join(tempDir('rules'), 'out');
  const lines: string[] = [];
  const code = synthesize(inputs, { outdir, report: (line) => lines.push(line), log: () => undefined });
  return { code, lines, written: existsSync(outdir) };
}

type Case = [string, 'dev' | 'prod', (settings: Json) => void, string];
const refusesEach = (cases: Case[]) =>
  it.each<Case>(cases)('refuses %s', (_name, environment, change, expected) => {
    expect(synthLines(exampleWith(environment, change))).toEqual({ code: 1, lines: [`settings error: ${expected}`], written: false });
  });

const pemOf = (s: Json): string => s.signing.publicKeys[0].pem;

describe('alb.apiPaths: CloudFront tries them before the HLS behaviors', () => {
  refusesEach([
    [
      'a path given twice',
      'dev',
      (s) => (s.alb.apiPaths = ['/api/*', '/api/*']),
      "dev: alb.apiPaths[1]: '/api/*' is listed twice; remove one",
    ],
    [
      '/*',
      'dev',
      (s) => (s.alb.apiPaths = ['/*']),
      "dev: alb.apiPaths[0]: '/*' matches every request: CloudFront tries the API paths before the HLS behaviors, so no video would be served from the bucket; list the API's own prefixes, such as /api/*",
    ],
    [
      'the HLS paths',
      'dev',
      (s) => (s.alb.apiPaths = ['/api/*', '/books/*']),
      "dev: alb.apiPaths[1]: '/books/*' matches the HLS requests under /books/: CloudFront tries the API paths first, so those requests, signed cookies or not, would go to the API; choose a path outside /books/",
    ],
    [
      "one book's HLS path",
      'prod',
      (s) => (s.alb.apiPaths = ['/books/42/*']),
      "prod: alb.apiPaths[0]: '/books/42/*' matches the HLS requests under /books/: CloudFront tries the API paths first, so those requests, signed cookies or not, would go to the API; choose a path outside /books/",
    ],
    [
      'a prefix of the HLS paths',
      'dev',
      (s) => (s.alb.apiPaths = ['/b*']),
      "dev: alb.apiPaths[0]: '/b*' matches the HLS requests under /books/: CloudFront tries the API paths first, so those requests, signed cookies or not, would go to the API; choose a path outside /books/",
    ],
    [
      'a path behind a broader one',
      'dev',
      (s) => (s.alb.apiPaths = ['/api/*', '/api/v1/*']),
      "dev: alb.apiPaths[1]: '/api/v1/*' is never reached: '/api/*', listed before it, matches every path it matches; remove it",
    ],
    [
      'a path longer than an ALB condition value',
      'dev',
      (s) => (s.alb.apiPaths = [`/${'a'.repeat(127)}*`]),
      'dev: alb.apiPaths[0]: expected at most 128 characters (an ALB rule condition value), got 129',
    ],
  ]);
});

describe('lists AWS keeps as sets: each entry once', () => {
  refusesEach([
    [
      'an alarm address twice',
      'prod',
      (s) => s.alarms.emails.push('video-oncall@storytime.example'),
      "prod: alarms.emails[1]: 'video-oncall@storytime.example' is listed twice; SNS subscribes an address to the topic once: remove one",
    ],
    [
      'an alarm address twice in another case',
      'prod',
      (s) => s.alarms.emails.push('Video-Oncall@Storytime.example'),
      "prod: alarms.emails[1]: 'Video-Oncall@Storytime.example' is 'video-oncall@storytime.example' (entry 0) in another case, and addresses compare without case; SNS subscribes an address to the topic once: remove one",
    ],
    [
      'an admin origin twice',
      'dev',
      (s) => s.uploads.adminOrigins.push('https://admin.dev.storytime.example'),
      "dev: uploads.adminOrigins[1]: 'https://admin.dev.storytime.example' is listed twice; remove one",
    ],
    [
      'a playback origin twice',
      'dev',
      (s) => s.cdn.playbackCorsOrigins.push('https://admin.dev.storytime.example'),
      "dev: cdn.playbackCorsOrigins[1]: 'https://admin.dev.storytime.example' is listed twice; remove one",
    ],
    [
      'an allowed account twice',
      'prod',
      (s) => s.aws.allowedAccountIds.push('222222222222'),
      "prod: aws.allowedAccountIds[1]: '222222222222' is listed twice; remove one",
    ],
    [
      'one public key under two names',
      'dev',
      (s) => s.signing.publicKeys.push({ name: '2027-05', pem: pemOf(s) }),
      "dev: signing.publicKeys[1].pem: the same key as publicKeys[0] ('2026-11'): a key group takes each key once, and a rotation needs a new key pair",
    ],
    [
      'one public key under two names, its line breaks changed',
      'dev',
      (s) => s.signing.publicKeys.push({ name: '2027-05', pem: pemOf(s).replace(/\n/g, '\r\n') }),
      "dev: signing.publicKeys[1].pem: the same key as publicKeys[0] ('2026-11'): a key group takes each key once, and a rotation needs a new key pair",
    ],
    [
      'a country twice',
      'prod',
      (s) => (s.cdn.geoRestriction = { mode: 'allow', countries: ['US', 'CA', 'US'] }),
      "prod: cdn.geoRestriction.countries[2]: duplicate country 'US'",
    ],
    [
      "a tag key differing from a stack's tag only in case",
      'dev',
      (s) => (s.tags.project = 'video'),
      "dev: tags: tag 'project': differs from 'Project', which every stack sets, only in case; IAM users and roles ignore the case of tag keys, so one would replace the other",
    ],
    [
      'two tag keys differing only in case',
      'prod',
      (s) => Object.assign(s.tags, { costCenter: 'video' }),
      "prod: tags: tag 'costCenter': differs from tag 'CostCenter' only in case; IAM users and roles ignore the case of tag keys, so one would replace the other",
    ],
  ]);
});

describe("S3 bucket names (AWS's naming rules)", () => {
  refusesEach([
    [
      'two adjacent periods',
      'dev',
      (s) => (s.backend.bucket = 'storytime..state'),
      "dev: backend.bucket: 'storytime..state' holds two adjacent periods, which S3 refuses in bucket names",
    ],
    [
      'an IP address',
      'dev',
      (s) => (s.backend.bucket = '192.168.5.4'),
      "dev: backend.bucket: '192.168.5.4' is formatted as an IP address, which S3 refuses as a bucket name",
    ],
    [
      'the reserved prefix xn--',
      'dev',
      (s) => (s.backend.bucket = 'xn--storytime-state'),
      "dev: backend.bucket: 'xn--storytime-state' starts with xn--, a prefix S3 reserves; choose another name",
    ],
    [
      'the reserved prefix sthree-',
      'dev',
      (s) => (s.backend.bucket = 'sthree-storytime-state'),
      "dev: backend.bucket: 'sthree-storytime-state' starts with sthree-, a prefix S3 reserves; choose another name",
    ],
    [
      'the reserved prefix amzn-s3-demo-',
      'dev',
      (s) => (s.backend.bucket = 'amzn-s3-demo-storytime-state'),
      "dev: backend.bucket: 'amzn-s3-demo-storytime-state' starts with amzn-s3-demo-, a prefix S3 reserves; choose another name",
    ],
    [
      'the reserved suffix -s3alias',
      'dev',
      (s) => (s.backend.bucket = 'storytime-state-s3alias'),
      "dev: backend.bucket: 'storytime-state-s3alias' ends with -s3alias, a suffix S3 reserves; choose another name",
    ],
    [
      'the reserved suffix --ol-s3',
      'dev',
      (s) => (s.backend.bucket = 'storytime-state--ol-s3'),
      "dev: backend.bucket: 'storytime-state--ol-s3' ends with --ol-s3, a suffix S3 reserves; choose another name",
    ],
    [
      'the reserved suffix .mrap',
      'dev',
      (s) => (s.backend.bucket = 'storytime-state.mrap'),
      "dev: backend.bucket: 'storytime-state.mrap' ends with .mrap, a suffix S3 reserves; choose another name",
    ],
    [
      'the reserved suffix --x-s3',
      'dev',
      (s) => (s.backend.bucket = 'storytime-state--x-s3'),
      "dev: backend.bucket: 'storytime-state--x-s3' ends with --x-s3, a suffix S3 reserves; choose another name",
    ],
    [
      'the reserved suffix --table-s3',
      'dev',
      (s) => (s.backend.bucket = 'storytime-state--table-s3'),
      "dev: backend.bucket: 'storytime-state--table-s3' ends with --table-s3, a suffix S3 reserves; choose another name",
    ],
    [
      'a period',
      'prod',
      (s) => (s.backend.bucket = 'storytime.state.prod'),
      "prod: backend.bucket: 'storytime.state.prod' holds a period: HTTPS requests to <bucket>.s3.<region>.amazonaws.com then fail the certificate check (S3's wildcard certificate covers one label); use hyphens",
    ],
    [
      'upper-case letters',
      'dev',
      (s) => (s.backend.bucket = 'Storytime-State-Dev'),
      "dev: backend.bucket: 'Storytime-State-Dev' holds upper-case letters: write it in lower case, 'storytime-state-dev'",
    ],
    ['2 characters', 'dev', (s) => (s.backend.bucket = 'st'), "dev: backend.bucket: 'st' is 2 characters; S3 bucket names have 3 to 63"],
    [
      '64 characters',
      'dev',
      (s) => Object.assign(s.backend, { bucket: `storytime-${'x'.repeat(54)}`, accessLogsBucket: 'storytime-state-logs-dev' }),
      "dev: backend.bucket: 'storytime-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' is 64 characters; S3 bucket names have 3 to 63",
    ],
    [
      'a hyphen first',
      'dev',
      (s) => (s.backend.bucket = '-storytime-state'),
      "dev: backend.bucket: '-storytime-state': S3 bucket names begin and end with a letter or digit",
    ],
    [
      'spaces around it',
      'dev',
      (s) => (s.backend.bucket = ' storytime-state-dev '),
      "dev: backend.bucket: ' storytime-state-dev ' has spaces around it: remove them",
    ],
    [
      'a log bucket name S3 refuses',
      'prod',
      (s) => (s.backend.accessLogsBucket = 'storytime-logs-s3alias'),
      "prod: backend.accessLogsBucket: 'storytime-logs-s3alias' ends with -s3alias, a suffix S3 reserves; choose another name",
    ],
    [
      'a project that makes bucket names with a reserved prefix',
      'dev',
      (s) => (s.project = 'xn--story'),
      "dev: project: makes bucket names S3 refuses: 'xn--story-access-logs-dev' starts with xn--, a prefix S3 reserves; choose another name",
    ],
    [
      'a project that makes bucket names with the prefix sthree-',
      'prod',
      (s) => (s.project = 'sthree'),
      "prod: project: makes bucket names S3 refuses: 'sthree-access-logs-prod' starts with sthree-, a prefix S3 reserves; choose another name",
    ],
    [
      'the state bucket logging into itself',
      'dev',
      (s) => (s.backend.accessLogsBucket = s.backend.bucket),
      "dev: backend.accessLogsBucket: 'storytime-terraform-state-dev-example' is the state bucket itself: a bucket logging into itself writes a log object for every log object, without end; name another bucket, or leave it unset for 'storytime-terraform-state-dev-example-access-logs'",
    ],
    [
      "the state bucket named as the stack's master uploads bucket",
      'dev',
      (s) => (s.backend.bucket = 'storytime-master-uploads-dev'),
      "dev: backend.bucket: 'storytime-master-uploads-dev' is also the name of the stack's master uploads bucket; bucket names are global, so the second to be created would fail: choose another name",
    ],
    [
      "the state log bucket named as the stack's access log bucket",
      'prod',
      (s) => (s.backend.accessLogsBucket = 'storytime-access-logs-prod'),
      "prod: backend.accessLogsBucket: 'storytime-access-logs-prod' is also the name of the stack's access log bucket; bucket names are global, so the second to be created would fail: choose another name",
    ],
  ]);
});

describe('ARNs of the wrong service or resource type', () => {
  refusesEach([
    [
      'a KMS alias for the key',
      'dev',
      (s) => (s.kmsKeyArn = 'arn:aws:kms:us-east-1:111111111111:alias/storytime-dev'),
      "dev: kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:alias/storytime-dev' is an ARN of type kms alias: key policies and grants need the key's own ARN, arn:aws:kms:<region>:<account>:key/<id> (aws kms describe-key --key-id alias/<name> prints it)",
    ],
    [
      'an SQS queue for the key',
      'dev',
      (s) => (s.kmsKeyArn = 'arn:aws:sqs:us-east-1:111111111111:storytime-dev-events'),
      'dev: kmsKeyArn: expected a KMS key ARN such as arn:aws:kms:<region>:<account>:key/<id>, got an ARN of type sqs',
    ],
    [
      'a KMS key ARN without an id',
      'dev',
      (s) => (s.kmsKeyArn = 'arn:aws:kms:us-east-1:111111111111:key/'),
      'dev: kmsKeyArn: expected a KMS key ARN such as arn:aws:kms:<region>:<account>:key/<id>',
    ],
    [
      'a target group for the listener',
      'dev',
      (s) => (s.alb.listenerArn = s.alb.apiTargetGroupArn),
      "dev: alb.listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/storytime-dev-api/0123456789abcdef' is an ARN of type elasticloadbalancing targetgroup: a target group where the HTTPS listener is expected (aws elbv2 describe-listeners --load-balancer-arn <ALB ARN> lists them)",
    ],
    [
      'a listener rule for the listener',
      'dev',
      (s) =>
        (s.alb.listenerArn =
          'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener-rule/app/storytime-dev/0123456789abcdef/0123456789abcdef/0123456789abcdef'),
      "dev: alb.listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener-rule/app/storytime-dev/0123456789abcdef/0123456789abcdef/0123456789abcdef' is an ARN of type elasticloadbalancing listener-rule: a rule, not its listener: give the HTTPS listener's ARN (aws elbv2 describe-listeners --load-balancer-arn <ALB ARN> lists them)",
    ],
    [
      'the load balancer for the listener',
      'dev',
      (s) => (s.alb.listenerArn = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/storytime-dev/0123456789abcdef'),
      "dev: alb.listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/storytime-dev/0123456789abcdef' is an ARN of type elasticloadbalancing loadbalancer: the load balancer, not its listener: give the HTTPS listener's ARN (aws elbv2 describe-listeners --load-balancer-arn <ALB ARN> lists them)",
    ],
    [
      'a Network Load Balancer listener',
      'prod',
      (s) =>
        (s.alb.listenerArn =
          'arn:aws:elasticloadbalancing:us-east-1:222222222222:listener/net/storytime-prod/0123456789abcdef/0123456789abcdef'),
      'prod: alb.listenerArn: expected an ALB listener ARN such as arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<name>/<id>/<id>',
    ],
    [
      'a listener for the target group',
      'dev',
      (s) => (s.alb.apiTargetGroupArn = s.alb.listenerArn),
      "dev: alb.apiTargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/storytime-dev/0123456789abcdef/0123456789abcdef' is an ARN of type elasticloadbalancing listener: a listener where the API's target group is expected: give the target group's ARN",
    ],
    [
      'an IAM server certificate for the ACM one',
      'prod',
      (s) => (s.cdn.customDomain.certificateArn = 'arn:aws:iam::222222222222:server-certificate/cdn'),
      "prod: cdn.customDomain.certificateArn: 'arn:aws:iam::222222222222:server-certificate/cdn' is an ARN of type iam server-certificate: CloudFront distributions here take ACM certificates: import the certificate into ACM in us-east-1 and give that ARN",
    ],
    [
      'a WAF IP set for the web ACL',
      'dev',
      (s) =>
        (s.cdn = {
          ...s.cdn,
          waf: undefined,
          webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:global/ipset/storytime-dev/00000000-0000-4000-8000-000000000001',
        }),
      'dev: cdn.webAclArn: expected a WAFv2 web ACL ARN such as arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>, got an ARN of type wafv2 ipset',
    ],
    [
      'a WAF Classic web ACL',
      'prod',
      (s) => (s.cdn.webAclArn = 'arn:aws:waf::222222222222:webacl/00000000-0000-4000-8000-000000000002'),
      'prod: cdn.webAclArn: expected a WAFv2 web ACL ARN such as arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>, got an ARN of type waf webacl',
    ],
  ]);
});

describe('names CloudFront would loop on', () => {
  refusesEach([
    [
      "the API origin named as the CDN's own domain",
      'dev',
      (s) => (s.alb.originDomainName = s.cdn.customDomain.domainName),
      "dev: alb.originDomainName: 'cdn.dev.storytime.example' is the CDN's own domain: CloudFront would send every API request back to itself; set a name that resolves to the ALB, such as origin-api.<domain>",
    ],
    [
      'the API origin named as a distribution',
      'prod',
      (s) => (s.alb.originDomainName = 'd111111abcdef8.cloudfront.net'),
      "prod: alb.originDomainName: 'd111111abcdef8.cloudfront.net' is a CloudFront distribution, not the ALB: CloudFront would send API requests to a distribution (this one's would loop); set a name that resolves to the ALB, such as origin-api.<domain>",
    ],
    [
      'the API origin named as the direct API host',
      'dev',
      (s) => (s.alb.originDomainName = s.alb.apiHost),
      "dev: alb.apiHost: 'api.dev.storytime.example' is also the origin name CloudFront calls: its requests would match this direct-host rule too, which forwards without X-Origin-Verify, so a wrong or stale origin secret would go unnoticed; give the origin its own name, such as origin-api.<domain>",
    ],
    [
      "the direct API host named as the CDN's domain",
      'prod',
      (s) => (s.alb.apiHost = s.cdn.customDomain.domainName),
      "prod: alb.apiHost: 'cdn.storytime.example' is the CDN's domain, which resolves to CloudFront: direct callers would never reach the ALB; give the API its own host, such as api.<domain>",
    ],
    [
      "a custom domain that is CloudFront's own name",
      'dev',
      (s) => (s.cdn.customDomain.domainName = 'd111111abcdef8.cloudfront.net'),
      "dev: cdn.customDomain.domainName: 'd111111abcdef8.cloudfront.net' is a CloudFront name, which the distribution has without a custom domain: set your own domain, or remove customDomain",
    ],
  ]);
});

describe('values with one obvious meaning: the fix is said', () => {
  refusesEach([
    [
      "a custom domain's zone as the AWS CLI prints it",
      'dev',
      (s) => (s.cdn.customDomain.hostedZoneId = '/hostedzone/Z00000000000000000001'),
      "dev: cdn.customDomain.hostedZoneId: '/hostedzone/Z00000000000000000001' is the zone's path, as the AWS CLI prints it: drop the /hostedzone/ prefix and give 'Z00000000000000000001'",
    ],
    [
      "the origin record's zone as the AWS CLI prints it",
      'prod',
      (s) => (s.alb.originRecord.hostedZoneId = '/hostedzone/Z00000000000000000002'),
      "prod: alb.originRecord.hostedZoneId: '/hostedzone/Z00000000000000000002' is the zone's path, as the AWS CLI prints it: drop the /hostedzone/ prefix and give 'Z00000000000000000002'",
    ],
    [
      "the ALB's zone without the leading slash",
      'dev',
      (s) => (s.alb.originRecord.albHostedZoneId = 'hostedzone/Z35SXDOTRQ7X7K'),
      "dev: alb.originRecord.albHostedZoneId: 'hostedzone/Z35SXDOTRQ7X7K' is the zone's path, as the AWS CLI prints it: drop the hostedzone/ prefix and give 'Z35SXDOTRQ7X7K'",
    ],
    [
      'a zone as an ARN',
      'prod',
      (s) => (s.cdn.customDomain.hostedZoneId = 'arn:aws:route53:::hostedzone/Z00000000000000000002'),
      "prod: cdn.customDomain.hostedZoneId: 'arn:aws:route53:::hostedzone/Z00000000000000000002' is the zone's ARN: drop the arn:aws:route53:::hostedzone/ prefix and give 'Z00000000000000000002'",
    ],
    [
      'a zone id in lower case',
      'dev',
      (s) => (s.cdn.customDomain.hostedZoneId = 'z00000000000000000001'),
      "dev: cdn.customDomain.hostedZoneId: 'z00000000000000000001' holds lower-case letters: Route53 zone ids are upper case, 'Z00000000000000000001'",
    ],
    [
      'a PEM that starts with a blank line',
      'dev',
      (s) => (s.signing.publicKeys[0].pem = `\n${pemOf(s)}`),
      'dev: signing.publicKeys[0].pem: the PEM starts with a blank line: remove it, so that it begins with -----BEGIN PUBLIC KEY-----',
    ],
    [
      'a PEM that starts with spaces',
      'dev',
      (s) => (s.signing.publicKeys[0].pem = `  ${pemOf(s)}`),
      'dev: signing.publicKeys[0].pem: the PEM starts with spaces: remove them, so that it begins with -----BEGIN PUBLIC KEY-----',
    ],
    [
      'a PEM indented as in a template literal',
      'prod',
      (s) => (s.signing.publicKeys[0].pem = pemOf(s).replace(/\n(?=.)/g, '\n    ')),
      "prod: signing.publicKeys[0].pem: the PEM's lines are indented: remove the leading spaces (a template literal keeps the source's indentation)",
    ],
    [
      'a PEM followed by text',
      'dev',
      (s) => (s.signing.publicKeys[0].pem = `${pemOf(s)}key of 2026-11\n`),
      'dev: signing.publicKeys[0].pem: text follows -----END PUBLIC KEY-----: remove it',
    ],
    [
      'a PEM followed by blank lines',
      'dev',
      (s) => (s.signing.publicKeys[0].pem = `${pemOf(s)}\n\n`),
      'dev: signing.publicKeys[0].pem: blank lines or spaces follow -----END PUBLIC KEY-----: remove them',
    ],
    [
      'an OpenSSH public key',
      'dev',
      (s) => (s.signing.publicKeys[0].pem = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host'),
      'dev: signing.publicKeys[0].pem: an OpenSSH public key: convert it with ssh-keygen -e -m PKCS8 -f key.pub',
    ],
    [
      'an account id as a number',
      'dev',
      (s) => (s.aws.accountId = 111111111111),
      "dev: aws.accountId: expected the account id as a string, such as '012345678901' (a number loses leading zeros)",
    ],
    [
      'an account id as the console shows it',
      'prod',
      (s) => (s.aws.allowedAccountIds = ['2222-2222-2222']),
      "prod: aws.allowedAccountIds[0]: '2222-2222-2222' is written as the console shows it: give the 12 digits, '222222222222'",
    ],
    [
      'an account id with spaces around it',
      'dev',
      (s) => (s.aws.accountId = ' 111111111111'),
      "dev: aws.accountId: ' 111111111111' has spaces around it: remove them",
    ],
    [
      'a region in upper case',
      'dev',
      (s) => (s.aws.region = 'US-EAST-1'),
      "dev: aws.region: 'US-EAST-1' holds upper-case letters: write it in lower case, 'us-east-1'",
    ],
    [
      'a region with a trailing space',
      'prod',
      (s) => (s.backend.region = 'us-east-1 '),
      "prod: backend.region: 'us-east-1 ' has spaces around it: remove them",
    ],
    [
      'a host name ending with a dot',
      'dev',
      (s) => (s.alb.apiHost = 'api.dev.storytime.example.'),
      "dev: alb.apiHost: 'api.dev.storytime.example.' ends with a dot, as Route53 writes names: drop it",
    ],
    [
      'a host name given as a URL',
      'prod',
      (s) => (s.alb.originDomainName = 'https://origin-api.storytime.example/'),
      "prod: alb.originDomainName: 'https://origin-api.storytime.example/' is a URL: give the host name alone, 'origin-api.storytime.example'",
    ],
    [
      'a host name in upper case',
      'dev',
      (s) => (s.cdn.customDomain.domainName = 'CDN.dev.storytime.example'),
      "dev: cdn.customDomain.domainName: 'CDN.dev.storytime.example' holds upper-case letters: write it in lower case, 'cdn.dev.storytime.example'",
    ],
    [
      'an origin with a trailing slash',
      'dev',
      (s) => (s.uploads.adminOrigins = ['https://admin.dev.storytime.example/']),
      "dev: uploads.adminOrigins[0]: 'https://admin.dev.storytime.example/' ends with a slash, which a browser never sends in Origin: drop it",
    ],
    [
      'an origin in upper case',
      'prod',
      (s) => (s.uploads.adminOrigins = ['https://Admin.storytime.example']),
      "prod: uploads.adminOrigins[0]: 'https://Admin.storytime.example' holds upper-case letters: write it in lower case, 'https://admin.storytime.example'",
    ],
    [
      "the Rails role's ARN for its name",
      'dev',
      (s) => (s.rails = { existingRoleName: 'arn:aws:iam::111111111111:role/service/storytime-rails' }),
      "dev: rails.existingRoleName: 'arn:aws:iam::111111111111:role/service/storytime-rails' is an ARN: give the role's name alone, 'storytime-rails'",
    ],
    [
      "the lock table's ARN for its name",
      'prod',
      (s) => (s.backend.lockTable = 'arn:aws:dynamodb:us-east-1:222222222222:table/storytime-terraform-locks'),
      "prod: backend.lockTable: 'arn:aws:dynamodb:us-east-1:222222222222:table/storytime-terraform-locks' is an ARN: give the table's name alone, 'storytime-terraform-locks'",
    ],
    [
      "the state bucket's ARN for its name",
      'dev',
      (s) => (s.backend.bucket = 'arn:aws:s3:::storytime-terraform-state-dev-example'),
      "dev: backend.bucket: 'arn:aws:s3:::storytime-terraform-state-dev-example' is the bucket's ARN: give its name alone, 'storytime-terraform-state-dev-example'",
    ],
    [
      "the state bucket's URL for its name",
      'prod',
      (s) => (s.backend.bucket = 's3://storytime-terraform-state-prod-example/'),
      "prod: backend.bucket: 's3://storytime-terraform-state-prod-example/' is the bucket's URL: give its name alone, 'storytime-terraform-state-prod-example'",
    ],
  ]);
});

describe('partitions other than aws: refused, in one line each', () => {
  refusesEach([
    [
      'a China region',
      'dev',
      (s) => (s.aws.region = 'cn-north-1'),
      "dev: aws.region: 'cn-north-1' is in partition aws-cn; these stacks deploy to the aws partition only (their policies use arn:aws: ARNs, and CloudFront with an ACM certificate from us-east-1 is not offered in aws-cn or aws-us-gov)",
    ],
    [
      'a GovCloud state region',
      'prod',
      (s) => (s.backend.region = 'us-gov-west-1'),
      "prod: backend.region: 'us-gov-west-1' is in partition aws-us-gov; these stacks deploy to the aws partition only (their policies use arn:aws: ARNs, and CloudFront with an ACM certificate from us-east-1 is not offered in aws-cn or aws-us-gov)",
    ],
    [
      'a China KMS key',
      'dev',
      (s) => (s.kmsKeyArn = 'arn:aws-cn:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000009'),
      "dev: kmsKeyArn: 'arn:aws-cn:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000009' is in partition aws-cn; these stacks deploy to the aws partition only (their policies use arn:aws: ARNs, and CloudFront with an ACM certificate from us-east-1 is not offered in aws-cn or aws-us-gov)",
    ],
    [
      'a GovCloud listener',
      'prod',
      (s) =>
        (s.alb.listenerArn =
          'arn:aws-us-gov:elasticloadbalancing:us-east-1:222222222222:listener/app/storytime-prod/0123456789abcdef/0123456789abcdef'),
      "prod: alb.listenerArn: 'arn:aws-us-gov:elasticloadbalancing:us-east-1:222222222222:listener/app/storytime-prod/0123456789abcdef/0123456789abcdef' is in partition aws-us-gov; these stacks deploy to the aws partition only (their policies use arn:aws: ARNs, and CloudFront with an ACM certificate from us-east-1 is not offered in aws-cn or aws-us-gov)",
    ],
    [
      'a GovCloud target group',
      'dev',
      (s) =>
        (s.alb.apiTargetGroupArn =
          'arn:aws-us-gov:elasticloadbalancing:us-east-1:111111111111:targetgroup/storytime-dev-api/0123456789abcdef'),
      "dev: alb.apiTargetGroupArn: 'arn:aws-us-gov:elasticloadbalancing:us-east-1:111111111111:targetgroup/storytime-dev-api/0123456789abcdef' is in partition aws-us-gov; these stacks deploy to the aws partition only (their policies use arn:aws: ARNs, and CloudFront with an ACM certificate from us-east-1 is not offered in aws-cn or aws-us-gov)",
    ],
    [
      'a China certificate',
      'prod',
      (s) => (s.cdn.customDomain.certificateArn = 'arn:aws-cn:acm:us-east-1:222222222222:certificate/00000000-0000-4000-8000-000000000002'),
      "prod: cdn.customDomain.certificateArn: 'arn:aws-cn:acm:us-east-1:222222222222:certificate/00000000-0000-4000-8000-000000000002' is in partition aws-cn; these stacks deploy to the aws partition only (their policies use arn:aws: ARNs, and CloudFront with an ACM certificate from us-east-1 is not offered in aws-cn or aws-us-gov)",
    ],
    [
      'a China web ACL',
      'dev',
      (s) =>
        (s.cdn = {
          ...s.cdn,
          waf: undefined,
          webAclArn: 'arn:aws-cn:wafv2:us-east-1:111111111111:global/webacl/storytime-dev-cdn/00000000-0000-4000-8000-000000000001',
        }),
      "dev: cdn.webAclArn: 'arn:aws-cn:wafv2:us-east-1:111111111111:global/webacl/storytime-dev-cdn/00000000-0000-4000-8000-000000000001' is in partition aws-cn; these stacks deploy to the aws partition only (their policies use arn:aws: ARNs, and CloudFront with an ACM certificate from us-east-1 is not offered in aws-cn or aws-us-gov)",
    ],
  ]);
});

describe('what the rules let through', () => {
  it.each<[string, 'dev' | 'prod', (settings: Json) => void]>([
    ['a narrower API path before a broader one (both reached)', 'dev', (s) => (s.alb.apiPaths = ['/api/v1/*', '/api/*'])],
    ['an API path that only starts like the HLS one', 'dev', (s) => (s.alb.apiPaths = ['/bookshelf/*', '/auth/*'])],
    ['an API path of 128 characters', 'prod', (s) => (s.alb.apiPaths = [`/${'a'.repeat(126)}*`])],
    ['two alarm addresses', 'prod', (s) => s.alarms.emails.push('video-oncall-2@storytime.example')],
    [
      'two public keys of their own',
      'dev',
      (s) => s.signing.publicKeys.push({ name: '2027-05', pem: pemOf(exampleInputs().environments.prod) }),
    ],
    [
      'a customer-managed KMS key',
      'dev',
      (s) => (s.kmsKeyArn = 'arn:aws:kms:us-east-1:111111111111:key/mrk-0123456789abcdef0123456789abcdef'),
    ],
    ['a state log bucket of its own name', 'prod', (s) => (s.backend.accessLogsBucket = 'storytime-state-logs-prod')],
    ['a tag key beside the stack tags', 'dev', (s) => (s.tags.Team = 'video')],
  ])('accepts %s', (_name, environment, change) => {
    expect(problemsOf(exampleWith(environment, change))).toEqual([]);
  });
});

describe('the bucket names validation checks', () => {
  it('are every bucket the stacks create, so that a new bucket cannot escape S3 naming and uniqueness checks', () => {
    const inputs = exampleInputs();
    const stacks = synthAll(inputs);
    for (const settings of Object.values<Json>(inputs.environments)) {
      const created = [`storytime-${settings.environment}`, `storytime-state-${settings.environment}`].flatMap((stack) =>
        Object.values<Json>(stacks[stack].resource.aws_s3_bucket).map((bucket) => bucket.bucket),
      );
      expect(created.sort()).toEqual(
        environmentBuckets(settings, settings.backend)
          .map((bucket) => bucket.name)
          .sort(),
      );
    }
    expect(environmentBuckets(inputs.environments.dev, inputs.environments.dev.backend as Json).map((bucket) => bucket.name)).toEqual([
      'storytime-access-logs-dev',
      'storytime-master-uploads-dev',
      'storytime-hls-outputs-dev',
      'storytime-terraform-state-dev-example',
      'storytime-terraform-state-dev-example-access-logs',
    ]);
  });
});
