import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/** `terraform output -json` of a dev stack, as the tools read it with --from. */
export const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'terraform-output.dev.json');

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

// tsx's CommonJS hook in node itself: what `tsx <script>` does, without the extra process tsx's CLI starts.
const argv = (script: string, args: readonly string[]) => ['--require', 'tsx/cjs', `scripts/${script}`, ...args];

/** A tool run as its npm script runs it, in its own process. */
export function runTool(script: string, args: readonly string[], input?: string): ToolRun {
  const { status, stdout, stderr } = spawnSync(process.execPath, argv(script, args), { cwd: ROOT, encoding: 'utf8', input });
  return { status, stdout, stderr };
}

/** The same without blocking this thread, for a tool that talks to servers running in it. */
export function runToolAsync(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv(script, args), { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
