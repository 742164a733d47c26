#!/usr/bin/env bash
# The README's test command, and beside it the client's and the contract tests on the other Node
# versions users run; expects the build (build.sh) done. Their vitest summaries are added up into
# one closing line.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/ci/env.sh

log=$(mktemp)
versions_log=$(mktemp)
status=0
bash scripts/test-node-versions.sh >"$versions_log" 2>&1 &
versions=$!
pnpm test 2>&1 | tee "$log" || status=$?
wait "$versions" || status=1
tee -a "$log" <"$versions_log"
sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
  / Tests  / { for (i = 1; i < NF; i++) { if ($(i + 1) ~ /^passed/) passed += $i; if ($(i + 1) ~ /^failed/) failed += $i } }
  END { printf "%d passed, %d failed\n", passed, failed }'
rm -f "$log" "$versions_log"
exit "$status"
