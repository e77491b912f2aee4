/** Names shared by stacks, modules and tools, so that each is spelled once. */
export interface NameScope {
  readonly project: string;
  readonly environment: string;
}

/** `<project>-<parts>-<env>`, e.g. `storytime-master-uploads-dev` (spec section 0). */
export function resourceName(scope: NameScope, ...parts: string[]): string {
  return [scope.project, ...parts, scope.environment].join('-');
}

/** `<project>/<env>/<name>`, e.g. `storytime/dev/cloudfront_private_key` (spec section 7). */
export function secretName(scope: NameScope, name: string): string {
  return `${scope.project}/${scope.environment}/${name}`;
}

/** `storytime-dev`: the stack, and its folder under cdktf.out/stacks. */
export function stackName(scope: NameScope): string {
  return `${scope.project}-${scope.environment}`;
}

/** State object of one environment in the shared state bucket. */
export function stateKey(scope: NameScope): string {
  return `${scope.project}/${scope.environment}/terraform.tfstate`;
}

/** Header CloudFront adds to API requests and the ALB requires (seed 000). */
export const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify';
