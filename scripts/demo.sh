#!/usr/bin/env bash
# The newcomer's first command: sets everything up (Chromium and fonts from Debian's packages,
# npm ci) and shows Breakwater working against the simulated instances.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npm run demo -- "$@"
