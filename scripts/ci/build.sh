#!/usr/bin/env bash
# The build: every package's `build` and the spec's `bundle` (turbo, cached), which is what the
# tests, the docs site (apps/docs/dist) and the published tarballs are made of.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/ci/env.sh

pnpm turbo run build bundle --output-logs=errors-only
