#!/bin/sh
# The app as `npm run synth` and `cdktf synth` start it: plain node runs an
# esbuild bundle of the app and its dependencies (whitespace and syntax
# minified, names kept), which starts in a fraction of the time a TypeScript
# loader or node_modules resolution takes. The bundle is rebuilt only when a
# source file or the installed packages changed (a settings file that is a
# symbolic link counts as changed when its target does).
set -e
cd "$(dirname "$0")/.."
bundle=.cache/app/main.cjs
if [ ! -f "$bundle" ] || [ -n "$(find -L src stacks modules package.json scripts/app.sh scripts/build-app.cjs node_modules/.package-lock.json -newer "$bundle" -print 2>/dev/null | head -n 1)" ]; then
  mkdir -p .cache/app
  # Built beside the bundle and renamed, so that a concurrent synth never runs half a file.
  # A key given twice in an object literal (JavaScript keeps the last) is an error. A failed build keeps
  # the old bundle, and scripts/build-app.cjs says why in one line per file (only then: it is slower).
  if ! node_modules/.bin/esbuild src/main.ts --bundle --platform=node --target=node20 --minify-whitespace --minify-syntax --sourcemap --log-level=silent --log-override:duplicate-object-key=error --outfile="$bundle.$$.cjs"; then
    node scripts/build-app.cjs src/main.ts
    exit 1
  fi
  mv "$bundle.$$.cjs.map" "$bundle.map"
  mv "$bundle.$$.cjs" "$bundle"
  rm -f "$bundle.v8cache"
fi
# The source map names a settings file that throws by its own file and line
# (src/config/load.ts reads it only then); --enable-source-maps would parse
# every dependency's map at start-up and cost a third of synth time.
exec node scripts/run-bundle.cjs "$bundle"
