/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and splits its samples into
 * causes: each sample goes to the nearest frame on its stack, from the leaf
 * up, whose script tells what the time is for (generic helpers such as
 * node:fs, node:path or native code pass it up to their caller), except that
 * anything under a stack-trace capture counts as stack traces wherever it is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export const STACK_TRACES = 'stack traces mapped through source maps (cdktf captures one per token)';

/** Frames that say what a sample is for, most specific first. */
const CAUSES: readonly (readonly [RegExp, string])[] = [
  [/node_modules\/(tsx|get-tsconfig|esbuild)\/|^wasm:|^node:internal\/modules\/esm\//, 'tsx: TypeScript transform and loader hooks'],
  [/^node:internal\/modules\/|^node:internal\/deps\/cjs-module-lexer/, 'node module loader: resolve, read, compile'],
  [/node_modules\/@cdktf\/provider-/, 'provider classes (@cdktf/provider-*)'],
  [/node_modules\/(cdktf|constructs)\//, 'cdktf + constructs: construct tree, token resolution, synth'],
  [/node_modules\/zod\//, 'zod: settings validation'],
  [/^file:.*\/(src|stacks|modules|bench)\//, 'app code (src, stacks, modules)'],
  [/^node:internal\/(bootstrap|main|process)\//, 'node start-up'],
];
const STACK_TRACE_FRAME = /^node:internal\/source_map\/|cdktf\/lib\/tokens\/private\/stack-trace\.js$/;
const OTHER = 'other (V8 and native, unattributed)';
/** V8's pseudo-frames. */
const SPECIAL: ReadonlyMap<string, string> = new Map([
  ['(garbage collector)', 'garbage collection'],
  ['(idle)', 'idle (waiting on I/O or the loader thread)'],
  ['(program)', OTHER],
]);

/** Milliseconds of self time per cause in one profile. */
export function causes(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const causeOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = causeOf.get(id);
    if (known) return known;
    const stack: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!);
    const special = SPECIAL.get(stack[0].callFrame.functionName);
    const cause =
      special ??
      (stack.some((frame) => STACK_TRACE_FRAME.test(frame.callFrame.url))
        ? STACK_TRACES
        : stack.map((frame) => CAUSES.find(([pattern]) => pattern.test(frame.callFrame.url))?.[1]).find((found) => found !== undefined) ?? OTHER);
    causeOf.set(id, cause);
    return cause;
  };

  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const cause = classify(id);
    totals.set(cause, (totals.get(cause) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return totals;
}

/** The main thread's profile in `dir` (file names end in `.<pid>.<thread id>.<seq>.cpuprofile`; the main thread is 0). */
export function mainThreadProfile(dir: string): CpuProfile {
  const file = readdirSync(dir).find((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name));
  if (!file) throw new Error(`no main-thread CPU profile in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
}
