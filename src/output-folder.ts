import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/** Folders of the project that hold its sources: an output folder inside one would overwrite or delete them. */
const SOURCE_FOLDERS = ['src', 'stacks', 'modules', 'test', 'scripts', 'bench', 'docs', 'node_modules', '.git'];

/** What synth writes at the top of its output folder: the stacks and cdktf's manifest. */
const OWN_ENTRIES = new Set(['stacks', 'manifest.json']);

/** Files Terraform keeps beside a stack's JSON: its working folder, lock file, plans and local state. */
const TERRAFORM_WORKING_FILE = /^(\.terraform|\.terraform\.lock\.hcl|.*\.tfplan|.*\.tfstate(\.backup)?|\.terraform\.tfstate\.lock\.info)$/;

function errorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is a file';
  return code ?? String(error);
}

/** True when `child` is `parent` or lies below it. */
const within = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);

/** A manifest.json that cdktf wrote: an object with `version` and `stacks`. */
function isCdktfManifest(file: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; stacks?: unknown };
    return typeof manifest.version === 'string' && typeof manifest.stacks === 'object' && manifest.stacks !== null;
  } catch {
    return false;
  }
}

/**
 * Why synth must not write to `outdir`, in one line, or undefined when it may:
 * the folder does not exist yet, is empty, or holds only what synth wrote
 * there before (cdktf's manifest and the stacks folder). Never the project's
 * own folder, a folder above it, or one inside its sources.
 */
export function outputFolderProblem(outdir: string, root: string): string | undefined {
  if (outdir.trim() === '') return 'the output folder is empty (CDKTF_OUTDIR set to ""): unset it to write to cdktf.out';
  const target = resolve(root, outdir);
  const project = resolve(root);
  const shown = relative(project, target) || '.';
  if (within(project, target)) {
    return `refusing to write to ${shown}: it is the project's folder${target === project ? '' : ' or above it'}, and synth replaces what is in its output folder; use cdktf.out`;
  }
  const source = SOURCE_FOLDERS.find((folder) => within(target, join(project, folder)));
  if (source !== undefined)
    return `refusing to write to ${shown}: it is inside ${source}/, which holds the project's own files; use cdktf.out`;
  let entries: string[];
  try {
    if (!statSync(target).isDirectory()) return `cannot write to ${shown}: it is a file, not a folder`;
    entries = readdirSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? undefined : `cannot write to ${shown}: ${errorReason(error)}`;
  }
  if (entries.length === 0) return undefined;
  const foreign = entries.filter((entry) => !OWN_ENTRIES.has(entry));
  if (foreign.length > 0 || !isCdktfManifest(join(target, 'manifest.json'))) {
    const listed = foreign.length > 0 ? foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ', …' : '') : 'no cdktf manifest.json';
    return `refusing to write to ${shown}: it holds files synth did not write (${listed}); use an empty or new folder, or cdktf.out`;
  }
  return undefined;
}

/** Files of a stack folder that neither synth nor Terraform wrote, or every file when it has no cdk.tf.json. */
export function foreignFilesOfStack(dir: string): string[] {
  const entries = readdirSync(dir);
  if (!entries.includes('cdk.tf.json')) return entries;
  return entries.filter((entry) => entry !== 'cdk.tf.json' && !TERRAFORM_WORKING_FILE.test(entry));
}
