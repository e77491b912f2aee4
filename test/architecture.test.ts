import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const FOLDERS = ['src', 'stacks', 'modules', 'scripts', 'bench'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'baseline' ? [] : sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of every project file, resolved to project paths (`stacks/naming.ts`). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder)))) {
    const text = readFileSync(file, 'utf8');
    // Static imports, require() and import() (whose `./x.js` names ./x.ts, as TypeScript's node16 resolution writes it).
    const targets = [...text.matchAll(/(?:from|require\(|import\()\s*'(\.{1,2}\/[^']+)'/g)].map(([, spec]) => {
      const base = resolve(dirname(file), spec);
      const candidates = [`${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts'), base];
      const found = candidates.find((candidate) => {
        try {
          return statSync(candidate).isFile();
        } catch {
          return false;
        }
      });
      return relative(ROOT, found ?? base);
    });
    graph.set(relative(ROOT, file), targets);
  }
  return graph;
}

const graph = importGraph();
// test/support/ runs Terraform for the plan tests, the emulator run and the benchmark alike.
const layer = (path: string) => (path.startsWith('test/support/') ? 'test/support' : path.split('/')[0]);

describe('architecture', () => {
  it('reads the import graph of every folder', () => {
    expect(graph.get('stacks/storytime-stack.ts')).toContain('stacks/naming.ts');
    expect(graph.get('src/synth.ts')).toContain('src/app.ts');
    expect(graph.get('src/cli/commands/cookies.ts')).toContain('src/cli/outputs.ts');
    expect(graph.get('src/cli/commands/index.ts')).toContain('src/cli/commands/plan.ts');
  });

  it.each([
    ['modules', ['stacks', 'src', 'scripts', 'test', 'bench']],
    ['stacks', ['src', 'scripts', 'test', 'bench']],
    // src/cli, the operator CLI, is part of the top floor: it reads the settings as synth does (src/config).
    ['src', ['scripts', 'test', 'bench']],
    ['scripts', ['test', 'bench']],
    ['bench', ['test']],
  ])('%s imports none of %j', (from, forbidden) => {
    const offending = [...graph]
      .filter(([file]) => layer(file) === from)
      .flatMap(([file, targets]) => targets.filter((target) => forbidden.includes(layer(target))).map((target) => `${file} -> ${target}`));
    expect(offending).toEqual([]);
  });

  it('keeps the CLI out of the app: nothing in src, stacks or modules imports src/cli but src/cli itself', () => {
    const offending = [...graph]
      .filter(([file]) => ['src', 'stacks', 'modules'].includes(layer(file)) && !file.startsWith('src/cli/'))
      .flatMap(([file, targets]) => targets.filter((target) => target.startsWith('src/cli/')).map((target) => `${file} -> ${target}`));
    expect(offending).toEqual([]);
  });

  it('keeps TypeScript out of scripts/, which holds shell glue', () => {
    expect(sourceFiles(join(ROOT, 'scripts')).map((file) => relative(ROOT, file))).toEqual([]);
  });

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
