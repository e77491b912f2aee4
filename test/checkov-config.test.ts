import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const config = readFileSync(join(ROOT, '.checkov.yaml'), 'utf8');
// The skip table lives in docs/checkov.md; the README links to it.
const table = readFileSync(join(ROOT, 'docs', 'checkov.md'), 'utf8');

const skipLines = config.split('\n').filter((line) => /^\s*-\s*CKV/.test(line));
const skips = skipLines.map((line) => /^ {2}- (CKV2?_[A-Z0-9]+_\d+) +# (.+)$/.exec(line));
const documented = [...table.matchAll(/^\| `(CKV2?_[A-Z0-9]+_\d+)` \| (.+) \|$/gm)].map((match) => match[1]);

describe('checkov skips', () => {
  it('give every skipped check id a reason on its line', () => {
    expect(skipLines.length).toBeGreaterThan(0);
    for (const [index, match] of skips.entries()) {
      expect(match, skipLines[index]).not.toBeNull();
      expect(match?.[2].length, skipLines[index]).toBeGreaterThanOrEqual(30);
    }
  });

  it('are the ones docs/checkov.md lists, once each', () => {
    const ids = skips.map((match) => match?.[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(documented).toEqual(ids);
  });
});
