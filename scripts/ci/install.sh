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
