#!/usr/bin/env bash
# Makes sure a headless-capable Chromium is at /usr/bin/chromium for the dashboard's
# browser tests (playwright-core drives it; no browser is downloaded by npm).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-chromium: /usr/bin/chromium is missing and this user cannot install packages; run: apt-get install -y chromium" >&2
    exit 1
  fi
fi

echo "ensure-chromium: installing the Debian chromium package"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
test -x /usr/bin/chromium
echo "ensure-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo installed)"
