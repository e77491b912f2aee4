#!/bin/sh
# Synthesizes, then runs `terraform init` and `plan -out=<stack>.tfplan` in one
# stack's folder. Stops when synth fails, so that a stale synth is never planned.
#
#   usage: scripts/plan.sh <stack>      e.g. storytime-dev, storytime-state-prod
#
#   CDKTF_OUTDIR    output folder (default cdktf.out), as for the app itself
#   TERRAFORM_BIN   terraform to run (default: terraform on PATH)
set -eu
cd "$(dirname "$0")/.."
stack=${1:?usage: scripts/plan.sh <stack>}
sh scripts/app.sh
dir="${CDKTF_OUTDIR:-cdktf.out}/stacks/$stack"
if [ ! -d "$dir" ]; then
  echo "plan.sh: $dir was not synthesized: no stack $stack in this app (a state bootstrap exists only for S3 backends)" >&2
  exit 2
fi
terraform=${TERRAFORM_BIN:-terraform}
"$terraform" -chdir="$dir" init -input=false
"$terraform" -chdir="$dir" plan -input=false -out="$stack.tfplan"
