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

export interface Captured {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs terraform with its output kept (for state pull, show -json, a plan whose findings are summarized). */
export type TerraformCapture = (args: readonly string[]) => Captured;

export const captureTerraform: TerraformCapture = (args) => {
  const result = spawnSync(terraformBin(), args, {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? (result.error ? String(result.error) : '') };
};

/** The last lines of a failed step, as one line: Terraform's own error first. */
export function terraformError(captured: Captured): string {
  const lines = `${captured.stderr}\n${captured.stdout}`
    .split('\n')
    .map((line) => line.replace(/[│╷╵]/g, '').trim())
    .filter(Boolean);
  const first = lines.findIndex((line) => line.startsWith('Error:'));
  return (first >= 0 ? lines.slice(first, first + 3) : lines.slice(-3)).join(' ');
}
