/**
 * Every secret version Terraform writes names the stage AWSCURRENT: Terraform
 * reads back only its own version, so without the stage a value put beside it
 * (which takes AWSCURRENT) shows no diff and survives every apply; with it,
 * the plan shows the stage moved and the apply moves it back (storytime drift).
 */
import { describe, expect, it } from 'vitest';
import { synthAll, type Json } from '../helpers';

describe('secret versions written by Terraform', () => {
  it('pin AWSCURRENT in every stack: the origin-verify value everywhere, the signing pair where Terraform writes it', () => {
    const versions = Object.entries(synthAll()).flatMap(([stack, json]: [string, Json]) =>
      Object.entries(json.resource?.aws_secretsmanager_secret_version ?? {}).map(([name, config]: [string, Json]) => [
        `${stack}: ${name}`,
        config.version_stages,
      ]),
    );
    expect(versions).toEqual([
      ['storytime-dev: secrets_origin-verify-version_66A47271', ['AWSCURRENT']],
      ['storytime-dev: secrets_private-key-value_E16A3614', ['AWSCURRENT']],
      ['storytime-prod: secrets_origin-verify-version_66A47271', ['AWSCURRENT']],
    ]);
  });
});
