/**
 * The baseline: the same app set up the way `cdktf init --template=typescript`
 * sets one up. It is generated at bench time from the product sources, so it
 * always builds exactly the product's stacks, with two differences only:
 *   - provider classes come from the package root barrel
 *     (`import { s3Bucket } from '@cdktf/provider-aws'`), not from `lib/<resource>`;
 *   - it runs under ts-node (type-checking, as `npx ts-node main.ts` does)
 *     with the template's tsconfig (bench/baseline/tsconfig.json).
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export const ROOT = join(__dirname, '..');
/** Everything src/main.ts reaches. */
const APP_DIRS = ['src', 'stacks', 'modules'];
const DEEP_IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*'(@cdktf\/provider-([a-z0-9-]+))\/lib\/([a-z0-9-]+)';/g;

const namespacesByPackage = new Map<string, Map<string, string>>();

/** `s3-bucket` → `s3Bucket`, read from the barrel itself rather than guessed. */
function barrelNamespaces(pkg: string): Map<string, string> {
  let namespaces = namespacesByPackage.get(pkg);
  if (!namespaces) {
    const index = readFileSync(join(ROOT, 'node_modules', pkg, 'lib', 'index.d.ts'), 'utf8');
    namespaces = new Map([...index.matchAll(/export \* as (\w+) from '\.\/([a-z0-9-]+)';/g)].map(([, name, path]) => [path, name]));
    namespacesByPackage.set(pkg, namespaces);
  }
  return namespaces;
}

/**
 * `import { S3Bucket, type X } from '@cdktf/provider-aws/lib/s3-bucket'` becomes
 * `import { s3Bucket as aws_s3Bucket } from '@cdktf/provider-aws'` plus
 * `import S3Bucket = aws_s3Bucket.S3Bucket` per name, so the rest of the file
 * is untouched and every class is still read off the barrel's namespace.
 */
function toBarrelImports(source: string, file: string): string {
  const rewritten = source.replace(DEEP_IMPORT, (_line, _typeOnly, names: string, pkg: string, short: string, path: string) => {
    const namespace = barrelNamespaces(pkg).get(path);
    if (!namespace) throw new Error(`${file}: ${pkg} has no barrel export for lib/${path}`);
    const alias = `${short.replace(/-/g, '_')}_${namespace}`;
    const aliases = names
      .split(',')
      .map((name) => name.trim().replace(/^type\s+/, ''))
      .filter((name) => name.length > 0)
      .map((name) => {
        const [imported, local = imported] = name.split(/\s+as\s+/);
        return `import ${local} = ${alias}.${imported};`;
      });
    return [`import { ${namespace} as ${alias} } from '${pkg}';`, ...aliases].join('\n');
  });
  if (/@cdktf\/provider-[a-z0-9-]+\/lib\//.test(rewritten))
    throw new Error(`${file}: a provider deep import is in a form the baseline cannot rewrite`);
  return rewritten;
}

function* typescriptFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* typescriptFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

export interface BaselineApp {
  readonly dir: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Provider classes rewritten to barrel imports, over all files. */
  readonly rewrittenImports: number;
  /** Modules (resources and data sources) that the barrels in use require at load. */
  readonly barrelModules: number;
  readonly remove: () => void;
}

/** ts-node, a devDependency of the project. */
function tsNodeBin(): string {
  return require.resolve('ts-node/dist/bin.js', { paths: [ROOT] });
}

/** Writes the baseline app into a temp folder; node_modules is the project's, linked. */
export function prepareBaseline(): BaselineApp {
  const tsNode = tsNodeBin();
  const dir = mkdtempSync(join(tmpdir(), 'storytime-bench-baseline-'));
  let rewrittenImports = 0;
  const packages = new Set<string>();
  for (const appDir of APP_DIRS) {
    for (const file of typescriptFiles(join(ROOT, appDir))) {
      const source = readFileSync(file, 'utf8');
      const rewritten = toBarrelImports(source, relative(ROOT, file));
      rewrittenImports += (rewritten.match(/^import \w+ = /gm) ?? []).length;
      for (const [, pkg] of rewritten.matchAll(/from '(@cdktf\/provider-[a-z0-9-]+)';/g)) packages.add(pkg);
      const target = join(dir, relative(ROOT, file));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, rewritten);
    }
  }
  cpSync(join(__dirname, 'baseline'), dir, { recursive: true });
  // The app reads its engines range from package.json (src/node-version.ts).
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return {
    dir,
    command: process.execPath,
    args: [tsNode, 'main.ts'],
    rewrittenImports,
    barrelModules: [...packages].reduce((sum, pkg) => sum + barrelNamespaces(pkg).size, 0),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
