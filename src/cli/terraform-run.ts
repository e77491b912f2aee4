/** What plan and state:migrate share: synth first, the output folder, and terraform run with the operator's terminal. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './environments';

/** Runs a program in the project's folder, its output straight to the terminal; returns its exit code. */
export function runIn(command: string, args: readonly string[]): number {
  return spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit' }).status ?? 1;
}

/** `npm run synth`: the stacks as the settings say now. */
export function synthesize(): number {
  return runIn('sh', ['scripts/app.sh']);
}

/** The synthesized output: CDKTF_OUTDIR, as synth reads it, else cdktf.out. */
export function outputFolder(): string {
  return path.resolve(REPO_ROOT, process.env.CDKTF_OUTDIR ?? 'cdktf.out');
}

export function terraformBin(): string {
  return process.env.TERRAFORM_BIN ?? 'terraform';
}
