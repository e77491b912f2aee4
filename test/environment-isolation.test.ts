import { describe, expect, it } from 'vitest';
import { type SettingsInputs } from '../src/config/validate';
import { exampleInputs, exampleWith, type Json, problemsOf } from './helpers';

/** Both example files changed, for values that must differ between them. */
function bothWith(change: (settings: Json, environment: 'dev' | 'prod') => void): SettingsInputs {
  const inputs = exampleInputs();
  change(inputs.environments.dev, 'dev');
  change(inputs.environments.prod, 'prod');
  return inputs;
}

const duplicate = (field: string, value: string, devField = field) =>
  `prod: ${field}: '${value}' is also dev's ${devField}; environments share nothing unless both mark the block shared with a reason`;

describe('ARNs carry the stack account and region (finding 3)', () => {
  it.each<[string, 'dev' | 'prod', (settings: Json) => void, string[]]>([
    [
      'a dev listener, named without an environment word, in the prod stack',
      'prod',
      (s) =>
        (s.alb.listenerArn =
          'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/storytime-web/0123456789abcdef/0123456789abcdef'),
      [
        "prod: alb.listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/storytime-web/0123456789abcdef/0123456789abcdef' is in account 111111111111, but this stack deploys to 222222222222",
      ],
    ],
    [
      'a target group of another account',
      'dev',
      (s) => (s.alb.apiTargetGroupArn = 'arn:aws:elasticloadbalancing:us-east-1:222222222222:targetgroup/api/0123456789abcdef'),
      [
        "dev: alb.apiTargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:222222222222:targetgroup/api/0123456789abcdef' is in account 222222222222, but this stack deploys to 111111111111",
      ],
    ],
    [
      'an ALB listener in another region than the stack',
      'dev',
      (s) =>
        (s.alb.listenerArn =
          'arn:aws:elasticloadbalancing:us-west-2:111111111111:listener/app/storytime-dev/0123456789abcdef/0123456789abcdef'),
      [
        "dev: alb.listenerArn: 'arn:aws:elasticloadbalancing:us-west-2:111111111111:listener/app/storytime-dev/0123456789abcdef/0123456789abcdef' is in region us-west-2, but this stack is in us-east-1",
      ],
    ],
    [
      'a certificate of another account',
      'prod',
      (s) => (s.cdn.customDomain.certificateArn = 'arn:aws:acm:us-east-1:333333333333:certificate/00000000-0000-4000-8000-000000000002'),
      [
        "prod: cdn.customDomain.certificateArn: 'arn:aws:acm:us-east-1:333333333333:certificate/00000000-0000-4000-8000-000000000002' is in account 333333333333, but this stack deploys to 222222222222",
      ],
    ],
    [
      'a regional web ACL instead of a CloudFront one',
      'dev',
      (s) =>
        (s.cdn = {
          ...s.cdn,
          waf: undefined,
          webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/storytime-dev-api/00000000-0000-4000-8000-000000000001',
        }),
      [
        "dev: cdn.webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/storytime-dev-api/00000000-0000-4000-8000-000000000001' is not a CloudFront web ACL: expected arn:aws:wafv2:us-east-1:111111111111:global/webacl/<name>/<id> (scope CLOUDFRONT)",
      ],
    ],
    [
      'a web ACL outside us-east-1',
      'prod',
      (s) =>
        (s.cdn.webAclArn = 'arn:aws:wafv2:eu-west-1:222222222222:global/webacl/storytime-prod-cdn/00000000-0000-4000-8000-000000000002'),
      [
        "prod: cdn.webAclArn: 'arn:aws:wafv2:eu-west-1:222222222222:global/webacl/storytime-prod-cdn/00000000-0000-4000-8000-000000000002' is not a CloudFront web ACL: expected arn:aws:wafv2:us-east-1:222222222222:global/webacl/<name>/<id> (scope CLOUDFRONT)",
      ],
    ],
    [
      'a web ACL of another account',
      'prod',
      (s) => (s.cdn.webAclArn = 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/storytime-cdn/00000000-0000-4000-8000-000000000002'),
      [
        "prod: cdn.webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/storytime-cdn/00000000-0000-4000-8000-000000000002' is in account 111111111111, but this stack deploys to 222222222222",
      ],
    ],
    [
      'a KMS key in another region',
      'dev',
      (s) => (s.kmsKeyArn = 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000009'),
      [
        "dev: kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-4000-8000-000000000009' is in region eu-west-1, but this stack is in us-east-1",
      ],
    ],
    [
      'a KMS key of another account',
      'prod',
      (s) => (s.kmsKeyArn = 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000009'),
      [
        "prod: kmsKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000009' is in account 111111111111, but this stack deploys to 222222222222",
      ],
    ],
  ])('rejects %s', (_name, environment, change, expected) => {
    expect(problemsOf(exampleWith(environment, change))).toEqual(expected);
  });

  it("lets a block marked shared keep another account's ARN, but not another region's", () => {
    const sharedAlb = (s: Json) => {
      s.alb.listenerArn =
        'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/storytime-shared/0123456789abcdef/0123456789abcdef';
      s.alb.shared = { reason: 'one ALB for both environments until the split' };
    };
    expect(problemsOf(exampleWith('prod', sharedAlb))).toEqual([]);
    expect(
      problemsOf(
        exampleWith('prod', (s) => {
          sharedAlb(s);
          s.alb.apiTargetGroupArn = 'arn:aws:elasticloadbalancing:us-west-1:111111111111:targetgroup/api/0123456789abcdef';
        }),
      ),
    ).toEqual([
      "prod: alb.apiTargetGroupArn: 'arn:aws:elasticloadbalancing:us-west-1:111111111111:targetgroup/api/0123456789abcdef' is in region us-west-1, but this stack is in us-east-1",
    ]);
  });
});

describe('dev and prod settings compared with each other (finding 3)', () => {
  it.each<[string, (settings: Json, environment: 'dev' | 'prod') => void, string[]]>([
    [
      'the prod domain used in dev',
      (s, env) => env === 'dev' && (s.cdn.customDomain.domainName = 'cdn.storytime.example'),
      [duplicate('cdn.customDomain.domainName', 'cdn.storytime.example')],
    ],
    [
      'one hosted zone for both custom domains',
      (s) => (s.cdn.customDomain.hostedZoneId = 'Z0SHAREDZONE'),
      [duplicate('cdn.customDomain.hostedZoneId', 'Z0SHAREDZONE')],
    ],
    [
      'one state bucket for both',
      (s) => (s.backend.bucket = 'storytime-terraform-state'),
      [duplicate('backend.bucket', 'storytime-terraform-state')],
    ],
    [
      'one Terraform Cloud workspace for both',
      (s) => (s.backend = { type: 'cloud', organization: 'storytime-org', workspace: 'storytime' }),
      [duplicate('backend.workspace', 'storytime')],
    ],
    ['the same API host', (s) => (s.alb.apiHost = 'api.storytime.example'), [duplicate('alb.apiHost', 'api.storytime.example')]],
    [
      "prod's admin console allowed to upload in dev",
      (s, env) => env === 'dev' && s.uploads.adminOrigins.push('https://admin.storytime.example'),
      [duplicate('uploads.adminOrigins[0]', 'https://admin.storytime.example', 'uploads.adminOrigins[1]')],
    ],
    [
      'the origin name of one ALB in both, the zone of one record',
      (s) => {
        s.alb.originDomainName = 'origin-api.storytime.example';
        s.alb.originRecord.hostedZoneId = 'Z0SHAREDZONE';
      },
      [duplicate('alb.originDomainName', 'origin-api.storytime.example'), duplicate('alb.originRecord.hostedZoneId', 'Z0SHAREDZONE')],
    ],
  ])('rejects %s', (_name, change, expected) => {
    expect(problemsOf(bothWith(change))).toEqual(expected);
  });

  it('accepts a value in both only when both mark the block shared with a reason', () => {
    const share = (s: Json, marked: boolean) => {
      s.cdn.customDomain.hostedZoneId = 'Z0SHAREDZONE';
      if (marked) s.cdn.customDomain.shared = { reason: 'one public zone for storytime.example' };
    };
    expect(problemsOf(bothWith((s) => share(s, true)))).toEqual([]);
    expect(problemsOf(bothWith((s, env) => share(s, env === 'prod')))).toEqual([
      duplicate('cdn.customDomain.hostedZoneId', 'Z0SHAREDZONE'),
    ]);
  });

  it('does not compare stacks of one environment (several projects)', () => {
    const inputs = exampleInputs();
    const copy = { ...structuredClone(inputs.environments.dev), project: 'storytime2' };
    expect(problemsOf({ environments: { dev: inputs.environments.dev, other: copy } })).toEqual([]);
  });
});

describe('every pair of environments, whatever their names', () => {
  /** dev's example settings copied as environment `name`, with a third account. */
  const copyOfDev = (name: string, account: string): Json =>
    JSON.parse(
      JSON.stringify(exampleInputs().environments.dev)
        .replace(/\bdev\b/g, name)
        .replaceAll('111111111111', account)
        .replaceAll('Z00000000000000000001', `Z${account}`),
    );

  it("learns each configured environment's name: a value naming qa is foreign to dev only when qa exists", () => {
    const inputs = exampleInputs();
    inputs.environments.dev = {
      ...inputs.environments.dev,
      uploads: { adminOrigins: ['https://admin.qa.storytime.example'], archiveAfterDays: 30 },
    };
    expect(problemsOf(inputs)).toEqual([]);
    const qa = copyOfDev('qa', '999999999991');
    qa.uploads.adminOrigins = ['https://admin-qa.storytime.example'];
    qa.cdn.playbackCorsOrigins = ['https://admin-qa.storytime.example'];
    expect(problemsOf({ environments: { ...inputs.environments, qa } })).toEqual([
      "dev: uploads.adminOrigins[0]: 'https://admin.qa.storytime.example' belongs to environment qa (token 'qa'), but this stack is dev; point it at the dev resource or mark the block shared with a reason",
    ]);
  });

  it('matches names of several words whole, the longest first', () => {
    const inputs = exampleInputs();
    const eu = copyOfDev('dev-eu', '999999999992');
    const preview = copyOfDev('pr-42', '999999999993');
    preview.alb.apiHost = 'api.dev-eu.storytime.example';
    expect(problemsOf({ environments: { ...inputs.environments, 'dev-eu': eu, 'pr-42': preview } })).toEqual([
      "pr-42: alb.apiHost: 'api.dev-eu.storytime.example' belongs to environment dev-eu (token 'dev-eu'), but this stack is pr-42; point it at the pr-42 resource or mark the block shared with a reason",
    ]);
  });

  it.each([
    [
      'two environments in one account',
      (prod: Json) => Object.assign(prod, JSON.parse(JSON.stringify(prod).replaceAll('222222222222', '111111111111'))),
      [
        "prod: aws.accountId: '111111111111' is also dev's aws.accountId; each environment deploys to its own AWS account, and the provider's allowedAccountIds is the last guard against applying one to the other's; environments share an account only when both mark aws shared with a reason",
        "prod: aws.allowedAccountIds[0]: '111111111111' is also dev's aws.accountId; each environment deploys to its own AWS account, and the provider's allowedAccountIds is the last guard against applying one to the other's; environments share an account only when both mark aws shared with a reason",
      ],
    ],
    [
      "an allow-list naming another environment's account",
      (prod: Json) => (prod.aws.allowedAccountIds = ['222222222222', '111111111111']),
      [
        "prod: aws.allowedAccountIds[1]: '111111111111' is also dev's aws.accountId; each environment deploys to its own AWS account, and the provider's allowedAccountIds is the last guard against applying one to the other's; environments share an account only when both mark aws shared with a reason",
      ],
    ],
  ])('refuses %s', (_case, change, expected) => {
    expect(problemsOf(exampleWith('prod', change))).toEqual(expected);
  });

  it('lets environments share an account only when both mark it shared with a reason', () => {
    const sharing = (both: boolean) => {
      const inputs = exampleInputs();
      const [dev, prod] = [inputs.environments.dev as Json, inputs.environments.prod as Json];
      prod.aws.allowedAccountIds = ['222222222222', '111111111111'];
      prod.aws.shared = { reason: 'break-glass role in the dev account' };
      if (both) dev.aws.shared = { reason: 'break-glass role in the dev account' };
      return problemsOf(inputs);
    };
    expect(sharing(true)).toEqual([]);
    expect(sharing(false)).toHaveLength(1);
  });
});
