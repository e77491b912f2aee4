import { describe, expect, it } from 'vitest';
import { ISO_COUNTRY_CODES, ORIGIN_SHIELD_REGIONS } from '../modules/cloudfront_hls';
import { exampleWith, type Json, problemsOf, resourceAt, synthAll } from './helpers';

const distributionOf = (stack: Json) => resourceAt(stack, 'aws_cloudfront_distribution', 'cdn/distribution');
const hlsOrigin = (stack: Json) => distributionOf(stack).origin.find((origin: Json) => origin.origin_id === 'hls-outputs-s3');
const stacks = synthAll();

describe('Origin Shield', () => {
  it('is off in dev and in us-east-1, beside the bucket, in prod', () => {
    expect(hlsOrigin(stacks['storytime-dev']).origin_shield).toBeUndefined();
    expect(hlsOrigin(stacks['storytime-prod']).origin_shield).toEqual({ enabled: true, origin_shield_region: 'us-east-1' });
  });

  it('is never put in front of the uncached API origin', () => {
    const api = distributionOf(stacks['storytime-prod']).origin.filter((origin: Json) => origin.origin_id !== 'hls-outputs-s3');
    expect(api).toHaveLength(1);
    expect(api[0].origin_shield).toBeUndefined();
  });

  it('uses the region of the settings', () => {
    const stack = synthAll(exampleWith('dev', (settings) => (settings.cdn.originShieldRegion = 'eu-central-1')))['storytime-dev'];
    expect(hlsOrigin(stack).origin_shield).toEqual({ enabled: true, origin_shield_region: 'eu-central-1' });
  });

  it('lists the twelve regions CloudFront offers it in', () => {
    expect([...ORIGIN_SHIELD_REGIONS].sort()).toEqual([
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-south-1',
      'ap-southeast-1',
      'ap-southeast-2',
      'eu-central-1',
      'eu-west-1',
      'eu-west-2',
      'sa-east-1',
      'us-east-1',
      'us-east-2',
      'us-west-2',
    ]);
  });

  it.each(['us-west-1', 'eu-north-1', 'useast1'])('rejects %s', (region) => {
    expect(problemsOf(exampleWith('prod', (settings) => (settings.cdn.originShieldRegion = region)))).toEqual([
      'prod: cdn.originShieldRegion: expected a region CloudFront offers Origin Shield in: us-east-1, us-east-2, us-west-2, ap-south-1, ap-northeast-1, ap-northeast-2, ap-southeast-1, ap-southeast-2, eu-central-1, eu-west-1, eu-west-2, sa-east-1',
    ]);
  });
});

describe('geographic restriction', () => {
  it('is none by default', () => {
    for (const stack of Object.values(stacks).filter((json: Json) => json.resource.aws_cloudfront_distribution)) {
      expect(distributionOf(stack).restrictions).toEqual({ geo_restriction: { restriction_type: 'none' } });
    }
  });

  it.each([
    ['allow', 'whitelist'],
    ['deny', 'blacklist'],
  ])('maps %s to %s with the listed countries', (mode, type) => {
    const stack = synthAll(exampleWith('dev', (settings) => (settings.cdn.geoRestriction = { mode, countries: ['US', 'CA', 'GB'] })))[
      'storytime-dev'
    ];
    expect(distributionOf(stack).restrictions).toEqual({ geo_restriction: { restriction_type: type, locations: ['US', 'CA', 'GB'] } });
  });

  it('knows the 249 ISO 3166-1 alpha-2 codes and no reserved ones', () => {
    expect(ISO_COUNTRY_CODES.size).toBe(249);
    for (const code of ['US', 'DE', 'JP', 'BR', 'ZA', 'AX', 'SS']) expect(ISO_COUNTRY_CODES.has(code)).toBe(true);
    for (const code of ['UK', 'EU', 'XK', 'ZZ', 'AN', 'us']) expect(ISO_COUNTRY_CODES.has(code)).toBe(false);
  });

  it.each([
    [
      { mode: 'allow', countries: ['UK'] },
      ['prod: cdn.geoRestriction.countries[0]: expected an ISO 3166-1 alpha-2 country code in upper case, such as US'],
    ],
    [
      { mode: 'deny', countries: ['US', 'us'] },
      ['prod: cdn.geoRestriction.countries[1]: expected an ISO 3166-1 alpha-2 country code in upper case, such as US'],
    ],
    [{ mode: 'deny', countries: ['FR', 'FR'] }, ["prod: cdn.geoRestriction.countries[1]: duplicate country 'FR'"]],
    [{ mode: 'allow', countries: [] }, ['prod: cdn.geoRestriction.countries: expected at least one country']],
  ])('rejects %j', (geoRestriction, expected) => {
    expect(problemsOf(exampleWith('prod', (settings) => (settings.cdn.geoRestriction = geoRestriction)))).toEqual(expected);
  });

  it('rejects an unknown mode', () => {
    const problems = problemsOf(exampleWith('prod', (settings) => (settings.cdn.geoRestriction = { mode: 'block', countries: ['FR'] })));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^prod: cdn\.geoRestriction\.mode: /);
  });
});
