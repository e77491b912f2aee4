/**
 * What every AWS SDK client of the CLI is built with. Credentials, profile and
 * endpoints come from the SDK's own lookup (AWS_PROFILE, AWS_ACCESS_KEY_ID…,
 * and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> for an emulator); only the
 * region is the stack's, and S3 is addressed by path when an endpoint is
 * overridden (an emulator on 127.0.0.1 has no bucket subdomains).
 */

/** The endpoint override in force for a service (its SDK id in upper snake case, e.g. S3, STS), if any. */
export function endpointOverride(service: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
}

/** Every endpoint variable set, by name: a plan against them talks to an emulator, not to AWS. */
export function endpointVariables(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.keys(env)
    .filter((name) => (name === 'AWS_ENDPOINT_URL' || name.startsWith('AWS_ENDPOINT_URL_')) && env[name])
    .sort();
}

export interface ClientConfig {
  readonly region: string;
  readonly maxAttempts: number;
  readonly forcePathStyle?: boolean;
}

export function clientConfig(region: string, service?: 'S3'): ClientConfig {
  return {
    region,
    // A few retries for throttling; an operator waits on each call.
    maxAttempts: 3,
    ...(service === 'S3' && endpointOverride('S3') ? { forcePathStyle: true } : {}),
  };
}

/** The SDK's error name and message, for one line: `AccessDenied: …`. */
export function awsErrorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
  return `${name}${error.message}`.replace(/\s*\n\s*/g, ' ');
}

/** Whether an SDK error is the service saying the thing asked for does not exist. */
export function isNotFound(error: unknown, ...names: string[]): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return names.includes(error.name) || (names.length === 0 && status === 404);
}
