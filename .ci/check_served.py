"""Check a served knowledge base as a new user would meet it (used by .ci/fresh_clone.sh).

    python3 .ci/check_served.py http://127.0.0.1:8001

Standard library only: it runs under the bare environment, outside the
project's .venv. Exits 1 with the first page that is missing or empty.
"""
import json
import re
import sys
import urllib.parse
import urllib.request

# (path, query, what the answer must contain, why)
PAGES = [
    ("/", {}, "规划 / Plans", "the home page leads with the plans"),
    ("/-/compare/nursing_bed_share", {}, '<g class="bar"', "the nursing-bed share is drawn"),
    ("/kb/kb_targets.json", {"_shape": "array"}, '"target_id"', "the targets view has rows"),
]
SEARCH = ("/-/search-zh", {"q": "护理型床位"})
# The plans whose nursing-bed targets the search must find.
SEARCH_PLANS = ("浦东新区", "崇明区")


def fetch(base: str, path: str, query: dict) -> str:
    url = base + urllib.parse.quote(path) + ("?" + urllib.parse.urlencode(query) if query else "")
    with urllib.request.urlopen(url, timeout=60) as response:
        if response.status != 200:
            raise SystemExit(f"{path}: status {response.status}")
        return response.read().decode("utf-8")


def main(base: str) -> None:
    for path, query, needle, why in PAGES:
        if needle not in fetch(base, path, query):
            raise SystemExit(f"{path}: {why} — {needle!r} not found")
    page = fetch(base, *SEARCH)
    targets = re.findall(r'<li class="result result-indicators">(.*?)</li>', page, re.S)
    for plan in SEARCH_PLANS:
        if not any(plan in t for t in targets):
            raise SystemExit(f"/-/search-zh?q=护理型床位 finds no target of the {plan} plans")
    rows = json.loads(fetch(base, "/kb/kb_targets.json", {"_shape": "array"}))
    print(f"served: /, /-/compare/nursing_bed_share, /kb/kb_targets.json ({len(rows)} rows on the first page), "
          f"/-/search-zh?q=护理型床位 ({len(targets)} targets, {' and '.join(SEARCH_PLANS)} among them)")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
