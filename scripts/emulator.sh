#!/usr/bin/env bash
# Apply the synthesized stacks to a local AWS emulator: moto server from a
# pinned virtualenv, on a free port of 127.0.0.1, stopped by its PID when this
# script ends (also on failure or interrupt). Creates what the stacks expect to
# exist and applies every stack: test/emulator, with vitest.
#
#   usage: scripts/emulator.sh [vitest arguments]
#
#   STORYTIME_EMULATOR_VENV  virtualenv of moto, relative to the repository root or
#                            absolute (default: .venv/emulator). Created on first use,
#                            reinstalled only when scripts/emulator/requirements.txt or
#                            the Python version changes.
#   PYTHON                   interpreter that creates it (default: python3).
set -euo pipefail

usage() { sed -n '2,14s/^# \{0,1\}//p' "$0"; }
case "${1-}" in -h | --help) usage; exit 0 ;; esac

log() { printf 'emulator.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 3; }

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
readonly requirements=scripts/emulator/requirements.txt
venv=${STORYTIME_EMULATOR_VENV:-.venv/emulator}

# shellcheck source=lib/venv.sh
source "$root/scripts/lib/venv.sh"

ensure_venv "$venv" "$requirements" moto_server moto
venv_python="$(cd -- "$venv" && pwd -P)/bin/python"

work=$(mktemp -d "${TMPDIR:-/tmp}/storytime-emulator.XXXXXX")
moto_pid=
stop() {
  if [[ -n $moto_pid ]] && kill -0 "$moto_pid" 2>/dev/null; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
  rm -rf -- "$work"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A port the kernel has just handed out and released; moto binds it right after.
port=$("$venv_python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
endpoint="http://127.0.0.1:$port"
# Cross-account S3 access off: a bucket answers only its own account, as on AWS without a grant.
# scripts/emulator/server.py: moto_server plus the CloudFront operations moto lacks (docs/emulator.md).
MOTO_S3_ALLOW_CROSSACCOUNT_ACCESS=false "$venv_python" scripts/emulator/server.py -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 100); do
  "$venv_python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + "/moto-api/", timeout=1)' "$endpoint" 2>/dev/null && break
  kill -0 "$moto_pid" 2>/dev/null || { cat -- "$work/moto.log" >&2; die "moto_server exited"; }
  sleep 0.2
done
log "moto $("$venv_python" -c 'import moto; print(moto.__version__)') on $endpoint (pid $moto_pid)"

STORYTIME_EMULATOR_ENDPOINT=$endpoint STORYTIME_EMULATOR_PYTHON=$venv_python \
  node_modules/.bin/vitest run --config test/emulator/vitest.config.mts "$@"
