/**
 * Every command of `storytime`, in the order `storytime --help` lists them.
 * A command's module is imported only when it runs: most read the settings,
 * whose schema loads cdktf, and `storytime --help` needs none of that.
 * A new command is a file beside this one (its usage, flags and run) and a
 * line here; docs/tools.md gives it a section.
 */
import type { Command } from '../command';

export interface CommandEntry {
  /** One line for `storytime --help`. */
  readonly summary: string;
  readonly load: () => Promise<Command<unknown>>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  plan: {
    summary: 'synthesize, then terraform init and plan one stack: <env> or state-<env>',
    load: async () => (await import('./plan.js')).command,
  },
  'state:migrate': {
    summary: "move a state bootstrap's local state into its own bucket, once",
    load: async () => (await import('./state-migrate.js')).command,
  },
  destroy: {
    summary: 'destroy an environment, refused before any deletion while its buckets hold objects',
    load: async () => (await import('./destroy.js')).command,
  },
  unlock: {
    summary: "show who holds a state's locks; release them once their holder has ended",
    load: async () => (await import('./unlock.js')).command,
  },
  'state:restore': {
    summary: "list a state object's versions; restore one and its lock-table digest",
    load: async () => (await import('./state-restore.js')).command,
  },
  recover: {
    summary: 'after an interrupted apply, write import blocks for what AWS has and the state lacks',
    load: async () => (await import('./recover.js')).command,
  },
  drift: {
    summary: 'plan -detailed-exitcode plus what a plan cannot see: secret values, key group, headers, TTLs',
    load: async () => (await import('./drift.js')).command,
  },
  'masters:restore': {
    summary: 'restore archived masters (GLACIER, DEEP_ARCHIVE) so that MediaConvert can read them again',
    load: async () => (await import('./masters-restore.js')).command,
  },
  'rails-env': {
    summary: "print the Rails app's environment variables from a stack's outputs",
    load: async () => (await import('./rails-env.js')).command,
  },
  cookies: {
    summary: 'mint CloudFront signed cookies and a curl command to check playback',
    load: async () => (await import('./cookies.js')).command,
  },
  'check-env': {
    summary: 'check that every answer of a deployed environment names that environment',
    load: async () => (await import('./check-env.js')).command,
  },
  environments: {
    summary: 'list the environments, their tiers and GitHub deployments (--json for CI)',
    load: async () => (await import('./environments.js')).command,
  },
  verify: {
    summary: "run the spec's validation checklist against a deployed environment (upload, transcode, playback)",
    load: async () => (await import('./verify.js')).command,
  },
};
