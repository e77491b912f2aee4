/** Who may plan and apply the environment with short-lived credentials: GitHub Actions, a Terraform Cloud workspace (docs/settings.md). */
import { z } from 'zod';
import { branchProblem, githubEnvironmentProblem, repositoryProblem, terraformCloudProjectProblem } from '../../modules/deploy_identities';
import { checkedBy } from './module-checks';

const github = z
  .object({
    /** `owner/repository` whose pull requests plan and whose deployments apply. */
    repository: z.string().superRefine(checkedBy(repositoryProblem)),
    /** GitHub environment the apply job deploys through. Default: the environment's name. */
    environment: z.string().superRefine(checkedBy(githubEnvironmentProblem)).optional(),
    /** Branch whose deployments may apply. Default `main`. */
    branch: z.string().superRefine(checkedBy(branchProblem)).optional(),
    /** False when the account has GitHub's OIDC provider already (e.g. another environment's bootstrap made it). Default true. */
    createProvider: z.boolean().optional(),
  })
  .strict();

const terraformCloud = z
  .object({
    /** The workspace's project. Default `Default Project`; organization, workspace and host come from `backend`. */
    project: z.string().superRefine(checkedBy(terraformCloudProjectProblem)).optional(),
    /** False when the account has the host's OIDC provider already. Default true. */
    createProvider: z.boolean().optional(),
  })
  .strict();

export const deployIdentities = z
  .object({ github: github.optional(), terraformCloud: terraformCloud.optional() })
  .strict()
  .refine((block) => block.github !== undefined || block.terraformCloud !== undefined, {
    message: 'expected github or terraformCloud (or leave deployIdentities out)',
  });

/** Terraform Cloud's identities trust the workspace that `backend` names, so there must be one. */
export function checkDeployIdentities(
  settings: { deployIdentities?: z.output<typeof deployIdentities>; backend: { type: string } },
  ctx: z.RefinementCtx,
): void {
  if (settings.deployIdentities?.terraformCloud && settings.backend.type !== 'cloud') {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['deployIdentities', 'terraformCloud'],
      message:
        "requires backend.type 'cloud' (or STORYTIME_TFC_ORGANIZATION): its roles trust the Terraform Cloud workspace that runs the environment",
    });
  }
}
