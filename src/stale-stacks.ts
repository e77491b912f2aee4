import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { foreignFilesOfStack } from './output-folder';

/** `terraform.tfstate`, `x.tfstate.backup`...: real state; `.terraform/` holds only backend settings. */
function stateFilesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '.terraform' ? [] : stateFilesIn(path);
    return /\.tfstate(\.backup)?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Removes folders under `<outdir>/stacks` of stacks the app no longer has
 * (e.g. a state bootstrap after switching to Terraform Cloud), so that no one
 * plans a stale synth. Only a folder holding synth's JSON and Terraform's
 * working files goes; one holding state, or anything else, is kept and reported.
 */
export function removeStaleStacks(outdir: string, current: readonly string[], report: (line: string) => void): void {
  const stacksDir = join(outdir, 'stacks');
  if (!existsSync(stacksDir)) return;
  for (const entry of readdirSync(stacksDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || current.includes(entry.name)) continue;
    const dir = join(stacksDir, entry.name);
    const states = stateFilesIn(dir);
    const foreign = foreignFilesOfStack(dir);
    if (states.length > 0) {
      report(
        `kept ${dir}: no longer a stack of this app, but it holds state (${states.join(', ')}); move that state, then delete the folder`,
      );
    } else if (foreign.length > 0) {
      report(
        `kept ${dir}: no longer a stack of this app, but it holds files synth did not write (${foreign.join(', ')}); delete it yourself`,
      );
    } else {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
