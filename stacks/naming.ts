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

/** State object of one environment in the shared state bucket. */
export function stateKey(scope: NameScope): string {
  return `${scope.project}/${scope.environment}/terraform.tfstate`;
}
