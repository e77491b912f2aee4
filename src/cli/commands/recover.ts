/**
 * `storytime recover <env>`: after an interrupted apply, finds what the apply
 * created in the account but never wrote into the state, by the names and
 * tags the stack gives each resource, and writes Terraform `import` blocks
 * for them into recover.tf.json beside the stack's cdk.tf.json, so that the
 * next plan adopts them instead of creating duplicates; untaints what holds
 * data and still exists, so that the next apply updates it instead of
 * replacing it (docs/recovery.md).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkAccount, type IdentityReader } from '../aws/account';
import { defineCommand, type CommandResult } from '../command';
import { CommandFailure } from '../errors';
import type { Finder, FinderContext } from '../recover/finders/context';
import { importFile, planRecovery } from '../recover/planner';
import { synthesizedStack } from '../stack-file';
import { defaultTags, stateInstances, type StackJson } from '../stack-json';
import { stateLocation } from '../state/location';
import type { StateStore } from '../state/store';
import { stackTarget } from '../target';
import { captureTerraform, synthesize, terraformError, type TerraformCapture } from '../terraform-run';

const USAGE = `usage: storytime recover <env> [--no-synth] [--dry-run]
  <env>       the environment whose interrupted apply to recover, e.g. dev
  --no-synth  use the output folder as it is (by default it is synthesized first)
  --dry-run   say what recover would import and untaint, write and change nothing
Writes import blocks for what exists in AWS but not in the state to cdktf.out/stacks/<stack>/recover.tf.json (docs/recovery.md).
`;

export const RECOVER_FILE = 'recover.tf.json';

export interface RecoverDeps {
  readonly identity?: IdentityReader;
  readonly store?: StateStore;
  readonly terraform?: TerraformCapture;
  readonly finders?: Readonly<Record<string, Finder>>;
  readonly context?: (account: string, stack: StackJson) => FinderContext;
  /** Synthesizes the output folder, answering its exit status. */
  readonly synthesize?: () => number;
}

async function awsContext(account: string, stack: StackJson): Promise<FinderContext> {
  const { awsClients } = await import('../recover/finders/context.js');
  const clients = new Map<string, ReturnType<typeof awsClients>>();
  return {
    account,
    partition: 'aws',
    tags: defaultTags(stack),
    clients(region) {
      if (!clients.has(region)) clients.set(region, awsClients(region));
      return clients.get(region) as ReturnType<typeof awsClients>;
    },
  };
}

/** Addresses an earlier recover.tf.json imports. */
function earlierImports(file: string): string[] {
  try {
    const blocks = (JSON.parse(readFileSync(file, 'utf8')) as { import?: { to?: string }[] }).import ?? [];
    return blocks.map((block) => block.to ?? '');
  } catch {
    return [''];
  }
}

export const command = defineCommand({
  name: 'recover',
  usage: USAGE,
  positionals: true,
  flags: { 'no-synth': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  async run({ flags, positionals }, deps: RecoverDeps = {}): Promise<CommandResult> {
    const target = stackTarget(positionals);
    const identity = await checkAccount(target, deps.identity);
    if (!flags['no-synth'] && (deps.synthesize ?? synthesize)() !== 0) return { stdout: '', stderr: [], exitCode: 1 };
    const { dir, json } = synthesizedStack(target.stack);
    if (target.settings.backend.type === 's3') {
      const store = deps.store ?? (await import('../state/store.js')).awsStateStore(stateLocation(target));
      const [file, item] = await Promise.all([store.lockFile(), store.lockItem()]);
      const holder = (file ?? item)?.info.Who;
      if (file || item) {
        throw new CommandFailure(
          `${target.stack}: the state is locked (by ${holder ?? 'an unknown holder'}): see who holds it and release a stale lock with npm run storytime -- unlock ${target.environment}, then run recover again`,
        );
      }
    }
    const terraform = deps.terraform ?? captureTerraform;
    const init = terraform([`-chdir=${dir}`, 'init', '-input=false', '-no-color']);
    if (init.status !== 0) throw new CommandFailure(`terraform init failed in ${dir}: ${terraformError(init)}`);
    const pulled = terraform([`-chdir=${dir}`, 'state', 'pull']);
    if (pulled.status !== 0) throw new CommandFailure(`terraform state pull failed in ${dir}: ${terraformError(pulled)}`);
    const state = stateInstances(pulled.stdout);

    const context = deps.context ? deps.context(identity.account, json) : await awsContext(identity.account, json);
    const plan = await planRecovery(json, state, deps.finders ?? (await import('../recover/finders/index.js')).FINDERS, context);
    const lines = [
      `${target.stack}: ${state.size} resources in the state; ${plan.imports.length} to import, ${plan.untaint.length} to untaint, ${plan.missing} not created yet`,
      ...plan.imports.map((entry) => `  import ${entry.address} <- ${entry.id}${entry.note ? ` (${entry.note})` : ''}`),
      ...plan.untaint.map(
        (address) =>
          `  untaint ${address} (tainted by the interrupted apply; it holds data and exists: the next apply updates it in place)`,
      ),
      ...plan.stateOnly.map(({ address, what }) => `  nothing to adopt for ${address} (${what}, no AWS object): the next apply creates it`),
    ];
    const file = path.join(dir, RECOVER_FILE);
    const stderr = plan.problems;
    if (flags['dry-run'])
      return { stdout: `${lines.join('\n')}\ndry run: wrote and changed nothing\n`, stderr, exitCode: stderr.length > 0 ? 1 : 0 };

    if (plan.imports.length > 0) {
      writeFileSync(file, importFile(plan.imports));
      lines.push(
        `wrote ${file}: npm run plan -- ${target.environment} now shows them as imports; apply that plan, then run recover again to remove the file`,
      );
    } else if (existsSync(file)) {
      const left = earlierImports(file).filter((address) => !state.has(address));
      if (left.length === 0) {
        rmSync(file);
        lines.push(`removed ${file}: the state holds every resource it imported`);
      } else {
        lines.push(`kept ${file}: ${left.join(', ')} not in the state yet; apply the plan first`);
      }
    }
    for (const address of plan.untaint) {
      const untainted = terraform([`-chdir=${dir}`, 'untaint', address]);
      if (untainted.status !== 0) throw new CommandFailure(`terraform untaint ${address} failed: ${terraformError(untainted)}`);
    }
    if (plan.imports.length === 0 && plan.untaint.length === 0) lines.push(`${target.stack}: nothing to adopt`);
    return { stdout: `${lines.join('\n')}\n`, stderr, exitCode: stderr.length > 0 ? 1 : 0 };
  },
});
