/**
 * recover's finders for KMS keys, IAM, alarms, dashboards, log deliveries, listener rules, Route53 records
 * and secrets: each resource alone in a stack, recovered against an account of fake answers.
 */
import { DescribeAlarmsCommand, GetDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeDeliveriesCommand, GetDeliveryDestinationCommand, GetDeliverySourceCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeRulesCommand, DescribeTagsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetPolicyCommand, GetRoleCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, ListKeysCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import type { Json } from '../helpers';
import { failing, OURS, PROD, recoverOne } from './recover-support';

const KEY_ARN = (id: string) => `arn:aws:kms:us-east-1:111111111111:key/${id}`;

describe('recover finds a KMS key by description and owner tags', () => {
  const DESCRIPTION = 'storytime dev media';
  const keys: Record<string, Json> = {
    other: { Description: 'storytime dev logs', KeyManager: 'CUSTOMER', KeyState: 'Enabled' },
    managed: { Description: DESCRIPTION, KeyManager: 'AWS', KeyState: 'Enabled' },
    deleting: { Description: DESCRIPTION, KeyManager: 'CUSTOMER', KeyState: 'PendingDeletion' },
    ours: { Description: DESCRIPTION, KeyManager: 'CUSTOMER', KeyState: 'Enabled' },
    projectOnly: { Description: DESCRIPTION, KeyManager: 'CUSTOMER', KeyState: 'Enabled' },
    prod: { Description: DESCRIPTION, KeyManager: 'CUSTOMER', KeyState: 'Disabled' },
    late: { Description: DESCRIPTION, KeyManager: 'CUSTOMER', KeyState: 'Enabled' },
  };
  const tags: Record<string, { Key: string; Value: string }[]> = { ours: OURS, projectOnly: OURS.slice(0, 1), prod: PROD, late: OURS };
  const answers = [
    [
      ListKeysCommand,
      (input: Json) =>
        input.Marker === undefined
          ? { Keys: [{ KeyId: 'other' }, { KeyId: 'managed' }, { KeyId: 'deleting' }], Truncated: true, NextMarker: 'k2' }
          : input.Marker === 'k2'
            ? // KMS may name a marker on the last page: only Truncated says there is more.
              { Keys: [{ KeyId: 'ours' }, { KeyId: 'projectOnly' }, { KeyId: 'prod' }], Truncated: false, NextMarker: 'k3' }
            : { Keys: [{ KeyId: 'late' }], Truncated: false },
    ],
    [DescribeKeyCommand, (input: Json) => ({ KeyMetadata: { KeyId: input.KeyId, Arn: KEY_ARN(input.KeyId), ...keys[input.KeyId] } })],
    [
      ListResourceTagsCommand,
      (input: Json) => ({ Tags: (tags[input.KeyId] ?? []).map(({ Key, Value }) => ({ TagKey: Key, TagValue: Value })) }),
    ],
  ] as const;

  it('imports the enabled customer key of that description tagged for this stack, across pages', async () => {
    const { plan, calls, found } = await recoverOne('aws_kms_key', { description: DESCRIPTION }, answers);
    expect(found).toEqual([
      {
        id: 'ours',
        attributes: { id: 'ours', key_id: 'ours', arn: KEY_ARN('ours') },
        note: '"storytime dev media", tagged storytime/dev',
      },
    ]);
    expect(plan.imports).toEqual([
      { address: 'aws_kms_key.it', id: 'ours', provider: undefined, note: '"storytime dev media", tagged storytime/dev' },
    ]);
    expect(calls).toEqual([
      'us-east-1 ListKeysCommand {}',
      'us-east-1 DescribeKeyCommand {"KeyId":"other"}',
      'us-east-1 DescribeKeyCommand {"KeyId":"managed"}',
      'us-east-1 DescribeKeyCommand {"KeyId":"deleting"}',
      'us-east-1 ListKeysCommand {"Marker":"k2"}',
      'us-east-1 DescribeKeyCommand {"KeyId":"ours"}',
      'us-east-1 ListResourceTagsCommand {"KeyId":"ours"}',
      'us-east-1 DescribeKeyCommand {"KeyId":"projectOnly"}',
      'us-east-1 ListResourceTagsCommand {"KeyId":"projectOnly"}',
      'us-east-1 DescribeKeyCommand {"KeyId":"prod"}',
      'us-east-1 ListResourceTagsCommand {"KeyId":"prod"}',
    ]);
  });

  it('finds none in an empty account, a key without metadata or one without tags', async () => {
    const empty = await recoverOne('aws_kms_key', { description: DESCRIPTION }, [[ListKeysCommand, () => ({})]]);
    expect([empty.found, empty.plan.missing, empty.calls]).toEqual([[], 1, ['us-east-1 ListKeysCommand {}']]);
    const bare = await recoverOne('aws_kms_key', { description: DESCRIPTION }, [
      [ListKeysCommand, () => ({ Keys: [{ KeyId: 'gone' }, { KeyId: 'untagged' }] })],
      [DescribeKeyCommand, (input: Json) => (input.KeyId === 'gone' ? {} : { KeyMetadata: { KeyId: 'untagged', ...keys.ours } })],
      [ListResourceTagsCommand, () => ({})],
    ]);
    expect([bare.found, bare.plan.problems, bare.plan.missing]).toEqual([[], [], 1]);
  });

  it('refuses a key whose Environment tag has no value, and imports one without an id as the empty id', async () => {
    const { found } = await recoverOne('aws_kms_key', { description: DESCRIPTION }, [
      [ListKeysCommand, () => ({ Keys: [{ KeyId: 'k' }] })],
      [DescribeKeyCommand, () => ({ KeyMetadata: keys.ours })],
      [ListResourceTagsCommand, () => ({ Tags: [{ TagKey: 'Project', TagValue: 'storytime' }, { TagKey: 'Environment' }] })],
    ]);
    expect(found).toEqual([]);
    const { found: named } = await recoverOne('aws_kms_key', { description: DESCRIPTION }, [
      [ListKeysCommand, () => ({ Keys: [{ KeyId: 'k' }] })],
      [DescribeKeyCommand, () => ({ KeyMetadata: keys.ours })],
      [ListResourceTagsCommand, () => ({ Tags: OURS.map(({ Key, Value }) => ({ TagKey: Key, TagValue: Value })) })],
    ]);
    expect(named).toEqual([
      { id: '', attributes: { id: undefined, key_id: undefined, arn: undefined }, note: '"storytime dev media", tagged storytime/dev' },
    ]);
  });
});

describe('recover finds IAM roles, their inline policies and managed policies by name', () => {
  const ROLE_ARN = 'arn:aws:iam::111111111111:role/storytime-dev-web';

  it('imports a role by name, tagged for this stack or untagged', async () => {
    const tagged = await recoverOne('aws_iam_role', { name: 'storytime-dev-web' }, [
      [GetRoleCommand, () => ({ Role: { RoleName: 'storytime-dev-web', Arn: ROLE_ARN, Tags: OURS } })],
    ]);
    expect(tagged.found).toEqual([
      { id: 'storytime-dev-web', attributes: { id: 'storytime-dev-web', name: 'storytime-dev-web', arn: ROLE_ARN } },
    ]);
    expect(tagged.plan.imports).toEqual([{ address: 'aws_iam_role.it', id: 'storytime-dev-web', provider: undefined, note: undefined }]);
    expect(tagged.calls).toEqual(['us-east-1 GetRoleCommand {"RoleName":"storytime-dev-web"}']);
    const untagged = await recoverOne('aws_iam_role', { name: 'storytime-dev-web' }, [[GetRoleCommand, () => ({})]]);
    expect(untagged.found).toEqual([
      { id: 'storytime-dev-web', attributes: { id: 'storytime-dev-web', name: 'storytime-dev-web', arn: undefined } },
    ]);
  });

  it("refuses another stack's role, counts a missing one as not created, and reports any other error", async () => {
    const foreign = await recoverOne('aws_iam_role', { name: 'storytime-dev-web' }, [[GetRoleCommand, () => ({ Role: { Tags: PROD } })]]);
    expect(foreign.plan.problems).toEqual(['aws_iam_role.it: role storytime-dev-web belongs to another stack: not adopted']);
    for (const name of ['NoSuchEntityException', 'NoSuchEntity']) {
      const absent = await recoverOne('aws_iam_role', { name: 'storytime-dev-web' }, [[GetRoleCommand, failing(name)]]);
      expect([absent.found, absent.plan.problems, absent.plan.missing], name).toEqual([[], [], 1]);
    }
    const denied = await recoverOne('aws_iam_role', { name: 'storytime-dev-web' }, [[GetRoleCommand, failing('AccessDenied')]]);
    expect(denied.plan.problems).toEqual(['aws_iam_role.it: AccessDenied (fake)']);
  });

  it("imports a role's inline policy as role:name", async () => {
    const { found, calls } = await recoverOne('aws_iam_role_policy', { role: 'storytime-dev-web', name: 'media' }, [
      [GetRolePolicyCommand, () => ({})],
    ]);
    expect(found).toEqual([{ id: 'storytime-dev-web:media', attributes: { id: 'storytime-dev-web:media' } }]);
    expect(calls).toEqual(['us-east-1 GetRolePolicyCommand {"RoleName":"storytime-dev-web","PolicyName":"media"}']);
    for (const name of ['NoSuchEntityException', 'NoSuchEntity']) {
      const absent = await recoverOne('aws_iam_role_policy', { role: 'storytime-dev-web', name: 'media' }, [
        [GetRolePolicyCommand, failing(name)],
      ]);
      expect([absent.found, absent.plan.missing], name).toEqual([[], 1]);
    }
  });

  it('imports a managed policy by its ARN, under its path or the root', async () => {
    const POLICY = 'arn:aws:iam::111111111111:policy/storytime/storytime-dev-rails';
    const pathed = await recoverOne('aws_iam_policy', { name: 'storytime-dev-rails', path: '/storytime/' }, [
      [GetPolicyCommand, () => ({ Policy: { Tags: OURS } })],
    ]);
    expect(pathed.found).toEqual([{ id: POLICY, attributes: { id: POLICY, arn: POLICY } }]);
    expect(pathed.calls).toEqual([`us-east-1 GetPolicyCommand {"PolicyArn":"${POLICY}"}`]);
    const root = await recoverOne('aws_iam_policy', { name: 'storytime-dev-rails' }, [[GetPolicyCommand, () => ({})]]);
    expect(root.plan.imports.map(({ id }) => id)).toEqual(['arn:aws:iam::111111111111:policy/storytime-dev-rails']);
  });

  it("refuses another stack's policy and counts a missing one as not created", async () => {
    const foreign = await recoverOne('aws_iam_policy', { name: 'storytime-dev-rails' }, [
      [GetPolicyCommand, () => ({ Policy: { Tags: PROD } })],
    ]);
    expect(foreign.plan.problems).toEqual(['aws_iam_policy.it: policy storytime-dev-rails belongs to another stack: not adopted']);
    for (const name of ['NoSuchEntityException', 'NoSuchEntity']) {
      const absent = await recoverOne('aws_iam_policy', { name: 'storytime-dev-rails' }, [[GetPolicyCommand, failing(name)]]);
      expect([absent.found, absent.plan.missing], name).toEqual([[], 1]);
    }
  });
});

describe('recover finds a policy attachment in the role list of attached policies', () => {
  const POLICY = 'arn:aws:iam::111111111111:policy/storytime-dev-rails';
  const args = { role: 'storytime-dev-web', policy_arn: POLICY };

  it('imports it as role/policy ARN, and stops at the last page even when IAM names a marker there', async () => {
    const { found, calls } = await recoverOne('aws_iam_role_policy_attachment', args, [
      [
        ListAttachedRolePoliciesCommand,
        (input: Json) =>
          input.Marker === undefined
            ? { IsTruncated: true, Marker: 'p2' }
            : input.Marker === 'p2'
              ? { AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], IsTruncated: false, Marker: 'p3' }
              : { AttachedPolicies: [{ PolicyArn: POLICY }] },
      ],
    ]);
    expect(found).toEqual([]);
    expect(calls).toEqual([
      'us-east-1 ListAttachedRolePoliciesCommand {"RoleName":"storytime-dev-web"}',
      'us-east-1 ListAttachedRolePoliciesCommand {"RoleName":"storytime-dev-web","Marker":"p2"}',
    ]);
    const listed = await recoverOne('aws_iam_role_policy_attachment', args, [
      [ListAttachedRolePoliciesCommand, () => ({ AttachedPolicies: [{ PolicyArn: POLICY }] })],
    ]);
    expect(listed.found).toEqual([{ id: `storytime-dev-web/${POLICY}`, attributes: { id: `storytime-dev-web/${POLICY}` } }]);
  });

  it('counts it as not created when the role is gone, and reports any other error', async () => {
    const gone = await recoverOne('aws_iam_role_policy_attachment', args, [[ListAttachedRolePoliciesCommand, failing('NoSuchEntity')]]);
    expect([gone.found, gone.plan.missing]).toEqual([[], 1]);
    const denied = await recoverOne('aws_iam_role_policy_attachment', args, [[ListAttachedRolePoliciesCommand, failing('AccessDenied')]]);
    expect(denied.plan.problems).toEqual(['aws_iam_role_policy_attachment.it: AccessDenied (fake)']);
  });
});

describe('recover finds alarms, dashboards and CloudFront log deliveries by name', () => {
  it('imports an alarm by name when CloudWatch describes it', async () => {
    const ARN = 'arn:aws:cloudwatch:us-east-1:111111111111:alarm:storytime-dev-5xx';
    const { found, calls } = await recoverOne('aws_cloudwatch_metric_alarm', { alarm_name: 'storytime-dev-5xx' }, [
      [DescribeAlarmsCommand, () => ({ MetricAlarms: [{ AlarmArn: ARN }] })],
    ]);
    expect(found).toEqual([{ id: 'storytime-dev-5xx', attributes: { id: 'storytime-dev-5xx', arn: ARN } }]);
    expect(calls).toEqual(['us-east-1 DescribeAlarmsCommand {"AlarmNames":["storytime-dev-5xx"]}']);
    const none = await recoverOne('aws_cloudwatch_metric_alarm', { alarm_name: 'storytime-dev-5xx' }, [
      [DescribeAlarmsCommand, () => ({})],
    ]);
    expect([none.found, none.plan.missing]).toEqual([[], 1]);
  });

  it('imports a dashboard by name, and knows each of the ways CloudWatch says it has none', async () => {
    const { found, calls } = await recoverOne('aws_cloudwatch_dashboard', { dashboard_name: 'storytime-dev' }, [
      [GetDashboardCommand, () => ({})],
    ]);
    expect(found).toEqual([{ id: 'storytime-dev', attributes: { id: 'storytime-dev', dashboard_name: 'storytime-dev' } }]);
    expect(calls).toEqual(['us-east-1 GetDashboardCommand {"DashboardName":"storytime-dev"}']);
    for (const name of ['ResourceNotFound', 'ResourceNotFoundException', 'DashboardNotFoundError']) {
      const absent = await recoverOne('aws_cloudwatch_dashboard', { dashboard_name: 'storytime-dev' }, [
        [GetDashboardCommand, failing(name)],
      ]);
      expect([absent.found, absent.plan.missing], name).toEqual([[], 1]);
    }
  });

  it('imports a delivery source and a delivery destination by name', async () => {
    const source = await recoverOne('aws_cloudwatch_log_delivery_source', { name: 'storytime-dev-cdn' }, [
      [GetDeliverySourceCommand, () => ({ deliverySource: { arn: 'arn:source' } })],
    ]);
    expect(source.found).toEqual([
      { id: 'storytime-dev-cdn', attributes: { id: 'storytime-dev-cdn', name: 'storytime-dev-cdn', arn: 'arn:source' } },
    ]);
    expect(source.calls).toEqual(['us-east-1 GetDeliverySourceCommand {"name":"storytime-dev-cdn"}']);
    const bareSource = await recoverOne('aws_cloudwatch_log_delivery_source', { name: 'storytime-dev-cdn' }, [
      [GetDeliverySourceCommand, () => ({})],
    ]);
    expect(bareSource.found).toEqual([
      { id: 'storytime-dev-cdn', attributes: { id: 'storytime-dev-cdn', name: 'storytime-dev-cdn', arn: undefined } },
    ]);
    const destination = await recoverOne('aws_cloudwatch_log_delivery_destination', { name: 'storytime-dev-logs' }, [
      [GetDeliveryDestinationCommand, () => ({ deliveryDestination: { arn: 'arn:destination' } })],
    ]);
    expect(destination.found).toEqual([
      { id: 'storytime-dev-logs', attributes: { id: 'storytime-dev-logs', name: 'storytime-dev-logs', arn: 'arn:destination' } },
    ]);
    expect(destination.calls).toEqual(['us-east-1 GetDeliveryDestinationCommand {"name":"storytime-dev-logs"}']);
    const bareDestination = await recoverOne('aws_cloudwatch_log_delivery_destination', { name: 'storytime-dev-logs' }, [
      [GetDeliveryDestinationCommand, () => ({})],
    ]);
    expect(bareDestination.found).toEqual([
      { id: 'storytime-dev-logs', attributes: { id: 'storytime-dev-logs', name: 'storytime-dev-logs', arn: undefined } },
    ]);
    for (const type of ['aws_cloudwatch_log_delivery_source', 'aws_cloudwatch_log_delivery_destination']) {
      const absent = await recoverOne(type, { name: 'storytime-dev-cdn' }, [
        [GetDeliverySourceCommand, failing('ResourceNotFoundException')],
        [GetDeliveryDestinationCommand, failing('ResourceNotFoundException')],
      ]);
      expect([absent.found, absent.plan.missing], type).toEqual([[], 1]);
    }
  });

  it('imports the delivery from that source to that destination', async () => {
    const args = { delivery_source_name: 'storytime-dev-cdn', delivery_destination_arn: 'arn:destination' };
    const { found, calls } = await recoverOne('aws_cloudwatch_log_delivery', args, [
      [
        DescribeDeliveriesCommand,
        () => ({
          deliveries: [
            { id: 'd-other-source', deliverySourceName: 'storytime-prod-cdn', deliveryDestinationArn: 'arn:destination' },
            { id: 'd-other-destination', deliverySourceName: 'storytime-dev-cdn', deliveryDestinationArn: 'arn:elsewhere' },
            { deliverySourceName: 'storytime-dev-cdn', deliveryDestinationArn: 'arn:destination' },
            { id: 'd-1', arn: 'arn:delivery', deliverySourceName: 'storytime-dev-cdn', deliveryDestinationArn: 'arn:destination' },
          ],
        }),
      ],
    ]);
    expect(found).toEqual([{ id: 'd-1', attributes: { id: 'd-1', arn: 'arn:delivery' } }]);
    expect(calls).toEqual(['us-east-1 DescribeDeliveriesCommand {}']);
    const none = await recoverOne('aws_cloudwatch_log_delivery', args, [[DescribeDeliveriesCommand, () => ({})]]);
    expect([none.found, none.plan.missing]).toEqual([[], 1]);
  });
});

describe('recover finds a listener rule by its listener and priority', () => {
  const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:111111111111:listener/app/storytime-dev/1/2';
  const rules = {
    Rules: [
      { Priority: '10', RuleArn: 'arn:rule-10' },
      { Priority: '20', RuleArn: 'arn:rule-20' },
    ],
  };
  const tagged = (tags: Json) =>
    [
      [DescribeRulesCommand, () => rules],
      [DescribeTagsCommand, () => ({ TagDescriptions: [{ Tags: tags }] })],
    ] as const;

  it('imports the rule at that priority by ARN', async () => {
    const { found, calls } = await recoverOne('aws_lb_listener_rule', { listener_arn: LISTENER, priority: 20 }, tagged(OURS));
    expect(found).toEqual([{ id: 'arn:rule-20', attributes: { id: 'arn:rule-20', arn: 'arn:rule-20' }, note: 'priority 20' }]);
    expect(calls).toEqual([
      `us-east-1 DescribeRulesCommand {"ListenerArn":"${LISTENER}"}`,
      'us-east-1 DescribeTagsCommand {"ResourceArns":["arn:rule-20"]}',
    ]);
    const untagged = await recoverOne('aws_lb_listener_rule', { listener_arn: LISTENER, priority: 10 }, [
      [DescribeRulesCommand, () => rules],
      [DescribeTagsCommand, () => ({})],
    ]);
    expect(untagged.plan.imports.map(({ id }) => id)).toEqual(['arn:rule-10']);
    const undescribed = await recoverOne('aws_lb_listener_rule', { listener_arn: LISTENER, priority: 10 }, [
      [DescribeRulesCommand, () => rules],
      [DescribeTagsCommand, () => ({ TagDescriptions: [] })],
    ]);
    expect(undescribed.plan.imports.map(({ id }) => id)).toEqual(['arn:rule-10']);
  });

  it("counts it as not created when no rule holds that priority, and refuses another stack's", async () => {
    const free = await recoverOne('aws_lb_listener_rule', { listener_arn: LISTENER, priority: 30 }, tagged(OURS));
    expect([free.found, free.plan.missing, free.calls.length]).toEqual([[], 1, 1]);
    const noRules = await recoverOne('aws_lb_listener_rule', { listener_arn: LISTENER, priority: 30 }, [
      [DescribeRulesCommand, () => ({})],
    ]);
    expect([noRules.found, noRules.plan.missing]).toEqual([[], 1]);
    const foreign = await recoverOne('aws_lb_listener_rule', { listener_arn: LISTENER, priority: 20 }, tagged(PROD));
    expect(foreign.plan.problems).toEqual([
      'aws_lb_listener_rule.it: listener rule at priority 20 belongs to storytime/prod: not adopted; priorities are alb.*Priority settings',
    ]);
  });

  it('skips a rule without an ARN at that priority', async () => {
    const { found } = await recoverOne('aws_lb_listener_rule', { listener_arn: LISTENER, priority: 5 }, [
      [DescribeRulesCommand, () => ({ Rules: [{ Priority: '5' }] })],
    ]);
    expect(found).toEqual([]);
  });
});

describe('recover finds a Route53 record by zone, name and type', () => {
  const listing = (sets: Json[]) => [[ListResourceRecordSetsCommand, () => ({ ResourceRecordSets: sets })]] as const;

  it('imports it as zone_name_type, the name with or without its final dot', async () => {
    const { found, calls } = await recoverOne(
      'aws_route53_record',
      { zone_id: 'Z1', name: 'cdn.example.com', type: 'A' },
      listing([{ Name: 'cdn.example.com.', Type: 'A' }]),
    );
    expect(found).toEqual([{ id: 'Z1_cdn.example.com_A', attributes: { id: 'Z1_cdn.example.com_A', fqdn: 'cdn.example.com' } }]);
    expect(calls).toEqual([
      'us-east-1 ListResourceRecordSetsCommand {"HostedZoneId":"Z1","StartRecordName":"cdn.example.com.","StartRecordType":"A","MaxItems":1}',
    ]);
    const dotted = await recoverOne(
      'aws_route53_record',
      { zone_id: 'Z1', name: 'cdn.example.com.', type: 'A' },
      listing([{ Name: 'cdn.example.com.', Type: 'A' }]),
    );
    expect(dotted.found).toEqual([{ id: 'Z1_cdn.example.com_A', attributes: { id: 'Z1_cdn.example.com_A', fqdn: 'cdn.example.com.' } }]);
    expect(dotted.calls[0]).toContain('"StartRecordName":"cdn.example.com."');
  });

  it('counts it as not created when the next record is of another name or type', async () => {
    for (const next of [
      { Name: 'cdn.example.com.', Type: 'AAAA' },
      { Name: 'www.example.com.', Type: 'A' },
    ]) {
      const { found, plan } = await recoverOne(
        'aws_route53_record',
        { zone_id: 'Z1', name: 'cdn.example.com', type: 'A' },
        listing([next]),
      );
      expect([found, plan.missing], JSON.stringify(next)).toEqual([[], 1]);
    }
    const empty = await recoverOne('aws_route53_record', { zone_id: 'Z1', name: 'cdn.example.com', type: 'A' }, [
      [ListResourceRecordSetsCommand, () => ({})],
    ]);
    expect(empty.found).toEqual([]);
  });
});

describe('recover finds a secret and its current version by name', () => {
  const ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:storytime-dev-rails-AbCdEf';

  it('imports a secret by ARN, or by name when it has none', async () => {
    const { found, calls } = await recoverOne('aws_secretsmanager_secret', { name: 'storytime-dev-rails' }, [
      [DescribeSecretCommand, () => ({ ARN, Tags: OURS })],
    ]);
    expect(found).toEqual([{ id: ARN, attributes: { id: ARN, arn: ARN, name: 'storytime-dev-rails' } }]);
    expect(calls).toEqual(['us-east-1 DescribeSecretCommand {"SecretId":"storytime-dev-rails"}']);
    const nameless = await recoverOne('aws_secretsmanager_secret', { name: 'storytime-dev-rails' }, [[DescribeSecretCommand, () => ({})]]);
    expect(nameless.plan.imports.map(({ id }) => id)).toEqual(['storytime-dev-rails']);
  });

  it("says how to restore a secret scheduled for deletion, refuses another stack's, and counts a missing one as not created", async () => {
    const deleted = await recoverOne('aws_secretsmanager_secret', { name: 'storytime-dev-rails' }, [
      [DescribeSecretCommand, () => ({ ARN, DeletedDate: new Date('2026-11-30T08:00:00Z'), Tags: OURS })],
    ]);
    expect(deleted.plan.problems).toEqual([
      'aws_secretsmanager_secret.it: secret storytime-dev-rails is scheduled for deletion since 2026-11-30T08:00:00.000Z: restore it (aws secretsmanager restore-secret --secret-id storytime-dev-rails) and run recover again, or wait out its recovery window',
    ]);
    const foreign = await recoverOne('aws_secretsmanager_secret', { name: 'storytime-dev-rails' }, [
      [DescribeSecretCommand, () => ({ ARN, Tags: PROD })],
    ]);
    expect(foreign.plan.problems).toEqual([
      'aws_secretsmanager_secret.it: secret storytime-dev-rails belongs to another stack: not adopted',
    ]);
    const absent = await recoverOne('aws_secretsmanager_secret', { name: 'storytime-dev-rails' }, [
      [DescribeSecretCommand, failing('ResourceNotFoundException')],
    ]);
    expect([absent.found, absent.plan.missing]).toEqual([[], 1]);
    const denied = await recoverOne('aws_secretsmanager_secret', { name: 'storytime-dev-rails' }, [
      [DescribeSecretCommand, failing('AccessDenied')],
    ]);
    expect(denied.plan.problems).toEqual(['aws_secretsmanager_secret.it: AccessDenied (fake)']);
  });

  it('imports the current version as ARN|version id', async () => {
    const { found, calls } = await recoverOne('aws_secretsmanager_secret_version', { secret_id: ARN }, [
      [DescribeSecretCommand, () => ({ ARN, VersionIdsToStages: { v1: ['AWSPREVIOUS'], v2: ['AWSPENDING', 'AWSCURRENT'] } })],
    ]);
    expect(found).toEqual([{ id: `${ARN}|v2`, attributes: { id: `${ARN}|v2`, version_id: 'v2' } }]);
    expect(calls).toEqual([`us-east-1 DescribeSecretCommand {"SecretId":"${ARN}"}`]);
  });

  it('finds no version without a current one or without the ARN, nor when the secret is gone', async () => {
    const answers: Json[] = [{ ARN, VersionIdsToStages: { v1: ['AWSPREVIOUS'] } }, { ARN }, { VersionIdsToStages: { v2: ['AWSCURRENT'] } }];
    for (const answer of answers) {
      const { found } = await recoverOne('aws_secretsmanager_secret_version', { secret_id: ARN }, [[DescribeSecretCommand, () => answer]]);
      expect(found, JSON.stringify(answer)).toEqual([]);
    }
    const absent = await recoverOne('aws_secretsmanager_secret_version', { secret_id: ARN }, [
      [DescribeSecretCommand, failing('ResourceNotFoundException')],
    ]);
    expect([absent.found, absent.plan.missing]).toEqual([[], 1]);
    const denied = await recoverOne('aws_secretsmanager_secret_version', { secret_id: ARN }, [
      [DescribeSecretCommand, failing('AccessDenied')],
    ]);
    expect(denied.plan.problems).toEqual(['aws_secretsmanager_secret_version.it: AccessDenied (fake)']);
  });
});
