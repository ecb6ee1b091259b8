#!/usr/bin/env bash
# The README's two commands as a new user runs them: a clone of this commit
# in an empty temporary folder (no ../shared beside it), a bare environment
# (env -i, PATH=/usr/local/bin:/usr/bin:/bin), nothing activated.
#   1. PORT=<free> bash scripts/serve.sh, until /, a comparison page, the
#      targets view and a search answer 200 with content; then stopped by
#      its process group.
#   2. bash scripts/test.sh -q, which must pass.
# pip's download cache is shared with the runner's (a link under the bare
# HOME), never its .venv: the clone sets up its own environment.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
clone="$work/plan-kb"
home="$work/home"
serve_pgid=""
SERVE_SECONDS=${SERVE_SECONDS:-600}

cleanup() {
  if [ -n "$serve_pgid" ]; then kill -- "-$serve_pgid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

bare() { (cd "$clone" && env -i HOME="$home" PATH=/usr/local/bin:/usr/bin:/bin "$@"); }
fail() { echo "fresh clone: $*" >&2; tail -n 20 "$work/serve.log" >&2 2>/dev/null || true; exit 1; }

started=$(date +%s)
git clone --quiet --no-checkout "$repo" "$clone"
git -C "$clone" checkout --quiet --detach "$(git -C "$repo" rev-parse HEAD)"
mkdir -p "$home/.cache"
cache=$(python3 -m pip cache dir 2>/dev/null || true)
if [ -n "$cache" ] && [ -d "$cache" ]; then ln -s "$cache" "$home/.cache/pip"; fi

# 1. serve.sh on a free port, in its own session so that it stops as a group.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
setsid env -i HOME="$home" PATH=/usr/local/bin:/usr/bin:/bin PORT="$port" bash -c "cd '$clone' && exec bash scripts/serve.sh" \
  >"$work/serve.log" 2>&1 &
serve_pgid=$!
url="http://127.0.0.1:$port"
for _ in $(seq "$SERVE_SECONDS"); do
  curl -sf -o /dev/null "$url/" && break
  kill -0 "$serve_pgid" 2>/dev/null || fail "serve.sh exited before serving"
  sleep 1
done
python3 "$clone/.ci/check_served.py" "$url" || fail "served pages"
echo "fresh clone: serve.sh set up .venv, built kb.db and answered in $(($(date +%s) - started)) s"
kill -- "-$serve_pgid"
wait "$serve_pgid" 2>/dev/null || true
serve_pgid=""
served=$(date +%s)

# 2. test.sh
bare bash scripts/test.sh -q
echo "fresh clone: test.sh passed in $(($(date +%s) - served)) s; $(($(date +%s) - started)) s in all"
