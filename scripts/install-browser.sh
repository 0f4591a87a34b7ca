#!/usr/bin/env bash
# Installs Debian's headless Chromium for the monitoring page's browser test (test/e2e/monitor-browser.test.ts).
# Idempotent: does nothing when a chromium is on PATH. Needs root and apt-get (CI's machines have both).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: no chromium, and no root apt-get to install it (install the Debian package chromium)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null; }
command -v chromium
