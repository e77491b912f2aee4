import { ofType, refersTo, shown } from '../resources';
import type { GuardRule } from '../rule';

/** The tier says what an environment protects; the environment's name never does. */
export const ST_SM_1: GuardRule = {
  id: 'ST-SM-1',
  reason: 'in the production tier, the CloudFront private key never enters Terraform state',
  check: (resources, context) => {
    if (context.tier !== 'production') return [];
    const keySecrets = ofType(resources, 'aws_secretsmanager_secret').filter((secret) =>
      shown(secret.config.name).endsWith('/cloudfront_private_key'),
    );
    return ofType(resources, 'aws_secretsmanager_secret_version')
      .filter((version) => keySecrets.some((secret) => refersTo(version.config.secret_id, secret, secret.config.name)))
      .map((version) => ({ resource: version, detail: 'a secret version gives the private key a payload managed by Terraform' }));
  },
};
