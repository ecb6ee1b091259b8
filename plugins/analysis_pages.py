"""Datasette plugin: the pages across plans — units, networks, diffs, similar commitments, accuracy.

The figures come from the derived tables (`unit_network`, `unit_stats`,
`similar_tasks`, `similar_targets`, `accuracy`) and from
`extract.analysis.plan_diff`; this module only lays them out. Plain HTML
and inline SVG as in compare_pages.py: no JavaScript, no network, every
document text escaped by Jinja or `html.escape`.

- `/-/units` the units that share the most tasks; `/-/units/<unit_id>` one
  unit: its figures per plan, its partners, every task and target it owns.
- `/-/network` the plans; `/-/network/<plan_id>` the plan's unit network
  drawn as SVG (networkx spring layout, fixed seed), with its figures.
- `/-/diff` pairs of plans of one place and a chooser; `/-/diff/<a>/<b>`
  tasks kept, changed, new and dropped, targets side by side.
- `/-/similar/<plan_id>` each task of a plan with its similar tasks elsewhere.
- Task and target row pages list "其他地区的类似任务 / similar elsewhere";
  the home page says, one sentence a field, how far to trust each column.
"""
from __future__ import annotations

import html
import math
import sys
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote as urlquote

import networkx as nx
from markupsafe import Markup

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extract.analysis.accuracy import sentence  # noqa: E402
from extract.analysis.plan_diff import KEPT, MATCHED, diff_targets, diff_tasks, summary  # noqa: E402
from extract.analysis.similarity import NEIGHBOURS_SQL, SOURCES  # noqa: E402

READING_PATH = "/-/plan/"
# Short text shown for a task or target in lists; the whole text is one click away.
TEXT_CHARS = 90
# A fixed seed: the same network is drawn the same way on every visit.
LAYOUT_SEED = 7
LAYOUT_ITERATIONS = 200
# Drawing geometry, in px.
WIDTH, HEIGHT, MARGIN = 960, 680, 70
NODE_MIN, NODE_MAX = 6, 24
FONT_SIZE = 12
# Rounds of nudging overlapping nodes and labels apart after the spring layout.
SEPARATION_ROUNDS = 60
# Tableau 10: a community's colour; communities past ten are grey.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac")
OTHER_COLOUR = "#cccccc"
UNITS_LISTED = 100
ROLE_NAMES = {"lead": "牵头 / lead", "co": "协同 / co"}
STATUS_NAMES = {"kept": "保留 / kept", "changed": "调整 / changed", "new": "新增 / new", "dropped": "删除 / dropped",
                "same": "相同 / same"}
COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "", "~": "约", "range": ""}
LINK_COLUMNS = {"diff_link": "对比 / diff", "unit_link": "单位 / unit", "partner_link": "合作单位 / partner",
                "network_link": "网络 / network", "other_link": "类似任务原文 / similar task"}


# --- pure helpers ---------------------------------------------------------------------------------

def reading_url(plan_id: str, kind: str | None = None, ref_id: str | None = None) -> str:
    """reading_url('2c2a', 'task', 'ab12') -> '/-/plan/2c2a?focus=task-ab12#task-ab12'."""
    url = READING_PATH + urlquote(plan_id)
    if kind:
        anchor = urlquote(f"{kind}-{ref_id}")
        url += f"?focus={anchor}#{anchor}"
    return url


def one_line(text: str | None, limit: int = TEXT_CHARS) -> str:
    """Whitespace folded, cut at the limit: '建设社区\\n 长者食堂' -> '建设社区 长者食堂'."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit] + "…"


def short_name(name: str, jurisdiction: str | None) -> str:
    """A unit's name without its jurisdiction, for labels: ('崇明区民政局', '崇明区') -> '民政局'."""
    if jurisdiction and name.startswith(jurisdiction) and len(name) > len(jurisdiction):
        return name[len(jurisdiction):]
    return name


def format_number(value) -> str:
    """format_number(60.0) -> '60'; 0.25 -> '0.25'; None -> ''."""
    return "" if value is None else format(value, ",.10g")


def statement(row: dict) -> str:
    """{'comparator': '>=', 'value': 60.0, 'unit': '%', 'year': 2025} -> '≥60%（2025年）'."""
    value = format_number(row.get("value"))
    if row.get("comparator") == "range" and row.get("value_max") is not None:
        value += "–" + format_number(row["value_max"])
    text = COMPARATOR_SIGNS.get(row.get("comparator"), row.get("comparator") or "") + value + (row.get("unit") or "")
    return text + (f"（{row['year']}年）" if row.get("year") else "")


class Node(NamedTuple):
    unit_id: str
    label: str
    name: str
    tasks: int
    led: int
    community: int
    betweenness: float


class Edge(NamedTuple):
    a: str
    b: str
    weight: int
    a_leads: int
    b_leads: int
    joint: int


def layout(nodes: list[Node], edges: list[Edge]) -> dict[str, tuple[float, float]]:
    """Positions in the drawing, from networkx's spring layout with a fixed seed (nodes in id order)."""
    g = nx.Graph()
    g.add_nodes_from(sorted(n.unit_id for n in nodes))
    g.add_edges_from((e.a, e.b, {"weight": e.weight}) for e in sorted(edges))
    if not g:
        return {}
    # Unweighted and with more room than the default: weights would pull the
    # busiest units into one knot, and labels need the space.
    k = 2.2 / math.sqrt(len(g))
    raw = nx.spring_layout(g, seed=LAYOUT_SEED, weight=None, k=k, iterations=LAYOUT_ITERATIONS)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {u: (MARGIN + (p[0] - min(xs)) / span_x * (WIDTH - 2 * MARGIN),
                MARGIN + (p[1] - min(ys)) / span_y * (HEIGHT - 2 * MARGIN)) for u, p in raw.items()}


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """Rough rendered width: CJK and full-width characters are one em, the rest about 0.6 em."""
    return sum(font_size if ord(c) > 0x2E7F else 0.6 * font_size for c in text)


def separate(where: dict[str, tuple[float, float]], boxes: dict[str, tuple[float, float, float, float]],
             rounds: int = SEPARATION_ROUNDS) -> dict[str, tuple[float, float]]:
    """Positions nudged apart until no two nodes' boxes (circle and label) overlap, or the rounds run out.

    `boxes[u]` is (left, top, right, bottom) around u's position. A spring
    layout packs the busiest units into the middle, where their labels
    would cover each other; each round moves every overlapping pair apart
    along the axis where they overlap least, half each, in a fixed order.
    """
    pos = {u: list(p) for u, p in where.items()}
    order = sorted(pos)
    for _ in range(rounds):
        moved = False
        for i, u in enumerate(order):
            for v in order[i + 1:]:
                (ul, ut, ur, ub), (vl, vt, vr, vb) = boxes[u], boxes[v]
                dx = min(pos[u][0] + ur, pos[v][0] + vr) - max(pos[u][0] + ul, pos[v][0] + vl)
                dy = min(pos[u][1] + ub, pos[v][1] + vb) - max(pos[u][1] + ut, pos[v][1] + vt)
                if dx <= 0 or dy <= 0:
                    continue
                moved = True
                axis, push = (0, dx) if dx < dy else (1, dy)
                sign = 1 if (pos[u][axis], u) <= (pos[v][axis], v) else -1
                pos[u][axis] -= sign * (push / 2 + 0.5)
                pos[v][axis] += sign * (push / 2 + 0.5)
        for u, (x, y) in pos.items():  # stay inside the drawing
            left, top, right, bottom = boxes[u]
            pos[u] = [min(max(x, -left + 2), WIDTH - right - 2), min(max(y, -top + 2), HEIGHT - bottom - 2)]
        if not moved:
            break
    return {u: (x, y) for u, (x, y) in pos.items()}


def radius(tasks: int, most: int) -> float:
    """Node radius growing with the square root of the tasks, from NODE_MIN to NODE_MAX."""
    return NODE_MIN + (NODE_MAX - NODE_MIN) * math.sqrt(tasks / most) if most else NODE_MIN


def colour(community: int) -> str:
    return PALETTE[community - 1] if 1 <= community <= len(PALETTE) else OTHER_COLOUR


def network_svg(nodes: list[Node], edges: list[Edge], title: str, unit_url=lambda u: "/-/units/" + urlquote(u)) -> str:
    """The network as an SVG string, every text escaped.

    A node's area follows its tasks and its colour its community; an edge's
    width follows the shared tasks, and an arrow points from the unit that
    leads more of them to the one that co-owns them.
    """
    e = html.escape
    most = max((n.tasks for n in nodes), default=0)
    size = {n.unit_id: radius(n.tasks, most) for n in nodes}
    boxes = {n.unit_id: (-size[n.unit_id] - 2, -max(size[n.unit_id], FONT_SIZE * 0.7) - 2,
                         size[n.unit_id] + 8 + text_width(n.label), max(size[n.unit_id], FONT_SIZE * 0.7) + 2)
             for n in nodes}
    where = separate(layout(nodes, edges), boxes)
    heaviest = max((x.weight for x in edges), default=1)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="unit-network" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{e(title)}"><title>{e(title)}</title>',
           '<defs><marker id="lead-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>',
           '<g class="edges">']
    names = {n.unit_id: n.name for n in nodes}
    for x in sorted(edges):
        (x1, y1), (x2, y2) = where[x.a], where[x.b]
        leader, follower = (x.a, x.b) if x.a_leads >= x.b_leads else (x.b, x.a)
        led = max(x.a_leads, x.b_leads) > 0
        if led and leader != x.a:
            (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        gap = size[follower] + 2 if led else 0.0  # the arrow stops at the node's edge
        x2e, y2e = x2 - (x2 - x1) / length * gap, y2 - (y2 - y1) / length * gap
        width = 0.8 + 5.2 * x.weight / heaviest
        tip = (f"{names[x.a]} — {names[x.b]}：共同任务 {x.weight} / shared tasks {x.weight}; "
               f"{names[x.a]} 牵头 leads {x.a_leads}, {names[x.b]} 牵头 leads {x.b_leads}, 共同牵头 joint {x.joint}")
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2e:.1f}" y2="{y2e:.1f}" stroke-width="{width:.1f}" '
                   f'class="edge{" led" if led else ""}" data-a="{e(x.a)}" data-b="{e(x.b)}" data-weight="{x.weight}"'
                   f'{" marker-end=" + chr(34) + "url(#lead-arrow)" + chr(34) if led else ""}><title>{e(tip)}</title></line>')
    out.append('</g><g class="nodes">')
    for n in sorted(nodes, key=lambda n: (-n.tasks, n.unit_id)):
        x, y = where[n.unit_id]
        r = size[n.unit_id]
        tip = (f"{n.name}：任务 {n.tasks}（牵头 {n.led}）· 社群 {n.community} · 中介中心度 {n.betweenness:.3f} / "
               f"tasks {n.tasks} (led {n.led}) · community {n.community} · betweenness {n.betweenness:.3f}")
        out.append(f'<a href="{e(unit_url(n.unit_id))}" class="node" data-unit="{e(n.unit_id)}" '
                   f'data-community="{n.community}"><title>{e(tip)}</title>'
                   f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour(n.community)}"/>'
                   f'<text x="{x + r + 3:.1f}" y="{y + FONT_SIZE * 0.35:.1f}">{e(n.label)}</text></a>')
    out.append("</g></svg>")
    return "".join(out)


def similar_block(kind: str, rows: list[dict]) -> str:
    """'其他地区的类似任务 / similar elsewhere' as an HTML list, every text escaped."""
    heading = ("其他地区的类似任务 / similar tasks elsewhere" if kind == "tasks"
               else "其他地区的类似指标 / similar targets elsewhere")
    e = html.escape
    if not rows:
        return (f'<section class="similar-elsewhere"><h2>{heading}</h2>'
                '<p>其他规划中没有足够相似的内容。/ Nothing similar enough in the other plans.</p></section>')
    items = []
    for r in rows:
        what = f"{r['title'] or ''} {statement(r)}" if kind == "targets" else (r["title"] or "")
        badge = ('<span class="same-metric">同一规范指标 / same metric</span> ' if r.get("same_metric") else "")
        items.append(f'<li>{badge}<a href="{e(reading_url(r["plan_id"], r["anchor"], r["other_id"]))}">'
                     f'{e(r["plan_label"] or "")}</a>：{e(one_line(what, 40))} '
                     f'<span class="text">{e(one_line(r["text"]))}</span> '
                     f'<span class="score" title="余弦相似度 / cosine">{r["score"]:.2f}</span></li>')
    return f'<section class="similar-elsewhere"><h2>{heading}</h2><ol>{"".join(items)}</ol></section>'


# --- templates ------------------------------------------------------------------------------------

PAGE_STYLE = """<style>
.analysis-page .en { color: #666; font-size: 0.85em; }
.analysis-page table.figures { border-collapse: collapse; margin-bottom: 1.5em; }
.analysis-page table.figures th, .analysis-page table.figures td { border: 1px solid #ddd; padding: 0.3em 0.5em;
  vertical-align: top; }
.analysis-page table.figures td.count { text-align: right; white-space: nowrap; }
.analysis-page svg.unit-network { border: 1px solid #eee; background: #fcfcfc; }
.analysis-page svg.unit-network text { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
  sans-serif; font-size: 12px; fill: #222; paint-order: stroke; stroke: #fcfcfc; stroke-width: 3px; }
.analysis-page svg.unit-network line.edge { stroke: #999; stroke-opacity: 0.55; }
.analysis-page svg.unit-network line.edge.led { stroke: #555; }
.analysis-page svg.unit-network a.node:hover circle { stroke: #222; stroke-width: 2px; }
.analysis-page .legend span.swatch { display: inline-block; width: 0.9em; height: 0.9em; margin: 0 0.3em 0 0.8em;
  vertical-align: middle; border-radius: 50%; }
.analysis-page tr.status-kept td.status { color: #2e7d32; }
.analysis-page tr.status-changed td.status, .analysis-page td.differs { color: #b15a00; font-weight: bold; }
.analysis-page td.differs { background: #fff1d6; }
.analysis-page tr.status-new td.status { color: #1565c0; }
.analysis-page tr.status-dropped td.status { color: #c62828; }
.analysis-page td.status { white-space: nowrap; }
.similar-elsewhere .score, .analysis-page .score { color: #666; font-size: 0.85em; }
.similar-elsewhere .text { color: #555; font-size: 0.9em; }
.similar-elsewhere .same-metric { background: #e8f1fa; color: #1f4e79; font-size: 0.8em; padding: 0 0.3em; }
</style>"""

UNITS_TEMPLATE = """{% extends "base.html" %}
{% block title %}责任单位 / Units{% endblock %}
{% block extra_head %}""" + PAGE_STYLE + """{% endblock %}
{% block content %}
<div class="analysis-page">
<h1>责任单位：谁与谁共同负责 <span class="en">/ Units: who works with whom</span></h1>
<p>全部规划中共同负责任务最多的 {{ units|length }} 个单位。/ The {{ units|length }} units that share the most tasks
across the corpus. 数据 / data: <a href="/{{ database }}/unit_stats?plan_id__isnull=1&amp;_sort_desc=weighted_degree">unit_stats</a>
· <a href="/{{ database }}/unit_partners">unit_partners</a> · <a href="/-/network">各规划的网络 / each plan's network</a></p>
<table class="figures units">
<thead><tr><th>单位<br><span class="en">unit</span></th><th>辖区<br><span class="en">jurisdiction</span></th>
<th>规划数<br><span class="en">plans</span></th><th>任务<br><span class="en">tasks</span></th>
<th>牵头<br><span class="en">led</span></th><th>合作单位<br><span class="en">partners</span></th>
<th>共同任务<br><span class="en">shared tasks</span></th><th>中介中心度<br><span class="en">betweenness</span></th></tr></thead>
<tbody>{% for u in units %}<tr class="unit"><td><a href="/-/units/{{ u.unit_id|urlencode }}">{{ u.name }}</a></td>
<td>{{ u.jurisdiction or "" }}</td><td class="count">{{ u.plans }}</td><td class="count">{{ u.tasks }}</td>
<td class="count">{{ u.tasks_led }}</td><td class="count">{{ u.degree }}</td><td class="count">{{ u.weighted_degree }}</td>
<td class="count">{{ "%.4f"|format(u.betweenness) }}</td></tr>{% endfor %}</tbody></table>
</div>
{% endblock %}"""

UNIT_TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ unit.name }}{% endblock %}
{% block extra_head %}""" + PAGE_STYLE + """{% endblock %}
{% block content %}
<div class="analysis-page">
<h1>{{ unit.name }} <span class="en">/ unit</span></h1>
<p>辖区 / jurisdiction: {{ unit.jurisdiction or "—" }} · 职能 / function: {{ unit.function_zh or unit.function_code or "—" }}
<span class="en">{{ unit.function_en or "" }}</span> · <a href="{{ urls.row(database, "units", unit.unit_id) }}">记录 / record</a>
· <a href="/-/units">全部单位 / all units</a></p>
{% if corpus %}<p class="summary">全部规划 / across the corpus: {{ corpus.plans }} 个规划 plans · {{ corpus.tasks }} 项任务 tasks
（牵头 led {{ corpus.tasks_led }}）· {{ corpus.degree }} 个合作单位 partners · 共同任务 shared tasks {{ corpus.weighted_degree }}
· 中介中心度 betweenness {{ "%.4f"|format(corpus.betweenness) }}</p>{% endif %}

<h2>各规划中 / In each plan</h2>
<table class="figures plans">
<thead><tr><th>规划<br><span class="en">plan</span></th><th>任务<br><span class="en">tasks</span></th>
<th>牵头<br><span class="en">led</span></th><th>牵头份额<br><span class="en">lead load</span></th>
<th>合作单位<br><span class="en">partners</span></th><th>共同任务<br><span class="en">shared tasks</span></th>
<th>中介中心度<br><span class="en">betweenness</span></th><th>社群<br><span class="en">community</span></th>
<th>网络<br><span class="en">network</span></th></tr></thead>
<tbody>{% for s in plans %}<tr class="plan" data-plan="{{ s.plan_id }}">
<td><a href="/-/plan/{{ s.plan_id|urlencode }}" title="{{ s.plan_title }}">{{ s.plan_label }}</a></td>
<td class="count">{{ s.tasks }}</td><td class="count">{{ s.tasks_led }}</td><td class="count">{{ "%.0f%%"|format(s.lead_load * 100) }}</td>
<td class="count">{{ s.degree }}</td><td class="count">{{ s.weighted_degree }}</td><td class="count">{{ "%.3f"|format(s.betweenness) }}</td>
<td class="count">{{ s.community }}</td><td><a href="/-/network/{{ s.plan_id|urlencode }}">网络图 / network</a></td></tr>{% endfor %}</tbody></table>

<h2>合作单位 / Partners <span class="en">(共同负责的任务数 / tasks shared, across the corpus)</span></h2>
{% if partners %}<table class="figures partners">
<thead><tr><th>单位<br><span class="en">unit</span></th><th>共同任务<br><span class="en">shared tasks</span></th>
<th>本单位牵头<br><span class="en">this unit leads</span></th><th>对方牵头<br><span class="en">partner leads</span></th>
<th>共同牵头<br><span class="en">joint leads</span></th></tr></thead>
<tbody>{% for p in partners %}<tr class="partner"><td><a href="/-/units/{{ p.partner_id|urlencode }}">{{ p.partner_name }}</a></td>
<td class="count">{{ p.shared_tasks }}</td><td class="count">{{ p.leads }}</td><td class="count">{{ p.led_by }}</td>
<td class="count">{{ p.joint_leads }}</td></tr>{% endfor %}</tbody></table>
{% else %}<p>没有与其他单位共同负责的任务。/ It shares no task with another unit.</p>{% endif %}

<h2>任务 / Tasks ({{ tasks|length }})</h2>
<table class="figures tasks">
<thead><tr><th>规划<br><span class="en">plan</span></th><th>角色<br><span class="en">role</span></th>
<th>任务<br><span class="en">task</span></th><th>时限<br><span class="en">deadline</span></th></tr></thead>
<tbody>{% for t in tasks %}<tr class="task"><td>{{ t.plan_label }}</td><td>{{ t.role_name }}</td>
<td><a href="{{ t.url }}">{{ t.title or "" }}</a> <span class="en">{{ t.text_short }}</span></td><td>{{ t.deadline or "" }}</td></tr>{% endfor %}</tbody></table>

<h2>指标 / Targets ({{ targets|length }})</h2>
{% if targets %}<table class="figures targets">
<thead><tr><th>规划<br><span class="en">plan</span></th><th>角色<br><span class="en">role</span></th>
<th>指标<br><span class="en">metric</span></th><th>数值<br><span class="en">value</span></th></tr></thead>
<tbody>{% for t in targets %}<tr class="target"><td>{{ t.plan_label }}</td><td>{{ t.role_name }}</td>
<td><a href="{{ t.url }}">{{ t.metric or t.quote_short }}</a></td><td>{{ t.statement }}</td></tr>{% endfor %}</tbody></table>
{% else %}<p>没有指明由该单位负责的指标。/ No target names this unit.</p>{% endif %}
</div>
{% endblock %}"""

NETWORK_INDEX_TEMPLATE = """{% extends "base.html" %}
{% block title %}责任网络 / Unit networks{% endblock %}
{% block extra_head %}""" + PAGE_STYLE + """{% endblock %}
{% block content %}
<div class="analysis-page">
<h1>责任网络 <span class="en">/ Unit networks</span></h1>
<p>每个规划中，共同负责任务的单位之间连一条边。/ In each plan, units are linked by the tasks they share.
另见 / see also: <a href="/-/units">单位 / units</a> · <a href="/-/diff">规划对比 / plan diffs</a></p>
<table class="figures plans">
<thead><tr><th>规划<br><span class="en">plan</span></th><th>单位<br><span class="en">units</span></th>
<th>边<br><span class="en">links</span></th><th>社群<br><span class="en">communities</span></th></tr></thead>
<tbody>{% for p in plans %}<tr class="plan"><td>{% if p.units %}<a href="/-/network/{{ p.plan_id|urlencode }}">{{ p.plan_label }}</a>{% else %}{{ p.plan_label }}{% endif %}
<span class="en">{{ p.plan_title }}</span></td><td class="count">{{ p.units }}</td><td class="count">{{ p.links }}</td>
<td class="count">{{ p.communities }}</td></tr>{% endfor %}</tbody></table>
</div>
{% endblock %}"""

NETWORK_TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ plan.plan_label }}：责任网络 / unit network{% endblock %}
{% block extra_head %}""" + PAGE_STYLE + """{% endblock %}
{% block content %}
<div class="analysis-page">
<h1>{{ plan.title }} <span class="en">/ unit network</span></h1>
<p><a href="/-/plan/{{ plan.plan_id|urlencode }}">原文 / text</a> · <a href="/-/network">全部规划 / all plans</a>
· GraphML: <code>build.py --export-graph DIR</code></p>
{% if nodes %}
<p>圆点面积表示任务数，颜色表示社群（Louvain）；边的粗细表示共同负责的任务数，箭头从牵头单位指向协同单位。点击单位查看其全部任务。/
A dot's area is the unit's tasks, its colour its community (Louvain); a line's width is the tasks two units share, an arrow
points from the lead to the co-owner. Click a unit for all its tasks.</p>
<figure class="network">{{ svg }}</figure>
<p class="legend">{% for c in communities %}<span class="swatch" style="background: {{ c.colour }}"></span>社群 {{ c.number }}：{{ c.members }}{% endfor %}</p>
<h2>单位 / Units</h2>
<table class="figures units">
<thead><tr><th>单位<br><span class="en">unit</span></th><th>任务<br><span class="en">tasks</span></th>
<th>牵头<br><span class="en">led</span></th><th>牵头份额<br><span class="en">lead load</span></th>
<th>合作单位<br><span class="en">partners</span></th><th>共同任务<br><span class="en">shared tasks</span></th>
<th>中介中心度<br><span class="en">betweenness</span></th><th>社群<br><span class="en">community</span></th></tr></thead>
<tbody>{% for s in stats %}<tr class="unit" data-unit="{{ s.unit_id }}"><td><a href="/-/units/{{ s.unit_id|urlencode }}">{{ s.name }}</a></td>
<td class="count">{{ s.tasks }}</td><td class="count">{{ s.tasks_led }}</td><td class="count">{{ "%.0f%%"|format(s.lead_load * 100) }}</td>
<td class="count">{{ s.degree }}</td><td class="count">{{ s.weighted_degree }}</td><td class="count">{{ "%.3f"|format(s.betweenness) }}</td>
<td class="count">{{ s.community }}</td></tr>{% endfor %}</tbody></table>
{% else %}<p>这个规划的任务没有写明责任单位。/ This plan's tasks name no responsible unit.</p>{% endif %}
</div>
{% endblock %}"""

DIFF_INDEX_TEMPLATE = """{% extends "base.html" %}
{% block title %}规划对比 / Plan diffs{% endblock %}
{% block extra_head %}""" + PAGE_STYLE + """{% endblock %}
{% block content %}
<div class="analysis-page">
<h1>规划对比 <span class="en">/ What changed between two plans</span></h1>
<h2>同一地区的规划 / Plans of the same place</h2>
<table class="figures pairs">
<thead><tr><th>地区<br><span class="en">place</span></th><th>较早 / earlier</th><th>较晚 / later</th><th></th></tr></thead>
<tbody>{% for p in pairs %}<tr class="pair"><td>{{ p.place }}</td><td>{{ p.plan_a }}</td><td>{{ p.plan_b }}</td>
<td><a href="{{ p.diff_link }}">对比 / diff</a></td></tr>{% endfor %}</tbody></table>
<h2>任意两个规划 / Any two plans</h2>
<form action="/-/diff" method="get"><p>
<select name="a">{% for p in plans %}<option value="{{ p.plan_id }}">{{ p.plan_label }} · {{ p.title }}</option>{% endfor %}</select> →
<select name="b">{% for p in plans %}<option value="{{ p.plan_id }}">{{ p.plan_label }} · {{ p.title }}</option>{% endfor %}</select>
<input type="submit" value="对比 / Compare"></p></form>
</div>
{% endblock %}"""

DIFF_TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ a.plan_label }} → {{ b.plan_label }}{% endblock %}
{% block extra_head %}""" + PAGE_STYLE + """{% endblock %}
{% block content %}
<div class="analysis-page">
<h1>规划对比 <span class="en">/ Plan diff</span></h1>
<table class="figures heads"><tr><th>A</th><td><a href="/-/plan/{{ a.plan_id|urlencode }}">{{ a.title }}</a> <span class="en">{{ a.plan_label }}</span></td></tr>
<tr><th>B</th><td><a href="/-/plan/{{ b.plan_id|urlencode }}">{{ b.title }}</a> <span class="en">{{ b.plan_label }}</span></td></tr></table>
<p class="summary">任务 / tasks: {% for status, n in task_counts %}<span class="count-{{ status }}">{{ status_names[status] }} {{ n }}</span>{% if not loop.last %} · {% endif %}{% endfor %}
<br>指标 / targets: {% for status, n in target_counts %}<span class="count-{{ status }}">{{ status_names[status] }} {{ n }}</span>{% if not loop.last %} · {% endif %}{% endfor %}
<br><span class="en">相似度 ≥ {{ kept }} 视为保留，≥ {{ matched }} 视为调整 / similarity ≥ {{ kept }} counts as kept, ≥ {{ matched }} as changed
· <a href="/-/diff/{{ b.plan_id|urlencode }}/{{ a.plan_id|urlencode }}">反向 / swap</a></span></p>
<h2>任务 / Tasks</h2>
<table class="figures task-diff">
<thead><tr><th>状态<br><span class="en">status</span></th><th>A</th><th>相似度<br><span class="en">similarity</span></th><th>B</th></tr></thead>
<tbody>{% for m in tasks %}<tr class="status-{{ m.status }}"><td class="status">{{ status_names[m.status] }}</td>
<td>{% if m.a %}<a href="{{ m.a_url }}">{{ m.a.title or m.a_short }}</a><br><span class="en">{{ m.a_short }}</span>{% endif %}</td>
<td class="count score">{% if m.score is not none %}{{ "%.2f"|format(m.score) }}{% endif %}</td>
<td>{% if m.b %}<a href="{{ m.b_url }}">{{ m.b.title or m.b_short }}</a><br><span class="en">{{ m.b_short }}</span>{% endif %}</td></tr>{% endfor %}</tbody></table>
<h2>指标 / Targets</h2>
<p class="en">同一规范指标的指标成对列出，其余按文字相似度配对；变化的数值、比较符、单位和年份以橙色标出。/ Targets of one canonical
metric are paired, others by their words; a changed value, comparator, unit or year is shown in orange.</p>
<table class="figures target-diff">
<thead><tr><th>状态<br><span class="en">status</span></th><th>A 指标<br><span class="en">A metric</span></th><th>A 数值<br><span class="en">A value</span></th>
<th>B 指标<br><span class="en">B metric</span></th><th>B 数值<br><span class="en">B value</span></th><th>规范指标<br><span class="en">canonical</span></th></tr></thead>
<tbody>{% for m in targets %}<tr class="status-{{ m.status }}"><td class="status">{{ status_names[m.status] }}</td>
<td>{% if m.a %}<a href="{{ m.a_url }}" title="{{ m.a.quote }}">{{ m.a.metric or m.a_short }}</a>{% endif %}</td>
<td class="{% if m.differs %}differs{% endif %}">{% if m.a %}{{ m.a_statement }}{% endif %}</td>
<td>{% if m.b %}<a href="{{ m.b_url }}" title="{{ m.b.quote }}">{{ m.b.metric or m.b_short }}</a>{% endif %}</td>
<td class="{% if m.differs %}differs{% endif %}" {% if m.differs %}data-differs="{{ m.differs|join(' ') }}"{% endif %}>{% if m.b %}{{ m.b_statement }}{% endif %}</td>
<td>{{ (m.a or m.b).canonical or "" }}</td></tr>{% endfor %}</tbody></table>
</div>
{% endblock %}"""

SIMILAR_PLAN_TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ plan.title }}：类似任务 / similar elsewhere{% endblock %}
{% block extra_head %}""" + PAGE_STYLE + """{% endblock %}
{% block content %}
<div class="analysis-page">
<h1>{{ plan.title }} <span class="en">/ similar tasks elsewhere</span></h1>
<p><a href="/-/plan/{{ plan.plan_id|urlencode }}">原文 / text</a> · 每项任务在其他规划中最相似的任务（余弦相似度）。/ Each task
with the most similar tasks of other plans (cosine of their words).</p>
<table class="figures similar">
<thead><tr><th>任务<br><span class="en">task</span></th><th>其他地区的类似任务<br><span class="en">similar elsewhere</span></th></tr></thead>
<tbody>{% for t in tasks %}<tr class="task"><td><a href="{{ t.url }}">{{ t.title or t.short }}</a></td>
<td>{% if t.similar %}<ol>{% for s in t.similar %}<li><a href="{{ s.url }}">{{ s.plan_label }}</a>：{{ s.short }}
<span class="score">{{ "%.2f"|format(s.score) }}</span></li>{% endfor %}</ol>{% else %}<span class="en">—</span>{% endif %}</td></tr>{% endfor %}</tbody></table>
</div>
{% endblock %}"""

ACCURACY_BLOCK = """<section class="accuracy"><p><strong>可信度 / How far to trust each column</strong>：
{measured_on} 在 {corpus} 上与人工标注比对的结果 / measured on {measured_on} against hand annotations of {corpus}
(<a href="/{database}/accuracy">accuracy</a>)：</p><ul>{items}</ul>
<p class="en">抽取规则是在阅读这些规划时写成的；在从未见过的规划上，这些数字会低一些。/ The rules were written while
reading these plans; on plans they have never seen, expect lower figures.</p></section>"""


# --- data access ----------------------------------------------------------------------------------

async def _kb(datasette) -> tuple[str, object]:
    for name, db in datasette.databases.items():
        if name != "_internal" and await db.table_exists("plans"):
            return name, db
    raise NotFound("no database with plans")


async def _rows(db, sql: str, params=None) -> list[dict]:
    return [dict(r) for r in (await db.execute(sql, params or {})).rows]


async def _render(datasette, request, template: str, context: dict) -> Response:
    page = datasette.jinja_env.from_string(template)
    return Response.html(await datasette.render_template(page, context, request=request))


PLAN_LABEL = "coalesce(p.label, p.title) as plan_label, p.title as plan_title"


async def units_index(datasette, request):
    database, db = await _kb(datasette)
    units = await _rows(db, f"""
        select s.*, u.name, u.jurisdiction from unit_stats s join units u on u.unit_id = s.unit_id
        where s.plan_id is null order by s.weighted_degree desc, s.tasks desc, u.name limit {UNITS_LISTED}""")
    return await _render(datasette, request, UNITS_TEMPLATE, {"units": units, "database": database})


async def unit_page(datasette, request):
    unit_id = request.url_vars["unit_id"]
    database, db = await _kb(datasette)
    found = await _rows(db, "select u.*, f.name_zh as function_zh, f.name_en as function_en from units u "
                            "left join unit_functions f on f.code = u.function_code where u.unit_id = :id", {"id": unit_id})
    if not found:
        raise NotFound(f"unit {unit_id} not found")
    corpus = await _rows(db, "select * from unit_stats where plan_id is null and unit_id = :id", {"id": unit_id})
    plans = await _rows(db, f"select s.*, {PLAN_LABEL} from unit_stats s join plans p on p.plan_id = s.plan_id "
                            "where s.unit_id = :id order by p.county, p.title", {"id": unit_id})
    partners = await _rows(db, """
        select partner_id, u.name as partner_name, shared_tasks, leads, led_by, joint_leads
        from unit_partners up join units u on u.unit_id = up.partner_id
        where up.unit_id = :id and up.plan_id is null order by shared_tasks desc, u.name""", {"id": unit_id})
    tasks = await _rows(db, f"""
        select t.task_id, t.plan_id, t.title, t.text, t.deadline, max(tu.role = 'lead') as leads, {PLAN_LABEL}
        from task_units tu join tasks t on t.task_id = tu.task_id join plans p on p.plan_id = t.plan_id
        where tu.unit_id = :id group by t.task_id order by p.county, p.title, t.ordinal""", {"id": unit_id})
    for t in tasks:
        t.update(url=reading_url(t["plan_id"], "task", t["task_id"]), text_short=one_line(t["text"], 60),
                 role_name=ROLE_NAMES["lead" if t["leads"] else "co"])
    targets = await _rows(db, f"""
        select i.indicator_id, i.plan_id, i.metric, i.quote, i.comparator, i.value, i.value_max, i.unit, i.year,
               max(iu.role = 'lead') as leads, {PLAN_LABEL}
        from indicator_units iu join indicators i on i.indicator_id = iu.indicator_id
        join plans p on p.plan_id = i.plan_id
        where iu.unit_id = :id and i.same_as is null group by i.indicator_id order by p.county, p.title, i.ordinal""",
                          {"id": unit_id})
    for t in targets:
        t.update(url=reading_url(t["plan_id"], "target", t["indicator_id"]), statement=statement(t),
                 quote_short=one_line(t["quote"], 40), role_name=ROLE_NAMES["lead" if t["leads"] else "co"])
    return await _render(datasette, request, UNIT_TEMPLATE, {
        "unit": found[0], "corpus": corpus[0] if corpus else None, "plans": plans, "partners": partners,
        "tasks": tasks, "targets": targets, "database": database})


async def network_index(datasette, request):
    database, db = await _kb(datasette)
    plans = await _rows(db, f"""
        select p.plan_id, {PLAN_LABEL},
               (select count(*) from unit_stats s where s.plan_id = p.plan_id) as units,
               (select count(*) from unit_network n where n.plan_id = p.plan_id) as links,
               (select count(distinct community) from unit_stats s where s.plan_id = p.plan_id) as communities
        from plans p order by p.province, p.county, p.title""")
    return await _render(datasette, request, NETWORK_INDEX_TEMPLATE, {"plans": plans, "database": database})


async def network_page(datasette, request):
    plan_id = request.url_vars["plan_id"]
    database, db = await _kb(datasette)
    found = await _rows(db, f"select p.plan_id, p.title, {PLAN_LABEL} from plans p where p.plan_id = :id", {"id": plan_id})
    if not found:
        raise NotFound(f"plan {plan_id} not found")
    stats = await _rows(db, "select s.*, u.name, u.jurisdiction from unit_stats s join units u on u.unit_id = s.unit_id "
                            "where s.plan_id = :id order by s.weighted_degree desc, s.tasks desc, u.name", {"id": plan_id})
    links = await _rows(db, "select * from unit_network where plan_id = :id order by unit_a, unit_b", {"id": plan_id})
    nodes = [Node(s["unit_id"], short_name(s["name"], s["jurisdiction"]), s["name"], s["tasks"], s["tasks_led"],
                  s["community"], s["betweenness"]) for s in stats]
    edges = [Edge(x["unit_a"], x["unit_b"], x["weight"], x["a_leads"], x["b_leads"], x["joint_leads"]) for x in links]
    communities = {}
    for s in stats:
        communities.setdefault(s["community"], []).append(short_name(s["name"], s["jurisdiction"]))
    legend = [{"number": c, "colour": colour(c), "members": "、".join(m[:4]) + ("…" if len(m) > 4 else "")}
              for c, m in sorted(communities.items())]
    svg = network_svg(nodes, edges, f"{found[0]['plan_label']}：责任网络 / unit network") if nodes else ""
    return await _render(datasette, request, NETWORK_TEMPLATE, {
        "plan": found[0], "stats": stats, "nodes": nodes, "svg": Markup(svg), "communities": legend,
        "database": database})


async def diff_index(datasette, request):
    a, b = request.args.get("a"), request.args.get("b")
    if a and b:
        return Response.redirect(f"/-/diff/{urlquote(a)}/{urlquote(b)}")
    database, db = await _kb(datasette)
    query = await datasette.get_canned_query(database, "same_place_plans", request.actor)
    pairs = await _rows(db, query["sql"]) if query else []
    plans = await _rows(db, f"select p.plan_id, p.title, {PLAN_LABEL} from plans p order by p.county, p.title")
    return await _render(datasette, request, DIFF_INDEX_TEMPLATE, {"pairs": pairs, "plans": plans, "database": database})


async def _diff_rows(db, plan_id: str) -> tuple[list[dict], list[dict]]:
    """A plan's tasks (not task-division rows) and targets (no restatements), each with its search-index tokens."""
    tasks = await _rows(db, "select t.task_id, t.plan_id, t.title, t.text, t.ordinal from tasks t "
                            "where t.plan_id = :id and t.kind = 'task' order by t.ordinal", {"id": plan_id})
    targets = await _rows(db, "select i.* from indicators i where i.plan_id = :id and i.same_as is null "
                              "order by i.ordinal", {"id": plan_id})
    # the search index is contentless: a plan's few items are cut again as the index cut them
    for kind, items in (("tasks", tasks), ("targets", targets)):
        source = SOURCES[kind]
        for item in items:
            item["tokens"] = source.words([item.get(c) for c in source.indexed])
    return tasks, targets


async def diff_page(datasette, request):
    database, db = await _kb(datasette)
    ids = [request.url_vars["a"], request.url_vars["b"]]
    heads = {}
    for plan_id in ids:
        found = await _rows(db, f"select p.plan_id, p.title, {PLAN_LABEL} from plans p where p.plan_id = :id",
                            {"id": plan_id})
        if not found:
            raise NotFound(f"plan {plan_id} not found")
        heads[plan_id] = found[0]
    (tasks_a, targets_a), (tasks_b, targets_b) = [await _diff_rows(db, p) for p in ids]
    tasks = [_line(m, "task", "task_id") for m in diff_tasks(tasks_a, tasks_b)]
    targets = [_line(m, "target", "indicator_id") for m in diff_targets(targets_a, targets_b)]
    order = ("kept", "same", "changed", "new", "dropped")
    return await _render(datasette, request, DIFF_TEMPLATE, {
        "a": heads[ids[0]], "b": heads[ids[1]], "tasks": tasks, "targets": targets,
        "task_counts": sorted(summary([t["match"] for t in tasks]).items(), key=lambda kv: order.index(kv[0])),
        "target_counts": sorted(summary([t["match"] for t in targets]).items(), key=lambda kv: order.index(kv[0])),
        "status_names": STATUS_NAMES, "kept": KEPT, "matched": MATCHED, "database": database})


def _line(match, kind: str, key: str) -> dict:
    line = {"match": match, "status": match.status, "a": match.a, "b": match.b, "score": match.score,
            "differs": match.differs}
    for side in ("a", "b"):
        row = getattr(match, side)
        if row:
            line[f"{side}_url"] = reading_url(row["plan_id"], kind, row[key])
            line[f"{side}_short"] = one_line(row.get("text") or row.get("quote"), 60)
            if kind == "target":
                line[f"{side}_statement"] = statement(row)
    return line


async def similar_plan_page(datasette, request):
    plan_id = request.url_vars["plan_id"]
    database, db = await _kb(datasette)
    found = await _rows(db, "select plan_id, title from plans where plan_id = :id", {"id": plan_id})
    if not found:
        raise NotFound(f"plan {plan_id} not found")
    tasks = await _rows(db, "select task_id, plan_id, title, text from tasks where plan_id = :id order by ordinal",
                        {"id": plan_id})
    neighbours = await _rows(db, f"""
        select s.task_id, s.similar_id, s.similar_plan_id, s.score, t.title, t.text, {PLAN_LABEL}
        from similar_tasks s join tasks t on t.task_id = s.similar_id join plans p on p.plan_id = s.similar_plan_id
        where s.plan_id = :id order by s.task_id, s.rank""", {"id": plan_id})
    by_task: dict[str, list[dict]] = {}
    for n in neighbours:
        by_task.setdefault(n["task_id"], []).append({
            "url": reading_url(n["similar_plan_id"], "task", n["similar_id"]), "plan_label": n["plan_label"],
            "short": one_line(n["title"] or n["text"], 50), "score": n["score"]})
    for t in tasks:
        t.update(url=reading_url(plan_id, "task", t["task_id"]), short=one_line(t["text"], 50),
                 similar=by_task.get(t["task_id"], []))
    return await _render(datasette, request, SIMILAR_PLAN_TEMPLATE, {"plan": found[0], "tasks": tasks,
                                                                     "database": database})


async def accuracy_html(db, database: str) -> str:
    """The home page's sentences, one a field, or '' when the database has no accuracy table."""
    if not await db.table_exists("accuracy"):
        return ""
    rows = await _rows(db, "select * from accuracy order by ordinal")
    if not rows:
        return ""
    e = html.escape
    items = "".join(f'<li data-measure="{e(r["measure"])}">{e(sentence(r))}</li>' for r in rows)
    return ACCURACY_BLOCK.format(measured_on=e(rows[0]["measured_on"]), corpus=e(rows[0]["corpus"]),
                                 database=e(database), items=items)


# --- hooks ----------------------------------------------------------------------------------------

ROW_KINDS = {"tasks": "tasks", "indicators": "targets"}


@hookimpl
def extra_template_vars(template, database, table, request, datasette):
    """The home page and the task and target row pages show more in their description block.

    Datasette 0.65's index.html and row.html print `metadata.description_html`
    and offer no other slot a plugin can fill, so the page's metadata is
    extended with server-rendered, escaped HTML.
    """
    if template == "index.html":
        async def home():
            name, db = await _kb(datasette)
            extra = await accuracy_html(db, name)
            metadata = dict(datasette.metadata() or {})
            metadata["description_html"] = (metadata.get("description_html") or "") + extra
            return {"metadata": metadata}
        return home
    if template == "row.html" and table in ROW_KINDS and request is not None:
        async def row():
            db = datasette.get_database(database)
            key = request.url_vars.get("pks", "")
            kind = ROW_KINDS[table]
            neighbours = await _rows(db, NEIGHBOURS_SQL[kind], {"id": key})
            table_metadata = datasette.table_metadata(database, table) or {}
            described = html.escape(table_metadata.get("description") or "")
            own = f"<p>{described}</p>" if described else ""
            return {"metadata": dict(table_metadata, description_html=own + similar_block(kind, neighbours))}
        return row
    return None


@hookimpl
def render_cell(value, column):
    # Canned queries return page paths in *_link columns (diff_link, unit_link, network_link).
    label = LINK_COLUMNS.get(column)
    if label is None or not isinstance(value, str) or not value.startswith("/-/"):
        return None
    return Markup(f'<a href="{html.escape(value)}">{label}</a>')


@hookimpl
def register_routes():
    return [
        (r"^/-/units$", units_index),
        (r"^/-/units/(?P<unit_id>[^/]+)$", unit_page),
        (r"^/-/network$", network_index),
        (r"^/-/network/(?P<plan_id>[^/]+)$", network_page),
        (r"^/-/diff$", diff_index),
        (r"^/-/diff/(?P<a>[^/]+)/(?P<b>[^/]+)$", diff_page),
        (r"^/-/similar/(?P<plan_id>[^/]+)$", similar_plan_page),
    ]
