#!/bin/sh
# Synthesizes, then runs `terraform init` and `plan -out=<stack>.tfplan` in one
# stack's folder. Stops when synth fails, so that a stale synth is never planned.
#
#   usage: scripts/plan.sh <stack> [--no-synth]     e.g. storytime-dev, storytime-state-prod
#
#   --no-synth      plan the output folder as it is (the npm scripts always synthesize)
#   CDKTF_OUTDIR    output folder (default cdktf.out), as for the app itself
#   TERRAFORM_BIN   terraform to run (default: terraform on PATH)
set -eu
cd "$(dirname "$0")/.."
stack=${1:?usage: scripts/plan.sh <stack> [--no-synth]}
[ "${2:-}" = --no-synth ] || sh scripts/app.sh
dir="${CDKTF_OUTDIR:-cdktf.out}/stacks/$stack"
if [ ! -d "$dir" ]; then
  echo "plan.sh: $dir was not synthesized: no stack $stack in this app (a state bootstrap exists only for S3 backends)" >&2
  exit 2
fi
# A bootstrap switched to its bucket before its local state was moved there would plan to create everything again.
local_state="$(dirname "${CDKTF_OUTDIR:-cdktf.out}")/bootstrap-state/$stack.tfstate"
if [ -f "$local_state" ] && node -e 'process.exit(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).terraform.backend?.s3 ? 0 : 1)' "$dir/cdk.tf.json"; then
  echo "plan.sh: $stack now keeps its state in its bucket, but $local_state is not moved there yet: run npm run state:migrate first (docs/state.md)" >&2
  exit 1
fi
terraform=${TERRAFORM_BIN:-terraform}
"$terraform" -chdir="$dir" init -input=false
"$terraform" -chdir="$dir" plan -input=false -out="$stack.tfplan"
