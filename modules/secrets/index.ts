import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Password } from '@cdktf/provider-random/lib/password';
import { Construct } from 'constructs';

export const PRIVATE_KEY_SECRET = 'cloudfront_private_key';
export const ORIGIN_VERIFY_SECRET = 'origin_verify';

export interface SecretsProps {
  /** Secrets are named `<namePrefix>/<name>`, e.g. `storytime/dev/cloudfront_private_key`. */
  readonly namePrefix: string;
  /**
   * PEM of the CloudFront private key, normally a sensitive Terraform variable.
   * Default: none, the secret is created empty and its value injected out of
   * band, so that no key is ever in Terraform state (required for prod).
   */
  readonly privateKeyPem?: string;
  /** Create the origin-verify secret shared by CloudFront and the ALB. @default false. */
  readonly originVerify?: boolean;
  /** Customer-managed key. @default the AWS-managed key of Secrets Manager. */
  readonly kmsKeyArn?: string;
  /** Days a deleted secret can be restored. @default 30. */
  readonly recoveryWindowInDays?: number;
}

/** The CloudFront signing key secret and, with an ALB origin, the origin-verify secret. */
export class Secrets extends Construct {
  readonly privateKeySecretArn: string;
  readonly privateKeySecretName: string;
  /** Set when `originVerify` is true. */
  readonly originVerifySecretArn?: string;
  /** The origin-verify value (a Terraform reference, never a literal). Set when `originVerify` is true. */
  readonly originVerifyValue?: string;

  constructor(scope: Construct, id: string, props: SecretsProps) {
    super(scope, id);
    const common = {
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays: props.recoveryWindowInDays ?? 30,
    };
    const privateKey = new SecretsmanagerSecret(this, 'private-key', {
      ...common,
      name: `${props.namePrefix}/${PRIVATE_KEY_SECRET}`,
      description: 'PEM private key Rails signs CloudFront cookies with',
    });
    this.privateKeySecretArn = privateKey.arn;
    this.privateKeySecretName = privateKey.name;
    if (props.privateKeyPem !== undefined) {
      new SecretsmanagerSecretVersion(this, 'private-key-value', {
        secretId: privateKey.id,
        secretString: props.privateKeyPem,
      });
    }

    if (props.originVerify) {
      const password = new Password(this, 'origin-verify-value', { length: 64, special: false });
      const originVerify = new SecretsmanagerSecret(this, 'origin-verify', {
        ...common,
        name: `${props.namePrefix}/${ORIGIN_VERIFY_SECRET}`,
        description: 'X-Origin-Verify value CloudFront sends and the ALB requires',
      });
      new SecretsmanagerSecretVersion(this, 'origin-verify-version', {
        secretId: originVerify.id,
        secretString: password.result,
      });
      this.originVerifySecretArn = originVerify.arn;
      this.originVerifyValue = password.result;
    }
  }
}
