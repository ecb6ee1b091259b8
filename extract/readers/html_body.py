"""Find a web page's document body and the title printed above it.

A page is a wrapper around the plan: navigation, breadcrumbs, a metadata box,
share bars and footers. The body is found by where the (non-link) Chinese text
is: start at `<body>` and step into the child that holds most of it, until no
single child does. Navigation and footers are mostly links, which do not count.
Known container names are a hint only, used when the walk stops too high.
"""
from __future__ import annotations

from .cjk import cjk_count
from .html_dom import BLOCK_TAGS, is_element, is_invisible, name_tokens, tag_of

# Class/id names that content management systems give the body container:
# `<div class="zw" wzades="正文">` (gd.gov.cn), `<div class="TRS_Editor">` (TRS),
# `<div class="wzcon j-fontContent">` (ahsz.gov.cn), `<div id="wenzhangzhengwen">` (xining.gov.cn),
# `<div class="article-content">` (gkmlpt).
CONTAINER_HINTS = (
    "zw", "zoom", "content", "article-content", "trs_editor", "trs_ueditor", "wzcon",
    "article", "wenzhangzhengwen", "pages_content", "news_content", "detail-content",
    "xl-content", "bt_content", "main-txt", "view",
)

HINT_NAMES = frozenset(CONTAINER_HINTS)

# Elements that carry the page's title above the body:
# `<h1 class="title document-number">东莞市发展和改革局关于印发…的通知</h1>`, `<h1 class="wztit">`.
TITLE_TAGS = frozenset({"h1"})
TITLE_HINTS = frozenset({"title", "wztit", "xx-tit", "zw-title", "article-title", "bt"})

# Step into a child that holds at least this share of its parent's text.
DESCEND_SHARE = 0.75
# A hinted container inside the stopping point is taken if it holds this share of its text.
HINT_SHARE = 0.5
# Non-link CJK characters allowed between the title and the body (a date row,
# `发布日期：2026-01-28 浏览次数：` or `时间：2022-06-02 来源：市住房保障房产局 打印 分享`).
TITLE_GAP = 120


def text_weights(root) -> tuple[dict, dict]:
    """CJK characters under each element: (outside links, all).

    `<div>通知<a>首页</a></div>` -> plain[div] == 2, total[div] == 4.
    """
    plain: dict = {}
    total: dict = {}

    def visit(node) -> tuple[int, int]:
        own = cjk_count(node.text)
        link = tag_of(node) == "a"
        p, t = (0 if link else own), own
        for child in node:
            tail = cjk_count(child.tail)
            p, t = p + tail, t + tail
            if is_invisible(child):
                continue
            cp, ct = visit(child)
            p, t = p + (0 if link else cp), t + ct
        plain[node], total[node] = p, t
        return p, t

    visit(root)
    return plain, total


def _visible_children(node) -> list:
    return [child for child in node if not is_invisible(child)]


def _has_block_child(node, plain: dict) -> bool:
    return any(tag_of(c) in BLOCK_TAGS and plain.get(c, 0) for c in _visible_children(node))


def descend(body, plain: dict):
    """Step from `<body>` into the child holding most text until none holds DESCEND_SHARE of it."""
    node = body
    while True:
        children = _visible_children(node)
        if not children:
            return node
        best = max(children, key=lambda c: plain.get(c, 0))
        if plain.get(best, 0) < DESCEND_SHARE * plain.get(node, 0) or plain.get(best, 0) == 0:
            return node
        # A single paragraph is never the body, however long: `<p>一、…</p>` beside `<p>二、…</p>`.
        if not _has_block_child(best, plain) and best.find("br") is None:
            return node
        node = best


def hinted(node) -> bool:
    """`<div class="wzcon j-fontContent">` -> True."""
    return bool(name_tokens(node) & HINT_NAMES)


def find_body(root):
    """The element holding the document body: the `<div class="zw">` of a gd.gov.cn page."""
    body = root.find("body")
    if body is None:
        body = root
    plain, _ = text_weights(body)
    node = descend(body, plain)
    hints = [n for n in node.iter() if is_element(n) and n is not node and hinted(n)
             and plain.get(n, 0) >= HINT_SHARE * plain.get(node, 0)]
    if hints:
        node = hints[-1]  # nested in one another: the last in document order is the deepest
    return node, plain


def _ancestors(node) -> list:
    out = []
    while node is not None:
        out.append(node)
        node = node.getparent()
    return out


def find_title(root, body_node):
    """The nearest `<h1>` (or title-named element) before the body, if only a date row lies between.

    `<h1 class="wztit">《宿州市…若干措施》</h1><div class="wzbjxx">发布时间…</div><div class="wzcon">…`
    -> the `<h1>`.
    """
    above = set(_ancestors(body_node))
    candidate = None
    for node in root.iter():
        if node is body_node:
            break
        if is_invisible(node) or node in above:
            continue
        if (tag_of(node) in TITLE_TAGS or name_tokens(node) & TITLE_HINTS) and cjk_count(node.text_content()):
            candidate = node
    if candidate is None:
        return None
    common = next(a for a in _ancestors(candidate) if a in above)
    plain, _ = text_weights(common)
    gap = plain[common] - plain.get(body_node, 0) - plain.get(candidate, 0)
    return candidate if gap <= TITLE_GAP else None
