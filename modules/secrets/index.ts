import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { isKnown, refuseProps } from '../shared/props';

export const PRIVATE_KEY_SECRET = 'cloudfront_private_key';

/**
 * Secrets Manager keeps a deleted secret 7 to 30 days, during which its name
 * cannot be reused (a re-apply fails with ResourceExistsException); 0 deletes
 * it at once (ForceDeleteWithoutRecovery), with no way back.
 */
export function recoveryWindowProblem(days: number | undefined): string | undefined {
  if (days === undefined || !isKnown(days) || days === 0 || (Number.isInteger(days) && days >= 7 && days <= 30)) return undefined;
  return 'expected 0 (delete at once) or 7 to 30 days';
}

/** What the private-key secret holds, as JSON: one read gives Rails a matching id and key. */
export interface SigningMaterial {
  /** CloudFront public key id (CloudFront-Key-Pair-Id), normally a reference to the public key resource. */
  readonly keyPairId: string;
  /** PEM of the matching private key, normally a sensitive Terraform variable. */
  readonly privateKeyPem: string;
}

export interface SecretsProps {
  /** Secrets are named `<namePrefix>/<name>`, e.g. `storytime/dev/cloudfront_private_key`. */
  readonly namePrefix: string;
  /**
   * Signing material Terraform writes into the private-key secret as
   * `{"keyPairId", "privateKeyPem"}`. Default: none, the secret is created
   * empty and both are injected out of band in one call, so that no key is
   * ever in Terraform state (what production requires).
   */
  readonly signingMaterial?: SigningMaterial;
  /** Customer-managed key. @default the AWS-managed key of Secrets Manager. */
  readonly kmsKeyArn?: string;
  /** Days a deleted secret can be restored (0: deleted at once, so that its name can be reused the same day). @default 30. */
  readonly recoveryWindowInDays?: number;
  /** Terraform refuses to destroy (or replace) the secret. @default false. */
  readonly preventDestroy?: boolean;
}

/** The secret holding the CloudFront key pair Rails signs cookies with. */
export class Secrets extends Construct {
  readonly privateKeySecretArn: string;
  readonly privateKeySecretName: string;

  constructor(scope: Construct, id: string, props: SecretsProps) {
    super(scope, id);
    refuseProps('secrets', [{ path: ['recoveryWindowInDays'], message: recoveryWindowProblem(props.recoveryWindowInDays) }]);
    const privateKey = new SecretsmanagerSecret(this, 'private-key', {
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: props.recoveryWindowInDays ?? 30,
      name: `${props.namePrefix}/${PRIVATE_KEY_SECRET}`,
      description: 'JSON {keyPairId, privateKeyPem}: the CloudFront key pair Rails signs cookies with',
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.privateKeySecretArn = privateKey.arn;
    this.privateKeySecretName = privateKey.name;
    const material = props.signingMaterial;
    if (material !== undefined) {
      new SecretsmanagerSecretVersion(this, 'private-key-value', {
        secretId: privateKey.id,
        secretString: Fn.jsonencode({ keyPairId: material.keyPairId, privateKeyPem: material.privateKeyPem }),
        // As for the origin-verify value: a pair put beside Terraform's must show as drift, and an apply must undo it.
        versionStages: ['AWSCURRENT'],
      });
    }
  }
}
