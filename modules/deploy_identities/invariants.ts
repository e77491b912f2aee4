/**
 * What the deploy identities require of the names that go into a token's
 * subject: exact names only. A `:` would let one name pose as two fields of
 * the subject, and `*` or `?` would make IAM's StringLike match many.
 */
import { isKnown } from '../shared/props';

/** `owner/repo`, or GitHub's immutable form `owner@<owner id>/repo@<repository id>`. */
export function repositoryProblem(repository: string): string | undefined {
  if (!isKnown(repository) || /^[A-Za-z0-9-]{1,39}(@\d+)?\/[A-Za-z0-9._-]{1,100}(@\d+)?$/.test(repository)) return undefined;
  return 'expected owner/repository, e.g. octo-org/storytime-infra (or owner@<id>/repository@<id>), without wildcards';
}

/** A GitHub environment's name as the token's subject carries it. */
export function githubEnvironmentProblem(name: string): string | undefined {
  if (!isKnown(name) || /^[A-Za-z0-9._-]{1,255}$/.test(name)) return undefined;
  return 'expected a GitHub environment name of letters, digits, ., _ or - (no spaces, colons or wildcards)';
}

/** A branch, e.g. `main` or `release/2026`. */
export function branchProblem(branch: string): string | undefined {
  if (!isKnown(branch) || (/^[A-Za-z0-9._/-]{1,200}$/.test(branch) && !branch.includes('..') && !branch.startsWith('/'))) {
    return undefined;
  }
  return 'expected a branch name such as main, without wildcards';
}

/** A Terraform Cloud project, e.g. `Default Project`. */
export function terraformCloudProjectProblem(project: string): string | undefined {
  if (!isKnown(project) || /^[A-Za-z0-9_-][A-Za-z0-9 _-]{1,38}[A-Za-z0-9_-]$/.test(project)) return undefined;
  return 'expected a Terraform Cloud project name of 3-40 letters, digits, spaces, - or _';
}
