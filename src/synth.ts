import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { addStacks } from './app';
import { SettingsError, validateSettings, type SettingsInputs } from './config/validate';
import { checkGuardrails } from './guards';
import { removeStaleStacks } from './stale-stacks';

export interface SynthOptions {
  /** Default: CDKTF_OUTDIR (set by `cdktf synth`), else `cdktf.out`. */
  readonly outdir?: string;
  /** Receives one line per problem. Default: stderr. */
  readonly report?: (line: string) => void;
  /** Receives one line per stack written. Default: stdout. */
  readonly log?: (line: string) => void;
}

/** `wrote cdktf.out/stacks/storytime-dev/cdk.tf.json (57 resources)`, from what is on disk. */
function writtenLine(outdir: string, stackPath: string): string {
  const file = join(outdir, stackPath);
  const json = JSON.parse(readFileSync(file, 'utf8')) as { resource?: Record<string, Record<string, unknown>> };
  const resources = Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
  return `wrote ${file} (${resources} resource${resources === 1 ? '' : 's'})`;
}

/**
 * Validates settings, builds every stack, runs the guardrails, and only then
 * writes: either all stacks are synthesized or nothing is. Returns the exit code.
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
  const outdir = options.outdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  // The App creates its outdir (and an empty stacks/) at once; a refused synth must not leave even that behind.
  const outdirIsNew = !existsSync(outdir);
  // Stack traces are kept per construct only for debugging; they cost a third of synth time.
  const app = new App({ outdir, stackTraces: false });
  const stacks = addStacks(app, settings);
  const findings = checkGuardrails(stacks.map((stack) => ({ stack, scope: stack.guardScope })));
  if (findings.length > 0) {
    for (const finding of findings) report(`guardrail: ${finding.message}`);
    if (outdirIsNew) rmSync(outdir, { recursive: true });
    return 1;
  }
  app.synth();
  removeStaleStacks(app.outdir, stacks.map((stack) => stack.node.id), report);
  const log = options.log ?? ((line: string) => console.log(line));
  for (const stack of Object.values(app.manifest.stacks)) log(writtenLine(app.outdir, stack.synthesizedStackPath));
  return 0;
}
