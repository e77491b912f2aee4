/**
 * The emulator's settings source: the shipped examples (via test/helpers, so
 * that every other field stays as shipped) with the references to things
 * outside the stacks pointed at what scripts/emulator/outside.py created in
 * the emulator. The files in stacks/settings/ are never edited.
 */
import type { SettingsInputs } from '../../src/config/validate';
import { exampleInputs, type Json } from '../helpers';

/** What outside.py prints per environment. */
export interface OutsideEnvironment {
  readonly account: string;
  readonly credentials: Readonly<Record<string, string>>;
  readonly certificateArn: string;
  readonly hostedZoneId: string;
  readonly listenerArn: string;
  readonly albDnsName: string;
  /** The ALB's CanonicalHostedZoneId, the alias target of the API origin record. */
  readonly albHostedZoneId: string;
  readonly apiTargetGroupArn: string;
}

/**
 * Environments only the emulator has, each a copy of dev in an account of its
 * own, so that the scenarios that need a fresh environment (interrupted
 * applies, a network cut, destroy and re-apply) run beside the others on the
 * one moto server: `dev` becomes the name in every value but the keys.
 */
export const SCENARIO_ENVIRONMENTS: Readonly<Record<string, string>> = {
  killed: '333333333301',
  netcut: '333333333302',
};

function copyOfDev(dev: Json, name: string, account: string): Json {
  const rename = (value: Json, path: string): Json => {
    if (path === 'signing') return value;
    if (typeof value === 'string') return value.replace(/111111111111/g, account).replace(/\bdev\b/g, name);
    if (Array.isArray(value)) return value.map((item) => rename(item, path));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rename(inner, key)]));
    return value;
  };
  return rename(dev, '');
}

/** The shipped examples and the scenario environments, before the outside resources are put in. */
export function baseInputs(): SettingsInputs {
  const inputs = exampleInputs();
  for (const [name, account] of Object.entries(SCENARIO_ENVIRONMENTS))
    inputs.environments[name] = copyOfDev(inputs.environments.dev, name, account);
  return inputs;
}

/**
 * `outside.py` arguments, one per environment:
 * `<env>=<account>:<zone>`, the zone being the parent of the CDN domain.
 */
export function outsideSpecs(): string[] {
  return Object.values(baseInputs().environments).map((settings: Json) => {
    const domain: string | undefined = settings.cdn.customDomain?.domainName;
    const zone = domain ? domain.split('.').slice(1).join('.') : `${settings.environment}.storytime.example`;
    return `${settings.environment}=${settings.aws.accountId}:${zone}`;
  });
}

export function emulatorInputs(outside: Readonly<Record<string, OutsideEnvironment>>): SettingsInputs {
  const inputs = baseInputs();
  for (const [label, settings] of Object.entries(inputs.environments) as [string, Json][]) {
    const created = outside[settings.environment ?? label];
    if (!created) throw new Error(`outside.py created nothing for environment ${settings.environment ?? label}`);
    if (!settings.aws.allowedAccountIds.includes(created.account)) {
      throw new Error(
        `${label}: outside resources are in ${created.account}, the settings allow ${settings.aws.allowedAccountIds.join(', ')}`,
      );
    }
    if (settings.cdn.webAclArn)
      throw new Error(`${label}: cdn.webAclArn attaches a web ACL made elsewhere; outside.py creates none (the examples create their own)`);
    if (settings.cdn.customDomain) {
      settings.cdn.customDomain.certificateArn = created.certificateArn;
      settings.cdn.customDomain.hostedZoneId = created.hostedZoneId;
    }
    if (settings.alb?.enabled) {
      Object.assign(settings.alb, {
        listenerArn: created.listenerArn,
        dnsName: created.albDnsName,
        apiTargetGroupArn: created.apiTargetGroupArn,
      });
      // The API origin name is in the same zone as the CDN domain (outside.py creates one zone per environment).
      if (settings.alb.originRecord)
        settings.alb.originRecord = { hostedZoneId: created.hostedZoneId, albHostedZoneId: created.albHostedZoneId };
    }
  }
  return inputs;
}
