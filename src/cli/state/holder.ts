/**
 * Whether the process that took a lock may still run. Terraform's lock info
 * names `user@host` and the time, not a process: on this host storytime looks
 * for a terraform process whose working folder uses the same state (its
 * `.terraform/terraform.tfstate` names the backend's bucket and key); on
 * another host it cannot see, and says so.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { StateLocation } from './location';
import type { LockInfo } from './store';

export interface TerraformProcess {
  readonly pid: number;
  /** Its working folder: the -chdir it was given, else its current folder; undefined when unreadable. */
  readonly folder: string | undefined;
}

/** terraform processes on this machine, from /proc (`proc`); undefined where there is no /proc to read. */
export function terraformProcesses(proc = '/proc'): TerraformProcess[] | undefined {
  let pids: string[];
  try {
    pids = readdirSync(proc).filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  return pids.flatMap((pid) => {
    let argv: string[];
    try {
      argv = readFileSync(path.join(proc, pid, 'cmdline'), 'utf8').split('\0');
    } catch {
      return [];
    }
    if (path.basename(argv[0]) !== 'terraform') return [];
    let folder: string | undefined;
    try {
      const cwd = readlinkSync(path.join(proc, pid, 'cwd'));
      const chdir = argv.find((arg) => arg.startsWith('-chdir='));
      folder = chdir ? path.resolve(cwd, chdir.slice('-chdir='.length)) : cwd;
    } catch {
      // Unreadable (the process ended meanwhile, or is another user's): its folder stays unknown.
    }
    return [{ pid: Number(pid), folder }];
  });
}

/** Whether a terraform working folder uses this state; true when it cannot be told (the process may). */
export function usesState(folder: string | undefined, location: StateLocation): boolean {
  if (folder === undefined) return true;
  let saved: { backend?: { type?: string; config?: { bucket?: string; key?: string } } } | null | undefined;
  try {
    saved = JSON.parse(readFileSync(path.join(folder, '.terraform', 'terraform.tfstate'), 'utf8')) as typeof saved;
  } catch {
    // A folder never initialised holds no backend (saved stays undefined): whatever runs there does not use this state.
  }
  const backend = saved?.backend;
  return backend?.type === 's3' && backend.config?.bucket === location.bucket && backend.config.key === location.key;
}

export type Verdict =
  | { readonly kind: 'running'; readonly pids: readonly number[] }
  | { readonly kind: 'ended' }
  | { readonly kind: 'unknown'; readonly why: string };

export interface HolderEnvironment {
  readonly host: string;
  readonly processes: () => TerraformProcess[] | undefined;
}

export const LOCAL: HolderEnvironment = { host: hostname(), processes: terraformProcesses };

/** The host part of Terraform's `Who` (`user@host`). */
export const hostOf = (info: LockInfo) => info.Who?.split('@').slice(1).join('@') ?? '';

export function holderVerdict(info: LockInfo, location: StateLocation, here: HolderEnvironment = LOCAL): Verdict {
  const host = hostOf(info);
  if (host === '') return { kind: 'unknown', why: 'the lock does not say which machine took it' };
  if (host !== here.host) return { kind: 'unknown', why: `it was taken on ${host}, and storytime cannot see that machine's processes` };
  const processes = here.processes();
  if (processes === undefined) return { kind: 'unknown', why: `this machine (${host}) has no /proc to look for terraform processes in` };
  const pids = processes.filter((process) => usesState(process.folder, location)).map((process) => process.pid);
  return pids.length > 0 ? { kind: 'running', pids } : { kind: 'ended' };
}

/** `3 h 12 min`, `45 s`: how long ago `created` was. */
export function age(created: string | undefined, now: Date): string {
  // NaN for no date: Date.parse('undefined') is NaN, as for any text that is no date.
  const then = Date.parse(String(created));
  if (Number.isNaN(then)) return 'an unknown time';
  const seconds = Math.max(0, Math.round((now.getTime() - then) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}
