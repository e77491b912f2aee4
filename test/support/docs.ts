/**
 * `npm run docs`: rewrites the parts of README.md and docs/ that are generated from the code. Each sits
 * between `<!-- npm run docs: <name> -->` and `<!-- end npm run docs -->`; everything around it is
 * written by hand. test/docs.test.ts fails when a committed page differs from what this would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STACK_OUTPUTS, type OutputSpec } from '../../stacks/outputs';
import { GUARD_RULES, STACK_RULES } from '../../src/guards/rules';

interface Section {
  readonly file: string;
  readonly name: string;
  render(): string;
}

/** Text for a table cell: no column break, no emphasis. */
const cell = (text: string) => text.replace(/[|*]/g, (character) => `\\${character}`);

/** The rules table: one row per rule file, in report order, linked to its file. */
function guardRulesTable(): string {
  const rows = [
    ...GUARD_RULES.map((rule) => ({ rule, suppressible: 'yes' })),
    ...STACK_RULES.map((rule) => ({ rule, suppressible: 'no' })),
  ];
  return [
    '| id | rule | suppressible |',
    '|---|---|---|',
    ...rows.map(
      ({ rule, suppressible }) =>
        `| [${rule.id}](../src/guards/rules/${rule.id.toLowerCase()}.ts) | ${cell(rule.reason)} | ${suppressible} |`,
    ),
  ].join('\n');
}

/** The outputs contract of an environment stack, in its order. */
function stackOutputsTable(): string {
  const specs: [string, OutputSpec][] = Object.entries(STACK_OUTPUTS);
  return [
    '| output | what it holds | Rails variable (`rails-env`) |',
    '|---|---|---|',
    ...specs.map(
      ([name, spec]) =>
        `| \`${name}\` | ${cell(spec.description)}${spec.optional ? ' (only when its feature is enabled)' : ''} | ${spec.railsVariable ? `\`${spec.railsVariable}\`` : '—'} |`,
    ),
  ].join('\n');
}

const SECTIONS: readonly Section[] = [
  { file: 'docs/guardrails.md', name: 'guard rules', render: guardRulesTable },
  { file: 'docs/signed-cookies.md', name: 'stack outputs', render: stackOutputsTable },
];

/** Every page holding a generated section, as `npm run docs` would write it. */
export function generatedPages(root: string): { file: string; text: string }[] {
  const files = [...new Set(SECTIONS.map((section) => section.file))];
  return files.map((file) => {
    let text = readFileSync(join(root, file), 'utf8');
    for (const section of SECTIONS.filter((candidate) => candidate.file === file)) {
      const begin = `<!-- npm run docs: ${section.name} -->\n`;
      const end = '<!-- end npm run docs -->';
      const start = text.indexOf(begin);
      const stop = text.indexOf(end, start);
      if (start < 0 || stop < 0) throw new Error(`${file}: no '${begin.trim()}' … '${end}' section`);
      text = `${text.slice(0, start + begin.length)}${section.render()}\n${text.slice(stop)}`;
    }
    return { file, text };
  });
}

if (require.main === module) {
  const root = join(__dirname, '..', '..');
  for (const { file, text } of generatedPages(root)) {
    const changed = readFileSync(join(root, file), 'utf8') !== text;
    if (changed) writeFileSync(join(root, file), text);
    console.log(`docs: ${file} ${changed ? 'rewritten' : 'up to date'}`);
  }
}
