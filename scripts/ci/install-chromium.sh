#!/usr/bin/env bash
# Debian's Chromium for the browser tests, when it is missing (playwright-core never downloads a
# browser here). Needs root, as in .ci/run and in CI's Debian container.
set -euo pipefail

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Installing Chromium (Debian package) for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
fi
