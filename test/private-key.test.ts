import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { addStacks } from '../src/app';
import { SettingsError, validateSettings, type SettingsInputs } from '../src/config/validate';
import { checkGuardrails } from '../src/guards';
import { synthesize } from '../src/synth';
import { exampleInputs, exampleWith } from './helpers';
import { tempDir } from './temp';

const rsa = (modulusLength: number) => generateKeyPairSync('rsa', { modulusLength });
const pair = rsa(2048);
const PKCS8 = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PKCS1 = pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const BODY_LINE = PKCS8.split('\n')[1];

function problemsOf(inputs: SettingsInputs): readonly string[] {
  try {
    validateSettings(inputs);
    return [];
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
}

const LEAK = 'dev: signing.publicKeys[0].pem: holds private key material (value not shown): give only the public half, -----BEGIN PUBLIC KEY-----, and treat that private key as leaked';
const NOT_PEM = 'dev: signing.publicKeys[0].pem: expected a PEM-encoded public key (-----BEGIN PUBLIC KEY-----)';

describe('signing.publicKeys[].pem', () => {
  it.each([
    ['a PKCS#8 private key', PKCS8, LEAK],
    ['a PKCS#1 private key', PKCS1, LEAK],
    ['a public key followed by its private key', `${pair.publicKey.export({ type: 'spki', format: 'pem' })}${PKCS8}`, LEAK],
    ['a PKCS#1 public key (CloudFront takes SubjectPublicKeyInfo only)', pair.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(), NOT_PEM],
    ['a certificate-looking blob', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', NOT_PEM],
    ['an empty string', '', NOT_PEM],
    [
      'an RSA-1024 public key',
      rsa(1024).publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      'dev: signing.publicKeys[0].pem: expected an RSA 2048-bit public key (CloudFront key groups accept only these)',
    ],
  ])('refuses %s in one line that never echoes the key', (_name, pem, expected) => {
    const problems = problemsOf(exampleWith('dev', (s) => (s.signing.publicKeys[0].pem = pem)));
    expect(problems).toEqual([expected]);
    expect(problems.join('\n')).not.toContain(BODY_LINE);
  });
});

describe('guard ST-KEY-1 over every string of every stack', () => {
  /** Settings that passed validation, altered afterwards as a buggy module or override could. */
  function guardMessages(change: (settings: ReturnType<typeof validateSettings>['environments'][number]) => void): string[] {
    const settings = validateSettings(exampleInputs());
    const dev = structuredClone(settings.environments[0]);
    change(dev);
    const app = new App({ outdir: tempDir('guard'), stackTraces: false });
    // The dev stack alone: no state stack without state settings.
    const stacks = addStacks(app, { environments: [dev] });
    return checkGuardrails(stacks.map((stack) => ({ stack, scope: stack.guardScope })))
      .filter((finding) => finding.ruleId === 'ST-KEY-1')
      .map((finding) => finding.message);
  }

  it.each([
    ['PKCS#8', PKCS8],
    ['PKCS#1', PKCS1],
  ])('fails on a %s private key that reached a public key resource', (_format, pem) => {
    const messages = guardMessages((dev) => ((dev.signing.publicKeys[0] as { pem: string }).pem = pem));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^\[ST-KEY-1\] no private key material is ever written to Terraform JSON \(it would reach the plan and the state\): resource\.aws_cloudfront_public_key\.cdn_public-key-2026-11_[0-9A-F]{8}\.encoded_key holds private key material, value not shown \(storytime-dev\)$/,
    );
    expect(messages[0]).not.toContain(BODY_LINE);
  });

  it('fails on a key smuggled through a tag key, naming it by position only', () => {
    const messages = guardMessages((dev) => ((dev.tags as Record<string, string>)[PKCS1] = 'x'));
    expect(messages).toEqual([
      '[ST-KEY-1] no private key material is ever written to Terraform JSON (it would reach the plan and the state): provider.aws[0].default_tags[0].tags.<a key> holds private key material, value not shown (storytime-dev)',
    ]);
  });

  it('stops npm run synth on a key smuggled in a tag value, writing nothing', () => {
    const outdir = join(tempDir('synth'), 'out');
    const lines: string[] = [];
    const smuggled = `-----BEGIN RSA PRIVATE KEY----- ${BODY_LINE}`;
    const code = synthesize(
      exampleWith('prod', (s) => (s.tags.Owner = smuggled)),
      { outdir, report: (line) => lines.push(line) },
    );
    expect(lines).toEqual([
      'guardrail: [ST-KEY-1] no private key material is ever written to Terraform JSON (it would reach the plan and the state): provider.aws[0].default_tags[0].tags.Owner holds private key material, value not shown (storytime-prod)',
    ]);
    expect(code).toBe(1);
    expect(existsSync(outdir)).toBe(false);
  });

  it('finds nothing in the shipped examples', () => {
    expect(guardMessages(() => undefined)).toEqual([]);
  });
});
