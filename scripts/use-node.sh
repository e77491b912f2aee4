# Sourced from the project folder (`. scripts/use-node.sh`, by .ci/run and by hand): puts the Node.js
# line of .nvmrc (or of STORYTIME_NODE_LINE) first on PATH when the node found there is of another line,
# taking it from the npm registry's node-linux-<arch> package (a binary
# shipped as an ordinary package, so npm verifies it like any other), kept
# in ~/.cache/storytime/ for the next time.
storytime_node_line=${STORYTIME_NODE_LINE:-$(cat .nvmrc)}
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" != "$storytime_node_line" ]; then
  case $(uname -m) in
  x86_64) storytime_node_arch=x64 ;;
  aarch64 | arm64) storytime_node_arch=arm64 ;;
  *) storytime_node_arch=$(uname -m) ;;
  esac
  storytime_node_dir=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/storytime/node-$storytime_node_line-linux-$storytime_node_arch
  storytime_node_bin=$storytime_node_dir/node_modules/node-linux-$storytime_node_arch/bin
  if [ ! -x "$storytime_node_bin/node" ]; then
    echo "use-node: installing Node.js $storytime_node_line (node-linux-$storytime_node_arch@$storytime_node_line) into $storytime_node_dir" >&2
    npm install --prefix "$storytime_node_dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "node-linux-$storytime_node_arch@$storytime_node_line" >&2
  fi
  PATH=$storytime_node_bin:$PATH
  export PATH
  echo "use-node: $(command -v node) $(node -v)" >&2
fi
