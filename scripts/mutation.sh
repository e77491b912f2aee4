#!/bin/sh
# Mutation testing, `npm run test:mutation [-- <Stryker options>]`: StrykerJS (stryker.config.mjs) writes
# reports/mutation/mutation.json and mutation.html and fails below its one threshold; then each folder's
# score is checked against its goal (test/support/mutation-scores.ts). Quick local runs:
# `-- --incremental` (only mutants whose code or tests changed), `-- --mutate 'src/guards/**/*.ts'`.
set -e
cd "$(dirname "$0")/.."
node_modules/.bin/stryker run "$@"
node_modules/.bin/tsx test/support/mutation-scores.ts
