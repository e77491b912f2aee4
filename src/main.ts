import { App } from 'cdktf';
import { dev } from '../stacks/settings/dev';
import { prod } from '../stacks/settings/prod';
import { state } from '../stacks/settings/state';
import { addStacks } from './app';
import { applyBackendOverrides } from './config/overrides';
import { SettingsError, validateSettings } from './config/validate';
import { checkGuardrails } from './guards';

/** Entry of `npm run synth` and `cdktf synth`: validate everything, then write all stacks or none. */
function main(): number {
  let settings;
  try {
    settings = validateSettings({ environments: applyBackendOverrides({ dev, prod }, process.env), state });
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    for (const problem of error.problems) console.error(`settings error: ${problem}`);
    return 1;
  }
  const app = new App();
  addStacks(app, settings);
  const findings = checkGuardrails(app);
  if (findings.length > 0) {
    for (const finding of findings) console.error(`guardrail: ${finding.message}`);
    return 1;
  }
  app.synth();
  return 0;
}

process.exitCode = main();
