#!/usr/bin/env bash
# Prepare a local Terraform filesystem provider mirror so `terraform init`
# works without network access. Prints the mirror directory (and nothing else)
# on stdout; progress and errors go to stderr.
#
#   usage: scripts/provider-mirror.sh [--check]
#
#   --check          also run `terraform init -backend=false` against the mirror
#                    in a scratch directory to prove the providers resolve offline.
#
#   STORYTIME_TF_MIRROR  mirror directory
#                        (default: ${XDG_CACHE_HOME:-$HOME/.cache}/storytime-infra/tf-mirror)
#   TF_PLUGIN_MIRROR     directory holding prebuilt providers, searched first
#   TF_PLUGIN_MIRROR_PATH  colon-separated list of further such directories
#   STORYTIME_PLUGIN_SEARCH_ROOTS  colon-separated folders searched below for a prebuilt
#                        mirror after Terraform's implied ones (default: /opt)
#   STORYTIME_PROVIDER_SRC_DIR  directory holding terraform-provider-random-3.7.2-src.tar.gz
#                        and its .sha256, built with Go when no prebuilt random is found
#                        (default: ../shared/vendor beside the repository)
set -euo pipefail

# Keep in step with the prebuilt provider bindings pinned in package.json.
readonly PROVIDERS=("aws 5.100.0" "random 3.7.2")

REPO_ROOT=$(cd -- "$(dirname -- "$0")/.." && pwd -P)
readonly REPO_ROOT

# Terraform's own implied local mirror folders on Unix: ~/.terraform.d/plugins and
# terraform/plugins under each XDG data directory (its CLI configuration docs,
# "Implied Local Mirror Directories"); then STORYTIME_PLUGIN_SEARCH_ROOTS
# (colon-separated, default /opt, where add-on packages go), searched below.
implied_dirs() {
  local data_dirs dir
  printf '%s\n' "${HOME}/.terraform.d/plugins" "${XDG_DATA_HOME:-$HOME/.local/share}/terraform/plugins"
  IFS=: read -r -a data_dirs <<<"${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
  for dir in "${data_dirs[@]}"; do
    [[ -z $dir ]] || printf '%s\n' "$dir/terraform/plugins"
  done
  IFS=: read -r -a data_dirs <<<"${STORYTIME_PLUGIN_SEARCH_ROOTS-/opt}"
  for dir in "${data_dirs[@]}"; do
    [[ -z $dir ]] || printf '%s\n' "$dir"
  done
}

log() { printf 'provider-mirror: %s\n' "$*" >&2; }

usage() {
  sed -n '2,19s/^# \{0,1\}//p' "$0"
}

check=false
for arg in "$@"; do
  case "$arg" in
    --check) check=true ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

cleanup_paths=()
cleanup() { ((${#cleanup_paths[@]} == 0)) || rm -rf -- "${cleanup_paths[@]}"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

platform() {
  local os arch
  if command -v go >/dev/null 2>&1; then
    os=$(go env GOOS)
    arch=$(go env GOARCH)
  else
    case "$(uname -s)" in
      Linux) os=linux ;;
      Darwin) os=darwin ;;
      FreeBSD) os=freebsd ;;
      *) os=$(uname -s | tr '[:upper:]' '[:lower:]') ;;
    esac
    case "$(uname -m)" in
      x86_64 | amd64) arch=amd64 ;;
      aarch64 | arm64) arch=arm64 ;;
      i?86) arch=386 ;;
      armv*) arch=arm ;;
      *) arch=$(uname -m) ;;
    esac
  fi
  printf '%s_%s\n' "$os" "$arch"
}

# Absolute path of a directory, without requiring GNU readlink -f.
abs_dir() { (cd -- "$1" && pwd -P); }

# Print the provider executable directly inside package directory $1, if any.
package_binary() {
  local dir=$1 name=$2 version=$3 file
  for file in "$dir/terraform-provider-${name}_v${version}" "$dir/terraform-provider-${name}_v${version}"_x[0-9]*; do
    [[ -f $file && -x $file ]] && { printf '%s\n' "$file"; return 0; }
  done
  return 1
}

# Print the first executable copy of provider $1 version $2 below directory $3:
# the unpacked-layout path first, then anywhere below (legacy layouts, ad-hoc
# dumps), as long as the path names our platform.
find_in_dir() {
  local name=$1 version=$2 dir=$3 candidate
  package_binary "$dir/registry.terraform.io/hashicorp/$name/$version/$PLATFORM" "$name" "$version" && return 0
  while IFS= read -r candidate; do
    [[ -f $candidate && -x $candidate ]] && { printf '%s\n' "$candidate"; return 0; }
  done < <(find "$dir" -maxdepth 8 -path "*/$PLATFORM/*" \
    \( -name "terraform-provider-${name}_v${version}" -o -name "terraform-provider-${name}_v${version}_x[0-9]*" \) \
    \( -type f -o -type l \) 2>/dev/null)
  return 1
}

# Put $1 at $2 atomically: stage in the mirror (same file system), then rename
# over it, so concurrent runs and interrupted runs never leave a half-written
# provider. Not in the package folder: terraform init hashes every file there.
install_file() {
  local src=$1 dest=$2 tmp
  tmp=$(mktemp "$MIRROR/.tmp.XXXXXX")
  cleanup_paths+=("$tmp")
  if ! ln -sf -- "$src" "$tmp" 2>/dev/null; then
    cp -p -- "$src" "$tmp"
  fi
  mv -f -- "$tmp" "$dest"
}

# Link provider binary $1 into our package directory $2. When it sits in an
# unpacked-layout package, take its sibling files (LICENSE.txt) too: the h1:
# checksums in .terraform.lock.hcl cover every file of the package. The binary
# goes last because its presence marks the package as complete.
mirror_package() {
  local src=$1 pkg=$2 name=$3 version=$4 file files=()
  if [[ $(dirname "$src") == */$name/$version/$PLATFORM ]]; then
    for file in "$(dirname "$src")"/*; do
      if [[ -f $file && $file != "$src" ]]; then
        files+=("$file")
      fi
    done
  fi
  files+=("$src")
  mkdir -p "$pkg"
  for file in "${files[@]}"; do
    install_file "$file" "$pkg/${file##*/}"
  done
}

# Record a missing provider; reported together once every provider was tried.
fail() { failures+=("$*"); }

sha256_of() {
  local sum
  if command -v sha256sum >/dev/null 2>&1; then
    read -r sum _ < <(sha256sum -- "$1")
  else
    read -r sum _ < <(shasum -a 256 -- "$1")
  fi
  printf '%s\n' "$sum"
}

# random has no prebuilt copy on some machines, and the Go module proxy refuses
# its v3 versions (their tags lack the /v3 module suffix), so it is built from
# the source archive vendored beside the repository. The archive's checksum is
# checked before anything is extracted or built.
build_random() {
  local version=$1 pkg=$2 tried=$3 archive sums expected actual
  archive="$SRC_DIR/terraform-provider-random-$version-src.tar.gz"
  sums="$archive.sha256"
  if [[ ! -f $archive || ! -f $sums ]]; then
    fail "hashicorp/random $version: not found in $tried, and no $archive with its .sha256 to build it from (set STORYTIME_PROVIDER_SRC_DIR)"
    return 0
  fi
  expected=$(awk -v name="${archive##*/}" '$2 == name || $2 == "*" name { print $1 }' "$sums")
  actual=$(sha256_of "$archive")
  if [[ $actual != "${expected:-none}" ]]; then
    fail "hashicorp/random $version: refusing to build $archive: its sha256 is $actual, $sums says ${expected:-nothing for it}"
    return 0
  fi
  if ! command -v go >/dev/null 2>&1; then
    fail "hashicorp/random $version: not found in $tried, and go not found on PATH to build it from $archive"
    return 0
  fi
  # Runs started together (test workers) build once: the others wait for the lock, then find the binary.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$MIRROR/.build-random-$version.lock"
    flock 9
  fi
  if package_binary "$pkg" random "$version" >/dev/null; then
    log "hashicorp/random $version: built by another run meanwhile"
  else
    go_build_random "$version" "$pkg" "$archive" "$tried"
  fi
  exec 9>&-
}

go_build_random() {
  local version=$1 pkg=$2 archive=$3 tried=$4 work started
  local binary="terraform-provider-random_v${version}_x5"
  work=$(mktemp -d "$MIRROR/.build.XXXXXX")
  cleanup_paths+=("$work")
  mkdir "$work/src"
  log "hashicorp/random $version: not found in $tried; building it from $archive (about a minute)"
  started=$SECONDS
  # -buildvcs=false: the archive has no VCS metadata, and a mirror inside some git checkout must not stamp that one's.
  if ! tar -xzf "$archive" -C "$work/src" >"$work/build.log" 2>&1 ||
    ! (cd "$work/src" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -o "$work/$binary" .) >>"$work/build.log" 2>&1; then
    cat -- "$work/build.log" >&2
    fail "hashicorp/random $version: building it from $archive failed (output above)"
    return 0
  fi
  # The build ran in the mirror, on the package's file system, so this rename is atomic.
  mkdir -p "$pkg"
  mv -f -- "$work/$binary" "$pkg/$binary"
  log "hashicorp/random $version: built in $((SECONDS - started)) s, installed in $pkg"
}

# Make provider $1 version $2 present in the mirror: reuse it, link it from an
# existing mirror, or (random only) build it from its vendored source.
ensure_provider() {
  local name=$1 version=$2 pkg src candidate
  pkg="$MIRROR/registry.terraform.io/hashicorp/$name/$version/$PLATFORM"
  package_binary "$pkg" "$name" "$version" >/dev/null && return 0

  for candidate in "${SEARCH_DIRS[@]}"; do
    if [[ -d $candidate ]] && src=$(find_in_dir "$name" "$version" "$(abs_dir "$candidate")"); then
      log "hashicorp/$name $version: using $src"
      mirror_package "$src" "$pkg" "$name" "$version"
      return 0
    fi
  done

  local tried
  tried=$(printf '%s, ' "${SEARCH_DIRS[@]}")
  tried=${tried%, }
  if [[ $name == random ]]; then
    build_random "$version" "$pkg" "$tried"
  else
    fail "hashicorp/$name $version ($PLATFORM): not found in $tried; set TF_PLUGIN_MIRROR to a directory holding it"
  fi
}

# HCL string literal: escape backslashes, quotes and template sequences.
hcl_quote() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//\$\{/\$\$\{}
  s=${s//%\{/%%\{}
  printf '"%s"' "$s"
}

write_cli_config() {
  local rc="$MIRROR/terraformrc" content tmp
  content="# Generated by scripts/provider-mirror.sh; use via TF_CLI_CONFIG_FILE.
disable_checkpoint = true

provider_installation {
  filesystem_mirror {
    path    = $(hcl_quote "$MIRROR")
    include = [\"registry.terraform.io/hashicorp/*\"]
  }
  # Never fall back to the network: a missing provider must fail loudly.
  direct {
    exclude = [\"registry.terraform.io/*/*\"]
  }
}"
  [[ -f $rc && $(<"$rc") == "$content" ]] && return 0
  tmp=$(mktemp "$MIRROR/.tmp.XXXXXX")
  cleanup_paths+=("$tmp")
  printf '%s\n' "$content" >"$tmp"
  chmod 0644 "$tmp"
  mv -f -- "$tmp" "$rc"
}

run_check() {
  local work spec name version
  if ! command -v terraform >/dev/null 2>&1; then
    log "--check: terraform not found on PATH"
    return 1
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/provider-mirror-check.XXXXXX")
  cleanup_paths+=("$work")
  {
    echo 'terraform {'
    echo '  required_providers {'
    for spec in "${PROVIDERS[@]}"; do
      read -r name version <<<"$spec"
      echo "    $name = { source = \"hashicorp/$name\", version = \"= $version\" }"
    done
    echo '  }'
    echo '}'
  } >"$work/main.tf"
  log "--check: terraform init -backend=false in $work"
  if ! TF_CLI_CONFIG_FILE="$MIRROR/terraformrc" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1 \
    terraform -chdir="$work" init -backend=false -input=false -no-color >&2; then
    log "--check: terraform init failed against $MIRROR"
    return 1
  fi
  log "--check: ok"
}

mirror=${STORYTIME_TF_MIRROR:-${XDG_CACHE_HOME:-$HOME/.cache}/storytime-infra/tf-mirror}
mkdir -p "$mirror"
MIRROR=$(abs_dir "$mirror")
PLATFORM=$(platform)
SRC_DIR=${STORYTIME_PROVIDER_SRC_DIR:-$(dirname -- "$REPO_ROOT")/shared/vendor}
readonly MIRROR PLATFORM SRC_DIR

SEARCH_DIRS=()
if [[ -n ${TF_PLUGIN_MIRROR-} ]]; then
  [[ -d $TF_PLUGIN_MIRROR ]] || log "TF_PLUGIN_MIRROR=$TF_PLUGIN_MIRROR is not a directory"
  SEARCH_DIRS+=("$TF_PLUGIN_MIRROR")
fi
if [[ -n ${TF_PLUGIN_MIRROR_PATH-} ]]; then
  IFS=: read -r -a extra_dirs <<<"$TF_PLUGIN_MIRROR_PATH"
  for dir in "${extra_dirs[@]}"; do
    [[ -z $dir ]] || SEARCH_DIRS+=("$dir")
  done
fi
mapfile -t implied < <(implied_dirs)
SEARCH_DIRS+=("${implied[@]}")
readonly SEARCH_DIRS

failures=()
for spec in "${PROVIDERS[@]}"; do
  read -r name version <<<"$spec"
  ensure_provider "$name" "$version"
done
if ((${#failures[@]} > 0)); then
  printf 'provider-mirror: %s\n' "${failures[@]}" >&2
  exit 1
fi

write_cli_config
if $check; then
  run_check
fi
printf '%s\n' "$MIRROR"
