import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../src/synth';
import { copyProject, exampleInputs, shippedStackNames } from './helpers';
import { tempDir } from './temp';

/** sha256 of every file below `dir`, by path relative to it. */
function checksums(dir: string, base = dir): Record<string, string> {
  const sums: Record<string, string> = {};
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === 'node_modules') continue;
    if (statSync(path).isDirectory()) Object.assign(sums, checksums(path, base));
    else sums[relative(base, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return sums;
}

/** A project folder with sources, a README and a previous synth in cdktf.out. */
function project(): string {
  const root = tempDir('outdir');
  for (const [file, text] of Object.entries({
    'README.md': '# readme',
    'src/main.ts': 'main',
    'stacks/settings/dev.ts': 'settings',
    'modules/s3_bucket/index.ts': 'bucket',
    'test/a.test.ts': 'test',
    'notes/todo.txt': 'mine',
  })) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  expect(synthesize(exampleInputs(), { root, outdir: 'cdktf.out', report: () => undefined, log: () => undefined })).toBe(0);
  return root;
}

function synthIn(root: string, outdir: string) {
  const lines: string[] = [];
  const code = synthesize(exampleInputs(), { root, outdir, report: (line) => lines.push(line), log: () => undefined });
  return { code, lines };
}

describe('synth writes only where it owns the folder', () => {
  it.each([
    ['.', "synth: refusing to write to .: it is the project's folder, and synth replaces what is in its output folder; use cdktf.out"],
    ['', 'synth: the output folder is empty (CDKTF_OUTDIR set to ""): unset it to write to cdktf.out'],
    [
      '..',
      "synth: refusing to write to ..: it is the project's folder or above it, and synth replaces what is in its output folder; use cdktf.out",
    ],
    ['stacks', "synth: refusing to write to stacks: it is inside stacks/, which holds the project's own files; use cdktf.out"],
    [
      'stacks/settings',
      "synth: refusing to write to stacks/settings: it is inside stacks/, which holds the project's own files; use cdktf.out",
    ],
    ['src/out', "synth: refusing to write to src/out: it is inside src/, which holds the project's own files; use cdktf.out"],
    ['modules', "synth: refusing to write to modules: it is inside modules/, which holds the project's own files; use cdktf.out"],
    ['test', "synth: refusing to write to test: it is inside test/, which holds the project's own files; use cdktf.out"],
    ['notes', 'synth: refusing to write to notes: it holds files synth did not write (todo.txt); use an empty or new folder, or cdktf.out'],
    ['README.md', 'synth: cannot write to README.md: it is a file, not a folder'],
    ['README.md/out', 'synth: cannot write to README.md/out: a part of the path is a file'],
  ])('refuses %j in one line, exit 1, changing no file', (outdir, line) => {
    const root = project();
    const before = checksums(root);
    expect(synthIn(root, outdir)).toEqual({ code: 1, lines: [line] });
    expect(checksums(root)).toEqual(before);
    expect(readdirSync(root).sort()).toEqual(['README.md', 'cdktf.out', 'modules', 'notes', 'src', 'stacks', 'test']);
  });

  it("refuses the project's folder given as an absolute path", () => {
    const root = project();
    const before = checksums(root);
    expect(synthIn(root, root).lines).toEqual([
      `synth: refusing to write to .: it is the project's folder, and synth replaces what is in its output folder; use cdktf.out`,
    ]);
    expect(checksums(root)).toEqual(before);
  });

  it('refuses cdktf.out when it is a file, and leaves the file', () => {
    const root = tempDir('outdir');
    writeFileSync(join(root, 'cdktf.out'), 'not a folder');
    expect(synthIn(root, 'cdktf.out')).toEqual({ code: 1, lines: ['synth: cannot write to cdktf.out: it is a file, not a folder'] });
    expect(readFileSync(join(root, 'cdktf.out'), 'utf8')).toBe('not a folder');
  });

  it.each([
    ['a new folder', 'out/new'],
    ['an empty folder', 'empty'],
    ['its own previous output', 'cdktf.out'],
  ])('writes to %s', (_case, outdir) => {
    const root = project();
    mkdirSync(join(root, 'empty'));
    const before = checksums(root);
    expect(synthIn(root, outdir)).toEqual({ code: 0, lines: [] });
    const after = checksums(root);
    expect(Object.keys(after)).toContain(`${outdir}/stacks/storytime-dev/cdk.tf.json`);
    const changed = Object.keys(after).filter((file) => after[file] !== before[file]);
    expect(changed.filter((file) => !file.startsWith(`${outdir}/`))).toEqual([]);
  });

  it('removes a stale stack folder holding only its JSON and Terraform files, and keeps one holding anything else', () => {
    const root = project();
    for (const [stack, extra] of [
      ['storytime-old', '.terraform.lock.hcl'],
      ['storytime-mine', 'notes.txt'],
    ]) {
      mkdirSync(join(root, 'cdktf.out', 'stacks', stack));
      writeFileSync(join(root, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), '{}');
      writeFileSync(join(root, 'cdktf.out', 'stacks', stack, extra), 'x');
    }
    const kept = join(root, 'cdktf.out', 'stacks', 'storytime-mine');
    expect(synthIn(root, 'cdktf.out')).toEqual({
      code: 0,
      lines: [`kept ${kept}: no longer a stack of this app, but it holds files synth did not write (notes.txt); delete it yourself`],
    });
    expect(readdirSync(join(root, 'cdktf.out', 'stacks')).sort()).toEqual([...shippedStackNames(), 'storytime-mine'].sort());
  });
});

describe('npm run synth with a wrong CDKTF_OUTDIR (the app as users start it)', () => {
  let copy: string;
  beforeAll(() => {
    copy = copyProject();
  });

  it.each([
    ['.', "synth: refusing to write to .: it is the project's folder, and synth replaces what is in its output folder; use cdktf.out"],
    ['', 'synth: the output folder is empty (CDKTF_OUTDIR set to ""): unset it to write to cdktf.out'],
    ['stacks', "synth: refusing to write to stacks: it is inside stacks/, which holds the project's own files; use cdktf.out"],
  ])('CDKTF_OUTDIR=%j: one line, exit 1, no source file changed', (outdir, line) => {
    const before = checksums(copy);
    const run = spawnSync('sh', ['scripts/app.sh'], { cwd: copy, env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr, stdout: run.stdout }).toEqual({ status: 1, stderr: `${line}\n`, stdout: '' });
    const after = checksums(copy);
    expect(Object.keys(after).filter((file) => after[file] !== before[file] && !file.startsWith('.cache/'))).toEqual([]);
  });
});
