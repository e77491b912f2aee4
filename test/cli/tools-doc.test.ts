/**
 * What docs/tools.md and the README quote of the CLI is what the CLI prints: each command's usage,
 * the command list, and the shape and length of rails-env's and cookies' output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands';
import { dispatch } from '../../src/cli/dispatch';
import { rsaKeyPair } from '../keys';
import { tempDir } from '../temp';
import { FIXTURE, ROOT } from './process';

const TOOLS = readFileSync(path.join(ROOT, 'docs', 'tools.md'), 'utf8');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The text of every fenced block without a language (quoted output), in order. */
function plainBlocks(text: string): string[] {
  const blocks: { language: string; lines: string[] }[] = [];
  let open: { language: string; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    if (open === undefined && line.startsWith('```')) blocks.push((open = { language: line.slice(3), lines: [] }));
    else if (open !== undefined && line === '```') open = undefined;
    else open?.lines.push(line);
  }
  return blocks.filter(({ language }) => language === '').map(({ lines }) => `${lines.join('\n')}\n`);
}

/** The section of docs/tools.md under `## <heading>`, up to the next one. */
function section(heading: string): string {
  const start = TOOLS.indexOf(`\n## ${heading}\n`);
  expect(start, `docs/tools.md has no section "## ${heading}"`).toBeGreaterThan(-1);
  const end = TOOLS.indexOf('\n## ', start + 1);
  return TOOLS.slice(start, end === -1 ? undefined : end);
}

async function storytime(argv: string[]): Promise<string> {
  let stdout = '';
  const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true } };
  expect(await dispatch(argv, io)).toBe(0);
  return stdout;
}

describe('docs/tools.md and the README quote the CLI as it is', () => {
  it('quotes the command list of storytime --help', async () => {
    expect(plainBlocks(TOOLS)[0]).toBe(await storytime(['--help']));
  });

  it.each(Object.keys(COMMANDS))('has a section for %s that quotes its --help', async (command) => {
    expect(plainBlocks(section(command))[0]).toBe(await storytime([command, '--help']));
  });

  it('says how many lines rails-env prints and how they begin, and lists them in order', async () => {
    const lines = (await storytime(['rails-env', '--env', 'dev', '--from', FIXTURE])).trimEnd().split('\n');
    const readme = /Worked: (\d+) `NAME=value` lines, starting `([A-Z_]+=)`/.exec(README);
    expect(readme?.slice(1)).toEqual([String(lines.length), 'AWS_REGION=']);
    const tools = /(\d+) lines in this order, the first\s+`([A-Z_]+=)…`/.exec(section('rails-env'));
    expect(tools?.slice(1)).toEqual([String(lines.length), 'AWS_REGION=']);
    expect(lines[0]).toMatch(/^AWS_REGION=/);
    const table = [...section('rails-env').matchAll(/^\| `([A-Z_]+)` \| `[a-z_]+` \|$/gm)].map(([, variable]) => variable);
    expect(table).toEqual(lines.map((line) => line.slice(0, line.indexOf('='))));
  });

  it('shows the lines cookies prints: three cookies, then the curl command', async () => {
    const quoted = plainBlocks(section('cookies'))[1].trimEnd().split('\n');
    const key = path.join(tempDir('tools-doc'), 'signer.pem');
    writeFileSync(key, rsaKeyPair('signer').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const printed = (
      await storytime([
        'cookies',
        '--env',
        'dev',
        '--resource',
        '/books/42/*',
        '--key-pair-id',
        'K2ZYXWVUTSRQPO',
        // Key 2026-05 is not in the shipped settings, so the pair check has nothing to compare with.
        '--private-key',
        key,
        '--from',
        FIXTURE,
      ])
    )
      .trimEnd()
      .split('\n');
    const shape = (line: string) =>
      /^(CloudFront-[A-Za-z-]+=|curl -sS -o \/dev\/null -w '%\{http_code\}\\n' --cookie 'CloudFront-Policy=)/.exec(line)?.[1];
    expect(quoted.map(shape)).toEqual(printed.map(shape));
    expect(printed.map(shape)).toEqual([
      'CloudFront-Policy=',
      'CloudFront-Signature=',
      'CloudFront-Key-Pair-Id=',
      "curl -sS -o /dev/null -w '%{http_code}\\n' --cookie 'CloudFront-Policy=",
    ]);
  });
});
