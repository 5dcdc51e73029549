#!/usr/bin/env bash
# Sets up a fresh Debian machine for Breakwater: Chromium and fonts from Debian's packages (when
# missing), then the locked npm dependencies. Used by scripts/demo.sh and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium for the demo and the end-to-end tests; a Japanese font and an emoji font so screenshots
# of Japanese posts and of the Japanese UI are readable (fonts-ipafont-gothic is 3.5 MB).
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-ipafont-gothic >/dev/null 2>&1 || need+=(fonts-ipafont-gothic)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || need+=(fonts-noto-color-emoji)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing from Debian's packages: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
