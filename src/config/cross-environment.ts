import { comparedValues, environmentBoundValues } from '../../stacks/schema/environment-bound';
import { foreignEnvironmentToken } from '../../stacks/schema/environment-tokens';
import type { EnvironmentSettings } from '../../stacks/schema/schema';
import { formatPath } from './format-path';

export interface CrossEnvironmentProblem {
  readonly environment: string;
  /** Settings path as printed, e.g. `alb.dnsName`. */
  readonly field: string;
  readonly line: string;
}

/**
 * Seed 003 by name: a value in one environment's settings that names another
 * environment (a configured one, or a spelling of dev, staging or prod)
 * points that stack at the other environment's resource, unless its block
 * is marked shared with a reason.
 */
export function foreignEnvironmentNames(environments: readonly EnvironmentSettings[]): CrossEnvironmentProblem[] {
  const names = [...new Set(environments.map((settings) => settings.environment))];
  return environments.flatMap((settings) =>
    environmentBoundValues(settings).flatMap(({ path, value, sharedReason }) => {
      const foreign = sharedReason === undefined ? foreignEnvironmentToken(value, settings.environment, names) : undefined;
      if (!foreign) return [];
      const env = settings.environment;
      const field = formatPath(path);
      const line = `${env}: ${field}: '${value}' belongs to environment ${foreign.environment} (token '${foreign.token}'), but this stack is ${env}; point it at the ${env} resource or mark the block shared with a reason`;
      return [{ environment: env, field, line }];
    }),
  );
}

/**
 * Seed 003 by comparison: an account, domain, bucket, ARN, zone, secret name
 * or state key in the settings of two environments is one resource serving
 * both, which only a `shared` mark with a reason on both sides allows.
 * One line per duplicate, on the later environment.
 */
export function crossEnvironmentDuplicates(
  environments: readonly EnvironmentSettings[],
  reported: readonly CrossEnvironmentProblem[] = [],
): string[] {
  const problems: string[] = [];
  // A value already reported as naming another environment is one problem, not two.
  const known = new Set(reported.map(({ environment, field }) => `${environment} ${field}`));
  environments.forEach((later, index) => {
    for (const earlier of environments.slice(0, index)) {
      // Several stacks of one environment (other projects) are not environments sharing something.
      if (earlier.environment === later.environment) continue;
      const earlierValues = comparedValues(earlier);
      for (const bound of comparedValues(later)) {
        const same = earlierValues.find((other) => other.value.toLowerCase() === bound.value.toLowerCase());
        if (!same || (same.sharedReason !== undefined && bound.sharedReason !== undefined)) continue;
        if (known.has(`${later.environment} ${formatPath(bound.path)}`)) continue;
        const why =
          bound.path[0] === 'aws'
            ? "each environment deploys to its own AWS account, and the provider's allowedAccountIds is the last guard against applying one to the other's; environments share an account only when both mark aws shared with a reason"
            : 'environments share nothing unless both mark the block shared with a reason';
        problems.push(
          `${later.environment}: ${formatPath(bound.path)}: '${bound.value}' is also ${earlier.environment}'s ${formatPath(same.path)}; ${why}`,
        );
      }
    }
  });
  return problems;
}
