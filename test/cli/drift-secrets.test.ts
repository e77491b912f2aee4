/** drift's secret reader: AWSCURRENT through the SDK client, whose send answers here instead of AWS. */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { awsSecretReader } from '../../src/cli/drift/secrets';
import { awsError } from './recover-support';

const ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:storytime/dev/origin_verify-AbCdEf';

/** Every GetSecretValue goes to `answer`; the commands sent are kept as `<Command> <input>`. */
function answering(answer: (input: unknown) => unknown): string[] {
  const sent: string[] = [];
  const send = (command: { readonly input: unknown }): Promise<unknown> =>
    new Promise((resolve) => {
      sent.push(`${command.constructor.name} ${JSON.stringify(command.input)}`);
      resolve(answer(command.input));
    });
  // `never`: send's overloads end in the callback form, which this fake does not take.
  vi.spyOn(SecretsManagerClient.prototype, 'send').mockImplementation(send as never);
  return sent;
}

describe('awsSecretReader', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads the version id and value of AWSCURRENT by the ARN', async () => {
    const sent = answering(() => ({ VersionId: 'v1', SecretString: '{"active":"blue"}' }));
    expect(await awsSecretReader('us-east-1')(ARN)).toEqual({ versionId: 'v1', value: '{"active":"blue"}' });
    expect(sent).toEqual([`GetSecretValueCommand {"SecretId":"${ARN}"}`]);
  });

  it('reads an answer without version id or value as an empty id and no value', async () => {
    answering(() => ({}));
    expect(await awsSecretReader('us-east-1')(ARN)).toEqual({ versionId: '', value: undefined });
  });

  it('reads a secret without a value (ResourceNotFoundException) as none, and passes any other error on', async () => {
    answering(() => {
      throw awsError('ResourceNotFoundException');
    });
    expect(await awsSecretReader('us-east-1')(ARN)).toBeUndefined();
    answering(() => {
      throw awsError('AccessDeniedException');
    });
    await expect(awsSecretReader('us-east-1')(ARN)).rejects.toThrow('AccessDeniedException (fake)');
  });
});
