import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { originVerifyValues, type OriginVerifyColor } from './origin-verify';

export * from './origin-verify';

export const PRIVATE_KEY_SECRET = 'cloudfront_private_key';
export const ORIGIN_VERIFY_SECRET = 'origin_verify';

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
  /** Create the origin-verify values and secret shared by CloudFront and the ALB. @default false. */
  readonly originVerify?: boolean;
  /** Which origin-verify value CloudFront sends and the secret holds. @default 'blue' */
  readonly originVerifyActive?: OriginVerifyColor;
  /** Customer-managed key. @default the AWS-managed key of Secrets Manager. */
  readonly kmsKeyArn?: string;
  /** Days a deleted secret can be restored. @default 30. */
  readonly recoveryWindowInDays?: number;
}

/** The CloudFront signing key secret and, with an ALB origin, the origin-verify values and secret. */
export class Secrets extends Construct {
  readonly privateKeySecretArn: string;
  readonly privateKeySecretName: string;
  /** Set when `originVerify` is true. */
  readonly originVerifySecretArn?: string;
  /** The origin-verify value CloudFront sends (a Terraform reference, never a literal). Set when `originVerify` is true. */
  readonly originVerifyValue?: string;
  /** Which value CloudFront sends. Set when `originVerify` is true. */
  readonly originVerifyActive?: OriginVerifyColor;
  /** Every origin-verify value the ALB accepts (Terraform references). Set when `originVerify` is true. */
  readonly originVerifyAcceptedValues?: readonly string[];

  constructor(scope: Construct, id: string, props: SecretsProps) {
    super(scope, id);
    const recoveryWindowInDays = props.recoveryWindowInDays ?? 30;
    const privateKey = new SecretsmanagerSecret(this, 'private-key', {
      kmsKeyId: props.kmsKeyArn,
      recoveryWindowInDays,
      name: `${props.namePrefix}/${PRIVATE_KEY_SECRET}`,
      description: 'JSON {keyPairId, privateKeyPem}: the CloudFront key pair Rails signs cookies with',
    });
    this.privateKeySecretArn = privateKey.arn;
    this.privateKeySecretName = privateKey.name;
    const material = props.signingMaterial;
    if (material !== undefined) {
      new SecretsmanagerSecretVersion(this, 'private-key-value', {
        secretId: privateKey.id,
        secretString: Fn.jsonencode({ keyPairId: material.keyPairId, privateKeyPem: material.privateKeyPem }),
      });
    }

    if (props.originVerify) {
      this.originVerifyActive = props.originVerifyActive ?? 'blue';
      const originVerify = originVerifyValues(this, {
        secretName: `${props.namePrefix}/${ORIGIN_VERIFY_SECRET}`,
        active: this.originVerifyActive,
        kmsKeyId: props.kmsKeyArn,
        recoveryWindowInDays,
      });
      this.originVerifySecretArn = originVerify.secretArn;
      this.originVerifyValue = originVerify.activeValue;
      this.originVerifyAcceptedValues = originVerify.acceptedValues;
    }
  }
}
