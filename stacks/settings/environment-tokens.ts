/**
 * Environment tokens as they appear in names, DNS names and ARNs
 * (`webdev-alb-stg-699722072.us-west-1.elb.amazonaws.com` holds `stg`).
 * Tokens are whole words between separators, so `webdev` is not `dev`.
 */
const TOKEN_TO_ENVIRONMENT: Readonly<Record<string, string>> = {
  dev: 'dev',
  development: 'dev',
  stg: 'staging',
  staging: 'staging',
  prod: 'prod',
  production: 'prod',
};

export interface ForeignEnvironmentToken {
  /** The word found, e.g. `stg`. */
  readonly token: string;
  /** The environment that word stands for, e.g. `staging`. */
  readonly environment: string;
}

/** The first token in `value` that names an environment other than `environment`. */
export function foreignEnvironmentToken(value: string, environment: string): ForeignEnvironmentToken | undefined {
  for (const token of value.toLowerCase().split(/[^a-z0-9]+/)) {
    const named = TOKEN_TO_ENVIRONMENT[token];
    if (named !== undefined && named !== environment) {
      return { token, environment: named };
    }
  }
  return undefined;
}
