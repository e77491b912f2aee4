/**
 * Day-2 scenarios on an applied environment: credentials of the wrong
 * account, a stale lock, drift of every class a plan cannot see, a lost and a
 * garbled state object, and both rotations run with the runbooks' own commands.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Step } from './backend';
import { byHand, cli, emptyPlan, planAndApply, terraform, type Operator } from './operator';
import { lockHolder } from './phases';
import { storytime, synthesizeProject, writeSettings } from './project';
import { runBlock, runbookBlocks } from './runbook';
import type { OutsideEnvironment } from './settings';
import type { EmulatorStack } from './stacks';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- settings inputs as JSON
type Json = any;

/** `npm run plan` and `npm run storytime -- destroy` of one environment with another account's credentials. */
export async function wrongCredentials(operator: Operator, environment: string, other: EmulatorStack) {
  const plan = await storytime(operator.project, ['plan', environment, '--no-synth'], other.credentials);
  const destroy = await storytime(operator.project, ['destroy', environment, '--no-synth', '--yes'], other.credentials);
  return { plan, destroy };
}

export interface StaleLockResult {
  readonly whileRunning: Step;
  readonly withoutYes: Step;
  readonly released: Step;
  readonly planAfter: Step;
}

/** A plan holding the lock is killed (SIGKILL): its locks stay. unlock refuses while it runs, then releases both. */
export async function staleLock(operator: Operator, stack: EmulatorStack, environment: string): Promise<StaleLockResult> {
  let prompted: () => void = () => undefined;
  const atPrompt = new Promise<void>((resolve) => (prompted = resolve));
  const holder = terraform(operator, stack, { TF_INPUT: '1' })(lockHolder(stack), {
    interactive: true,
    killable: true,
    onOutput: (text) => {
      if (text.includes('Enter a value:')) prompted();
    },
  });
  await Promise.race([atPrompt, holder.done]);
  const whileRunning = await cli(operator, stack, ['unlock', environment, '--yes']);
  holder.killAll('SIGKILL');
  await holder.done;
  const withoutYes = await cli(operator, stack, ['unlock', environment]);
  const released = await cli(operator, stack, ['unlock', environment, '--yes']);
  const planAfter = await emptyPlan(operator, stack);
  return { whileRunning, withoutYes, released, planAfter };
}

export interface DriftResult {
  readonly clean: Step;
  readonly tampered: Step;
  readonly repair: { plan: Step; apply: Step };
  readonly repaired: Step;
  readonly originVerify: { readonly tampered: string; readonly after: string | undefined };
}

/** Five tamperings by hand, then drift, then the plan and apply that repair what Terraform owns, then drift again. */
export async function drift(operator: Operator, stack: EmulatorStack, environment: string): Promise<DriftResult> {
  const name = (type: string, suffix: string) =>
    String(
      Object.values(stack.json.resource[type] as Record<string, { name: string }>).find((config) => config.name.endsWith(suffix))?.name,
    );
  const clean = await cli(operator, stack, ['drift', environment, '--no-synth']);
  const originVerifySecret = name('aws_secretsmanager_secret', '/origin_verify');
  const tampered = JSON.stringify({ active: 'blue', value: 'tampered-by-hand' });
  await byHand(operator, stack, 'put-secret', originVerifySecret, tampered);
  await byHand(
    operator,
    stack,
    'put-secret',
    name('aws_secretsmanager_secret', '/cloudfront_private_key'),
    JSON.stringify({ keyPairId: 'KFOREIGN00000', privateKeyPem: 'x' }),
  );
  await byHand(operator, stack, 'tamper-cache-ttl', name('aws_cloudfront_cache_policy', '-hls-manifests'), '5');
  await byHand(operator, stack, 'tamper-header', name('aws_cloudfront_response_headers_policy', '-hls'), 'prod');
  await byHand(operator, stack, 'tamper-key-group', name('aws_cloudfront_key_group', '-hls'));
  const found = await cli(operator, stack, ['drift', environment, '--no-synth']);
  const repair = await planAndApply(operator, stack, environment);
  const repaired = await cli(operator, stack, ['drift', environment, '--no-synth']);
  const after = (await byHand(operator, stack, 'secret', originVerifySecret)).value as string | undefined;
  return { clean, tampered: found, repair, repaired, originVerify: { tampered, after } };
}

export interface RestoreResult {
  readonly brokenPlan: Step;
  readonly list: Step;
  readonly dryRun: Step;
  readonly restore: Step;
  readonly planAfter: Step;
}

/** The state object deleted (`state-delete`) or overwritten with garbage (`state-garble`), then restored. */
export async function lostState(
  operator: Operator,
  stack: EmulatorStack,
  environment: string,
  how: 'state-delete' | 'state-garble',
): Promise<RestoreResult> {
  const backend = stack.backend;
  if (!backend) throw new Error(`${stack.name}: no S3 backend`);
  await byHand(operator, stack, how, backend.bucket, backend.key);
  const brokenPlan = await terraform(operator, stack)(['plan', '-input=false', '-refresh=false', '-lock-timeout=0s']).done;
  const list = await cli(operator, stack, ['state:restore', environment]);
  // The newest version that is a state: what the last apply wrote.
  const version = /^ {2}(\S+) {2}\S+ {2}\d+ bytes, serial \d+/m.exec(list.output)?.[1] ?? 'none';
  const dryRun = await cli(operator, stack, ['state:restore', environment, '--version', version, '--dry-run']);
  const restore = await cli(operator, stack, ['state:restore', environment, '--version', version, '--yes']);
  const planAfter = await emptyPlan(operator, stack);
  return { brokenPlan, list, dryRun, restore, planAfter };
}

export interface RotationResult {
  readonly steps: readonly { readonly name: string; readonly step: Step }[];
  readonly drift: Step;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- by_hand.py's JSON
  readonly secret: any;
  readonly state: Step;
}

/** docs/origin-verify.md's rotation, blue to green: regenerate the inactive value, then make it active. */
export async function originVerifyRotation(
  operator: Operator,
  stack: EmulatorStack,
  environment: string,
  outside: Readonly<Record<string, OutsideEnvironment>>,
): Promise<RotationResult> {
  const [regenerate, activate] = runbookBlocks('origin-verify.md', 'Rotation runbook');
  const swap = { example: 'prod', environment };
  const steps = [{ name: 'regenerate green', step: await runBlock(operator.project, regenerate, swap, stack.credentials) }];
  const inputs: Json = structuredClone(operator.project.inputs);
  inputs.environments[environment].alb.originVerifyActive = 'green';
  writeSettings(operator.project, inputs);
  synthesizeProject(operator.project, outside, [stack.name]);
  steps.push({ name: 'make green active', step: await runBlock(operator.project, activate, swap, stack.credentials) });
  const drift = await cli(operator, stack, ['drift', environment, '--no-synth']);
  const secretName = String(
    Object.values(stack.json.resource.aws_secretsmanager_secret as Record<string, { name: string }>).find((config) =>
      config.name.endsWith('/origin_verify'),
    )?.name,
  );
  const secret = await byHand(operator, stack, 'secret', secretName);
  const state = await terraform(operator, stack)(['state', 'pull']).done;
  return { steps, drift, secret, state };
}

/**
 * docs/signing-keys.md's rotation for an environment whose secret Terraform
 * writes (the non-production tier): trust a new key, switch the pair, retire the old key.
 */
export async function signingKeyRotation(
  operator: Operator,
  stack: EmulatorStack,
  environment: string,
  outside: Readonly<Record<string, OutsideEnvironment>>,
): Promise<RotationResult & { readonly keyGroups: readonly number[] }> {
  const blocks = runbookBlocks('signing-keys.md', 'Rotation (no 403 window, no restart ordering)');
  const trust = blocks.find((block) => block.includes('npm run plan -- prod') && !block.includes('put-secret-value'));
  const switchPair = blocks.find((block) => block.includes('TF_VAR_cloudfront_private_key_pem'));
  if (!trust || !switchPair) throw new Error('docs/signing-keys.md: the rotation commands moved');
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(join(operator.project.root, `storytime-${environment}-2027-05.pem`), pem, { mode: 0o600 });
  const settings = () => (structuredClone(operator.project.inputs) as Json).environments[environment];
  const change = (edit: (signing: Json) => void) => {
    const inputs: Json = structuredClone(operator.project.inputs);
    edit(inputs.environments[environment].signing);
    writeSettings(operator.project, inputs);
    synthesizeProject(operator.project, outside, [stack.name]);
  };
  const oldKey = settings().signing.activeKey as string;
  const keyGroupSize = async () => (await byHand(operator, stack, 'inventory')).public_keys as number;
  const steps: { name: string; step: Step }[] = [];
  const keyGroups: number[] = [];
  const withNewKey = { TF_VAR_cloudfront_private_key_pem: pem };

  change((signing) => signing.publicKeys.push({ name: '2027-05', pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }));
  steps.push({
    name: 'trust the new key',
    step: await runBlock(operator.project, trust, { example: 'prod', environment }, stack.credentials),
  });
  keyGroups.push(await keyGroupSize());
  change((signing) => (signing.activeKey = '2027-05'));
  steps.push({
    name: 'switch the signing pair',
    step: await runBlock(operator.project, switchPair, { example: 'dev', environment }, stack.credentials),
  });
  change((signing) => (signing.publicKeys = signing.publicKeys.filter((key: Json) => key.name !== oldKey)));
  steps.push({
    name: 'retire the old key',
    step: await runBlock(operator.project, trust, { example: 'prod', environment }, stack.credentials, withNewKey),
  });
  keyGroups.push(await keyGroupSize());
  const drift = await cli(operator, stack, ['drift', environment, '--no-synth'], withNewKey);
  const secretName = String(
    Object.values(stack.json.resource.aws_secretsmanager_secret as Record<string, { name: string }>).find((config) =>
      config.name.endsWith('/cloudfront_private_key'),
    )?.name,
  );
  const secret = await byHand(operator, stack, 'secret', secretName);
  const state = await terraform(operator, stack, withNewKey)(['output', '-json']).done;
  return { steps, drift, secret, state, keyGroups };
}
