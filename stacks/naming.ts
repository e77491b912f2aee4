/** Names shared by stacks and tools, so that each is spelled once. */

/** Longest environment name: the longest name derived from it (`<project>-<env>-mediaconvert-job-state`, an EventBridge rule of at most 64 characters) still fits with a 20-character project. */
export const MAX_ENVIRONMENT_NAME = 16;

/**
 * Why `name` cannot be an environment, or undefined when it can. An environment
 * name is a DNS label word (it ends up in bucket names, domains and stack names):
 * lower-case letters, digits and single dashes, starting with a letter.
 * Reserved: `state` and `state-*` (the state bootstraps are `<project>-state-<env>`,
 * which `state-<env>` would collide with) and `s3alias` (S3 refuses bucket names
 * ending in `-s3alias`).
 */
export function environmentNameProblem(name: string): string | undefined {
  if (!/^[a-z][a-z0-9-]*$/.test(name) || name.endsWith('-') || name.includes('--')) {
    return 'expected lower-case letters, digits and single dashes, starting with a letter and ending with a letter or digit (a DNS label)';
  }
  if (name.length > MAX_ENVIRONMENT_NAME) return `expected at most ${MAX_ENVIRONMENT_NAME} characters, got ${name.length}`;
  if (name === 'state' || name.startsWith('state-')) return `'${name}' is reserved: state-<env> names the state bootstrap of <env>`;
  if (name === 's3alias') return "'s3alias' is reserved: S3 refuses bucket names ending in -s3alias";
  return undefined;
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

/** `storytime-deploy-plan-dev`: a deploy role, named outside `<project>-<env>-*`, the names its apply role manages. */
export function deployRoleName(scope: NameScope, phase: 'plan' | 'apply'): string {
  return resourceName(scope, 'deploy', phase);
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

/** Folder of the settings files, relative to the project: every `<env>.ts` in it is an environment. */
export const SETTINGS_FOLDER = 'stacks/settings';

/** The settings file of an environment, as named in messages. */
export function settingsFile(environment: string): string {
  return `${SETTINGS_FOLDER}/${environment}.ts`;
}
