#!/bin/sh
# Moves the state of an environment's state bootstrap from its local file
# (bootstrap-state/, beside the output folder) into the bucket that bootstrap
# created. Run once, after the bootstrap's first apply and after setting
# `backend.bootstrapState: 'bucket'` in that environment's settings, with that
# environment's credentials (docs/state.md).
#
#   usage: scripts/state-migrate.sh <env> [--no-synth]     e.g. dev
#
#   --no-synth      use the output folder as it is instead of synthesizing first
#   CDKTF_OUTDIR    output folder (default cdktf.out); TERRAFORM_BIN: terraform to run
#
# `terraform state push` rather than `init -migrate-state`: it needs no memory
# of the old backend in .terraform/, which `rm -rf cdktf.out` would have lost,
# and it refuses to overwrite a different state already in the bucket.
set -eu
cd "$(dirname "$0")/.."
env=${1:?usage: scripts/state-migrate.sh <env> [--no-synth]}
die() { echo "state-migrate.sh: $*" >&2; exit 1; }

[ "${2:-}" = --no-synth ] || sh scripts/app.sh
outdir=${CDKTF_OUTDIR:-cdktf.out}
set -- "$outdir"/stacks/*-state-"$env"
[ $# -eq 1 ] && [ -d "$1" ] || die "no state bootstrap of $env in $outdir/stacks (does $env use an S3 backend?)"
dir=$1
stack=$(basename "$dir")
local_state="$(cd "$(dirname "$outdir")" && pwd -P)/bootstrap-state/$stack.tfstate"
node -e 'process.exit(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).terraform.backend?.s3 ? 0 : 1)' "$dir/cdk.tf.json" ||
  die "$stack still keeps its state locally: set backend.bootstrapState: 'bucket' in stacks/settings/$env.ts first"
[ -f "$local_state" ] || die "no local state at $local_state: nothing to migrate (already migrated, or never applied)"

terraform=${TERRAFORM_BIN:-terraform}
"$terraform" -chdir="$dir" init -input=false -reconfigure
"$terraform" -chdir="$dir" state push "$local_state"
# The local copy stays as a backup under a name no backend reads, so that a second run stops above.
mv "$local_state" "$local_state.migrated"
echo "state-migrate.sh: $stack now keeps its state in its bucket; $local_state.migrated is the old local copy"
