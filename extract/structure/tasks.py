"""Tasks: the finest numbered items of a plan's work list (GUIDE.md).

A task is a leaf of the outline among the task styles (`一、` `（一）` `1.`)
inside a work-list section; its body runs from its heading to the next
heading, box, table or group note. Responsibility notes in the body, group
notes after a group of tasks and declared defaults give its units.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.text.lines import Line
from extract.structure.outline import BOX_PATTERN, TASK_STYLES, Node, match_heading
from extract.entities.responsibility import (
    UnitMention,
    find_default_declaration,
    find_notes,
    is_standalone_note,
    parse_standalone,
)
from extract.structure.roles import TASK_ROLES

# A title without a full stop is cut at the first comma past this many characters.
SHORT_HEADING = 40


@dataclass
class TaskDraft:
    node: Node
    number: str | None
    title: str
    start: int
    end: int
    text: str
    path: list[str]
    mentions: list[UnitMention] = field(default_factory=list)


def task_title(body: str, prefix_len: int) -> str:
    """`1.完善基本养老服务保障。制定…` -> `完善基本养老服务保障`."""
    first_line = body.split("\n", 1)[0].strip()
    rest = first_line[prefix_len:].strip() if prefix_len else first_line
    cut = rest.find("。")
    if cut >= 0:
        return rest[:cut]
    if len(rest) <= SHORT_HEADING:
        return rest
    comma = re.search(r"[，,；;]", rest)
    return rest[: comma.start()] if comma else rest[:SHORT_HEADING]


def _body_end(node: Node, lines_by_start: list[Line], text_len: int) -> int:
    """Where a task's own text stops: a child heading, a box, a table or a group note."""
    stop = node.end if node.end >= 0 else text_len
    for child in node.children:
        stop = min(stop, child.start)
    for line in lines_by_start:
        if line.start <= node.start:
            continue
        if line.start >= stop:
            break
        content = line.content
        if line.is_cell or BOX_PATTERN.match(content) or is_standalone_note(content):
            return line.start
    return stop


def _is_task(node: Node, body: str, heading_len: int) -> bool:
    if node.style not in TASK_STYLES or node.role not in TASK_ROLES:
        return False
    if any(c.style in TASK_STYLES for c in node.walk() if c is not node):
        return False
    own_text = body[heading_len:].strip()
    if node.style == "chapter":
        # A chapter is a task only when it carries its own action text:
        # `一、支持企业稳产增产。对倍增企业…（责任单位：…）` or a note below it.
        return bool(find_notes(body)) or ("。" in body.split("\n", 1)[0][:-1] and len(body) > 60)
    # `（3）长效开展三岛海塘维修、市场化养护。`: a short item that is a whole sentence is an action
    return bool(own_text) or len(body) > 20 or body.rstrip().endswith("。")


def find_tasks(root: Node, lines: list[Line], text: str, first_segment: int) -> list[TaskDraft]:
    """Every task of the plan in document order, with the units its body names."""
    drafts: list[TaskDraft] = []
    for node in root.walk():
        if node.style not in TASK_STYLES or node.segment < first_segment:
            continue
        end = _body_end(node, lines, len(text))
        body = text[node.start:end].rstrip()
        heading_len = len(node.heading)
        if not _is_task(node, body, heading_len):
            continue
        prefix = _number_prefix_len(body)
        mentions = [m for note in find_notes(body, node.start) for m in note.mentions]
        drafts.append(TaskDraft(node, node.number, task_title(body, prefix), node.start, node.start + len(body),
                                body, node.path[:-1], mentions))
    drafts = _add_unnumbered(drafts, lines, text)
    _apply_group_notes(drafts, lines, root)
    _apply_bracketed_group_notes(drafts, lines)
    _apply_defaults(drafts, text)
    return drafts


# `建立智慧养老云服务平台。实施智慧养老工程…`: an item whose number the printer lost
# starts, like its siblings, with a short heading phrase and a full stop.
UNNUMBERED_ITEM = re.compile(r"^[^,，、；;。]{2,16}。")


def _add_unnumbered(drafts: list[TaskDraft], lines: list[Line], text: str) -> list[TaskDraft]:
    """Where the numbering skips exactly one (19, 21) and a paragraph between the
    two items opens like a task, that paragraph is the missing task (number None)."""
    out: list[TaskDraft] = []
    for prev, nxt in zip([None] + drafts[:-1], drafts):
        gap = (prev is not None and prev.number and nxt.number and prev.number.isdecimal() and nxt.number.isdecimal()
               and int(nxt.number) == int(prev.number) + 2)
        if gap:
            for line in lines:
                if not (prev.end <= line.start < nxt.start) or line.is_blank or line.is_cell:
                    continue
                content = line.content
                if match_heading(content) or is_standalone_note(content) or not UNNUMBERED_ITEM.match(content):
                    continue
                body = text[line.lead:nxt.start].rstrip()
                node = Node(nxt.node.style, None, content.split("。")[0] + "。", line.lead, line.index,
                            nxt.node.depth, end=nxt.start, parent=nxt.node.parent, role=nxt.node.role,
                            segment=nxt.node.segment)
                mentions = [m for note in find_notes(body, line.lead) for m in note.mentions]
                out.append(TaskDraft(node, None, task_title(body, 0), line.lead, line.lead + len(body), body,
                                     nxt.path, mentions))
                break
        out.append(nxt)
    return out


def _number_prefix_len(body: str) -> int:
    found = match_heading(body.split("\n", 1)[0].strip())
    lead = len(body) - len(body.lstrip())
    return (found[2] + lead) if found else 0


def _apply_group_notes(drafts: list[TaskDraft], lines: list[Line], root: Node) -> None:
    """`牵头单位：A；责任单位：B` after a group applies to each task of the group
    that has no units of its own: the tasks since the previous such line under
    the same parent heading."""
    grouped: set[int] = set()  # tasks an earlier group note already covers
    for line in lines:
        if not is_standalone_note(line.content):
            continue
        mentions = parse_standalone(line.raw, line.start)
        if not mentions:
            continue
        before = [d for d in drafts if d.end <= line.start]
        if not before:
            continue
        parent = before[-1].node.parent
        group: list[TaskDraft] = []
        for d in reversed(before):
            if d.node.parent is not parent or id(d) in grouped:
                break
            group.append(d)
        for d in group:
            grouped.add(id(d))
            if not d.mentions:
                d.mentions = list(mentions)


# `（责任单位：区发展改革委、区建管委）` printed as a line of its own (folded text).
WHOLE_LINE_NOTE = re.compile(r"^[(\[](?:[^()\[\]]|\([^()]*\))*[)\]]$")


def _apply_bracketed_group_notes(drafts: list[TaskDraft], lines: list[Line]) -> None:
    """A bracketed note on a line of its own after a group of items applies to every item of
    the group: the item it closes and the items before it, under the same heading, that name
    no units of their own (back to the previous item that does)."""
    by_start = sorted(range(len(drafts)), key=lambda k: drafts[k].start)
    for line in lines:
        if not WHOLE_LINE_NOTE.match(line.content):
            continue
        mentions = [m for note in find_notes(line.raw, line.start) for m in note.mentions]
        closing = next((k for k in reversed(by_start) if drafts[k].start <= line.start < drafts[k].end), None)
        if not mentions or closing is None:
            continue
        parent = drafts[closing].node.parent
        for d in reversed(drafts[:closing]):
            if d.node.parent is not parent or d.mentions:
                break
            d.mentions = list(mentions)


def _apply_defaults(drafts: list[TaskDraft], text: str) -> None:
    """A default declared once adds its units to every later task."""
    defaults = find_default_declaration(text)
    if not defaults:
        return
    at = defaults[0].start
    for d in drafts:
        if d.start > at:
            have = {m.text for m in d.mentions}
            d.mentions.extend(m for m in defaults if m.text not in have)
