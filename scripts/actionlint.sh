#!/usr/bin/env bash
# Check every workflow in .github/workflows/ with actionlint, a Go tool built
# here from the Go module proxy at a pinned version, once: the binary is kept
# outside the repository (a fresh clone, as CI makes, reuses it) and rebuilt
# only when the version changes.
#
#   usage: scripts/actionlint.sh [actionlint flags] [workflow files]
#
#   STORYTIME_ACTIONLINT_DIR  where the built binaries are kept, one folder per version
#                             (default ${XDG_CACHE_HOME:-$HOME/.cache}/storytime-infra/actionlint)
#   GOFLAGS, GOPROXY          as for any `go install` (Go 1.22 or newer on PATH)
#
# Prints actionlint's findings and exits with its status: 0 no finding, 1 findings,
# 2 bad flags, 3 actionlint could not be built.
set -euo pipefail

readonly VERSION=v1.7.12
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
dir=${STORYTIME_ACTIONLINT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/storytime-infra/actionlint}/$VERSION
bin=$dir/actionlint

if [[ ! -x $bin ]]; then
  command -v go >/dev/null 2>&1 || { echo 'actionlint.sh: go not found; install Go 1.22 or newer' >&2; exit 3; }
  echo "actionlint.sh: building github.com/rhysd/actionlint $VERSION into $dir" >&2
  mkdir -p "$dir"
  # Built beside its final place and renamed, so that an interrupted build never leaves a half binary.
  GOBIN=$(cd "$dir" && pwd -P)/.build.$$ go install "github.com/rhysd/actionlint/cmd/actionlint@$VERSION" ||
    { rm -rf "$dir/.build.$$"; echo "actionlint.sh: go install failed" >&2; exit 3; }
  mv "$dir/.build.$$/actionlint" "$bin"
  rm -rf "$dir/.build.$$"
fi
exec "$bin" "$@"
