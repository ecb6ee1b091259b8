"""Ids derived from content, so two builds of one corpus give identical rows."""
from __future__ import annotations

import hashlib


def content_id(*parts: object, length: int = 16) -> str:
    """`content_id('doc', 120)` -> a 16-hex-digit id that only these parts produce."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]
