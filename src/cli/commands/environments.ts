/**
 * `storytime environments [--json]`: every environment with its stack, tier
 * and GitHub deployment, for a person or, as JSON, for the pipeline that
 * plans and applies each (.github/workflows/).
 */
import { githubDeployment } from '../../../stacks/pipeline';
import { stackName } from '../../../stacks/naming';
import type { EnvironmentSettings } from '../../../stacks/schema/schema';
import { defineCommand } from '../command';
import { environmentSettings } from '../environments';

const USAGE = `usage: storytime environments [--json]
Lists every environment: its stack, tier and, when it has GitHub deploy identities, the GitHub
environment and roles a pipeline uses (docs/tools.md). --json prints one JSON array for CI.
`;

export interface PipelineEnvironment {
  readonly name: string;
  readonly stack: string;
  readonly tier: string;
  readonly region: string;
  /** GitHub Actions secret holding the environment's signing key for `terraform plan`; null in the production tier, which has none. */
  readonly privateKeySecret: string | null;
  readonly github: ReturnType<typeof githubDeployment> | null;
}

/** `CLOUDFRONT_PRIVATE_KEY_PEM_DEV`: secret names take letters, digits and _ only. */
const privateKeySecret = (settings: EnvironmentSettings) =>
  settings.tier.name === 'production' ? null : `CLOUDFRONT_PRIVATE_KEY_PEM_${settings.environment.toUpperCase().replace(/-/g, '_')}`;

export function pipelineEnvironments(environments: Iterable<EnvironmentSettings>): PipelineEnvironment[] {
  return [...environments].map((settings) => ({
    name: settings.environment,
    stack: stackName(settings),
    tier: settings.tier.name,
    region: settings.aws.region,
    privateKeySecret: privateKeySecret(settings),
    github: githubDeployment(settings) ?? null,
  }));
}

function line(environment: PipelineEnvironment): string {
  const deploys = environment.github
    ? `GitHub environment ${environment.github.environment} from ${environment.github.branch}`
    : 'no GitHub deploy identities';
  return `${environment.name}  ${environment.stack}  ${environment.tier}  ${deploys}`;
}

export const command = defineCommand({
  name: 'environments',
  usage: USAGE,
  flags: { json: { type: 'boolean' } },
  run({ flags }) {
    const environments = pipelineEnvironments(environmentSettings().values());
    const stdout = flags.json ? `${JSON.stringify(environments)}\n` : `${environments.map(line).join('\n')}\n`;
    return { stdout, stderr: [], exitCode: 0 };
  },
});
