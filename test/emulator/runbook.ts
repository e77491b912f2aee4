/**
 * The runbooks' own commands, run as written: the ```sh blocks of a section
 * of a docs/ page, with the example's environment swapped for the emulator's
 * and `npm` as the project has it, except that `npm run synth` is the
 * emulator's own synth (which the test ran already: moto needs the stand-ins
 * in the copy) and `npm run plan` plans that copy (`--no-synth`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Step } from './backend';
import { shell, type Project } from './project';

const REPO = join(__dirname, '..', '..');

/** The ```sh blocks under `## heading` (up to the next heading of that level or above), in order. */
export function runbookBlocks(page: string, heading: string): string[] {
  const text = readFileSync(join(REPO, 'docs', page), 'utf8');
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/${page} has no section "## ${heading}"`);
  const end = text.indexOf('\n## ', start + 1);
  const section = text.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^( *)```sh\n([\s\S]*?)^\1```$/gm)].map(([, indent, body]) =>
    body
      .split('\n')
      .map((line) => line.slice(indent.length))
      .join('\n'),
  );
}

const NPM = (bundle: string) => {
  const cli = `node '${join(REPO, 'scripts', 'run-bundle.cjs')}' '${bundle}'`;
  return `npm() {
  case "$*" in
    "run synth") ;;
    "run plan -- "*) ${cli} plan "$4" --no-synth ;;
    "run storytime -- "* | "run -s storytime -- "*) while [ "$1" != "--" ]; do shift; done; shift; ${cli} "$@" ;;
    *) echo "emulator: npm $* is not part of a runbook" >&2; return 1 ;;
  esac
}
`;
};

/** Runs a runbook block for `environment` (the page's example is `example`), with that account's credentials. */
export function runBlock(
  project: Project,
  block: string,
  swap: { readonly example: string; readonly environment: string },
  credentials: Readonly<Record<string, string>>,
  extra: Record<string, string> = {},
): Promise<Step> {
  const script = block.replace(new RegExp(`\\b${swap.example}\\b`, 'g'), swap.environment);
  return shell(project, NPM(join(project.root, '.cache', 'cli', 'storytime.cjs')) + script, credentials, extra);
}
