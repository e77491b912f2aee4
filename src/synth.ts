import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { App } from 'cdktf';
import { addStacks } from './app';
import { SettingsError, validateSettings, type SettingsInputs } from './config/validate';
import { checkGuardrails, recordSuppressions } from './guards';
import type { StackJson } from './guards/resources';
import { outputFolderProblem } from './output-folder';
import { removeStaleStacks } from './stale-stacks';

export interface SynthOptions {
  /** Default: CDKTF_OUTDIR (set by `cdktf synth`), else `cdktf.out`; relative to `root`. */
  readonly outdir?: string;
  /** The project's folder, which synth never writes into except its output folder. Default: the working directory. */
  readonly root?: string;
  /** Receives one line per problem. Default: stderr. */
  readonly report?: (line: string) => void;
  /** Receives one line per stack written. Default: stdout. */
  readonly log?: (line: string) => void;
}

/** `wrote cdktf.out/stacks/storytime-dev/cdk.tf.json (57 resources)`. */
function writtenLine(file: string, json: { resource?: Record<string, Record<string, unknown>> }): string {
  const resources = Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
  return `wrote ${file} (${resources} resource${resources === 1 ? '' : 's'})`;
}

/**
 * Validates settings, builds and synthesizes every stack, runs the guardrails
 * on the JSON, and only then publishes it to the output folder: either all
 * stacks are written there or nothing is. Returns the exit code.
 */
export function synthesize(inputs: SettingsInputs | (() => SettingsInputs), options: SynthOptions = {}): number {
  const report = options.report ?? ((line: string) => console.error(line));
  let settings;
  try {
    // A function loads the settings here, so that a file that throws or a bad override is reported like any setting.
    settings = validateSettings(typeof inputs === 'function' ? inputs() : inputs);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    for (const problem of error.problems) report(`settings error: ${problem}`);
    return 1;
  }
  const root = options.root ?? process.cwd();
  const requested = options.outdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  const problem = outputFolderProblem(requested, root);
  if (problem) {
    report(`synth: ${problem}`);
    return 1;
  }
  // Messages name the folder as it was given: relative to the project unless given absolute.
  const outdir = isAbsolute(requested) ? requested : join(root, requested);
  // Synthesized beside the output and published only when every guardrail passes:
  // the guards read the JSON exactly as written, and a refused synth leaves the output as it was.
  const staging = `${outdir}.staging-${process.pid}`;
  try {
    // The staging folder goes beside the output, whose parent a new output path may not have yet.
    mkdirSync(dirname(outdir), { recursive: true });
    // Stack traces are kept per construct only for debugging; they cost a third of synth time.
    const app = new App({ outdir: staging, stackTraces: false });
    const stacks = addStacks(app, settings);
    for (const stack of stacks) recordSuppressions(stack);
    app.synth();
    const written = stacks.map((stack) => ({
      stack,
      scope: stack.guardScope,
      json: readJson(join(staging, app.manifest.stacks[stack.node.id].synthesizedStackPath)),
    }));
    const findings = checkGuardrails(written);
    if (findings.length > 0) {
      for (const finding of findings) report(`guardrail: ${finding.message}`);
      return 1;
    }
    publish(
      staging,
      outdir,
      Object.values(app.manifest.stacks).map((stack) => stack.synthesizedStackPath),
    );
    removeStaleStacks(
      outdir,
      stacks.map((stack) => stack.node.id),
      report,
    );
    const log = options.log ?? ((line: string) => console.log(line));
    const shown = isAbsolute(requested) ? requested : requested.replace(/[\\/]+$/, '');
    for (const { stack, json } of written) log(writtenLine(join(shown, app.manifest.stacks[stack.node.id].synthesizedStackPath), json));
    return 0;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined || !['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENOTDIR', 'EISDIR'].includes(code)) throw error;
    report(`synth: cannot write to ${requested}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code}`);
    return 1;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function readJson(file: string): StackJson {
  return JSON.parse(readFileSync(file, 'utf8')) as StackJson;
}

/**
 * Moves the synthesized files into the output folder one by one, so that what
 * Terraform keeps beside them (`.terraform/`, lock files, plans) stays.
 */
function publish(staging: string, outdir: string, stackFiles: readonly string[]): void {
  for (const file of [...stackFiles, 'manifest.json']) {
    mkdirSync(dirname(join(outdir, file)), { recursive: true });
    renameSync(join(staging, file), join(outdir, file));
  }
}
