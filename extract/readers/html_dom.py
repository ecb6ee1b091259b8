"""Shared vocabulary for reading web pages: which tags are blocks, which are never shown.

Kept as data so that a new page type is met by adding a name, not a branch.
"""
from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

# Elements that start a new line in a browser: `<p>…</p><p>…</p>` -> two lines.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "center", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})

# Elements whose text a reader never sees: `<script>window._CONFIG = {…}</script>`
# (one gkmlpt page carries its whole body again, \\u-escaped, in such a script).
SKIP_TAGS = frozenset({
    "audio", "button", "canvas", "embed", "head", "iframe", "input", "link", "map", "meta",
    "noscript", "object", "option", "script", "select", "style", "svg", "template",
    "textarea", "title", "video",
})

# Inline style or attribute that hides an element: `<span style="display: none;" class="ipv6-wrap">`.
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# `<?xml version="1.0" encoding="gb2312"?>` before XHTML: lxml refuses decoded text that still declares bytes.
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_document(text: str):
    """Parse decoded page text into an lxml tree: '<p>通知</p>' -> <html><body><p>…"""
    text = XML_DECLARATION.sub("", text).replace("\x00", "")
    try:
        return lxml_html.document_fromstring(text)
    except etree.ParserError:  # nothing but whitespace or comments
        return lxml_html.document_fromstring("<html><body></body></html>")


def is_element(node) -> bool:
    """True for tags, False for comments and processing instructions (`<!-- colspan="3" -->`)."""
    return isinstance(node.tag, str)


def tag_of(node) -> str:
    """Lower-case tag name ('' for comments): <P> -> 'p'."""
    return node.tag.lower() if is_element(node) else ""


def is_hidden(node) -> bool:
    """`<div style="display:none">…</div>` or `<div hidden>` -> True."""
    return bool(HIDDEN_STYLE.search(node.get("style", ""))) or node.get("hidden") is not None


def is_invisible(node) -> bool:
    """Never rendered: comments, scripts, styles, form controls, hidden elements."""
    return not is_element(node) or tag_of(node) in SKIP_TAGS or is_hidden(node)


def name_tokens(node) -> set[str]:
    """Class and id tokens, lower-cased: class="wzcon j-fontContent" -> {'wzcon', 'j-fontcontent'}."""
    tokens = node.get("class", "").lower().split()
    if node.get("id"):
        tokens.append(node.get("id").lower())
    return set(tokens)
