"""The outline: numbered headings kept as a tree, each node with its span.

Chinese plans number their levels with a small set of styles
(`一、` `（一）` `1.` `1、` `1﹒` `（1）` `①` `专栏3`), but which style sits at
which depth varies from plan to plan. The depth of a style is therefore
learnt while reading: a style seen before closes every deeper level, a new
style opens a level below the current one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extract.text.lines import Line
from extract.text.textnorm import fold

CN_DIGITS = "一二三四五六七八九十百零〇"

# Each pattern runs on the folded, stripped line and captures the number.
HEADING_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    # 第三章 主要任务 / 第二部分
    ("part", re.compile(rf"^第([{CN_DIGITS}]+|\d+)(?:章|部分|篇)\s*")),
    # 三、主要任务
    ("chapter", re.compile(rf"^([{CN_DIGITS}]+)\s*[、.]\s*")),
    # （一）基本养老服务保障提升计划   (一)建立复工复产复市督导服务机制
    ("paren_cn", re.compile(rf"^\(([{CN_DIGITS}]+)\)\s*")),
    # 1.完善基本养老服务保障。  4、编制…  12．加大…  1﹒推进…   (not 1.5%)
    ("arabic", re.compile(r"^(\d{1,3})\s*[.、](?!\d)\s*")),
    # （1）…
    ("paren_arabic", re.compile(r"^\((\d{1,3})\)\s*")),
    # ①…
    ("circled", re.compile(r"^([①-⑳])\s*")),
)
# 专栏1  家庭养老服务支持工程
BOX_PATTERN = re.compile(rf"^专栏\s*(\d+|[{CN_DIGITS}]+)\s*[:.、]?\s*")
# 附件 / 附件：《…》任务分工方案 / 附件2
ANNEX_PATTERN = re.compile(r"^附\s*件\s*(\d*)\s*[:]?")

# Styles whose items can be tasks: the finest numbered item of a branch is the task, whatever
# its style (`（1）崇明岛主海塘推进达标建设68.94公里` under `1.海塘达标。` under `（一）…`).
TASK_STYLES = ("chapter", "paren_cn", "arabic", "paren_arabic", "circled")
# Longest line still read as a bare heading rather than a paragraph.
MAX_ANNEX_LINE = 60


@dataclass
class Node:
    style: str                    # document, doc (a document inside the file), part, chapter, paren_cn, arabic, paren_arabic, circled, box, annex
    number: str | None
    heading: str                  # the heading as printed, number included
    start: int
    line_index: int
    depth: int
    end: int = -1
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    role: str = "auto"
    role_decided: bool = False
    segment: int = 0              # which document of the file (notice, plan, attachment …)

    @property
    def path(self) -> list[str]:
        out, node = [], self
        while node is not None and node.style != "document":
            out.append(node.heading)
            node = node.parent
        return out[::-1]

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def heading_phrase(content: str, limit: int = 80) -> str:
    """`1.完善基本养老服务保障。制定…` -> `1.完善基本养老服务保障。`"""
    cut = content.find("。")
    if 0 <= cut < limit:
        return content[: cut + 1]
    return content[:limit]


@lru_cache(maxsize=65536)
def match_heading(content: str) -> tuple[str, str, int] | None:
    """`（二）养老服务供给提升计划` -> ('paren_cn', '二', 4): style, number, prefix length.

    Cached: the outline, the title search and the task list each ask about the same lines."""
    folded = fold(content)
    box = BOX_PATTERN.match(folded)
    if box:
        return "box", box.group(1), box.end()
    for style, pattern in HEADING_PATTERNS:
        m = pattern.match(folded)
        if m:
            rest = folded[m.end():]
            if not rest.strip():
                continue
            # `2020年…` or `5G…` are not headings; a heading has words after its number.
            return style, m.group(1), m.end()
    return None


def is_annex_marker(line: Line) -> bool:
    content = line.content
    return bool(ANNEX_PATTERN.match(content)) and len(content) <= MAX_ANNEX_LINE


def build_outline(lines: list[Line], text_len: int, title_lines: set[int] = frozenset()) -> Node:
    """Read every heading into a tree rooted at a `document` node.

    `title_lines` are indices of lines that start a new document inside the
    file (a plan after its notice, attached measures): the numbering restarts
    there.
    """
    root = Node("document", None, "", 0, 0, 0, end=text_len)
    stack: list[Node] = [root]      # open nodes, root first
    segment_root = root
    segment = 0
    for line in lines:
        if line.is_blank:
            continue
        content = line.content
        top = ("doc" if line.index in title_lines
               else "annex" if is_annex_marker(line) and not any(n.style == "annex" for n in stack) else None)
        if top:
            # a plan's title or an annex opens a new part of the document under the root
            segment += top == "doc"
            segment_root = Node(top, None, content, line.lead, line.index, 1, segment=segment)
            _close_to(stack, 1, line.start)
            _attach(stack[0], segment_root)
            stack[1:] = [segment_root]
            continue
        if line.is_cell and not BOX_PATTERN.match(content):
            continue
        found = match_heading(content) or _next_in_sequence(content, stack)
        if not found:
            continue
        style, number, _ = found
        node = Node(style, number, heading_phrase(content), line.lead, line.index, 0, segment=segment)
        if style == "box":
            # A box is a leaf beside the tasks: it never takes children.
            parent = stack[-1] if stack[-1].style != "box" else stack[-2]
            if stack[-1].style == "box":
                _close_to(stack, len(stack) - 1, line.start)
            _close_deeper_than(stack, parent, line.start)
            node.depth = parent.depth + 1
            _attach(parent, node)
            stack.append(node)
            continue
        if stack[-1].style == "box":
            _close_to(stack, len(stack) - 1, line.start)
        base = stack.index(segment_root) if segment_root in stack else 0
        styles = [n.style for n in stack[base + 1:]]
        if style in styles:
            level = base + 1 + styles.index(style)
            _close_to(stack, level, line.start)
        node.depth = len(stack)
        _attach(stack[-1], node)
        stack.append(node)
    _close_to(stack, 1, text_len)
    root.end = text_len
    return root


# `11.121人才梯队项目。`: an item whose text starts with a digit looks like a decimal (11.121);
# it is an item when its number continues the open numbered list (10 → 11).
DIGIT_AFTER_NUMBER = re.compile(r"^(\d{1,3})\s*[.、](?=\d)")


def _next_in_sequence(content: str, stack: list[Node]) -> tuple[str, str, int] | None:
    m = DIGIT_AFTER_NUMBER.match(fold(content))
    previous = next((n for n in reversed(stack) if n.style == "arabic"), None)
    if m and previous is not None and previous.number.isdecimal() and int(m.group(1)) == int(previous.number) + 1:
        return "arabic", m.group(1), m.end()
    return None


def _attach(parent: Node, node: Node) -> None:
    node.parent = parent
    if not node.segment:
        node.segment = parent.segment
    parent.children.append(node)


def _close_to(stack: list[Node], level: int, offset: int) -> None:
    """Close every open node at `level` and deeper at `offset`."""
    while len(stack) > level:
        stack.pop().end = offset


def _close_deeper_than(stack: list[Node], node: Node, offset: int) -> None:
    _close_to(stack, stack.index(node) + 1, offset)
