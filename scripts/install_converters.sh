#!/usr/bin/env bash
# Chromium and LibreOffice Writer with the fonts offices set plans in (Noto CJK, and
# Liberation for Times-like Latin letters and digits), for scripts/print_check.py and
# the reader tests that print or convert plans. Needs root (as on CI); elsewhere those
# tests skip and say why, and print_check leaves the variant out.
set -uo pipefail
if command -v chromium >/dev/null && command -v soffice >/dev/null \
   && fc-list 2>/dev/null | grep -qi "noto.*cjk" && fc-list 2>/dev/null | grep -qi "liberation serif"; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "install_converters: not root; install chromium libreoffice-writer fonts-noto-cjk fonts-liberation yourself" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq chromium libreoffice-writer fonts-noto-cjk fonts-liberation >/dev/null \
  || echo "install_converters: apt-get failed" >&2
exit 0
