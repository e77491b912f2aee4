import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exampleWith, resourcesOf, synthAll } from './helpers';

describe('CloudFront key rotation', () => {
  it('puts every configured key in the key group and outputs the active id and all ids', () => {
    const next = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const json = synthAll(
      exampleWith('dev', (settings) => {
        settings.signing.publicKeys.push({ name: '2027-05', pem: next });
        settings.signing.activeKey = '2027-05';
      }),
    )['storytime-dev'];
    const keys = Object.fromEntries(resourcesOf(json, 'aws_cloudfront_public_key').map(([id, key]) => [key.name, id]));
    expect(Object.keys(keys)).toEqual(['storytime-dev-2026-11', 'storytime-dev-2027-05']);
    expect(resourcesOf(json, 'aws_cloudfront_public_key').find(([, key]) => key.name === 'storytime-dev-2027-05')?.[1].encoded_key).toBe(next);
    const ref = (name: string) => `\${aws_cloudfront_public_key.${keys[name]}.id}`;
    expect(resourcesOf(json, 'aws_cloudfront_key_group')[0][1].items).toEqual([ref('storytime-dev-2026-11'), ref('storytime-dev-2027-05')]);
    expect(json.output.cloudfront_public_key_id.value).toBe(ref('storytime-dev-2027-05'));
    expect(json.output.cloudfront_public_key_ids.value).toEqual({ '2026-11': ref('storytime-dev-2026-11'), '2027-05': ref('storytime-dev-2027-05') });
  });
});
