/**
 * Bundles a bench entry the way scripts/app.sh bundles the app (esbuild,
 * dependencies left in node_modules), so that profiled and scaled runs start
 * like `npm run synth` does: plain node, no TypeScript loader.
 */
import { buildSync } from 'esbuild';
import { basename, join } from 'node:path';
import { ROOT } from './baseline';

/** Writes `.cache/bench/<entry name>.cjs`, inside the project so that node finds node_modules, and returns its path. */
export function bundle(entry: string): string {
  const outfile = join(ROOT, '.cache', 'bench', `${basename(entry, '.ts')}.cjs`);
  buildSync({ entryPoints: [join(ROOT, entry)], outfile, bundle: true, packages: 'external', platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  return outfile;
}
