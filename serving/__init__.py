"""Serving the knowledge base with Datasette: its options in one place
(`serving.config`), a running server pinned to one build (`serving.snapshot`),
and `python -m serving kb.db` to start it."""
