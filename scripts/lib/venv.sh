# Sourced by scripts/checkov.sh and scripts/emulator.sh, which define log and die.
#
#   ensure_venv VENV REQUIREMENTS EXECUTABLE PACKAGE [NOTE]
#
# Builds VENV from the pinned REQUIREMENTS unless it already holds EXECUTABLE
# and was built from the same pins with the same interpreter ($PYTHON, default
# python3). The progress line names PACKAGE's pin, and NOTE after it.
ensure_venv() {
  local dir=$1 pins=$2 executable=$3 package=$4 note=${5:-}
  local python=${PYTHON:-python3}
  # The stamp names what the venv was built from: the pins and the interpreter's version.
  local stamp="$dir/.storytime-requirements" want
  command -v "$python" >/dev/null 2>&1 || die "$python not found; install Python 3.11 or set PYTHON"
  want=$("$python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest(), "python %d.%d.%d" % sys.version_info[:3])' "$pins") ||
    die "$python cannot read $pins"
  if [[ -x $dir/bin/$executable && -f $stamp && $(<"$stamp") == "$want" ]]; then
    return 0
  fi
  log "installing $(grep -m1 "^$package" "$pins") into $dir${note:+ ($note)}"
  rm -f -- "$stamp"
  "$python" -m venv --clear "$dir" || die "cannot create $dir (Debian: apt-get install python3-venv)"
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$dir/bin/python" -m pip install --quiet --no-input --requirement "$pins" ||
    die "pip install -r $pins failed"
  printf '%s\n' "$want" >"$stamp"
}
