import { describe, expect, it } from 'vitest';
import { SettingsError, validateSettings } from '../src/config/validate';
import { addressAt, exampleInputs, exampleWith, resourceAt, resourcesOf, synthAll, type Json } from './helpers';

const address = (json: Json, color: 'blue' | 'green') =>
  addressAt(json, 'random_password', color === 'blue' ? 'secrets/origin-verify-value' : 'secrets/origin-verify-green');
const result = (json: Json, color: 'blue' | 'green') => `\${${address(json, color)}.result}`;

function headerValues(json: Json): string[][] {
  return resourcesOf(json, 'aws_lb_listener_rule').flatMap(([, rule]) =>
    (rule.condition as Json[]).filter((condition) => condition.http_header).map((condition) => condition.http_header.values),
  );
}

describe.each(['blue', 'green'] as const)('origin-verify with %s active', (active) => {
  const stacks = synthAll(
    active === 'blue' ? exampleInputs() : exampleWith('prod', (s) => (s.alb.originVerifyActive = 'green')),
  );
  const json = stacks['storytime-prod'];

  it('keeps two 64-character values', () => {
    for (const path of ['secrets/origin-verify-value', 'secrets/origin-verify-green']) {
      expect(resourceAt(json, 'random_password', path)).toMatchObject({ length: 64, special: false });
    }
  });

  it('accepts both values in every header-checking listener rule', () => {
    expect(headerValues(json)).toEqual([
      [result(json, 'blue'), result(json, 'green')],
      [result(json, 'blue'), result(json, 'green')],
    ]);
  });

  it('sends only the active value from CloudFront', () => {
    const api = resourceAt(json, 'aws_cloudfront_distribution', 'cdn/distribution').origin[1];
    expect(api.custom_header).toEqual([{ name: 'X-Origin-Verify', value: result(json, active) }]);
  });

  it('stores only the active value in the secret, and says which', () => {
    expect(resourceAt(json, 'aws_secretsmanager_secret_version', 'secrets/origin-verify-version').secret_string).toBe(
      `\${jsonencode({"active" = "${active}", "value" = ${address(json, active)}.result})}`,
    );
    expect(json.output.origin_verify_active.value).toBe(active);
  });
});

describe('origin-verify settings', () => {
  const problems = (change: (s: Json) => void) => {
    try {
      validateSettings(exampleWith('prod', change));
      return [];
    } catch (error) {
      return (error as SettingsError).problems;
    }
  };

  it('refuses a colour other than blue or green', () => {
    expect(problems((s) => (s.alb.originVerifyActive = 'red'))).toEqual([
      'prod: alb.originVerifyActive: expected one of blue, green',
    ]);
  });

  it('leaves room for both header values in the 5 condition values of an ALB rule', () => {
    expect(problems((s) => (s.alb.webHosts = ['a.storytime.example', 'b.storytime.example', 'c.storytime.example', 'd.storytime.example']))).toEqual([
      'prod: alb.webHosts: expected at most 3 (an ALB rule takes 5 condition values and two are the blue/green origin header values)',
    ]);
  });
});
