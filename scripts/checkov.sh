#!/usr/bin/env bash
# Scan every synthesized stack with checkov (terraform_json framework) and fail
# on any failed check. checkov runs from a virtualenv of this project, pinned by
# scripts/checkov-requirements.txt, and never goes to the network; the checks it
# skips, each with its reason, are in .checkov.yaml.
#
#   usage: scripts/checkov.sh [--no-synth]
#
#   --no-synth       scan cdktf.out as it is instead of running `npm run -s synth` first.
#
#   STORYTIME_VENV   virtualenv of checkov, relative to the repository root or absolute
#                    (default: .venv/checkov). Created on first use, reinstalled only
#                    when scripts/checkov-requirements.txt or the Python version changes.
#   PYTHON           interpreter that creates it (default: python3).
#
# Prints `checkov <stack>: passed N, failed N, skipped N` per stack, then each
# failed check. Exit status: 0 no failed check, 1 failed checks, 2 usage,
# 3 checkov could not run (install, synth, crash, or a stack it could not parse).
set -euo pipefail

usage() { sed -n '2,18s/^# \{0,1\}//p' "$0"; }

synth=true
for arg in "$@"; do
  case "$arg" in
    --no-synth) synth=false ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

log() { printf 'checkov.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 3; }

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
readonly requirements=scripts/checkov-requirements.txt
readonly config=.checkov.yaml
readonly report=scripts/checkov_report.py
venv=${STORYTIME_VENV:-.venv/checkov}

# shellcheck source=lib/venv.sh
source "$root/scripts/lib/venv.sh"

# Runs checkov on the prepared copies in $work/stacks; the report goes to $1,
# checkov's exit status to $1.rc and its log to $1.log. Returns 0 so that it can
# run in the background under set -e.
run_checkov() {
  local out=$1 rc=0
  shift
  # No API key, no guideline or policy download, no update check: nothing to reach.
  (cd "$work/stacks" && env -u BC_API_KEY -u PRISMA_API_URL BC_SKIP_MAPPING=TRUE CKV_SKIP_PACKAGE_UPDATE_CHECK=TRUE \
    "$checkov" --directory . --output json "$@") >"$out" 2>"$out.log" || rc=$?
  printf '%s\n' "$rc" >"$out.rc"
}

# checkov exits 1 when a check fails; anything else means it did not finish.
check_ran() {
  local out=$1 rc
  rc=$(<"$out.rc")
  if [[ $rc != 0 && $rc != 1 ]]; then
    tail -n 20 -- "$out.log" >&2
    die "checkov exited with status $rc"
  fi
}

ensure_venv "$venv" "$requirements" checkov checkov== "takes about a minute"
checkov="$(cd -- "$venv" && pwd -P)/bin/checkov"
venv_python="$(cd -- "$venv" && pwd -P)/bin/python"

if $synth; then
  npm run -s synth || die "npm run -s synth failed"
fi
shopt -s nullglob
stacks=(cdktf.out/stacks/*/cdk.tf.json)
shopt -u nullglob
((${#stacks[@]} > 0)) || die "no cdktf.out/stacks/*/cdk.tf.json; run without --no-synth"

work=$(mktemp -d "${TMPDIR:-/tmp}/storytime-checkov.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$venv_python" "$report" prepare "$work/stacks" "${stacks[@]}"
skip_ids=$("$venv_python" "$report" skip-ids "$config")

# Both runs at once (two cores): the policy run, and the skipped checks alone for their count.
run_checkov "$work/results.json" --config-file "$root/$config" &
skipped_report=-
if [[ -n $skip_ids ]]; then
  skipped_report="$work/skipped.json"
  run_checkov "$skipped_report" --framework terraform_json --skip-download --check "$skip_ids" &
fi
wait
check_ran "$work/results.json"
[[ $skipped_report == - ]] || check_ran "$skipped_report"

"$venv_python" "$report" summarize "$work/results.json" "$skipped_report" "${stacks[@]}"
