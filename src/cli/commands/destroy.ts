/**
 * `storytime destroy <env>`: the one way to destroy an environment. Before
 * anything is deleted it refuses credentials of another account, resources
 * the stack protects with prevent_destroy (the production tier), and any
 * bucket of the environment that holds objects: Terraform would delete the
 * bucket's policy, public-access block and encryption first and then fail on
 * BucketNotEmpty, leaving the data unprotected (docs/recovery.md).
 */
import { checkAccount, type IdentityReader } from '../aws/account';
import { defineCommand, type CommandResult } from '../command';
import type { BucketContents } from '../destroy/buckets';
import { synthesizedStack } from '../stack-file';
import { configuredResources } from '../stack-json';
import { stackTarget } from '../target';
import { runIn, synthesize, terraformBin } from '../terraform-run';

const USAGE = `usage: storytime destroy <env> [--no-synth] [--yes]
  <env>       the environment to destroy, e.g. dev
  --no-synth  use the output folder as it is (by default it is synthesized first)
  --yes       let terraform destroy without its own prompt
Refuses before anything is deleted while a bucket of the environment holds objects or a resource has prevent_destroy (docs/recovery.md).
`;

export interface DestroyDeps {
  readonly identity?: IdentityReader;
  readonly contents?: BucketContents;
  /** `npm run synth`; tests answer in its place. */
  readonly synthesize?: () => number;
  readonly run?: (command: string, args: readonly string[]) => number;
}

export const command = defineCommand({
  name: 'destroy',
  usage: USAGE,
  positionals: true,
  flags: { 'no-synth': { type: 'boolean' }, yes: { type: 'boolean' } },
  async run({ flags, positionals }, deps: DestroyDeps = {}): Promise<CommandResult> {
    const target = stackTarget(positionals);
    if (target.settings.backend.type === 's3') await checkAccount(target, deps.identity);
    if (!flags['no-synth'] && (deps.synthesize ?? synthesize)() !== 0) return { stdout: '', stderr: [], exitCode: 1 };
    const { dir, json } = synthesizedStack(target.stack);
    const resources = configuredResources(json);
    const protectedOnes = resources.filter(
      (resource) => (resource.args.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true,
    );
    if (protectedOnes.length > 0) {
      return {
        stdout: '',
        stderr: [
          `${target.stack}: destroyed nothing: ${protectedOnes.length} resources carry prevent_destroy (${protectedOnes.map((resource) => resource.address).join(', ')}), as the ${target.settings.tier.name} tier sets; Terraform would refuse the whole destroy. To decommission, give tier.allowDestroy a reason in stacks/settings/${target.environment}.ts (docs/settings.md, "Decommission or rebuild production")`,
        ],
        exitCode: 1,
      };
    }
    const contents = deps.contents ?? (await import('../destroy/buckets.js')).awsBucketContents(target.settings.aws.region);
    const buckets = resources.filter((resource) => resource.type === 'aws_s3_bucket').map((resource) => String(resource.args.bucket));
    const counts = await Promise.all(buckets.map(async (bucket) => [bucket, await contents(bucket)] as const));
    // A bucket that does not exist (undefined) holds nothing.
    const full = counts.filter(([, count]) => (count ?? 0) > 0);
    if (full.length > 0) {
      return {
        stdout: '',
        stderr: [
          ...full.map(
            ([bucket, count]) =>
              `${target.stack}: bucket ${bucket} holds ${count === 1000 ? 'at least 1000' : count} object versions or delete markers`,
          ),
          `${target.stack}: destroyed nothing: Terraform would strip these buckets' policies, public-access blocks and encryption, then fail on BucketNotEmpty. Copy out what you keep, empty each bucket (every version and delete marker: docs/recovery.md, "Destroy an environment"), then run destroy again; or keep the environment`,
        ],
        exitCode: 1,
      };
    }
    const run = deps.run ?? runIn;
    const terraform = terraformBin();
    const init = run(terraform, [`-chdir=${dir}`, 'init', '-input=false']);
    if (init !== 0) return { stdout: '', stderr: [], exitCode: init };
    const exitCode = run(terraform, [`-chdir=${dir}`, 'apply', '-destroy', ...(flags.yes ? ['-auto-approve', '-input=false'] : [])]);
    return { stdout: '', stderr: [], exitCode };
  },
});
