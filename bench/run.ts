/**
 * `npm run bench`: synth, unit tests, terraform plan and scaling, each over
 * `--runs` measured runs after one warm-up, side by side with the common CDKTF
 * setup (bench/baseline.ts). Writes bench/RESULTS.md.
 *
 *   usage: tsx bench/run.ts [--runs N] [--only synth,tests,terraform,scaling,profile]
 */
import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { discoverToolchain, planStack, providersOf } from '../scripts/lib/terraform';
import { prepareBaseline, ROOT } from './baseline';
import { formatStats, measure, RSS_METHOD, stats, withLoadOfOthers, type Sample, type Stats } from './measure';
import { bundle } from './bundle';
import { causes, mainThreadProfile, STACK_TRACES } from './profile';

const SECTIONS = ['synth', 'tests', 'terraform', 'scaling', 'profile'] as const;
type Section = (typeof SECTIONS)[number];
const SCALING_COUNTS = [0, 1, 2, 8, 32] as const;
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const RESULTS = join(__dirname, 'RESULTS.md');

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: readonly number[]) => stats(values).median;

function parseArgs(argv: readonly string[]): { runs: number; only: readonly Section[] } {
  let runs = 5;
  let only: readonly Section[] = SECTIONS;
  for (let index = 0; index < argv.length; index++) {
    const value = argv[index + 1];
    if (argv[index] === '--runs' && value && /^[1-9]\d*$/.test(value)) {
      runs = Number(value);
      index++;
    } else if (argv[index] === '--only' && value) {
      const wanted = value.split(',');
      const unknown = wanted.filter((section) => !(SECTIONS as readonly string[]).includes(section));
      if (unknown.length > 0) throw new Error(`--only: unknown section(s) ${unknown.join(', ')}; expected ${SECTIONS.join(', ')}`);
      only = SECTIONS.filter((section) => wanted.includes(section));
      index++;
    } else {
      throw new Error(`unknown argument ${argv[index]}; usage: npm run bench -- [--runs N] [--only ${SECTIONS.join(',')}]`);
    }
  }
  return { runs, only };
}

/** Digest of every file of a synth output folder, to prove two outputs identical. */
function outputDigest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(`${relative(dir, path)}\0`).update(readFileSync(path)).update('\0');
    }
  };
  walk(dir);
  return hash.digest('hex');
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

interface Target {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
  /** Cores other processes kept busy, on average, while the figure was measured. */
  readonly others: number;
}

const othersLine = (others: number) =>
  Number.isNaN(others)
    ? 'The load of other processes was not measured (it is read from /proc/stat, which only Linux has).\n'
    : `Meanwhile other processes kept ${others.toFixed(2)} of the ${availableParallelism()} cores busy on average (from /proc/stat, less the CPU time of the bench and its children).\n`;

// ---------------------------------------------------------------- synth ---

interface Variant {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

async function benchSynth(runs: number, scratch: string) {
  const baseline = prepareBaseline();
  try {
    const variants: Record<'ours' | 'baseline' | 'tsx', Variant> = {
      ours: { label: 'ours: `npm run synth` = `sh scripts/app.sh` (esbuild bundle, then node), deep imports', command: 'sh', args: ['scripts/app.sh'], cwd: ROOT },
      baseline: { label: 'baseline: `npx ts-node main.ts`, root-barrel imports, cdktf template tsconfig', command: baseline.command, args: baseline.args, cwd: baseline.dir },
      tsx: { label: 'for reference: `tsx src/main.ts`, the same app without the bundle step', command: TSX, args: ['src/main.ts'], cwd: ROOT },
    };
    const names = Object.keys(variants) as (keyof typeof variants)[];
    const samples = Object.fromEntries(names.map((name) => [name, [] as Sample[]])) as Record<keyof typeof variants, Sample[]>;
    const identical = Object.fromEntries(names.map((name) => [name, 0])) as Record<keyof typeof variants, number>;
    let reference: string | undefined;
    let stacks: string[] = [];
    // Interleaved, so that a busy moment of the machine hits every variant of the same run.
    for (let run = 0; run <= runs; run++) {
      for (const name of names) {
        const variant = variants[name];
        const outdir = join(scratch, `synth-${name}-${run}`);
        const sample = await measure(variant.command, variant.args, { cwd: variant.cwd, env: { CDKTF_OUTDIR: outdir } });
        const digest = outputDigest(outdir);
        if (reference === undefined) {
          reference = digest;
          stacks = readdirSync(join(outdir, 'stacks')).sort();
        }
        rmSync(outdir, { recursive: true, force: true });
        if (run === 0) continue;
        samples[name].push(sample);
        if (digest === reference) identical[name]++;
      }
      const last = (name: keyof typeof variants) => `${name} ${seconds(samples[name].at(-1)!.wallMs)}`;
      log(`synth ${run === 0 ? 'warm-up' : `run ${run}/${runs}: ${names.map(last).join(', ')}`}`);
    }
    const wall = (name: keyof typeof variants) => stats(samples[name].map((sample) => sample.wallMs / 1000));
    const rss = (name: keyof typeof variants) => stats(samples[name].map((sample) => sample.peakRssMiB));
    const wallRatio = stats(samples.ours.map((sample, run) => sample.wallMs / samples.baseline[run].wallMs));
    const rssRatio = stats(samples.ours.map((sample, run) => sample.peakRssMiB / samples.baseline[run].peakRssMiB));
    return { variants, names, wall, rss, wallRatio, rssRatio, identical, stacks, rewrittenImports: baseline.rewrittenImports, barrelModules: baseline.barrelModules };
  } finally {
    baseline.remove();
  }
}

// ---------------------------------------------------------------- tests ---

async function benchTests(runs: number) {
  const args = [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--exclude', 'test/terraform/**'];
  const samples: Sample[] = [];
  for (let run = 0; run <= runs; run++) {
    const sample = await measure(process.execPath, args, { cwd: ROOT });
    log(`unit tests ${run === 0 ? 'warm-up' : `run ${run}/${runs}`}: ${seconds(sample.wallMs)}`);
    if (run > 0) samples.push(sample);
  }
  // eslint-disable-next-line no-control-regex
  const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');
  const tests = /Tests\s+(.+?)\s*$/m.exec(plain(samples[0].stdout))?.[1] ?? 'unknown';
  // vitest's own split of its duration: transform, setup, collect, tests, environment, prepare.
  const split = new Map<string, number[]>();
  for (const sample of samples) {
    const parts = /Duration\s+\S+ \((.*)\)/.exec(plain(sample.stdout))?.[1] ?? '';
    for (const [, name, value, unit] of parts.matchAll(/(\w+) ([\d.]+)(ms|s)/g)) {
      split.set(name, [...(split.get(name) ?? []), Number(value) * (unit === 's' ? 1 : 0.001)]);
    }
  }
  return {
    wall: stats(samples.map((sample) => sample.wallMs / 1000)),
    rss: stats(samples.map((sample) => sample.peakRssMiB)),
    tests,
    split: [...split].map(([name, values]) => `${name} ${median(values).toFixed(2)} s`).join(', '),
  };
}

// ------------------------------------------------------------ terraform ---

async function benchTerraform(runs: number, scratch: string) {
  const outdir = join(scratch, 'terraform-synth');
  await measure(TSX, ['src/main.ts'], { cwd: ROOT, env: { CDKTF_OUTDIR: outdir } });
  const stacks = readdirSync(join(outdir, 'stacks')).sort();
  const discovery = discoverToolchain(providersOf(stacks.map((stack) => JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')))));
  if ('problem' in discovery) return { problem: discovery.problem };
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // The dev stack's sensitive variable, as test/terraform/plan.test.ts passes it.
  const variables = { cloudfront_private_key_pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  const results = new Map(stacks.map((stack) => [stack, { init: [] as number[], validate: [] as number[], plan: [] as number[], total: [] as number[], wall: [] as number[] }]));
  for (let run = 0; run <= runs; run++) {
    for (const stack of stacks) {
      const workDir = join(scratch, `terraform-${stack}-${run}`);
      const start = performance.now();
      const { seconds: steps } = await planStack(discovery.toolchain, join(outdir, 'stacks', stack), workDir, variables);
      const wall = (performance.now() - start) / 1000;
      rmSync(workDir, { recursive: true, force: true });
      log(`terraform ${stack} ${run === 0 ? 'warm-up' : `run ${run}/${runs}`}: ${wall.toFixed(1)} s`);
      if (run === 0) continue;
      const result = results.get(stack)!;
      result.init.push(steps.init);
      result.validate.push(steps.validate);
      result.plan.push(steps.plan);
      result.total.push(steps.total);
      result.wall.push(wall);
    }
  }
  const summarized = [...results].map(([stack, values]) => {
    const perStep = Object.fromEntries(Object.entries(values).map(([step, list]) => [step, stats(list)]));
    return [stack, perStep as Record<keyof typeof values, Stats>] as const;
  });
  return { version: discovery.toolchain.version, stacks, missing: [...discovery.toolchain.missing.keys()], results: new Map(summarized) };
}

// -------------------------------------------------------------- scaling ---

async function benchScaling(runs: number, scratch: string) {
  const samples = new Map<number, Sample[]>(SCALING_COUNTS.map((count) => [count, []]));
  const scale = bundle('bench/scale.ts');
  // Every N once per run, so that drift in the machine's load spreads over all N alike.
  for (let run = 0; run <= runs; run++) {
    for (const count of SCALING_COUNTS) {
      const outdir = join(scratch, `scale-${count}-${run}`);
      const sample = await measure(process.execPath, [scale, String(count), outdir], { cwd: ROOT });
      const written = existsSync(join(outdir, 'stacks')) ? readdirSync(join(outdir, 'stacks')).length : 0;
      const expected = count === 0 ? 0 : count + 1;
      if (written !== expected) throw new Error(`scaling: expected ${expected} stacks for N=${count}, synth wrote ${written}`);
      rmSync(outdir, { recursive: true, force: true });
      if (run > 0) samples.get(count)!.push(sample);
    }
    log(`scaling ${run === 0 ? 'warm-up' : `run ${run}/${runs}: N=32 ${seconds(samples.get(32)!.at(-1)!.wallMs)}`}`);
  }
  const wall = (count: number) => median(samples.get(count)!.map((sample) => sample.wallMs));
  const rss = (count: number) => median(samples.get(count)!.map((sample) => sample.peakRssMiB));
  return SCALING_COUNTS.map((count, index) => {
    const previous = SCALING_COUNTS[index - 1];
    return {
      count,
      wall: stats(samples.get(count)!.map((sample) => sample.wallMs / 1000)),
      rss: stats(samples.get(count)!.map((sample) => sample.peakRssMiB)),
      perStackMs: count === 0 ? undefined : (wall(count) - wall(0)) / count,
      perStackMiB: count === 0 ? undefined : (rss(count) - rss(0)) / count,
      marginalMs: previous === undefined ? undefined : (wall(count) - wall(previous)) / (count - previous),
    };
  });
}

// -------------------------------------------------------------- profile ---

async function benchProfile(runs: number, scratch: string) {
  const phases: Record<string, number>[] = [];
  const byCause: Map<string, number>[] = [];
  const walls: number[] = [];
  const phasesScript = bundle('bench/phases.ts');
  for (let run = 0; run <= runs; run++) {
    const profileDir = join(scratch, `profile-${run}`);
    mkdirSync(profileDir);
    const sample = await measure(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, phasesScript, join(scratch, `profile-out-${run}`)], { cwd: ROOT });
    if (run === 0) continue;
    phases.push(JSON.parse(sample.stdout) as Record<string, number>);
    byCause.push(causes(mainThreadProfile(profileDir)));
    walls.push(sample.wallMs);
  }
  log('profile done');
  const phaseNames = Object.keys(phases[0]);
  const causeNames = [...new Set(byCause.flatMap((map) => [...map.keys()]))];
  const causeMedians = causeNames.map((name) => [name, median(byCause.map((map) => map.get(name) ?? 0))] as const).sort((a, b) => b[1] - a[1]);
  return {
    wall: median(walls),
    phases: phaseNames.map((name) => [name, median(phases.map((run) => run[name]))] as const),
    causes: causeMedians,
    sampled: median(byCause.map((map) => [...map.values()].reduce((sum, value) => sum + value, 0))),
  };
}

// --------------------------------------------------------------- report ---

/** The measured code's revision; the bench's own files do not count as changes. */
function revision(): string {
  const git = (...args: string[]) => spawnSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return 'not a git checkout';
  const changed = git('status', '--porcelain', '--', '.', ':!bench').stdout.trim();
  return `${head.stdout.trim()}${changed ? ' with uncommitted changes' : ''}`;
}

function machine(): string[] {
  const cpu = cpus()[0]?.model ?? 'unknown';
  const version = (pkg: string) => {
    const file = join(ROOT, 'node_modules', pkg, 'package.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : 'missing';
  };
  return [
    `- Revision ${revision()}`,
    `- CPU: ${cpu}, ${availableParallelism()} cores (nproc); memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Linux ${release()}`,
    `- Node ${process.version}; tsx ${version('tsx')}, ts-node ${version('ts-node')}, typescript ${version('typescript')}, vitest ${version('vitest')}, cdktf ${version('cdktf')}, @cdktf/provider-aws ${version('@cdktf/provider-aws')}`,
  ];
}

async function main(): Promise<void> {
  const { runs, only } = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const started = performance.now();
  const loadBefore = loadavg()[0];
  const scratch = mkdtempSync(join(tmpdir(), 'storytime-bench-'));
  const targets: Target[] = [];
  const sections: string[] = [];
  const closing: string[] = [];
  try {
    if (only.includes('synth')) {
      const { result: synth, others } = await withLoadOfOthers(() => benchSynth(runs, scratch));
      const row = (name: keyof typeof synth.variants) => [
        synth.variants[name].label,
        formatStats(synth.wall(name), 2),
        formatStats(synth.rss(name), 0),
        name === 'ours' ? '—' : `${synth.identical[name]}/${runs}`,
      ];
      sections.push(
        '## Synth, all stacks\n',
        `${synth.stacks.join(', ')} in one process; wall from spawn to exit (each command started directly, without the npm/npx launcher), peak RSS in MiB; median (min–max) of ${runs} runs after a warm-up, the variants interleaved run by run. ${othersLine(others)}`,
        table(['setup', 'wall (s)', 'peak RSS (MiB)', 'output identical to ours'], synth.names.map(row)),
        '',
        table(
          ['ours / baseline, pair by pair', 'median (min–max)'],
          [
            ['wall', formatStats(synth.wallRatio, 3)],
            ['peak RSS', formatStats(synth.rssRatio, 3)],
          ],
        ),
        '',
        `The baseline is generated at bench time from the product sources (bench/baseline.ts): the same modules and stacks, with the ${synth.rewrittenImports} provider class imports rewritten from \`@cdktf/provider-aws/lib/<resource>\` to the package root (\`import { s3Bucket } from '@cdktf/provider-aws'\`), started as \`cdktf init --template=typescript\` sets it up: \`npx ts-node main.ts\` (type-checking) with the template's tsconfig (bench/baseline/). "Output identical" compares every file of cdktf.out (stacks/*/cdk.tf.json, manifest.json) with ours byte for byte.`,
        '',
      );
      const wall = synth.wall('ours');
      const rss = synth.rss('ours');
      targets.push(
        { name: 'full synth, median wall', target: '< 2.0 s', measured: `${wall.median.toFixed(2)} s`, met: wall.median < 2, others },
        { name: 'full synth, median peak RSS', target: '< 250 MiB', measured: `${rss.median.toFixed(0)} MiB`, met: rss.median < 250, others },
        { name: 'ours / baseline, wall', target: '< 0.2', measured: synth.wallRatio.median.toFixed(3), met: synth.wallRatio.median < 0.2, others },
      );
      closing.push(
        `- Synth: ours takes ${wall.median.toFixed(2)} s and ${rss.median.toFixed(0)} MiB, bundle step included; run by tsx instead, the same app writes the identical output in ${synth.wall('tsx').median.toFixed(2)} s and ${synth.rss('tsx').median.toFixed(0)} MiB, the difference being tsx's start-up, transform and loader hooks and the source maps it turns on. The baseline type-checks the app against the providers' declarations and requires all ${synth.barrelModules} modules (every resource and data source) that the root barrels list.`,
      );
    }

    if (only.includes('tests')) {
      const { result: tests, others } = await withLoadOfOthers(() => benchTests(runs));
      sections.push(
        '## Unit tests\n',
        `\`vitest run --exclude 'test/terraform/**'\`, tests: ${tests.tests}; median (min–max) of ${runs} runs after a warm-up. Peak RSS is the largest single process (vitest runs test files in worker processes). ${othersLine(others)}`,
        table(['wall (s)', 'peak RSS (MiB)', "vitest's own split (medians)"], [[formatStats(tests.wall, 2), formatStats(tests.rss, 0), tests.split]]),
        '',
      );
      targets.push({ name: 'unit tests, median wall', target: '< 20 s', measured: `${tests.wall.median.toFixed(2)} s`, met: tests.wall.median < 20, others });
    }

    if (only.includes('terraform')) {
      const { result: terraform, others } = await withLoadOfOthers(() => benchTerraform(runs, scratch));
      sections.push('## Terraform init + validate + plan, per stack\n');
      if ('problem' in terraform) {
        sections.push(`Not measured: ${terraform.problem}\n`);
      } else {
        sections.push(
          `Terraform ${terraform.version}, offline (provider mirror from scripts/provider-mirror.sh), through scripts/lib/terraform.ts \`planStack\`: \`init -backend=false\`, \`validate\`, then \`init -reconfigure\` + \`plan\` against a local backend; "wall" also covers copying the stack folder and \`terraform show -json\`. Seconds, median (min–max) of ${runs} runs after a warm-up, stacks one after another. ${othersLine(others)}`,
          table(
            ['stack', 'init', 'validate', 'plan', 'init+validate+plan', 'wall'],
            terraform.stacks.map((stack) => {
              const result = terraform.results.get(stack)!;
              return [stack, formatStats(result.init, 1), formatStats(result.validate, 1), formatStats(result.plan, 1), formatStats(result.total, 1), formatStats(result.wall, 1)];
            }),
          ),
          '',
        );
        // Providers missing here were replaced by the stand-ins of scripts/lib/provider-stand-ins.ts, as in the tests.
        if (terraform.missing.length > 0) sections.push(`- Planned with stand-ins for ${terraform.missing.join(', ')} (scripts/lib/provider-stand-ins.ts)`, '');
      }
    }

    if (only.includes('scaling')) {
      const { result: scaling, others } = await withLoadOfOthers(() => benchScaling(runs, scratch));
      const ms = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(0));
      sections.push(
        '## Scaling with the number of stacks\n',
        `\`node scale.cjs N\` (bench/scale.ts bundled like the app): N environment stacks from generated settings (the dev example as projects storytime1..N) and the state stack their S3 backends share, one child process per N. Per stack = (median wall(N) − median wall(0)) / N, N=0 being start-up and module loading (the state stack's share included); marginal = extra wall per extra stack since the previous N. Median (min–max) of ${runs} runs after a warm-up. ${othersLine(others)}`,
        table(
          ['N', 'wall (s)', 'peak RSS (MiB)', 'per stack (ms)', 'marginal (ms/stack)', 'RSS per stack (MiB)'],
          scaling.map((row) => [String(row.count), formatStats(row.wall, 2), formatStats(row.rss, 0), ms(row.perStackMs), ms(row.marginalMs), row.perStackMiB === undefined ? '—' : row.perStackMiB.toFixed(1)]),
        ),
        '',
      );
      const at = (count: number) => scaling.find((row) => row.count === count)!;
      // Marginal costs leave out the first stack's one-off work (lazy loading, JIT), behind which per-stack averages would hide growth.
      // Were each stack's cost to grow in proportion to N, this ratio would be about (8+32)/(1+8) ≈ 4.4; flat cost gives 1, give or take noise.
      const marginal = (from: number, to: number) => (at(to).wall.median - at(from).wall.median) / (to - from);
      const growth = marginal(8, 32) / marginal(1, 8);
      targets.push(
        { name: '32 stacks, median wall', target: '< 10 s', measured: `${at(32).wall.median.toFixed(2)} s`, met: at(32).wall.median < 10, others },
        { name: 'per-stack cost does not grow: marginal s/stack from N=8 to 32 / from N=1 to 8', target: '≤ 1.5', measured: growth.toFixed(2), met: growth <= 1.5, others },
      );
    }

    if (only.includes('profile')) {
      const { result: profile, others } = await withLoadOfOthers(() => benchProfile(runs, scratch));
      const share = (value: number) => `${((100 * value) / profile.sampled).toFixed(0)} %`;
      sections.push(
        '## Where synth time goes\n',
        `\`node --cpu-prof phases.cjs\` (bench/phases.ts bundled like the app): synthesize() of src/synth.ts step by step (the esbuild step of \`npm run synth\` is left out). Medians of ${runs} profiled runs after a warm-up; wall ${seconds(profile.wall)}. ${othersLine(others)}`,
        table(['step', 'ms'], profile.phases.map(([name, value]) => [name, value.toFixed(0)])),
        '',
        `The same runs' CPU profiles (main thread, ${profile.sampled.toFixed(0)} ms sampled), by cause: each sample goes to the nearest frame that tells what it is for (bench/profile.ts).\n`,
        table(['cause', 'ms', 'share'], profile.causes.map(([name, value]) => [name, value.toFixed(0), share(value)])),
        '',
      );
      const top = profile.causes.slice(0, 3);
      const traces = top.some(([name]) => name === STACK_TRACES)
        ? " cdktf records a full stack trace for every token it creates, even with `stackTraces: false`."
        : '';
      closing.push(`- Profile: the largest causes are ${top.map(([name, value]) => `${name} (${value.toFixed(0)} ms)`).join(', ')}.${traces}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const totalSeconds = (performance.now() - started) / 1000;
  const missed = targets.filter((target) => !target.met);
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` on ${startedAt.toISOString()}; the whole run took ${totalSeconds.toFixed(0)} s.`,
    '',
    ...machine(),
    `- Load average (1 min) ${loadBefore.toFixed(2)} before the run, ${loadavg()[0].toFixed(2)} after. The machine may be shared: each section says how busy other processes kept it.`,
    `- Peak RSS: ${RSS_METHOD}.`,
    '',
    '## Targets',
    '',
    table(['figure', 'target', 'measured (median)', 'met'], targets.map((target) => [target.name, target.target, target.measured, target.met ? 'yes' : '**MISSED**'])),
    '',
    ...sections,
    '## Notes',
    '',
    ...(missed.length > 0
      ? [`- Missed: ${missed.map((target) => `${target.name}, while other processes kept ${Number.isNaN(target.others) ? 'an unmeasured number of' : target.others.toFixed(2)} cores busy`).join('; ')}. The profile and vitest's split above show where the time goes.`]
      : []),
    ...closing,
    '',
  ];
  writeFileSync(RESULTS, lines.join('\n'));
  log(`wrote ${relative(ROOT, RESULTS)} in ${totalSeconds.toFixed(0)} s`);
  for (const target of targets) log(`${target.met ? 'met   ' : 'MISSED'} ${target.name}: ${target.measured} (target ${target.target})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
