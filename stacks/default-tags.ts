/** Tags every stack puts on every resource, beside the settings' own. */
export const DEFAULT_TAG_KEYS = ['Project', 'Environment', 'ManagedBy'] as const;

export function defaultTags(tags: Readonly<Record<string, string>>, project: string, environment: string): Record<string, string> {
  return { ...tags, Project: project, Environment: environment, ManagedBy: 'cdktf' };
}
