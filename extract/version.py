"""The extractor's version: a hash of the code and the vocabularies that make the rows.

A document's rows are reused by a later build only while its bytes and this
version are unchanged, so any edit to a rule, a reader or a vocabulary
re-extracts everything on the next build.

    >>> len(extractor_version())
    16
"""
from __future__ import annotations

import hashlib
from functools import lru_cache

from extract.paths import ROOT, SCHEMA_DIR

PACKAGE_DIR = ROOT / "extract"


@lru_cache(maxsize=1)
def extractor_version() -> str:
    digest = hashlib.sha256()
    files = sorted(PACKAGE_DIR.rglob("*.py")) + sorted(p for p in SCHEMA_DIR.rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
