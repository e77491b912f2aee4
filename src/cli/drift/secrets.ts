/** AWSCURRENT of a secret through the AWS SDK; undefined when the secret has no value yet. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { clientConfig, isNotFound } from '../aws/config';
import type { SecretReader } from './checks';

export function awsSecretReader(region: string): SecretReader {
  const client = new SecretsManagerClient(clientConfig(region));
  return async (arn) => {
    try {
      const answer = await client.send(new GetSecretValueCommand({ SecretId: arn }));
      return { versionId: answer.VersionId ?? '', value: answer.SecretString };
    } catch (error) {
      // A secret created without a value (the production signing key before its first put) has no AWSCURRENT.
      if (isNotFound(error, 'ResourceNotFoundException')) return undefined;
      throw error;
    }
  };
}
