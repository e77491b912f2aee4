/**
 * recover looks for every resource type an environment's stack can synthesize, or says why it needs not:
 * computed from the synthesized JSON of the shipped settings and of every option on, so that a type a
 * module adds later fails here until it has a finder (src/cli/recover/finders/) or a STATE_ONLY reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformResource } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { FINDERS } from '../../src/cli/recover/finders';
import { STATE_ONLY } from '../../src/cli/recover/planner';
import { ROOT, synthAll, type Json } from '../helpers';
import { everyOptionOn } from './recover-support';

const configurations: Record<string, Record<string, Json>> = {
  shipped: synthAll(),
  'every option on': synthAll(everyOptionOn()),
  'every option on, stacks in eu-west-1': synthAll(everyOptionOn('eu-west-1')),
};

/** Each resource type of the environment stacks (recover's) or of the state bootstraps, with where it was first seen. */
function typesOf(stacks: 'environment' | 'bootstrap'): Map<string, string> {
  const types = new Map<string, string>();
  for (const [configuration, written] of Object.entries(configurations)) {
    for (const [name, json] of Object.entries(written)) {
      if (name.startsWith('storytime-state-') !== (stacks === 'bootstrap')) continue;
      for (const type of Object.keys(json.resource ?? {})) if (!types.has(type)) types.set(type, `${configuration}: ${name}`);
    }
  }
  return types;
}

/** The Terraform type of every resource class that modules/ and stacks/ import from the provider packages. */
async function importedResourceTypes(): Promise<string[]> {
  const files = ['modules', 'stacks'].flatMap((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => join(ROOT, folder, file)),
  );
  const paths = new Set(
    files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/'(@cdktf\/provider-[a-z]+\/lib\/[a-z0-9-]+)'/g)].map((m) => m[1])),
  );
  const modules = await Promise.all([...paths].map((path) => import(path) as Promise<Record<string, unknown>>));
  const types = modules.flatMap((exports) =>
    Object.values(exports).flatMap((value) =>
      typeof value === 'function' && value.prototype instanceof TerraformResource
        ? [(value as unknown as { tfResourceType: string }).tfResourceType]
        : [],
    ),
  );
  return [...new Set(types)].sort();
}

describe('recover covers every resource type of the environment stacks', () => {
  it('has a finder, or a reason it needs none, for each type any configuration synthesizes', () => {
    const uncovered = [...typesOf('environment')]
      .filter(([type]) => !(type in FINDERS) && !(type in STATE_ONLY))
      .map(([type, where]) => `${type} (${where})`);
    expect(uncovered).toEqual([]);
  });

  it('gives random_password a reason instead of a finder: it has no AWS object', () => {
    expect(typesOf('environment').has('random_password')).toBe(true);
    expect(FINDERS.random_password).toBeUndefined();
    expect(STATE_ONLY.random_password).toBe('a value the random provider generates into the state');
  });

  it('synthesizes every resource class the modules and stacks use in one of these configurations', async () => {
    // A class only a new option creates fails here until everyOptionOn turns that option on.
    const synthesized = new Set([...typesOf('environment').keys(), ...typesOf('bootstrap').keys()]);
    const imported = await importedResourceTypes();
    expect(imported.filter((type) => !synthesized.has(type))).toEqual([]);
    expect(imported).toEqual(expect.arrayContaining(['aws_cloudfront_monitoring_subscription', 'aws_wafv2_web_acl']));
  });
});
