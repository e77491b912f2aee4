import { comparedValues } from '../../stacks/settings/environment-bound';
import type { EnvironmentSettings } from '../../stacks/settings/schema';
import { formatPath } from './format-path';

/**
 * Seed 003 by comparison: a domain, bucket, ARN, zone, secret name or state
 * key in the settings of two environments is one resource serving both,
 * which only a `shared` mark with a reason on both sides allows.
 * One line per duplicate, on the later environment.
 */
export function crossEnvironmentDuplicates(environments: readonly EnvironmentSettings[]): string[] {
  const problems: string[] = [];
  environments.forEach((later, index) => {
    for (const earlier of environments.slice(0, index)) {
      // Several stacks of one environment (other projects) are not environments sharing something.
      if (earlier.environment === later.environment) continue;
      const earlierValues = comparedValues(earlier);
      for (const bound of comparedValues(later)) {
        const same = earlierValues.find((other) => other.value.toLowerCase() === bound.value.toLowerCase());
        if (!same || (same.sharedReason !== undefined && bound.sharedReason !== undefined)) continue;
        problems.push(
          `${later.environment}: ${formatPath(bound.path)}: '${bound.value}' is also ${earlier.environment}'s ${formatPath(same.path)}; environments share nothing unless both mark the block shared with a reason`,
        );
      }
    }
  });
  return problems;
}
