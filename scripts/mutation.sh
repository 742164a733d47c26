#!/usr/bin/env bash
# `pnpm mutation`: StrykerJS over each package that has a stryker.config.mjs (its tests against
# mutants of its src), one after the other, on the Node 24 that test-node-versions.sh runs (Stryker
# 10 needs Node >= 22). Not part of `pnpm test`: it takes tens of minutes. Stryker mutates the
# sources in place and puts them back when it ends: build nothing and run no test there meanwhile.
# Expects the workspace built. Usage: scripts/mutation.sh [PACKAGE_DIR...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-versions.sh
source scripts/ci/env.sh

dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
  for config in packages/*/stryker.config.mjs apps/*/stryker.config.mjs; do
    [ -e "$config" ] && dirs+=("$(dirname "$config")")
  done
fi
bin=$(node_bin "${NODE_VERSIONS[-1]}")
stryker="$PWD/node_modules/@stryker-mutator/core/bin/stryker.js"
for dir in "${dirs[@]}"; do
  echo "== mutation testing of $dir on Node $("$bin/node" --version) =="
  (cd "$dir" && PATH="$bin:$PATH" node "$stryker" run)
done
