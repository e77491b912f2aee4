#!/bin/sh
# storytime, the operator CLI (src/cli/): `npm run storytime -- <command> …`,
# `npm run <command> -- …`, or the package's bin. Like scripts/app.sh for synth,
# plain node runs an esbuild bundle of the CLI, rebuilt only when a source
# file or the installed packages changed: it starts in a fraction of the time
# a TypeScript loader takes. The bundle sits two folders down, as src/cli/
# does, so that the CLI finds the project from either. Relative paths given to
# a command are read from where it is started.
set -e
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
bundle=$root/.cache/cli/storytime.cjs
if [ ! -f "$bundle" ] || [ -n "$(cd "$root" && find src stacks modules package.json scripts/storytime.sh node_modules/.package-lock.json -newer "$bundle" -print 2>/dev/null | head -n 1)" ]; then
  mkdir -p "$root/.cache/cli"
  # Node 20 as the target, so that the CLI still parses there and can refuse it in one line (src/node-version.ts).
  # tsx stays outside: it loads the settings files (src/cli/environments.ts). The AWS SDK too: only the commands that
  # talk to AWS (verify, the day-2 commands) load it, from node_modules, so that the bundle every command parses stays small.
  "$root/node_modules/.bin/esbuild" "$root/src/cli/main.ts" --bundle --platform=node --target=node20 --minify-whitespace --minify-syntax \
    --external:tsx --external:@aws-sdk/* --log-level=warning --outfile="$bundle.$$.cjs"
  # Built beside the bundle and renamed, so that a concurrent run never starts half a file.
  mv "$bundle.$$.cjs" "$bundle"
  rm -f "$bundle.v8cache"
fi
exec node "$root/scripts/run-bundle.cjs" "$bundle" "$@"
