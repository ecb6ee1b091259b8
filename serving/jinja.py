"""Page templates kept as strings in the plugins, compiled once.

Datasette caches the templates it loads by name, not those built with
`jinja_env.from_string`; compiling a page's template cost more than
rendering a small page. Compiled templates are kept per Jinja environment
(one per Datasette), so tests with several Datasettes never share them.
"""
from __future__ import annotations

import weakref

_compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def compiled(datasette, source: str):
    """datasette.jinja_env.from_string(source), made once per environment."""
    env = datasette.jinja_env
    templates = _compiled.setdefault(env, {})
    if source not in templates:
        templates[source] = env.from_string(source)
    return templates[source]
