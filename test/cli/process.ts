import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/** `terraform output -json` of a dev stack, as the commands read it with --from. */
export const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'terraform-output.dev.json');

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `storytime <args>` as `npm run storytime -- <args>` starts it, in its own process. */
export function runCli(args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): ToolRun {
  const { status, stdout, stderr } = spawnSync('sh', [path.join(ROOT, 'scripts', 'storytime.sh'), ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    input: options.input,
    env: options.env,
  });
  return { status, stdout, stderr };
}

/** The same without blocking this thread, for a command that talks to servers running in it. */
export function runCliAsync(args: readonly string[], env: NodeJS.ProcessEnv): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [path.join(ROOT, 'scripts', 'storytime.sh'), ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
