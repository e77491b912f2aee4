/**
 * Runs one child process and measures it from outside: wall time around the
 * spawn, and the peak RSS of the largest process in its tree.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

/**
 * GNU time reports the child's ru_maxrss, which Linux folds to the largest of
 * the child and its reaped descendants. Without it, every node process in the
 * tree appends its own maxRSS at exit (bench/max-rss.cjs through NODE_OPTIONS),
 * which measures the same thing for node-only trees.
 */
export const RSS_METHOD = existsSync(GNU_TIME)
  ? `GNU time (\`${GNU_TIME} -f %M\`): ru_maxrss of the child, i.e. the largest process in its tree`
  : 'each node process of the tree reports `process.resourceUsage().maxRSS` at exit (bench/max-rss.cjs via NODE_OPTIONS); the largest counts';

export interface Sample {
  readonly wallMs: number;
  readonly peakRssMiB: number;
  readonly stdout: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

export async function measure(command: string, args: readonly string[], options: RunOptions): Promise<Sample> {
  const scratch = mkdtempSync(join(tmpdir(), 'storytime-bench-rss-'));
  const rssFile = join(scratch, 'rss');
  const env = { ...process.env, ...options.env };
  let argv: string[];
  if (existsSync(GNU_TIME)) {
    argv = [GNU_TIME, '-f', '%M', '-o', rssFile, command, ...args];
  } else {
    argv = [command, ...args];
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${join(__dirname, 'max-rss.cjs')}`.trim();
    env.BENCH_MAX_RSS_FILE = rssFile;
  }
  try {
    const start = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(argv[0], argv.slice(1), { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('error', reject);
      child.on('close', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
    });
    const wallMs = performance.now() - start;
    if (code !== 0) {
      throw new Error(`${[command, ...args].join(' ')} exited ${code} in ${options.cwd}:\n${stderr.slice(-4000)}${stdout.slice(-2000)}`);
    }
    // GNU time prints KiB; max-rss.cjs writes KiB too (Node's maxRSS unit).
    const kib = Math.max(...readFileSync(rssFile, 'utf8').trim().split(/\s+/).map(Number));
    return { wallMs, peakRssMiB: kib / 1024, stdout };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/** `1.42 (1.38–1.51)` */
export function formatStats(value: Stats, digits: number, unit = ''): string {
  const f = (n: number) => n.toFixed(digits);
  return `${f(value.median)}${unit} (${f(value.min)}–${f(value.max)})`;
}
