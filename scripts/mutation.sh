#!/bin/sh
# Mutation testing, `npm run test:mutation [-- <Stryker options>]`: StrykerJS (stryker.config.mjs) writes
# reports/mutation/mutation.json and mutation.html and fails below its one threshold; each folder's score
# is then printed and checked against its goal (test/support/mutation-scores.ts), also after that failure.
# Quick local runs: `-- --incremental` (only mutants whose code or tests changed), or one folder against
# its own tests: `-- --mutate 'src/guards/**/*.ts' --testFiles 'test/guards/*.test.ts'`.
set -e
cd "$(dirname "$0")/.."
# A run that stops before its report must not leave the previous one to be scored.
rm -f reports/mutation/mutation.json
status=0
node_modules/.bin/stryker run "$@" || status=$?
[ -f reports/mutation/mutation.json ] || exit "$status"
node_modules/.bin/tsx test/support/mutation-scores.ts || status=1
exit "$status"
