import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, TerraformOutput, type TerraformStack } from 'cdktf';
import { CloudfrontPublicKey } from '@cdktf/provider-aws/lib/cloudfront-public-key';
import { describe, expect, it } from 'vitest';
import { addStacks } from '../../src/app';
import { validateSettings } from '../../src/config/validate';
import { checkGuardrails } from '../../src/guards';
import { synthesize } from '../../src/synth';
import { exampleInputs, exampleWith } from '../helpers';
import { rsaKeyPair } from '../keys';
import { tempDir } from '../temp';
import { guardedStack, messagesOf } from './guarded';
import { ST_KEY_1 } from '../../src/guards/rules/st-key-1';

const pair = rsaKeyPair('signer');
const PKCS8 = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PKCS1 = pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const BODY_LINE = PKCS8.split('\n')[1];
const REASON = '[ST-KEY-1] no private key material is ever written to Terraform JSON (it would reach the plan and the state)';

describe('ST-KEY-1 over every string of every stack', () => {
  /** Settings that passed validation, altered afterwards as a buggy change could; `tamper` then overrides what the modules made. */
  function guardMessages(
    change: (settings: ReturnType<typeof validateSettings>['environments'][number]) => void,
    tamper: (stack: TerraformStack) => void = () => undefined,
  ): string[] {
    const settings = validateSettings(exampleInputs());
    const dev = structuredClone(settings.environments[0]);
    change(dev);
    const app = new App({ outdir: tempDir('guard'), stackTraces: false });
    // Dev alone: its stack and its state bootstrap.
    const stacks = addStacks(app, { environments: [dev] });
    stacks.forEach(tamper);
    return checkGuardrails(stacks.map((stack) => ({ stack, scope: stack.guardScope })))
      .filter((finding) => finding.ruleId === 'ST-KEY-1')
      .map((finding) => finding.message);
  }

  it.each([
    ['PKCS#8', PKCS8],
    ['PKCS#1', PKCS1],
  ])('fails on a %s private key that reached a public key resource', (_format, pem) => {
    // modules/cloudfront_hls refuses such a PEM itself; an override made after it gets past that check, not past the guard.
    const messages = guardMessages(
      () => undefined,
      (stack) =>
        stack.node
          .findAll()
          .filter((node): node is CloudfrontPublicKey => node instanceof CloudfrontPublicKey)
          .forEach((key) => key.addOverride('encoded_key', pem)),
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^\[ST-KEY-1\] no private key material is ever written to Terraform JSON \(it would reach the plan and the state\): resource\.aws_cloudfront_public_key\.cdn_public-key-2026-11_[0-9A-F]{8}\.encoded_key holds private key material, value not shown \(storytime-dev\)$/,
    );
    expect(messages[0]).not.toContain(BODY_LINE);
  });

  it('fails on a key smuggled through a tag key, naming it by position only', () => {
    const messages = guardMessages((dev) => (dev.tags[PKCS1] = 'x'));
    expect(messages).toEqual(
      ['storytime-dev', 'storytime-state-dev'].map(
        (stack) => `${REASON}: provider.aws[0].default_tags[0].tags.<a key> holds private key material, value not shown (${stack})`,
      ),
    );
  });

  it('stops npm run synth on a key smuggled in a tag value, writing nothing', () => {
    const outdir = join(tempDir('synth'), 'out');
    const lines: string[] = [];
    const smuggled = `-----BEGIN RSA PRIVATE KEY----- ${BODY_LINE}`;
    const code = synthesize(
      exampleWith('prod', (s) => (s.tags.Owner = smuggled)),
      { outdir, report: (line) => lines.push(line) },
    );
    expect(lines).toEqual(
      ['storytime-prod', 'storytime-state-prod'].map(
        (stack) =>
          `guardrail: ${REASON}: provider.aws[0].default_tags[0].tags.Owner holds private key material, value not shown (${stack})`,
      ),
    );
    expect(code).toBe(1);
    expect(existsSync(outdir)).toBe(false);
  });

  it('finds nothing in the shipped examples', () => {
    expect(guardMessages(() => undefined)).toEqual([]);
  });

  it('reads outputs too, and runs whichever resource rules are chosen', () => {
    const stack = guardedStack();
    new TerraformOutput(stack, 'leak', { value: ['fine', `-----BEGIN EC PRIVATE KEY----- ${BODY_LINE}`] });
    expect(messagesOf(stack)).toEqual([`${REASON}: output.leak.value[1] holds private key material, value not shown (guarded)`]);
    expect(messagesOf(stack, {}, [])).toEqual([`${REASON}: output.leak.value[1] holds private key material, value not shown (guarded)`]);
  });
});

describe('ST-KEY-1, in detail', () => {
  it('names the root when the whole document is the key, and passes over null and numbers', () => {
    expect(ST_KEY_1.check('-----BEGIN PRIVATE KEY-----' as never)).toEqual(['(root) holds private key material, value not shown']);
    expect(ST_KEY_1.check({ a: null, b: 1, c: [true] })).toEqual([]);
  });
});
