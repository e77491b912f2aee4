/**
 * `npm run bench`: the figures README quotes, each median (min–max) of
 * `--runs` measured runs after one warm-up. A full run writes bench/RESULTS.md;
 * a partial one (`--only`) prints its report unless `--out` names a file.
 */
import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { UsageError } from '../src/cli/errors';
import { discoverToolchain, planStack } from '../test/support/terraform';
import { prepareBaseline, ROOT } from './baseline';
import { bundle, floor } from './bundle';
import { formatStats, measure, RSS_METHOD, stats, type Sample } from './measure';
import { benchOptions, USAGE, type BenchOptions } from './options';

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const table = (headers: readonly string[], rows: readonly (readonly string[])[]) =>
  [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

/** Digest of every file of a synth output folder, to prove two outputs identical. */
function outputDigest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else
        hash
          .update(`${relative(dir, path)}\0`)
          .update(readFileSync(path))
          .update('\0');
    }
  };
  walk(dir);
  return hash.digest('hex');
}

interface Target {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

// ---------------------------------------------------------------- synth ---

type SynthRun = 'ours' | 'floor' | 'baseline';

async function benchSynth(runs: number, scratch: string) {
  const baseline = prepareBaseline();
  const floorEntry = floor();
  try {
    const samples = { ours: [] as Sample[], floor: [] as Sample[], baseline: [] as Sample[] };
    let identical = 0;
    let stacks: string[] = [];
    // Interleaved, so that a busy moment of the machine hits every variant of the same run.
    for (let run = 0; run <= runs; run++) {
      const outdir = (name: string) => join(scratch, `synth-${name}-${run}`);
      const ours = await measure('sh', ['scripts/app.sh'], { cwd: ROOT, env: { CDKTF_OUTDIR: outdir('ours') } });
      const floorRun = await measure(process.execPath, [floorEntry.path, join(scratch, `floor-${run}.json`)], { cwd: ROOT });
      const base = await measure(baseline.command, baseline.args, { cwd: baseline.dir, env: { CDKTF_OUTDIR: outdir('baseline') } });
      stacks = readdirSync(join(outdir('ours'), 'stacks')).sort();
      const same = outputDigest(outdir('ours')) === outputDigest(outdir('baseline'));
      for (const name of ['ours', 'baseline']) rmSync(outdir(name), { recursive: true, force: true });
      log(
        `synth ${run === 0 ? 'warm-up' : `run ${run}/${runs}`}: ours ${ours.wallMs.toFixed(0)} ms, floor ${floorRun.wallMs.toFixed(0)} ms, baseline ${base.wallMs.toFixed(0)} ms`,
      );
      if (run === 0) continue;
      samples.ours.push(ours);
      samples.floor.push(floorRun);
      samples.baseline.push(base);
      if (same) identical++;
    }
    const pairs = (of: 'floor' | 'baseline', measure: (sample: Sample) => number) =>
      stats(samples.ours.map((sample, run) => measure(sample) / measure(samples[of][run])));
    return {
      stacks,
      identical,
      floorModules: floorEntry.modules.length,
      wall: (name: SynthRun) => stats(samples[name].map((sample) => sample.wallMs / 1000)),
      rss: (name: SynthRun) => stats(samples[name].map((sample) => sample.peakRssMiB)),
      toFloor: pairs('floor', (sample) => sample.wallMs),
      toBaseline: pairs('baseline', (sample) => sample.wallMs),
      rssToBaseline: pairs('baseline', (sample) => sample.peakRssMiB),
      rewrittenImports: baseline.rewrittenImports,
      barrelModules: baseline.barrelModules,
    };
  } finally {
    baseline.remove();
  }
}

// -------------------------------------------------------------- scaling ---

const SCALING_COUNTS = [0, 1, 8, 32] as const;

async function benchScaling(runs: number, scratch: string) {
  const samples = new Map<number, Sample[]>(SCALING_COUNTS.map((count) => [count, []]));
  const scale = bundle('bench/scale.ts');
  for (let run = 0; run <= runs; run++) {
    for (const count of SCALING_COUNTS) {
      const outdir = join(scratch, `scale-${count}-${run}`);
      const sample = await measure(process.execPath, [scale, String(count), outdir], { cwd: ROOT });
      const written = existsSync(join(outdir, 'stacks')) ? readdirSync(join(outdir, 'stacks')).length : 0;
      // Each environment brings its own state bootstrap.
      if (written !== 2 * count) throw new Error(`scaling: expected ${2 * count} stacks for N=${count}, synth wrote ${written}`);
      rmSync(outdir, { recursive: true, force: true });
      if (run > 0) samples.get(count)!.push(sample);
    }
    log(`scaling ${run === 0 ? 'warm-up' : `run ${run}/${runs}`}`);
  }
  const wall = (count: number) => stats(samples.get(count)!.map((sample) => sample.wallMs / 1000));
  const rss = (count: number) => stats(samples.get(count)!.map((sample) => sample.peakRssMiB));
  // Marginal cost per stack between two N: the first stack's one-off work (lazy loading, JIT) stays out.
  const marginalMs = (from: number, to: number) => ((wall(to).median - wall(from).median) * 1000) / (to - from);
  return { wall, rss, marginalMs };
}

// ---------------------------------------------------------------- tests ---

async function benchTests(runs: number) {
  const args = [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--exclude', 'test/terraform/**'];
  const samples: Sample[] = [];
  for (let run = 0; run <= runs; run++) {
    const sample = await measure(process.execPath, args, { cwd: ROOT });
    log(`unit tests ${run === 0 ? 'warm-up' : `run ${run}/${runs}`}: ${(sample.wallMs / 1000).toFixed(2)} s`);
    if (run > 0) samples.push(sample);
  }
  // eslint-disable-next-line no-control-regex -- ANSI colour codes start with the ESC control character
  const plain = samples[0].stdout.replace(/\x1b\[[0-9;]*m/g, '');
  return {
    wall: stats(samples.map((sample) => sample.wallMs / 1000)),
    rss: stats(samples.map((sample) => sample.peakRssMiB)),
    tests: /Tests\s+(.+?)\s*$/m.exec(plain)?.[1] ?? 'unknown',
    // vitest's own split of its duration: transform, setup, collect, tests, environment, prepare.
    split: /Duration\s+\S+ \((.*)\)/.exec(plain)?.[1] ?? 'unknown',
  };
}

// ----------------------------------------------------------------- plan ---

async function benchPlan(runs: number, scratch: string) {
  const outdir = join(scratch, 'plan-synth');
  await measure('sh', ['scripts/app.sh'], { cwd: ROOT, env: { CDKTF_OUTDIR: outdir } });
  const stacks = readdirSync(join(outdir, 'stacks')).sort();
  const discovery = discoverToolchain();
  if ('problem' in discovery) return { problem: discovery.problem };
  // The dev stack's sensitive variable, as the plan test passes it.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const variables = { cloudfront_private_key_pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  const seconds = new Map(
    stacks.map((stack) => [stack, { init: [] as number[], validate: [] as number[], plan: [] as number[], wall: [] as number[] }]),
  );
  for (let run = 0; run <= runs; run++) {
    for (const stack of stacks) {
      const workDir = join(scratch, `plan-${stack}-${run}`);
      const start = performance.now();
      const { seconds: steps } = await planStack(discovery.toolchain, join(outdir, 'stacks', stack), workDir, variables);
      const wall = (performance.now() - start) / 1000;
      rmSync(workDir, { recursive: true, force: true });
      log(`plan ${stack} ${run === 0 ? 'warm-up' : `run ${run}/${runs}`}: ${wall.toFixed(1)} s`);
      if (run === 0) continue;
      const figures = seconds.get(stack)!;
      figures.init.push(steps.init);
      figures.validate.push(steps.validate);
      figures.plan.push(steps.plan);
      figures.wall.push(wall);
    }
  }
  const rows = stacks.map((stack) => [stack, ...Object.values(seconds.get(stack)!).map((values) => formatStats(stats(values), 1))]);
  return { version: discovery.toolchain.version, rows };
}

// --------------------------------------------------------------- report ---

/** The measured code's revision; the bench's own files do not count as changes. */
function revision(): string {
  const git = (...args: string[]) => spawnSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return 'not a git checkout';
  return `${head.stdout.trim()}${git('status', '--porcelain', '--', '.', ':!bench').stdout.trim() ? ' with uncommitted changes' : ''}`;
}

function machine(): string[] {
  const version = (pkg: string) => {
    const file = join(ROOT, 'node_modules', pkg, 'package.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : 'missing';
  };
  return [
    `- Revision ${revision()}`,
    `- CPU: ${cpus()[0]?.model ?? 'unknown'}, ${availableParallelism()} cores; memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ${process.platform} ${release()}`,
    `- Node ${process.version}; ts-node ${version('ts-node')}, typescript ${version('typescript')}, vitest ${version('vitest')}, cdktf ${version('cdktf')}, @cdktf/provider-aws ${version('@cdktf/provider-aws')}`,
  ];
}

async function report({ runs, only }: BenchOptions): Promise<{ text: string; targets: Target[] }> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg()[0];
  const scratch = mkdtempSync(join(tmpdir(), 'storytime-bench-'));
  const targets: Target[] = [];
  const sections: string[] = [];
  const median = `Median (min–max) of ${runs} runs after a warm-up`;
  try {
    if (only.includes('synth')) {
      const synth = await benchSynth(runs, scratch);
      const ours = synth.wall('ours');
      sections.push(
        '## Synth, all stacks\n',
        `${synth.stacks.join(', ')}; wall in seconds from spawn to exit, each command started directly (no npm/npx launcher), peak RSS in MiB. ${median}, the three commands taking turns run by run.`,
        '',
        table(
          ['command', 'wall (s)', 'peak RSS (MiB)'],
          [
            [
              'ours: `sh scripts/app.sh`, the `app` of cdktf.json (esbuild bundle, then node)',
              formatStats(ours, 2),
              formatStats(synth.rss('ours'), 0),
            ],
            [
              `floor: node requiring the ${synth.floorModules} cdktf, constructs and provider modules the app requires, writing one file`,
              formatStats(synth.wall('floor'), 2),
              formatStats(synth.rss('floor'), 0),
            ],
            [
              'common setup: `npx ts-node main.ts`, root-barrel imports (bench/baseline.ts)',
              formatStats(synth.wall('baseline'), 2),
              formatStats(synth.rss('baseline'), 0),
            ],
          ],
        ),
        '',
        table(
          ['pair by pair', 'median (min–max)'],
          [
            ['ours / floor, wall', formatStats(synth.toFloor, 2)],
            ['ours / common setup, wall', formatStats(synth.toBaseline, 3)],
            ['ours / common setup, peak RSS', formatStats(synth.rssToBaseline, 3)],
          ],
        ),
        '',
        `The common setup is generated at bench time from the product sources: the same code with its ${synth.rewrittenImports} provider class imports rewritten to the package root (whose barrels require ${synth.barrelModules} modules), run as \`cdktf init --template=typescript\` sets an app up. Its output was byte-identical to ours in ${synth.identical} of ${runs} runs.`,
        '',
      );
      targets.push(
        { name: 'synth, median wall', target: '< 2.0 s', measured: `${ours.median.toFixed(2)} s`, met: ours.median < 2 },
        {
          name: 'synth / floor, median of pairs',
          target: '≤ 1.5',
          measured: synth.toFloor.median.toFixed(2),
          met: synth.toFloor.median <= 1.5,
        },
        {
          name: 'synth / common setup, median of pairs',
          target: '< 0.2',
          measured: synth.toBaseline.median.toFixed(3),
          met: synth.toBaseline.median < 0.2,
        },
      );
    }

    if (only.includes('scaling')) {
      const scaling = await benchScaling(runs, scratch);
      sections.push(
        '## Scaling with the number of stacks\n',
        `\`node scale.cjs N\` (bench/scale.ts, bundled like the app): N environment stacks (the dev example as projects storytime1..N) and the state stack, in one synth; N=0 is start-up and loading. Marginal = extra wall per extra stack since the previous N. ${median}.`,
        '',
        table(
          ['N', 'wall (s)', 'peak RSS (MiB)', 'marginal (ms/stack)'],
          SCALING_COUNTS.map((count, index) => [
            String(count),
            formatStats(scaling.wall(count), 2),
            formatStats(scaling.rss(count), 0),
            index === 0 ? '—' : scaling.marginalMs(SCALING_COUNTS[index - 1], count).toFixed(0),
          ]),
        ),
        '',
      );
      // Flat cost per stack gives about 1; cost growing with N would give about (8+32)/(1+8) ≈ 4.4.
      const growth = scaling.marginalMs(8, 32) / scaling.marginalMs(1, 8);
      targets.push(
        {
          name: '32 stacks, median wall',
          target: '< 10 s',
          measured: `${scaling.wall(32).median.toFixed(2)} s`,
          met: scaling.wall(32).median < 10,
        },
        { name: 'marginal ms/stack from N=8 to 32 / from N=1 to 8', target: '≤ 1.5', measured: growth.toFixed(2), met: growth <= 1.5 },
      );
    }

    if (only.includes('tests')) {
      const tests = await benchTests(runs);
      sections.push(
        '## Unit tests\n',
        `\`node node_modules/vitest/vitest.mjs run --exclude 'test/terraform/**'\`, tests: ${tests.tests}. ${median}. Peak RSS of the largest process; vitest's own split of the first run: ${tests.split}.`,
        '',
        table(['wall (s)', 'peak RSS (MiB)'], [[formatStats(tests.wall, 2), formatStats(tests.rss, 0)]]),
        '',
      );
      targets.push({
        name: 'unit tests, median wall',
        target: '≤ 8 s',
        measured: `${tests.wall.median.toFixed(2)} s`,
        met: tests.wall.median <= 8,
      });
    }

    if (only.includes('plan')) {
      const plan = await benchPlan(runs, scratch);
      sections.push('## Terraform init + validate + plan, per stack\n');
      if ('problem' in plan) {
        sections.push(`Not measured: ${plan.problem}\n`);
      } else {
        sections.push(
          `Terraform ${plan.version}, offline, through test/support/terraform.ts \`planStack\` as the plan test runs it; "wall" also covers copying the stack and \`terraform show -json\`. Seconds. ${median}, stacks one after another.`,
          '',
          table(['stack', 'init', 'validate', 'plan', 'wall'], plan.rows),
          '',
        );
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const argv = process.argv.slice(2);
  const text = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}\` on ${startedAt}; the run took ${((performance.now() - started) / 1000).toFixed(0)} s.`,
    '',
    ...machine(),
    `- Load average (1 min) ${loadBefore.toFixed(2)} before the run, ${loadavg()[0].toFixed(2)} after: the machine may be shared.`,
    `- Peak RSS: ${RSS_METHOD}.`,
    '',
    ...(targets.length > 0
      ? [
          '## Targets',
          '',
          table(
            ['figure', 'target', 'measured (median)', 'met'],
            targets.map((t) => [t.name, t.target, t.measured, t.met ? 'yes' : '**MISSED**']),
          ),
          '',
        ]
      : []),
    ...sections,
  ].join('\n');
  return { text, targets };
}

async function main(): Promise<void> {
  let parsed: BenchOptions | 'help';
  try {
    parsed = benchOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message} (see npm run bench -- --help)\n`);
    process.exitCode = 2;
    return;
  }
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { text, targets } = await report(parsed);
  if (parsed.out) {
    writeFileSync(parsed.out, text);
    log(`wrote ${relative(process.cwd(), parsed.out)}`);
  } else {
    process.stdout.write(text);
  }
  for (const target of targets) log(`${target.met ? 'met   ' : 'MISSED'} ${target.name}: ${target.measured} (target ${target.target})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
