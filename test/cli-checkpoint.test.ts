import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
/** A command that starts the CDKTF CLI, which otherwise calls checkpoint-api.hashicorp.com (a red ENOTFOUND offline). */
const CDKTF_CLI = /(^|[\s;&|(`])(npx\s+)?cdktf\s+(synth|deploy|diff|destroy|get|init|output|watch|convert|list|provider|debug)\b/;

function quiet(line: string): boolean {
  return /\bCHECKPOINT_DISABLE=1\b/.test(line);
}

/** Lines that start the CDKTF CLI without CHECKPOINT_DISABLE=1, as `file: line`. */
function loudLines(file: string, lines: string[]): string[] {
  if (lines.some((line) => /^\s*export\s+CHECKPOINT_DISABLE=1\b/.test(line))) return [];
  return lines.filter((line) => !/^\s*#/.test(line) && CDKTF_CLI.test(line) && !quiet(line)).map((line) => `${file}: ${line.trim()}`);
}

/** Shell lines inside ``` fences of a Markdown file. */
function fencedLines(text: string): string[] {
  return text
    .split(/^```.*$/m)
    .filter((_, index) => index % 2 === 1)
    .flatMap((block) => block.split('\n'));
}

describe('CDKTF CLI', () => {
  it('the check recognises a CLI start, quiet or not', () => {
    expect(
      loudLines('x', [
        'npx cdktf synth --output out',
        'cdktf deploy storytime-dev',
        'npm run synth',
        '# npx cdktf synth',
        'CHECKPOINT_DISABLE=1 npx cdktf synth',
      ]),
    ).toEqual(['x: npx cdktf synth --output out', 'x: cdktf deploy storytime-dev']);
    expect(loudLines('x', ['export CHECKPOINT_DISABLE=1', 'npx cdktf synth'])).toEqual([]);
  });

  it('is started with CHECKPOINT_DISABLE=1 by CI, the scripts, package.json and every documented command', () => {
    const scripts = readdirSync(join(ROOT, 'scripts'))
      .filter((name) => name.endsWith('.sh'))
      .map((name) => `scripts/${name}`);
    const shellFiles = ['.ci/run', ...scripts].filter((file) => existsSync(join(ROOT, file)));
    const docs = [
      'README.md',
      ...(existsSync(join(ROOT, 'docs'))
        ? readdirSync(join(ROOT, 'docs'))
            .filter((name) => name.endsWith('.md'))
            .map((name) => `docs/${name}`)
        : []),
    ];
    const packageScripts = Object.values(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>);

    const loud = [
      ...shellFiles.flatMap((file) => loudLines(file, readFileSync(join(ROOT, file), 'utf8').split('\n'))),
      ...docs.flatMap((file) => loudLines(file, fencedLines(readFileSync(join(ROOT, file), 'utf8')))),
      ...loudLines('package.json', packageScripts),
    ];
    expect(loud).toEqual([]);
    // The CI line this is about is still there (and quiet).
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toContain('CHECKPOINT_DISABLE=1 npx cdktf synth');
  });
});
