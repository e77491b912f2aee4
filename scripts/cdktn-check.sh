#!/usr/bin/env bash
# The way off archived CDKTF, tested: copies the app into a temporary folder,
# installs it there with `cdktf` aliased to CDK Terrain (`"cdktf": "npm:cdktn@…"`
# plus an override, so the @cdktf/provider-* packages get cdktn too), synthesizes
# in both places and asserts that every stack is identical except the version
# in `//.metadata`. The project itself stays on cdktf 0.21.0.
#
# Library path only: the app is synthesized by scripts/app.sh (esbuild + node),
# not by cdktn's CLI, which needs Node.js 22. Reuses the npm cache; offline once
# cdktn and constructs are cached. Prints one line; exit 0 identical, 1 different.
set -euo pipefail
cd "$(dirname "$0")/.."

CDKTN_VERSION=0.24.0
CONSTRUCTS_VERSION=10.7.2 # cdktn 0.24.0 wants constructs >=10.6.0 <10.8.0

work=$(mktemp -d "${TMPDIR:-/tmp}/storytime-cdktn.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/app"
# What synth needs, and nothing generated (node_modules, cdktf.out, .cache).
cp -R src stacks modules scripts package.json package-lock.json tsconfig.json cdktf.json "$work/app/"

node - "$work/app/package.json" "$CDKTN_VERSION" "$CONSTRUCTS_VERSION" <<'EOF'
const fs = require('fs');
const [file, cdktn, constructs] = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
pkg.dependencies.cdktf = `npm:cdktn@${cdktn}`;
pkg.dependencies.constructs = constructs;
// Only the bundler is needed to synthesize; the CLI and test tools stay behind.
pkg.devDependencies = { esbuild: pkg.devDependencies.esbuild };
pkg.overrides = { ...pkg.overrides, cdktf: `npm:cdktn@${cdktn}`, constructs };
delete pkg.scripts;
fs.writeFileSync(file, JSON.stringify(pkg, null, 2));
EOF

(cd "$work/app" && npm install --prefer-offline --no-audit --no-fund --ignore-scripts --loglevel=error >"$work/npm.log" 2>&1) || {
  cat "$work/npm.log" >&2
  echo "cdktn-check: npm install of cdktn@$CDKTN_VERSION failed" >&2
  exit 1
}
installed=$(node -p "require('$work/app/node_modules/cdktf/package.json').name + '@' + require('$work/app/node_modules/cdktf/package.json').version")
if [ "$installed" != "cdktn@$CDKTN_VERSION" ]; then
  echo "cdktn-check: the copy resolved cdktf to $installed, not cdktn@$CDKTN_VERSION" >&2
  exit 1
fi

CDKTF_OUTDIR="$work/cdktf.out" sh scripts/app.sh >/dev/null
(cd "$work/app" && CDKTF_OUTDIR="$work/cdktn.out" sh scripts/app.sh >/dev/null)

node --require tsx/cjs test/support/compare-stacks.ts "$work/cdktf.out" "$work/cdktn.out" \
  --expect-version "$CDKTN_VERSION" --names "cdktf@$(node -p "require('cdktf/package.json').version"),cdktn@$CDKTN_VERSION"
