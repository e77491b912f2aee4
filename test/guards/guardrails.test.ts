import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { PrivateBucket } from '../../modules/s3_bucket';
import { checkGuardrails, GUARD_RULES, recordSuppressions, STACK_RULES, suppressGuardrail } from '../../src/guards';
import { bareBucket, DEV, guardedStack, messagesOf } from './guarded';

const S3_1 =
  '[ST-S3-1] every bucket blocks all public access: bucket storytime-bare-dev lacks a public access block with all four flags true';
const S3_2 = '[ST-S3-2] every bucket encrypts at rest by default: bucket storytime-bare-dev has no default encryption';
const S3_3 =
  '[ST-S3-3] every bucket has exactly one policy and it denies requests without TLS: bucket storytime-bare-dev has no policy denying aws:SecureTransport=false';

describe('guardrails', () => {
  it('list every rule once, in the order synth reports them, each with a one-line reason', () => {
    const ids = [...GUARD_RULES, ...STACK_RULES].map((rule) => rule.id);
    expect(ids).toEqual([
      'ST-POL-1',
      'ST-S3-1',
      'ST-S3-2',
      'ST-S3-3',
      'ST-S3-4',
      'ST-CF-1',
      'ST-CF-2',
      'ST-CF-3',
      'ST-CF-4',
      'ST-CF-5',
      'ST-IAM-1',
      'ST-IAM-2',
      'ST-IAM-3',
      'ST-IAM-4',
      'ST-SM-1',
      'ST-ENV-1',
      'ST-ENV-2',
      'ST-KEY-1',
    ]);
    for (const rule of [...GUARD_RULES, ...STACK_RULES]) {
      expect(rule.reason.length).toBeGreaterThan(20);
      expect(rule.reason).not.toMatch(/\n/);
    }
  });

  it('keep each rule alone in the file named for its id, every file of src/guards/rules listed', async () => {
    const folder = join(__dirname, '..', '..', 'src', 'guards', 'rules');
    const files = readdirSync(folder).filter((file) => file !== 'index.ts');
    expect(files.sort()).toEqual([...GUARD_RULES, ...STACK_RULES].map((rule) => `${rule.id.toLowerCase()}.ts`).sort());
    for (const file of files) {
      const exported = Object.values((await import(join(folder, file))) as Record<string, { id: string }>);
      expect(exported.map((rule) => rule.id)).toEqual([file.slice(0, -'.ts'.length).toUpperCase()]);
    }
  });

  it('pass on a PrivateBucket', () => {
    const stack = guardedStack();
    new PrivateBucket(stack, 'private', { bucketName: 'storytime-private-dev' });
    expect(messagesOf(stack)).toEqual([]);
  });

  it('report each finding as [id] reason: detail (construct path), rule by rule', () => {
    const stack = guardedStack();
    bareBucket(stack);
    expect(messagesOf(stack)).toEqual([`${S3_1} (guarded/bare)`, `${S3_2} (guarded/bare)`, `${S3_3} (guarded/bare)`]);
    expect(checkGuardrails([{ stack, scope: DEV }]).map(({ ruleId, path }) => [ruleId, path])).toEqual([
      ['ST-S3-1', 'guarded/bare'],
      ['ST-S3-2', 'guarded/bare'],
      ['ST-S3-3', 'guarded/bare'],
    ]);
  });
});

describe('suppressions', () => {
  it('exempt a construct and its children from one rule only', () => {
    const stack = guardedStack();
    bareBucket(stack);
    suppressGuardrail(stack, 'ST-S3-3', 'policy managed by the security team outside Terraform');
    expect(messagesOf(stack)).toEqual([`${S3_1} (guarded/bare)`, `${S3_2} (guarded/bare)`]);
  });

  it('are refused without a reason of 10 characters, for an unknown rule, and for the stack rule ST-KEY-1', () => {
    const stack = guardedStack();
    expect(() => suppressGuardrail(stack, 'ST-S3-1', 'because')).toThrow(
      'suppressGuardrail: ST-S3-1 on guarded needs a reason of at least 10 characters',
    );
    expect(() => suppressGuardrail(stack, 'ST-XX-9', 'a long enough reason')).toThrow('suppressGuardrail: unknown rule ST-XX-9');
    expect(() => suppressGuardrail(stack, 'ST-KEY-1', 'the key is a test fixture')).toThrow('suppressGuardrail: unknown rule ST-KEY-1');
  });

  it('are written beside the resource they exempt in the synthesized JSON', () => {
    const stack = guardedStack();
    bareBucket(stack);
    suppressGuardrail(stack, 'ST-S3-2', 'encrypted by the bucket default of the account');
    expect(messagesOf(stack)).toEqual([`${S3_1} (guarded/bare)`, `${S3_3} (guarded/bare)`]);
    const app = App.of(stack);
    app.synth();
    const json = JSON.parse(readFileSync(join(app.outdir, 'stacks', 'guarded', 'cdk.tf.json'), 'utf8'));
    expect(json.resource.aws_s3_bucket.bare['//'].guardrail_suppressions).toEqual([
      { id: 'ST-S3-2', reason: 'encrypted by the bucket default of the account' },
    ]);
  });

  it('let the reason of the nearest construct win when two scopes suppress one rule', () => {
    const stack = guardedStack();
    const bucket = bareBucket(stack);
    suppressGuardrail(stack, 'ST-S3-2', 'the whole stack is encrypted by the account default');
    suppressGuardrail(bucket, 'ST-S3-2', 'this bucket is encrypted by its own default');
    recordSuppressions(stack);
    const json = stack.toTerraform();
    expect(json.resource.aws_s3_bucket.bare['//'].guardrail_suppressions).toEqual([
      { id: 'ST-S3-2', reason: 'this bucket is encrypted by its own default' },
    ]);
  });
});

describe('suppressions, in detail', () => {
  it('accept a reason of exactly 10 characters, not counting the spaces around it', () => {
    const stack = guardedStack();
    expect(() => suppressGuardrail(stack, 'ST-S3-1', '   padded   ')).toThrow(
      'suppressGuardrail: ST-S3-1 on guarded needs a reason of at least 10 characters',
    );
    suppressGuardrail(stack, 'ST-S3-1', 'ten chars!');
    expect(stack.node.metadata.map(({ type, data }) => [type, data])).toEqual([
      ['storytime:guardrail-suppression', { id: 'ST-S3-1', reason: 'ten chars!' }],
    ]);
  });

  it('are written on the resources below a suppressed construct only, never on those without one', () => {
    const stack = guardedStack();
    const scope = new Construct(stack, 'scope');
    bareBucket(scope, 'storytime-scoped-dev', 'scoped');
    bareBucket(stack, 'storytime-plain-dev', 'plain');
    suppressGuardrail(scope, 'ST-S3-2', 'encrypted by the account default');
    recordSuppressions(stack);
    const buckets = stack.toTerraform().resource.aws_s3_bucket;
    expect(buckets.scope_scoped_1B922C54['//'].guardrail_suppressions).toEqual([
      { id: 'ST-S3-2', reason: 'encrypted by the account default' },
    ]);
    expect(buckets.plain['//']).toEqual({ metadata: expect.any(Object) });
  });

  it('are read from the JSON given, leaving the stack as it is', () => {
    const stack = guardedStack();
    bareBucket(stack);
    suppressGuardrail(stack, 'ST-S3-1', 'public access is blocked account-wide');
    const json = stack.toTerraform();
    expect(checkGuardrails([{ stack, scope: DEV, json }]).map(({ ruleId }) => ruleId)).toEqual(['ST-S3-1', 'ST-S3-2', 'ST-S3-3']);
    expect(stack.toTerraform().resource.aws_s3_bucket.bare['//'].guardrail_suppressions).toBeUndefined();
  });

  it("give each rule every environment of the app, so that a stack naming another's is found", () => {
    const dev = guardedStack();
    bareBucket(dev, 'storytime-qa-logs', 'logs');
    const qa = guardedStack();
    const findings = checkGuardrails(
      [
        { stack: dev, scope: DEV },
        { stack: qa, scope: { ...DEV, environment: 'qa' } },
      ],
      GUARD_RULES.filter(({ id }) => id === 'ST-ENV-1'),
    );
    expect(findings.map(({ message }) => message)).toEqual([
      "[ST-ENV-1] a stack never references another environment's origin, ALB, certificate, zone or bucket: bucket 'storytime-qa-logs' belongs to environment qa (token 'qa'), but this stack is dev (guarded/logs)",
    ]);
  });
});
