/**
 * Child of the profile section: the work of `npm run synth` (synthesize() in
 * src/synth.ts, step by step), printing how long each step took as JSON.
 * Modules are required one group at a time, not imported at the top, so that
 * loading each group is timed on its own.
 *
 *   usage: node phases.cjs <outdir>   (bench/run.ts bundles it like scripts/app.sh)
 */
import type * as Cdktf from 'cdktf';
import type * as App from '../src/app';
import type * as Overrides from '../src/config/overrides';
import type * as Validate from '../src/config/validate';
import type * as Guards from '../src/guards';
import type * as Dev from '../stacks/settings/dev';
import type * as Prod from '../stacks/settings/prod';

const phases: Record<string, number> = {};
// performance.now() counts from the start of this process: node's start-up got us here.
let last = performance.now();
phases['node start-up'] = last;
const lap = (name: string) => {
  const now = performance.now();
  phases[name] = now - last;
  last = now;
};

const { App: CdktfApp } = require('cdktf') as typeof Cdktf;
lap('load cdktf + constructs');
const { validateSettings } = require('../src/config/validate') as typeof Validate;
const { applyBackendOverrides } = require('../src/config/overrides') as typeof Overrides;
const { dev } = require('../stacks/settings/dev') as typeof Dev;
const { prod } = require('../stacks/settings/prod') as typeof Prod;
lap('load settings schema (zod) + example settings');
const { addStacks } = require('../src/app') as typeof App;
const { checkGuardrails } = require('../src/guards') as typeof Guards;
lap('load stacks, modules, provider classes (deep imports)');

const settings = validateSettings({ environments: applyBackendOverrides({ dev, prod }, process.env) });
lap('validate settings');
const app = new CdktfApp({ outdir: process.argv[2], stackTraces: false });
const stacks = addStacks(app, settings);
lap('build the construct tree (4 stacks)');
const findings = checkGuardrails(stacks.map((stack) => ({ stack, scope: stack.guardScope })));
if (findings.length > 0) throw new Error(findings.map((finding) => finding.message).join('\n'));
lap('guardrails, checked before writing');
app.synth();
lap('app.synth(): resolve, write JSON');

console.log(JSON.stringify(phases));
