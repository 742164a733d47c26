#!/usr/bin/env bash
# Runs a command on a Node that the tools needing Node >= 22 accept (Changesets CLI 3): the one on
# PATH when it is recent enough, else the Node 24 of scripts/node-versions.sh, first on PATH.
# Usage: scripts/node24.sh COMMAND [ARG...]
set -euo pipefail
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 22 ]; then
  exec "$@"
fi
source "$(dirname "$0")/node-versions.sh"
PATH="$(node_bin "${NODE_VERSIONS[-1]}"):$PATH" exec "$@"
