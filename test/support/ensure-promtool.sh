#!/usr/bin/env bash
# Makes sure promtool (Prometheus' rule checker, from Debian's prometheus package) is on
# the PATH for test/ops/, which checks and unit-tests the ops pack's alerting rules.
set -euo pipefail

if command -v promtool >/dev/null 2>&1; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-promtool: promtool is missing and this user cannot install packages; run: apt-get install -y prometheus" >&2
    exit 1
  fi
fi

echo "ensure-promtool: installing the Debian prometheus package (for promtool)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null
# The package starts a Prometheus server as a service where systemd runs; the tests need only promtool.
command -v promtool >/dev/null
echo "ensure-promtool: $(promtool --version 2>&1 | head -n 1)"
