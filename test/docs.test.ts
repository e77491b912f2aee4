import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
/** Runbooks other changes deliver; the README links them already. */
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return [...text.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) => slug(heading));
}

/** Relative links `[text](target#anchor)` outside code fences, as [file, target path, anchor]. */
function links(file: string): [string, string, string | undefined][] {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target)
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => {
      const [path, anchor] = target.split('#');
      return [file, path ? relative(ROOT, normalize(join(ROOT, dirname(file), path))) : file, anchor];
    });
}

describe('README and docs', () => {
  it('computes anchors as GitHub does', () => {
    expect(slug('`npm run check-env`')).toBe('npm-run-check-env');
    expect(slug('Settings reference')).toBe('settings-reference');
  });

  it('link only to files and headings that exist', () => {
    const broken = DOCS.flatMap(links).filter(([, path, anchor]) => {
      if (!existsSync(join(ROOT, path))) return true;
      return anchor !== undefined && !anchors(path).includes(anchor);
    });
    expect(broken).toEqual([]);
  });

  it('link every reference page from the README', () => {
    const linked = new Set(links('README.md').map(([, path]) => path));
    expect(DOCS.filter((file) => file !== 'README.md' && !linked.has(file))).toEqual([]);
  });

  it('open the README with what it builds and the two set-up commands in under 60 lines, then the deploy path', () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
    const headings = lines.filter((line) => line.startsWith('## '));
    expect(headings.slice(0, 3)).toEqual(['## Set-up: two commands', '## First deploy from zero', '## Day-2 runbooks']);
    expect(headings.at(-1)).toBe('## Reference');
    expect(lines.indexOf('## First deploy from zero')).toBeLessThanOrEqual(60);
    const commands = lines.filter((line) => /^(\. scripts\/use-node\.sh && )?npm (ci|test)\b/.test(line));
    expect(commands.map((line) => line.split('#')[0].trim())).toEqual(['. scripts/use-node.sh && npm ci && npm run synth', 'npm test']);
  });

  it('number the first deploy steps 1, 2, 3… and say for each how to see it worked', () => {
    const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = text.slice(text.indexOf('## First deploy from zero'), text.indexOf('## Day-2 runbooks'));
    const steps = section.split(/^(?=\d+\. )/m).slice(1);
    expect(steps.map((step) => Number(/^(\d+)\./.exec(step)?.[1]))).toEqual(steps.map((_, index) => index + 1));
    expect(steps.length).toBeGreaterThanOrEqual(8);
    expect(steps.filter((step) => !/Worked:/.test(step)).map((step) => step.slice(0, 40))).toEqual([]);
  });
});
