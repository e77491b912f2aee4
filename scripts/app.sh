#!/bin/sh
# The app as `npm run synth` and `cdktf synth` start it: plain node runs an
# esbuild bundle of the app and its dependencies (whitespace and syntax
# minified, names kept), which starts in a fraction of the time a TypeScript
# loader or node_modules resolution takes. The bundle is rebuilt only when a
# source file or the installed packages changed.
set -e
cd "$(dirname "$0")/.."
bundle=.cache/app/main.cjs
if [ ! -f "$bundle" ] || [ -n "$(find src stacks modules package.json scripts/app.sh node_modules/.package-lock.json -newer "$bundle" -print 2>/dev/null | head -n 1)" ]; then
  mkdir -p .cache/app
  # Built beside the bundle and renamed, so that a concurrent synth never runs half a file.
  node_modules/.bin/esbuild src/main.ts --bundle --platform=node --target=node20 --minify-whitespace --minify-syntax --sourcemap --log-level=warning --outfile="$bundle.$$.cjs"
  mv "$bundle.$$.cjs.map" "$bundle.map"
  mv "$bundle.$$.cjs" "$bundle"
  rm -f "$bundle.v8cache"
fi
# The source map names a settings file that throws by its own file and line
# (src/config/load.ts reads it only then); --enable-source-maps would parse
# every dependency's map at start-up and cost a third of synth time.
exec node scripts/run-bundle.cjs "$bundle"
