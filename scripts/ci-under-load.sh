#!/usr/bin/env bash
# Runs CI (`CI=true bash .ci/run`) on fresh clones of this repository's HEAD, one after another, with
# the machine loaded by stress-ng the way that once made the suite fail; prints each run's result and
# wall time. A suite whose outcome depends on the machine's speed fails here first.
#   scripts/ci-under-load.sh [RUNS]        loaded (default 5 runs)
#   LOAD=none scripts/ci-under-load.sh 1   the same without stress-ng, for comparison
set -uo pipefail
cd "$(dirname "$0")/.."

runs=${1:-5}
load=${LOAD:-"--cpu 4 --io 2 --vm 1 --vm-bytes 2G"}
work=$(mktemp -d /tmp/dlf-ci-under-load.XXXXXX)

if [ "$load" != none ] && ! command -v stress-ng >/dev/null; then
  echo "Installing stress-ng (Debian package)..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq stress-ng >/dev/null
fi

stress_pid=
stop_stress() { [ -n "$stress_pid" ] && kill "$stress_pid" 2>/dev/null && wait "$stress_pid" 2>/dev/null; stress_pid=; }
trap stop_stress EXIT

failed=0
for run in $(seq 1 "$runs"); do
  clone="$work/run-$run"
  git clone -q . "$clone"
  if [ "$load" != none ]; then
    # shellcheck disable=SC2086 # the load is a list of stress-ng options
    stress-ng $load --quiet &
    stress_pid=$!
  fi
  started=$(date +%s)
  (cd "$clone" && CI=true bash .ci/run) >"$work/run-$run.log" 2>&1
  status=$?
  seconds=$(($(date +%s) - started))
  stop_stress
  summary=$(tail -n 1 "$work/run-$run.log")
  result=passed
  [ "$status" -eq 0 ] || { result="FAILED (exit $status)"; failed=$((failed + 1)); }
  printf 'run %d/%d (load: %s): %s in %dm%02ds; %s; log %s\n' "$run" "$runs" "$load" "$result" \
    $((seconds / 60)) $((seconds % 60)) "$summary" "$work/run-$run.log"
  rm -rf "$clone"
done

echo "$((runs - failed)) of $runs runs passed"
[ "$failed" -eq 0 ]
