import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Password } from '@cdktf/provider-random/lib/password';
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * Two origin-verify values so that a rotation has no window: the ALB accepts
 * both, CloudFront sends the active one. Rotating regenerates the inactive
 * value, then makes it active (docs/origin-verify.md).
 */
export const ORIGIN_VERIFY_COLORS = ['blue', 'green'] as const;
export type OriginVerifyColor = (typeof ORIGIN_VERIFY_COLORS)[number];

export interface OriginVerifyValues {
  readonly secretArn: string;
  /** The value CloudFront sends (a Terraform reference). */
  readonly activeValue: string;
  /** Every value the ALB accepts, blue then green (Terraform references). */
  readonly acceptedValues: readonly string[];
}

export interface OriginVerifyProps {
  readonly secretName: string;
  readonly active: OriginVerifyColor;
  readonly kmsKeyId?: string;
  readonly recoveryWindowInDays: number;
}

export function originVerifyValues(scope: Construct, props: OriginVerifyProps): OriginVerifyValues {
  // Blue keeps the construct id of the single value it succeeds, so an upgrade does not regenerate the value in use.
  const values = Object.fromEntries(
    ORIGIN_VERIFY_COLORS.map((color) => {
      const id = color === 'blue' ? 'origin-verify-value' : `origin-verify-${color}`;
      return [color, new Password(scope, id, { length: 64, special: false }).result];
    }),
  ) as Record<OriginVerifyColor, string>;
  const secret = new SecretsmanagerSecret(scope, 'origin-verify', {
    name: props.secretName,
    kmsKeyId: props.kmsKeyId,
    recoveryWindowInDays: props.recoveryWindowInDays,
    description: 'X-Origin-Verify value CloudFront sends now, and which of blue/green it is',
  });
  // Only the active value: whoever reads the secret gets what CloudFront sends, never the spare.
  new SecretsmanagerSecretVersion(scope, 'origin-verify-version', {
    secretId: secret.id,
    secretString: Fn.jsonencode({ active: props.active, value: values[props.active] }),
  });
  return { secretArn: secret.arn, activeValue: values[props.active], acceptedValues: ORIGIN_VERIFY_COLORS.map((color) => values[color]) };
}
