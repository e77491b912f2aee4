import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Password } from '@cdktf/provider-random/lib/password';
import { Fn, type TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { recoveryWindowProblem } from '../secrets';
import { oneOfProblem, refuseProps } from '../shared/props';

/**
 * Two values so that a rotation has no window: the ALB accepts both,
 * CloudFront sends the active one. Rotating regenerates the inactive value,
 * then makes it active (docs/origin-verify.md).
 */
export const ORIGIN_VERIFY_COLORS = ['blue', 'green'] as const;
export type OriginVerifyColor = (typeof ORIGIN_VERIFY_COLORS)[number];

/** The secret is `<namePrefix>/origin_verify`. */
export const ORIGIN_VERIFY_SECRET = 'origin_verify';

/** Terraform logical ids to keep, for values first created under another construct path. */
export interface OriginVerifyLogicalIds {
  readonly blue: string;
  readonly green: string;
  readonly secret: string;
  readonly secretVersion: string;
}

export interface OriginVerifyProps {
  /** The secret is named `<namePrefix>/origin_verify`, e.g. `storytime/dev/origin_verify`. */
  readonly namePrefix: string;
  /** Which value CloudFront sends and the secret holds; switching it is step 2 of a rotation. @default 'blue' */
  readonly active?: OriginVerifyColor;
  /** Customer-managed key of the secret. @default the AWS-managed key of Secrets Manager. */
  readonly kmsKeyArn?: string;
  /** Days a deleted secret can be restored (0: deleted at once, so that its name can be reused the same day). @default 30. */
  readonly recoveryWindowInDays?: number;
  /** Terraform refuses to destroy (or replace) the secret. @default false. */
  readonly preventDestroy?: boolean;
  /**
   * Addresses of values already deployed under another construct path, kept so
   * that moving the construct does not regenerate them. @default cdktf's ids of this construct's path
   */
  readonly logicalIds?: OriginVerifyLogicalIds;
}

/**
 * The X-Origin-Verify values CloudFront sends to the ALB and the ALB requires
 * (seed 000): two 64-character random values, blue and green, and a Secrets
 * Manager secret holding the active one as JSON `{"active", "value"}`.
 */
export class OriginVerify extends Construct {
  /** Which value CloudFront sends. */
  readonly active: OriginVerifyColor;
  /** The value CloudFront's API origin sends as X-Origin-Verify (a Terraform reference, never a literal). */
  readonly headerValue: string;
  /** Every value the ALB's listener rules accept, blue then green (Terraform references). */
  readonly acceptedValues: readonly string[];
  readonly secretArn: string;

  constructor(scope: Construct, id: string, props: OriginVerifyProps) {
    super(scope, id);
    this.active = props.active ?? 'blue';
    refuseProps('origin_verify', [
      { path: ['active'], message: oneOfProblem(ORIGIN_VERIFY_COLORS, this.active) },
      { path: ['recoveryWindowInDays'], message: recoveryWindowProblem(props.recoveryWindowInDays) },
    ]);
    const ids = props.logicalIds;
    const keep = <T extends TerraformResource>(resource: T, logicalId: string | undefined): T => {
      if (logicalId !== undefined) resource.overrideLogicalId(logicalId);
      return resource;
    };

    const values: Record<OriginVerifyColor, string> = {
      blue: keep(new Password(this, 'blue', { length: 64, special: false }), ids?.blue).result,
      green: keep(new Password(this, 'green', { length: 64, special: false }), ids?.green).result,
    };
    const secret = keep(
      new SecretsmanagerSecret(this, 'secret', {
        name: `${props.namePrefix}/${ORIGIN_VERIFY_SECRET}`,
        kmsKeyId: props.kmsKeyArn,
        recoveryWindowInDays: props.recoveryWindowInDays ?? 30,
        description: 'X-Origin-Verify value CloudFront sends now, and which of blue/green it is',
        lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
      }),
      ids?.secret,
    );
    // Only the active value: whoever reads the secret gets what CloudFront sends, never the spare.
    keep(
      new SecretsmanagerSecretVersion(this, 'secret-version', {
        secretId: secret.id,
        secretString: Fn.jsonencode({ active: this.active, value: values[this.active] }),
        // Terraform reads back only its own version: a value put beside it takes AWSCURRENT and leaves the version
        // unchanged. Naming the stage makes that a diff, and the next apply moves AWSCURRENT back.
        versionStages: ['AWSCURRENT'],
      }),
      ids?.secretVersion,
    );
    this.headerValue = values[this.active];
    this.acceptedValues = ORIGIN_VERIFY_COLORS.map((color) => values[color]);
    this.secretArn = secret.arn;
  }
}
