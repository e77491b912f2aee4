/**
 * The two plain-node entries the bench runs beside the app: bench entries
 * bundled with their dependencies left in node_modules (so that the floor can
 * list the modules the app uses), and the floor that synth is compared with.
 */
import { buildSync, type BuildOptions } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ROOT } from './baseline';

/** esbuild flags of the bench entries; scripts/app.sh also bundles the dependencies. */
const APP_BUILD: BuildOptions = {
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
};
const CACHE = join(ROOT, '.cache', 'bench');

/** Writes `.cache/bench/<entry name>.cjs`, inside the project so that node finds node_modules, and returns its path. */
export function bundle(entry: string): string {
  const outfile = join(CACHE, `${basename(entry, '.ts')}.cjs`);
  buildSync({ ...APP_BUILD, entryPoints: [join(ROOT, entry)], outfile });
  return outfile;
}

/**
 * The floor of synth: node requiring exactly the cdktf, constructs and
 * provider modules that the bundled app requires (read off esbuild's
 * metafile, so it follows the app's imports) and writing one file, given as
 * its argument. Returns its path and the modules it requires.
 */
export function floor(): { path: string; modules: string[] } {
  const { metafile } = buildSync({
    ...APP_BUILD,
    entryPoints: [join(ROOT, 'src', 'main.ts')],
    outfile: join(CACHE, 'app.cjs'),
    write: false,
    metafile: true,
  });
  const required = Object.values(metafile.outputs).flatMap((output) =>
    output.imports.filter((used) => used.external).map((used) => used.path),
  );
  const modules = [...new Set(required)].filter((module) => /^(cdktf|constructs|@cdktf\/provider-[a-z]+)(\/|$)/.test(module));
  const path = join(CACHE, 'floor.cjs');
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(
    path,
    [
      ...modules.map((module) => `require(${JSON.stringify(module)});`),
      "require('node:fs').writeFileSync(process.argv[2], '{}\\n');",
      '',
    ].join('\n'),
  );
  return { path, modules };
}
