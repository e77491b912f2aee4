/**
 * Whose credentials these are, asked of STS before Terraform runs: a plan with
 * the other environment's credentials used to end in a bare AccessDenied on the
 * lock table; now it stops in one line naming both accounts.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { settingsFile } from '../../../stacks/naming';
import { CommandFailure } from '../errors';
import type { StackTarget } from '../target';
import { awsErrorText, clientConfig } from './config';

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
}

/** STS GetCallerIdentity in `region`. */
export type IdentityReader = (region: string) => Promise<CallerIdentity>;

// A static import: the bundle turns it into a require() that runs only when a command that checks the account loads.
export const readCallerIdentity: IdentityReader = async (region) => {
  const answer = await new STSClient(clientConfig(region)).send(new GetCallerIdentityCommand({}));
  return { account: answer.Account ?? '', arn: answer.Arn ?? '' };
};

/**
 * Refuses (CommandFailure, exit 1) credentials that are missing or of an
 * account the stack's provider does not allow; returns the identity otherwise.
 */
export async function checkAccount(target: StackTarget, read: IdentityReader = readCallerIdentity): Promise<CallerIdentity> {
  const { aws } = target.settings;
  const needed = `account ${aws.accountId} (aws.accountId in ${settingsFile(target.environment)})`;
  let identity: CallerIdentity;
  try {
    identity = await read(aws.region);
  } catch (error) {
    throw new CommandFailure(`cannot tell whose AWS credentials these are (${awsErrorText(error)}); ${target.stack} needs ${needed}`);
  }
  if (!aws.allowedAccountIds.includes(identity.account)) {
    throw new CommandFailure(
      `the AWS credentials are of account ${identity.account} (${identity.arn}), but ${target.stack} needs ${needed}: use ${target.environment}'s credentials`,
    );
  }
  return identity;
}
