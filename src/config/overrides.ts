import type { ZodType } from 'zod';
import { terraformCloudHostname, terraformCloudOrganization } from '../../stacks/schema/schema';
import { SettingsError } from './validate';

const PREFIX = 'STORYTIME_TFC_';
const RULES: Readonly<Record<string, ZodType<string>>> = {
  STORYTIME_TFC_ORGANIZATION: terraformCloudOrganization,
  STORYTIME_TFC_HOSTNAME: terraformCloudHostname,
};

/** One line per bad STORYTIME_TFC_* variable; a set variable is never silently ignored. */
function problemsOf(variables: Readonly<Record<string, string | undefined>>, set: readonly string[]): string[] {
  const problems: string[] = [];
  for (const name of set) {
    const rule = RULES[name];
    const value = variables[name] ?? '';
    const line = (expectation: string) => problems.push(`${name} (environment variable): ${expectation}`);
    if (!rule) line(`unknown; expected ${Object.keys(RULES).join(' or ')}`);
    else if (value === '') line('set but empty; unset it to keep the settings backend, or give a value');
    else {
      const result = rule.safeParse(value);
      if (!result.success) line(result.error.issues[0].message);
    }
  }
  if (set.length > 0 && !set.includes('STORYTIME_TFC_ORGANIZATION')) {
    problems.push(
      `STORYTIME_TFC_ORGANIZATION (environment variable): required with ${set.join(', ')}; Terraform Cloud needs an organization`,
    );
  }
  return problems;
}

/**
 * Environment variables that select Terraform Cloud without editing settings:
 * STORYTIME_TFC_ORGANIZATION (required to switch), STORYTIME_TFC_HOSTNAME
 * (optional, for Terraform Enterprise). Workspaces are `<project>-<env>`.
 * Throws a SettingsError when any of them is bad.
 */
export function applyBackendOverrides(
  environments: Readonly<Record<string, unknown>>,
  variables: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> {
  const set = Object.keys(variables)
    .filter((name) => name.startsWith(PREFIX) && variables[name] !== undefined)
    .sort();
  const problems = problemsOf(variables, set);
  if (problems.length > 0) throw new SettingsError(problems);
  const organization = variables.STORYTIME_TFC_ORGANIZATION;
  if (!organization) return { ...environments };
  const result: Record<string, unknown> = {};
  for (const [label, input] of Object.entries(environments)) {
    const settings = input as { project?: string; environment?: string };
    result[label] = {
      ...settings,
      backend: {
        type: 'cloud',
        organization,
        workspace: `${settings.project}-${settings.environment}`,
        ...(variables.STORYTIME_TFC_HOSTNAME ? { hostname: variables.STORYTIME_TFC_HOSTNAME } : {}),
      },
    };
  }
  return result;
}
