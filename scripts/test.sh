#!/usr/bin/env bash
# One command: set up, install the browser for the browser tests and the converters for
# the printed-plan tests, run every test.
#   bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh
bash scripts/install_browser.sh
bash scripts/install_converters.sh
exec .venv/bin/python -m pytest "$@"
