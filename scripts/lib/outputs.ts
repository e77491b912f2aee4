// The error bench/run.ts catches from bench/options.ts, until the benchmark imports it from src/cli/errors.ts itself.
export { UsageError } from '../../src/cli/errors';
