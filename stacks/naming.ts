/** Names shared by stacks and tools, so that each is spelled once. */

/** The environments a settings file may name; each gets its own stack and account. */
export const ENVIRONMENTS = ['dev', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

export function isEnvironmentName(value: string): value is EnvironmentName {
  return (ENVIRONMENTS as readonly string[]).includes(value);
}
export interface NameScope {
  readonly project: string;
  readonly environment: string;
}

/** `<project>-<parts>-<env>`, e.g. `storytime-master-uploads-dev` (spec section 0). */
export function resourceName(scope: NameScope, ...parts: string[]): string {
  return [scope.project, ...parts, scope.environment].join('-');
}

/** `<project>/<env>`, under which the secrets are named, e.g. `storytime/dev/cloudfront_private_key` (spec section 7). */
export function secretPrefix(scope: NameScope): string {
  return `${scope.project}/${scope.environment}`;
}

/** `storytime-dev`: the stack, and its folder under cdktf.out/stacks. */
export function stackName(scope: NameScope): string {
  return `${scope.project}-${scope.environment}`;
}

/** State object of one environment in its own account's state bucket. */
export function stateKey(scope: NameScope): string {
  return `${scope.project}/${scope.environment}/terraform.tfstate`;
}

/** `storytime-state-dev`: the bootstrap of one environment's state bucket and lock table, in that environment's account. */
export function stateStackName(scope: NameScope): string {
  return `${scope.project}-state-${scope.environment}`;
}

/** Where the bootstrap keeps its own state once migrated into the bucket it created. */
export function bootstrapStateKey(scope: NameScope): string {
  return `${scope.project}/${scope.environment}/state-bootstrap.tfstate`;
}

/** Folder of the bootstraps' local state before migration: beside the output folder, so `rm -rf cdktf.out` keeps it. */
export const BOOTSTRAP_STATE_DIR = 'bootstrap-state';

/** Local state path of a bootstrap as its backend sees it, relative to `<outdir>/stacks/<stack>`. */
export function bootstrapLocalStatePath(scope: NameScope): string {
  return `../../../${BOOTSTRAP_STATE_DIR}/${stateStackName(scope)}.tfstate`;
}

/** Default name of the bucket receiving the state bucket's server access logs. */
export function stateAccessLogsBucket(stateBucket: string): string {
  return `${stateBucket}-access-logs`;
}

/** The settings file of an environment, as named in messages. */
export function settingsFile(environment: string): string {
  return `stacks/settings/${environment}.ts`;
}
