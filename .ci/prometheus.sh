#!/usr/bin/env bash
# Installs Prometheus from the Debian packages for the real-Prometheus tests
# (cli: ApplyAutoRollbackPrometheusTest), unless it is already installed. The tests start their own
# instance on a free loopback port with a temporary config and data folder; nothing is started here.
# Without the binary those tests are skipped with a message, not failed.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1; then
  prometheus --version 2>&1 | head -n 1
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq prometheus >/dev/null
prometheus --version 2>&1 | head -n 1
