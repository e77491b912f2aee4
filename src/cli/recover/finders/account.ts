/**
 * KMS keys (by description and owner tags: a key has no name), IAM roles,
 * policies and policy attachments, alarms, dashboards, CloudFront log
 * deliveries, listener rules (by listener and priority), Route53 records and
 * secrets: all by name.
 */
import { DescribeAlarmsCommand, GetDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeDeliveriesCommand, GetDeliveryDestinationCommand, GetDeliverySourceCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeRulesCommand, DescribeTagsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetPolicyCommand, GetRoleCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, ListKeysCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { isNotFound } from '../../aws/config';
import { gotten, ownedBy, tagRecord, type Finder, type Found } from './context';

const kmsKey: Finder = {
  needs: ['description'],
  async find({ description }, resource, context) {
    const kms = context.clients(resource.region).kms;
    const found: Found[] = [];
    let marker: string | undefined;
    do {
      const page = await kms.send(new ListKeysCommand({ Marker: marker }));
      for (const key of page.Keys ?? []) {
        const metadata = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata;
        if (metadata?.Description !== description || metadata.KeyManager !== 'CUSTOMER' || metadata.KeyState === 'PendingDeletion')
          continue;
        const listed = (await kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId }))).Tags ?? [];
        const tags = tagRecord(listed.map((tag) => ({ Key: tag.TagKey, Value: tag.TagValue })));
        if (!ownedBy(tags, context.tags, true)) continue;
        found.push({
          id: metadata.KeyId ?? '',
          attributes: { id: metadata.KeyId, key_id: metadata.KeyId, arn: metadata.Arn },
          note: `"${description}", tagged ${tags.Project}/${tags.Environment}`,
        });
      }
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    return found;
  },
};

const role = gotten(
  ['name'],
  async ({ name }, resource, context) => {
    const found = (await context.clients(resource.region).iam.send(new GetRoleCommand({ RoleName: name }))).Role;
    if (!ownedBy(tagRecord(found?.Tags), context.tags, false)) throw new Error(`role ${name} belongs to another stack: not adopted`);
    return { id: name, attributes: { id: name, name, arn: found?.Arn } };
  },
  ['NoSuchEntityException', 'NoSuchEntity'],
);

const rolePolicy = gotten(
  ['role', 'name'],
  async ({ role: roleName, name }, resource, context) => {
    await context.clients(resource.region).iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
    return { id: `${roleName}:${name}`, attributes: { id: `${roleName}:${name}` } };
  },
  ['NoSuchEntityException', 'NoSuchEntity'],
);

const policy = gotten(
  ['name'],
  async ({ name }, resource, context) => {
    const path = typeof resource.args.path === 'string' ? resource.args.path : '/';
    const arn = `arn:${context.partition}:iam::${context.account}:policy${path}${name}`;
    const found = (await context.clients(resource.region).iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
    if (!ownedBy(tagRecord(found?.Tags), context.tags, false)) throw new Error(`policy ${name} belongs to another stack: not adopted`);
    return { id: arn, attributes: { id: arn, arn } };
  },
  ['NoSuchEntityException', 'NoSuchEntity'],
);

/** A managed policy attached to a role: the role's attachments list it. */
const policyAttachment: Finder = {
  needs: ['role', 'policy_arn'],
  async find({ role: roleName, policy_arn: arn }, resource, context) {
    const iam = context.clients(resource.region).iam;
    let marker: string | undefined;
    try {
      do {
        const page = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker }));
        if ((page.AttachedPolicies ?? []).some((attached) => attached.PolicyArn === arn)) {
          return [{ id: `${roleName}/${arn}`, attributes: { id: `${roleName}/${arn}` } }];
        }
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
    } catch (error) {
      if (isNotFound(error, 'NoSuchEntityException', 'NoSuchEntity')) return [];
      throw error;
    }
    return [];
  },
};

const alarm: Finder = {
  needs: ['alarm_name'],
  async find({ alarm_name: name }, resource, context) {
    const alarms = await context.clients(resource.region).cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
    return (alarms.MetricAlarms ?? []).map((item) => ({ id: name, attributes: { id: name, arn: item.AlarmArn } }));
  },
};

const dashboard = gotten(
  ['dashboard_name'],
  async ({ dashboard_name: name }, resource, context) => {
    await context.clients(resource.region).cloudwatch.send(new GetDashboardCommand({ DashboardName: name }));
    return { id: name, attributes: { id: name, dashboard_name: name } };
  },
  ['ResourceNotFound', 'ResourceNotFoundException', 'DashboardNotFoundError'],
);

const deliverySource = gotten(
  ['name'],
  async ({ name }, resource, context) => {
    const found = (await context.clients(resource.region).logs.send(new GetDeliverySourceCommand({ name }))).deliverySource;
    return { id: name, attributes: { id: name, name, arn: found?.arn } };
  },
  ['ResourceNotFoundException'],
);

const deliveryDestination = gotten(
  ['name'],
  async ({ name }, resource, context) => {
    const found = (await context.clients(resource.region).logs.send(new GetDeliveryDestinationCommand({ name }))).deliveryDestination;
    return { id: name, attributes: { id: name, name, arn: found?.arn } };
  },
  ['ResourceNotFoundException'],
);

const delivery: Finder = {
  needs: ['delivery_source_name', 'delivery_destination_arn'],
  async find({ delivery_source_name: source, delivery_destination_arn: destination }, resource, context) {
    const listed = await context.clients(resource.region).logs.send(new DescribeDeliveriesCommand({}));
    return (listed.deliveries ?? [])
      .filter((item) => item.deliverySourceName === source && item.deliveryDestinationArn === destination && item.id)
      .map((item) => ({ id: item.id as string, attributes: { id: item.id, arn: item.arn } }));
  },
};

const listenerRule: Finder = {
  needs: ['listener_arn', 'priority'],
  async find({ listener_arn: listener, priority }, resource, context) {
    const elbv2 = context.clients(resource.region).elbv2;
    const rules = (await elbv2.send(new DescribeRulesCommand({ ListenerArn: listener }))).Rules ?? [];
    const rule = rules.find((item) => item.Priority === priority);
    if (!rule?.RuleArn) return [];
    const tags = tagRecord((await elbv2.send(new DescribeTagsCommand({ ResourceArns: [rule.RuleArn] }))).TagDescriptions?.[0]?.Tags);
    if (!ownedBy(tags, context.tags, false))
      throw new Error(
        `listener rule at priority ${priority} belongs to ${tags.Project}/${tags.Environment}: not adopted; priorities are alb.*Priority settings`,
      );
    return [{ id: rule.RuleArn, attributes: { id: rule.RuleArn, arn: rule.RuleArn }, note: `priority ${priority}` }];
  },
};

const record: Finder = {
  needs: ['zone_id', 'name', 'type'],
  async find({ zone_id: zone, name, type }, resource, context) {
    const wanted = name.endsWith('.') ? name : `${name}.`;
    const listed = await context
      .clients(resource.region)
      .route53.send(
        new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordName: wanted, StartRecordType: type as never, MaxItems: 1 }),
      );
    const found = (listed.ResourceRecordSets ?? []).find((item) => item.Name === wanted && item.Type === type);
    const id = `${zone}_${name.replace(/\.$/, '')}_${type}`;
    return found ? [{ id, attributes: { id, fqdn: name } }] : [];
  },
};

const secret: Finder = {
  needs: ['name'],
  async find({ name }, resource, context) {
    try {
      const found = await context.clients(resource.region).secrets.send(new DescribeSecretCommand({ SecretId: name }));
      if (found.DeletedDate) {
        throw new Error(
          `secret ${name} is scheduled for deletion since ${found.DeletedDate.toISOString()}: restore it (aws secretsmanager restore-secret --secret-id ${name}) and run recover again, or wait out its recovery window`,
        );
      }
      if (!ownedBy(tagRecord(found.Tags), context.tags, false)) throw new Error(`secret ${name} belongs to another stack: not adopted`);
      return [{ id: found.ARN ?? name, attributes: { id: found.ARN, arn: found.ARN, name } }];
    } catch (error) {
      if (isNotFound(error, 'ResourceNotFoundException')) return [];
      throw error;
    }
  },
};

const secretVersion: Finder = {
  needs: ['secret_id'],
  async find({ secret_id: secretId }, resource, context) {
    try {
      const found = await context.clients(resource.region).secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
      const current = Object.entries(found.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
      return current && found.ARN
        ? [{ id: `${found.ARN}|${current}`, attributes: { id: `${found.ARN}|${current}`, version_id: current } }]
        : [];
    } catch (error) {
      if (isNotFound(error, 'ResourceNotFoundException')) return [];
      throw error;
    }
  },
};

export const ACCOUNT_FINDERS: Readonly<Record<string, Finder>> = {
  aws_kms_key: kmsKey,
  aws_iam_role: role,
  aws_iam_role_policy: rolePolicy,
  aws_iam_policy: policy,
  aws_iam_role_policy_attachment: policyAttachment,
  aws_cloudwatch_metric_alarm: alarm,
  aws_cloudwatch_dashboard: dashboard,
  aws_cloudwatch_log_delivery_source: deliverySource,
  aws_cloudwatch_log_delivery_destination: deliveryDestination,
  aws_cloudwatch_log_delivery: delivery,
  aws_lb_listener_rule: listenerRule,
  aws_route53_record: record,
  aws_secretsmanager_secret: secret,
  aws_secretsmanager_secret_version: secretVersion,
};
