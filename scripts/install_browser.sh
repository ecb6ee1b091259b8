#!/usr/bin/env bash
# Debian's Chromium and ChromeDriver (plus CJK fonts) for the browser tests.
# Playwright's own browser download cannot be reached here; Selenium drives
# the system Chromium instead. Needs root (as on CI); otherwise the browser
# tests skip and say why.
set -uo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "install_browser: not root; browser tests will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null \
  || echo "install_browser: apt-get failed; browser tests will skip" >&2
exit 0
