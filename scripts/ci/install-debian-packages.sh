#!/usr/bin/env bash
# Debian's packages that tests drive as real parts, when missing: Chromium for the browser tests
# (playwright-core never downloads a browser here), zsh and fish for the shell-completion tests.
# Needs root, as in .ci/run and in CI's Debian container.
set -euo pipefail

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v zsh >/dev/null || missing+=(zsh)
command -v fish >/dev/null || missing+=(fish)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages for the tests: ${missing[*]}..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
