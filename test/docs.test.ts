import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORIGIN_SHIELD_REGIONS } from '../modules/cloudfront_hls';
import { generatedPages } from './support/docs';
import type { SettingsInputs } from '../src/config/validate';
import { GUARD_RULES, STACK_RULES } from '../src/guards/rules';
import { synthesize } from '../src/synth';
import { exampleInputs, exampleWith, type Json, problemsOf } from './helpers';
import { tempDir } from './temp';

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

/** Every page the checks below read: the README and docs/*.md. */
const pages = () => DOCS.map((file) => ({ file, text: read(file) }));
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
/** A page's text with line breaks and runs of spaces as one space, for sentences that wrap. */
const flat = (file: string) => read(file).replace(/\s+/g, ' ');

describe('generated parts of the docs', () => {
  it('are what npm run docs writes', () => {
    const stale = generatedPages(ROOT)
      .filter(({ file, text }) => read(file) !== text)
      .map(({ file }) => `${file} is out of date: run npm run docs`);
    expect(stale).toEqual([]);
  });

  it('list every guard rule with its reason, linked to its file', () => {
    const table = read('docs/guardrails.md')
      .split('\n')
      .filter((line) => line.startsWith('| [ST-'));
    expect(table).toHaveLength(18);
    expect(table).toContain('| [ST-S3-1](../src/guards/rules/st-s3-1.ts) | every bucket blocks all public access | yes |');
    expect(table).toContain(
      '| [ST-CF-5](../src/guards/rules/st-cf-5.ts) | in the production tier, every distribution is behind a WAF web ACL | yes |',
    );
    expect(table.at(-1)).toBe(
      '| [ST-KEY-1](../src/guards/rules/st-key-1.ts) | no private key material is ever written to Terraform JSON (it would reach the plan and the state) | no |',
    );
  });
});

describe('what README and docs name', () => {
  it('names only guard rules the code has', () => {
    const known = new Set([...GUARD_RULES, ...STACK_RULES].map((rule) => rule.id));
    const unknown = pages().flatMap(({ file, text }) =>
      [...text.matchAll(/\bST-[A-Z0-9]+-\d+\b/g)].filter(([id]) => !known.has(id)).map(([id]) => `${file}: ${id}`),
    );
    expect(unknown).toEqual([]);
  });

  it('names only npm scripts package.json has', () => {
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    const missing = pages().flatMap(({ file, text }) =>
      [...text.matchAll(/\bnpm run (?:-s )?([a-z][\w-]*(?::[\w-]+)*)/g)]
        .filter(([, name]) => !scripts.includes(name))
        .map(([, name]) => `${file}: ${name}`),
    );
    expect(missing).toEqual([]);
  });
});

/** Paths of docs/layout.md's layout block, one per line, nested by two spaces: `src/guards/rules/`. */
function layoutPaths(): string[] {
  const section = read('docs/layout.md').split('## Layout\n')[1];
  const block = /^```\n([\s\S]*?)^```/m.exec(section)?.[1] ?? '';
  const folders: string[] = [];
  return block
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [, indent, name] = /^( *)(\S+)/.exec(line) ?? [];
      const depth = indent.length / 2;
      if (!Number.isInteger(depth) || depth > folders.length) throw new Error(`docs/layout.md: bad indentation: ${line}`);
      const path = `${depth > 0 ? folders[depth - 1] : ''}${name}`;
      folders.length = depth;
      if (path.endsWith('/')) folders.push(path);
      return path;
    });
}

function foldersUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => [`${folder}${entry.name}/`, ...foldersUnder(`${folder}${entry.name}/`)]);
}

describe('docs/layout.md', () => {
  const paths = layoutPaths();

  it('reads the layout block as nested paths', () => {
    expect(paths).toContain('src/guards/rules/');
    expect(paths).toContain('src/cli/commands/');
    expect(paths).toContain('.ci/run');
  });

  it('names only paths that exist', () => {
    expect(paths.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('names every folder of src/, stacks/ and modules/', () => {
    const folders = ['src/', 'stacks/', 'modules/'].flatMap((top) => [top, ...foldersUnder(top)]);
    expect(folders.filter((folder) => !paths.includes(folder))).toEqual([]);
  });
});

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** What `npm run synth` prints for the shipped settings, and what it writes, as if the output were cdktf.out. */
function shippedSynth(inputs: SettingsInputs): { lines: string[]; stacks: Record<string, Json> } {
  const outdir = tempDir('docs-synth');
  const lines: string[] = [];
  const report: string[] = [];
  const code = synthesize(inputs, {
    outdir,
    log: (line) => lines.push(line.replace(outdir, 'cdktf.out')),
    report: (line) => report.push(line),
  });
  if (code !== 0) throw new Error(report.join('\n'));
  const names = readdirSync(join(outdir, 'stacks')).sort();
  return {
    lines,
    stacks: Object.fromEntries(names.map((name) => [name, JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'))])),
  };
}

const countOf = (stack: Json, type?: string) =>
  Object.entries(stack.resource ?? {})
    .filter(([resourceType]) => type === undefined || resourceType === type)
    .reduce((sum, [, byId]) => sum + Object.keys(byId as object).length, 0);

const shipped = shippedSynth(exampleInputs());

describe('synth output quoted in README and docs', () => {
  const { lines, stacks } = shipped;
  const names = Object.keys(stacks);
  const environments = names.filter((name) => stacks[name].resource.aws_cloudfront_distribution !== undefined);

  it('quotes only lines npm run synth prints, and all of them in docs/layout.md', () => {
    const quoted = pages().flatMap(({ file, text }) =>
      [...text.matchAll(/wrote cdktf\.out\/stacks\/\S+ \(\d+ resources?\)/g)].map(([line]) => ({ file, line })),
    );
    expect(quoted.filter(({ line }) => !lines.includes(line))).toEqual([]);
    expect(quoted.filter(({ file }) => file === 'docs/layout.md').map(({ line }) => line)).toEqual(lines);
  });

  it("names the stacks synth writes in the README's first deploy, and in the CDK Terrain check's output", () => {
    const quoted = names.map((name) => `\`${name}\``).join(', ');
    expect(flat('README.md')).toContain(`Worked: ${NUMBER_WORDS[names.length]} \`wrote cdktf.out/stacks/…/cdk.tf.json\` lines (${quoted})`);
    expect(read('docs/cdk-terrain.md')).toContain(
      `compare-stacks: cdktn@0.24.0: ${names.length} stacks identical to cdktf@0.21.0 except the version metadata (${names.join(', ')})`,
    );
  });

  it('lists the stacks synth writes in the plan tests of docs/emulator.md and the table of docs/state.md', () => {
    expect(flat('docs/emulator.md')).toContain(`for every stack the app synthesizes (${names.map((name) => `\`${name}\``).join(', ')})`);
    const table = [...read('docs/state.md').matchAll(/^\| `(storytime-[a-z-]+)` \| (\w+)\b/gm)].map(([, name, account]) => [name, account]);
    expect(table.map(([name]) => name).sort()).toEqual(names);
    expect(table.filter(([name, account]) => !name.endsWith(`-${account}`))).toEqual([]);
  });

  it('counts the resources of the state bootstrap and of an environment as synth writes them', () => {
    const text = flat('docs/emulator.md');
    expect(text).toContain(`must equal the applied state (${countOf(stacks['storytime-state-dev'])} resources)`);
    for (const name of environments) expect(text).toContain(`two full read-backs of ${countOf(stacks[name])} resources`);
  });
});

describe('names and counts of what the stacks create', () => {
  // Every optional part on, so that the optional alarms and widgets exist too.
  const inputs = exampleInputs();
  for (const settings of Object.values(inputs.environments) as Json[])
    settings.alarms = { ...settings.alarms, additionalCloudfrontMetrics: true };
  const full = shippedSynth(inputs).stacks;
  const environments = Object.keys(full).filter((name) => full[name].resource.aws_cloudfront_distribution !== undefined);
  const envOf = (stack: string) => stack.replace(/^storytime-/, '');

  it('names with <env> only what every environment stack creates under that name', () => {
    const templates = [
      ...new Set(pages().flatMap(({ text }) => [...text.matchAll(/`(storytime[-/]<env>[-/][a-z0-9_-]+)`/g)].map(([, name]) => name))),
    ];
    expect(templates).toContain('storytime-<env>-alarms');
    const missing = environments.flatMap((stack) => {
      const json = JSON.stringify(full[stack]);
      return templates
        .map((template) => template.replace('<env>', envOf(stack)))
        .filter((name) => !new RegExp(`(?<![\\w-])${name.replace(/[/-]/g, '\\$&')}(?![\\w-])`).test(json))
        .map((name) => `${stack}: ${name}`);
    });
    expect(missing).toEqual([]);
  });

  it('lists every alarm and dashboard widget in docs/alarms.md, and counts them', () => {
    const text = read('docs/alarms.md');
    const table = [...text.matchAll(/^\| `(storytime-<env>-[a-z0-9-]+)`/gm)].map(([, name]) => name);
    const dashboardSection = text.split('## Dashboard')[1].split('\n## ')[0];
    const widgets = (dashboardSection.match(/^\d+\. .*$/gm) ?? []).length;
    const optionalWidgets = (dashboardSection.match(/^\d+\. .* only with additional metrics$/gm) ?? []).length;
    for (const stack of environments) {
      const alarms = Object.values(full[stack].resource.aws_cloudwatch_metric_alarm as Record<string, Json>).map(
        (alarm) => alarm.alarm_name,
      );
      expect(table.map((name) => name.replace('<env>', envOf(stack))).sort()).toEqual([...alarms].sort());
      const always = countOf(shipped.stacks[stack], 'aws_cloudwatch_metric_alarm');
      const optional = alarms.length - always;
      expect(flat('docs/alarms.md')).toContain(`an SNS topic, ${NUMBER_WORDS[always]} alarms, an optional ${NUMBER_WORDS[optional]} more`);
      expect(flat('docs/alarms.md')).toContain(`${always} per environment, ${alarms.length} with additional metrics`);
      const dashboard = (stack: Json) =>
        JSON.parse(Object.values(stack.resource.aws_cloudwatch_dashboard as Record<string, Json>)[0].dashboard_body).widgets.length;
      expect(widgets).toBe(dashboard(full[stack]));
      expect(optionalWidgets).toBe(dashboard(full[stack]) - dashboard(shipped.stacks[stack]));
    }
  });
});

describe('settings values listed in docs', () => {
  it('lists the Origin Shield regions the schema accepts in docs/alarms.md', () => {
    const listed = /Valid regions: ([a-z0-9, -]+)\./.exec(flat('docs/alarms.md'))?.[1].split(', ');
    expect(listed?.sort()).toEqual([...ORIGIN_SHIELD_REGIONS].sort());
  });
});

describe('settings errors quoted in docs', () => {
  /** The change to the shipped settings that makes each quoted line. */
  const CAUSES: Record<string, SettingsInputs> = {
    'prod: cdn.customDomain.certificateArn: expected an ACM certificate in us-east-1 (CloudFront only uses certificates from there), got eu-west-1':
      exampleWith(
        'prod',
        (s) => (s.cdn.customDomain.certificateArn = 'arn:aws:acm:eu-west-1:222222222222:certificate/00000000-0000-4000-8000-000000000002'),
      ),
    "dev: alb.dnsName: 'webdev-alb-stg-699722072.us-west-1.elb.amazonaws.com' belongs to environment staging (token 'stg'), but this stack is dev; point it at the dev resource or mark the block shared with a reason":
      exampleWith('dev', (s) => (s.alb.dnsName = 'webdev-alb-stg-699722072.us-west-1.elb.amazonaws.com')),
    "dev: aws.region: 'cn-north-1' is in partition aws-cn; these stacks deploy to the aws partition only (their policies use arn:aws: ARNs, and CloudFront with an ACM certificate from us-east-1 is not offered in aws-cn or aws-us-gov)":
      exampleWith('dev', (s) => (s.aws.region = 'cn-north-1')),
  };
  /** A settings file that throws names its own line, which a test cannot reproduce in the shipped file: its format is pinned in test/hostile-input.test.ts. */
  const THREW = /^dev: stacks\/settings\/dev\.ts:\d+: threw while loading: TypeError: /;
  /** A file that does not compile is reported by the app's build, pinned in test/settings-files.test.ts. */
  const COMPILE = /^qa: stacks\/settings\/qa\.ts:\d+: does not compile: /;

  it('are what validation says for the change that causes them', () => {
    const quoted = pages().flatMap(({ text }) => [...text.matchAll(/^settings error: (.+)$/gm)].map(([, line]) => line));
    expect(quoted.filter((line) => !THREW.test(line) && !COMPILE.test(line))).toEqual(Object.keys(CAUSES));
    for (const [line, inputs] of Object.entries(CAUSES)) expect(problemsOf(inputs)).toEqual([line]);
  });
});
