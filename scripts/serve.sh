#!/usr/bin/env bash
# One command: set up, build kb.db from corpus/, serve it with Datasette.
#   bash scripts/serve.sh            (then open http://127.0.0.1:8001)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh
exec .venv/bin/python build.py --corpus corpus --db kb.db --serve --port "${PORT:-8001}"
