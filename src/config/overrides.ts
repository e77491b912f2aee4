/**
 * Environment variables that select Terraform Cloud without editing settings:
 * STORYTIME_TFC_ORGANIZATION (required to switch), STORYTIME_TFC_HOSTNAME
 * (optional, for Terraform Enterprise). Workspaces are `<project>-<env>`.
 */
export function applyBackendOverrides(
  environments: Readonly<Record<string, unknown>>,
  variables: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> {
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
