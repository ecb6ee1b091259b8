"""Datasette plugin: the comparison pages, drawn on the server.

The numbers come from the derived tables of schema/summaries.sql, which
the canned queries of metadata.yml read too, so a page and its query never
disagree; this module only lays them out. Everything is plain HTML and
inline SVG: no JavaScript, no network, no CDN. Pages with a plan per column
or row show PLANS_PER_PAGE plans at a time, optionally of one province, so
they stay readable and fast at thousands of plans.

- `/-/compare` lists the canonical metrics and how many plans state each.
- `/-/compare/<metric>` draws one horizontal bar per statement of a plan
  (`metric_by_district` merges a plan's repeats of the same value, year and
  unit), each bar linking to its sentence on the reading page; a table
  below repeats the numbers, and the plans that state nothing are named.
- `/-/functions` pivots `function_by_district`: a row per unit function, a
  column per plan, "tasks led / tasks co-owned" in each cell, and the
  totals over every plan.
- `/-/timeline` pivots `deadlines_timeline`: a row per plan, a column per
  year, the plan period shaded, and the totals over every plan.
- Canned query pages show the Chinese label of each column (the `columns:`
  of the query in metadata.yml) under its name.
"""
from __future__ import annotations

import html
import json
import math
import statistics
import sys
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote as urlquote, urlencode

from markupsafe import Markup

from datasette import hookimpl
from datasette.utils.asgi import BadRequest, NotFound, Response

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from serving.jinja import compiled  # noqa: E402

METRIC_QUERY = "metric_by_district"
FUNCTION_QUERY = "function_by_district"
TIMELINE_QUERY = "deadlines_timeline"
# datasette-vega reads its chart from the URL fragment (keys `g.<setting>`,
# see serializeState in its bundled main.*.js): a bar per label.
# Bars run sideways (x = value, y = label): on an x axis vega-lite turns the
# labels 90 degrees and the Chinese plan names become unreadable.
VEGA_BAR_FRAGMENT = "g.mark=bar&g.x_column=value&g.x_type=quantitative&g.y_column=label&g.y_type=ordinal"
# Targets due per year, one colour per district, stacked.
VEGA_TIMELINE_FRAGMENT = ("g.mark=bar&g.x_column=year&g.x_type=ordinal&g.y_column=targets_due&g.y_type=quantitative"
                          "&g.color_column=county")
COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "", "~": "约", "range": ""}
NO_UNIT = "无单位 / no unit"
# A timeline wider than this many years shows only the years that have items.
TIMELINE_MAX_SPAN = 30
QUOTE_CHARS = 80
# Plans per page of /-/functions (columns) and /-/timeline (rows): the seed
# corpus fits on one page, a province's plans on a few.
PLANS_PER_PAGE = 30

# Bar chart geometry, in px.
FONT_SIZE = 13
LABEL_WIDTH = 250
PLOT_WIDTH = 440
VALUE_TEXT_WIDTH = 200
ROW_HEIGHT = 34
BAR_HEIGHT = 20
AXIS_HEIGHT = 26
TICKS = 5


class Bar(NamedTuple):
    """One statement of one plan: its label, value (and range top), and where it is written.

    (A NamedTuple, not a dataclass: Datasette loads --plugins-dir modules
    without registering them in sys.modules, which dataclasses need.)
    """
    label: str
    value: float
    value_max: float | None
    text: str
    href: str
    tooltip: str
    plan_id: str


def format_number(value: float | None) -> str:
    """format_number(60.0) -> '60'; 1.5 -> '1.5'; 10105.0 -> '10,105'."""
    if value is None:
        return ""
    return format(value, ",.10g")


def statement_text(row: dict) -> str:
    """The value as a reader would say it: {'comparator': '>=', 'value': 60.0, 'unit': '%', 'year': 2025} -> '≥60%（2025年）'."""
    value = format_number(row["value"])
    if row["comparator"] == "range" and row.get("value_max") is not None:
        value += "–" + format_number(row["value_max"])
    text = COMPARATOR_SIGNS.get(row["comparator"], row["comparator"] or "") + value + (row.get("unit") or "")
    if row.get("year"):
        text += f"（{row['year']}年）"
    return text


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """Rough rendered width: CJK and full-width characters are one em, the rest about 0.6 em."""
    return sum(font_size if ord(c) > 0x2E7F else 0.6 * font_size for c in text)


def fit_text(text: str, width: float, font_size: float = FONT_SIZE) -> str:
    """The text cut with '…' to fit the width: fit_text('关于加快完善社会养老服务体系', 60) -> '关于加快…'."""
    if text_width(text, font_size) <= width:
        return text
    while text and text_width(text + "…", font_size) > width:
        text = text[:-1]
    return text + "…"


def nice_axis(max_value: float, ticks: int = TICKS) -> tuple[float, float]:
    """(axis maximum, tick step) with a 1-2-5 step: nice_axis(75) -> (80, 20); nice_axis(10105) -> (15000, 5000)."""
    if max_value <= 0:
        return 1.0, 1.0
    raw = max_value / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return math.ceil(max_value / step) * step, step


def bar_top(bars: list[Bar]) -> float:
    """The largest value a bar reaches, range tops included."""
    return max((max(b.value, b.value_max or 0) for b in bars), default=0)


def bar_chart_svg(bars: list[Bar], title: str, top: float | None = None) -> str:
    """A horizontal bar chart as an SVG string, every text escaped.

    Labels sit left of the bars so long Chinese plan names never overlap;
    a range's upper part is a lighter bar; each bar links to its source.
    `top` fixes the axis (the largest value of every page), so that pages
    of one metric share a scale.
    """
    axis_max, step = nice_axis(bar_top(bars) if top is None else top)
    scale = PLOT_WIDTH / axis_max
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_TEXT_WIDTH
    height = AXIS_HEIGHT + ROW_HEIGHT * len(bars) + 6
    e = html.escape
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{e(title)}"><title>{e(title)}</title>',
           '<g class="axis">']
    tick = 0.0
    while tick <= axis_max + step / 1000:
        x = LABEL_WIDTH + tick * scale
        out.append(f'<line x1="{x:.1f}" y1="{AXIS_HEIGHT - 4}" x2="{x:.1f}" y2="{height - 6}" class="grid"/>'
                   f'<text x="{x:.1f}" y="{AXIS_HEIGHT - 9}" text-anchor="middle">{e(format_number(tick))}</text>')
        tick += step
    out.append("</g>")
    for i, bar in enumerate(bars):
        top = AXIS_HEIGHT + i * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        middle = top + BAR_HEIGHT / 2 + FONT_SIZE * 0.35
        length = max(bar.value, 0) * scale
        out.append(f'<g class="bar" data-plan="{e(bar.plan_id)}" data-value="{e(format_number(bar.value))}">'
                   f'<a href="{e(bar.href)}"><title>{e(bar.tooltip)}</title>'
                   f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" class="label">'
                   f'{e(fit_text(bar.label, LABEL_WIDTH - 12))}</text>'
                   f'<rect x="{LABEL_WIDTH}" y="{top:.1f}" width="{length:.1f}" height="{BAR_HEIGHT}" class="value"/>')
        end = length
        if bar.value_max is not None and bar.value_max > bar.value:
            end = bar.value_max * scale
            out.append(f'<rect x="{LABEL_WIDTH + length:.1f}" y="{top:.1f}" width="{end - length:.1f}" '
                       f'height="{BAR_HEIGHT}" class="range"/>')
        out.append(f'<text x="{LABEL_WIDTH + end + 6:.1f}" y="{middle:.1f}" class="value-text">{e(bar.text)}</text>'
                   "</a></g>")
    out.append("</svg>")
    return "".join(out)


def one_line(text: str | None, limit: int = QUOTE_CHARS) -> str:
    """Whitespace folded, cut at the limit: '护理型床位\\n 75' -> '护理型床位 75'."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit] + "…"


def _bars_by_unit(rows: list[dict]) -> dict[str, list[Bar]]:
    panels: dict[str, list[Bar]] = {}
    for row in rows:
        bar = Bar(label=row["plan_label"], value=row["value"] or 0.0, value_max=row["value_max"],
                  text=statement_text(row), href=row["source_link"], plan_id=row["plan_id"],
                  tooltip=f"{row['plan_title']}\n{one_line(row['quote'], 200)}")
        panels.setdefault(row["unit"] or NO_UNIT, []).append(bar)
    return panels


def metric_panels(rows: list[dict], every_row: list[dict] | None = None) -> list[dict]:
    """The rows of metric_by_district for one metric, as one chart per unit (values in % and 张 never share an axis).

    With `every_row` (all pages), each unit's axis and overview cover every
    statement, not only the rows shown."""
    every = _bars_by_unit(every_row if every_row is not None else rows)
    panels = []
    for unit, bars in _bars_by_unit(rows).items():
        values = sorted(b.value for b in every[unit])
        panels.append({"unit": unit, "bars": bars, "svg": Markup(bar_chart_svg(bars, unit, bar_top(every[unit]))),
                       "statements": len(values), "plans": len({b.plan_id for b in every[unit]}),
                       "low": format_number(values[0]), "median": format_number(statistics.median(values)),
                       "high": format_number(values[-1])})
    return panels


def pivot(rows: list[dict], row_key: str, column_key: str) -> dict[tuple, dict]:
    """{(row value, column value): row}: pivot([{'f': 'a', 'p': 1, 'n': 2}], 'f', 'p') -> {('a', 1): {...}}."""
    return {(r[row_key], r[column_key]): r for r in rows}


def shade(value: float, most: float) -> str:
    """A blue background whose strength follows value / most (a CSS colour, no user text)."""
    alpha = 0.08 + 0.5 * (value / most) if most and value else 0
    return f"rgba(78, 121, 167, {alpha:.2f})"


def table_url(database: str, table: str, **filters) -> str:
    """table_url('kb', 'tasks', plan_id='2c2a') -> '/kb/tasks?plan_id=2c2a'."""
    return f"/{urlquote(database)}/{urlquote(table)}?{urlencode(filters)}"


def script_json(value) -> str:
    """JSON that cannot close the <script> it sits in."""
    return (json.dumps(value, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


PAGE_STYLE = """<style>
.compare-page svg.bar-chart text { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", sans-serif;
  font-size: 13px; fill: #222; }
.compare-page svg.bar-chart .axis text { fill: #666; font-size: 11px; }
.compare-page svg.bar-chart line.grid { stroke: #ddd; }
.compare-page svg.bar-chart rect.value { fill: #4e79a7; }
.compare-page svg.bar-chart rect.range { fill: #a0cbe8; }
.compare-page svg.bar-chart a:hover rect.value { fill: #f28e2b; }
.compare-page svg.bar-chart a:hover text.label { text-decoration: underline; }
.compare-page table.pivot { border-collapse: collapse; }
.compare-page table.pivot th, .compare-page table.pivot td { border: 1px solid #ddd; padding: 0.3em 0.5em;
  vertical-align: top; }
.compare-page table.pivot thead th { max-width: 9em; font-size: 0.85em; white-space: normal; }
.compare-page table.pivot td.none { color: #bbb; }
.compare-page table.pivot td.count { text-align: center; white-space: nowrap; }
.compare-page table.pivot td.in-period { box-shadow: inset 0 -4px 0 #f28e2b; }
.compare-page .en { color: #666; font-size: 0.85em; }
</style>"""

# Province filter and page links, shared by the pages with a plan per column or row.
PAGER = """<form class="pager" method="get"><p>
<select name="province"><option value="">全部省份 / every province ({{ pager.all_plans }})</option>
{% for p in pager.provinces %}<option value="{{ p.province }}"{% if p.province == pager.province %} selected{% endif %}>{{ p.province }} ({{ p.plans }})</option>
{% endfor %}</select> <input type="submit" value="筛选 / filter">
规划 / plans {{ pager.first }}–{{ pager.last }} / {{ pager.total }}
{% if pager.previous %}· <a class="previous" href="{{ pager.previous }}">← 上一页 / previous</a>{% endif %}
{% if pager.next %}· <a class="next" href="{{ pager.next }}">下一页 / next →</a>{% endif %}</p></form>"""

# A list of plans a page has nothing for: open when short, folded when long.
PLAN_LIST = """<details{% if PLANS|length <= 30 %} open{% endif %}><summary>{{ PLANS|length }} 个规划 / plans</summary>
<ul>{% for p in PLANS %}<li><a href="/-/plan/{{ p.plan_id|urlencode }}">{{ p.title }}</a></li>{% endfor %}</ul></details>"""

INDEX_TEMPLATE = """{% extends "base.html" %}
{% block title %}指标比较 / Compare metrics{% endblock %}
{% block extra_head %}""" + PAGE_STYLE + """{% endblock %}
{% block content %}
<div class="compare-page">
<h1>指标比较 / Compare plans by metric</h1>
<p>每个规范指标由多少个规划陈述；点击查看条形图（每个规划一条，附原文链接）。/ How many plans state each canonical metric;
open a chart for one bar per plan with links to the source sentences.
另见 / see also: <a href="/-/functions">部门职能 × 规划 / unit function × plan</a> ·
<a href="/-/timeline">到期时间线 / deadlines timeline</a> · <a href="/{{ database }}/plans_map">地图 / map</a></p>
<table class="pivot metrics">
<thead><tr><th>指标<br><span class="en">metric</span></th><th>预期单位<br><span class="en">unit</span></th>
<th>规划数<br><span class="en">plans</span></th><th>表述数<br><span class="en">statements</span></th>
<th>图表<br><span class="en">charts</span></th></tr></thead>
<tbody>
{% for m in metrics %}<tr class="metric" id="metric-{{ m.id }}">
<td><a href="/-/compare/{{ m.id|urlencode }}">{{ m.name_zh }}</a><br><span class="en">{{ m.name_en }} · {{ m.id }}</span></td>
<td>{{ m.unit or "" }}</td><td class="count">{{ m.plans }}</td><td class="count">{{ m.statements }}</td>
<td>{% if m.statements %}<a href="/-/compare/{{ m.id|urlencode }}">条形图 / bars</a> ·
<a href="/{{ database }}/{{ metric_query }}?metric={{ m.id|urlencode }}#{{ vega }}">Datasette + vega</a>{% endif %}</td>
</tr>
{% endfor %}</tbody></table>
</div>
{% endblock %}"""

METRIC_TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ metric.name_zh }} / {{ metric.name_en }}{% endblock %}
{% block extra_head %}""" + PAGE_STYLE + """{% endblock %}
{% block content %}
<div class="compare-page">
<h1>{{ metric.name_zh }} <span class="en">/ {{ metric.name_en }}</span></h1>
<p>{{ metric.definition or "" }}{% if metric.unit %} 预期单位 / expected unit: {{ metric.unit }}{% endif %}</p>
<p><a href="/-/compare">全部指标 / all metrics</a> ·
<a href="/{{ database }}/{{ metric_query }}?metric={{ metric.id|urlencode }}#{{ vega }}">Datasette 表格与 vega 图 / table and vega chart</a> ·
<a href="/{{ database }}/{{ metric_query }}.csv?metric={{ metric.id|urlencode }}&_size=max">CSV</a></p>
{% if panels %}
<p>每条对应一个规划中的一种表述，点击打开原文句子。/ One bar per statement in a plan; click a bar to open its sentence.</p>
""" + PAGER + """
{% for panel in panels %}
<h2 class="unit">单位 / unit: {{ panel.unit }}</h2>
<p class="overview">{{ panel.plans }} 个规划 {{ panel.statements }} 条表述，最小 {{ panel.low }}，中位数 {{ panel.median }}，最大 {{ panel.high }}
/ {{ panel.plans }} plans, {{ panel.statements }} statements: lowest {{ panel.low }}, median {{ panel.median }},
highest {{ panel.high }}{% if pager.province %} ({{ pager.province }}){% endif %}</p>
<figure class="chart">{{ panel.svg }}</figure>
{% endfor %}
<h2>数据 / Data</h2>
<table class="pivot statements">
<thead><tr><th>地区<br><span class="en">district</span></th><th>规划<br><span class="en">plan</span></th>
<th>比较符<br><span class="en">comparator</span></th><th>数值<br><span class="en">value</span></th>
<th>单位<br><span class="en">unit</span></th><th>年份<br><span class="en">year</span></th>
<th>次数<br><span class="en">mentions</span></th><th>原文<br><span class="en">source sentence</span></th></tr></thead>
<tbody>
{% for r in rows %}<tr class="statement" data-plan="{{ r.plan_id }}">
<td>{{ r.county or "" }}</td><td>{{ r.plan_title }}</td><td class="count">{{ r.sign }}</td>
<td class="count">{{ r.value_text }}</td><td>{{ r.unit or "" }}</td><td>{{ r.year or "" }}</td>
<td class="count">{{ r.mentions }}</td><td><a href="{{ r.source_link }}">{{ r.quote_short }}</a></td></tr>
{% endfor %}</tbody></table>
{% else %}
<p class="empty">没有规划陈述该指标。/ No plan states this metric.</p>
{% endif %}
{% if silent %}<h2>未陈述该指标的规划 / Plans that do not state it ({{ silent|length }})</h2>
""" + PLAN_LIST.replace("PLANS", "silent").replace("<ul>", '<ul class="silent">') + """{% endif %}
</div>
{% endblock %}"""

FUNCTIONS_TEMPLATE = """{% extends "base.html" %}
{% block title %}部门职能 × 规划 / Unit function × plan{% endblock %}
{% block extra_head %}""" + PAGE_STYLE + """{% endblock %}
{% block content %}
<div class="compare-page">
<h1>部门职能 × 规划 <span class="en">/ Unit function × plan</span></h1>
<p>单元格：牵头任务数 / 协同任务数，点击列出这些任务的责任单位。/ Each cell: tasks led / tasks co-owned by units of
that function; click a number to list them. 数据 / data: <a href="/{{ database }}/{{ query }}">{{ query }}</a></p>
""" + PAGER + """
<table class="pivot functions">
<thead><tr><th>职能<br><span class="en">function</span></th>
<th>全部规划合计<br><span class="en">total, every plan{% if pager.province %} of {{ pager.province }}{% endif %}</span></th>
{% for p in plans %}<th class="plan"><a href="/-/plan/{{ p.plan_id|urlencode }}" title="{{ p.plan_title }}">{{ p.plan_label }}</a></th>{% endfor %}
</tr></thead>
<tbody>
{% for f in functions %}<tr class="function" id="function-{{ f.code }}">
<th scope="row">{{ f.name_zh }} <span class="en">{{ f.name_en }}</span></th>
<td class="count total">{{ f.led }} / {{ f.co }}</td>
{% for cell in f.cells %}<td class="count" style="background: {{ cell.shade }}">{% if cell.row %}
{% if cell.row.tasks_led %}<a href="{{ cell.led_url }}" title="牵头 / led">{{ cell.row.tasks_led }}</a>{% else %}0{% endif %} /
{% if cell.row.tasks_co_owned %}<a href="{{ cell.co_url }}" title="协同 / co-owned">{{ cell.row.tasks_co_owned }}</a>{% else %}0{% endif %}{% endif %}</td>{% endfor %}
</tr>
{% endfor %}</tbody></table>
{% if unassigned %}<h2>无责任单位的规划 / Plans whose tasks name no responsible unit ({{ unassigned|length }})</h2>
""" + PLAN_LIST.replace("PLANS", "unassigned") + """{% endif %}
</div>
{% endblock %}"""

TIMELINE_TEMPLATE = """{% extends "base.html" %}
{% block title %}到期时间线 / Deadlines timeline{% endblock %}
{% block extra_head %}""" + PAGE_STYLE + """{% endblock %}
{% block content %}
<div class="compare-page">
<h1>到期时间线 <span class="en">/ Deadlines timeline</span></h1>
<p>每个规划每年到期的任务数（任务）和目标年份为该年的指标数（指标）；橙色下划线为规划期。/ Tasks due and targets set
for each year in each plan; the orange underline marks the plan period.
数据 / data: <a href="/{{ database }}/{{ query }}">{{ query }}</a> ·
<a href="/{{ database }}/{{ query }}#{{ vega }}">vega</a></p>
""" + PAGER + """
<table class="pivot timeline">
<thead><tr><th>规划<br><span class="en">plan</span></th>
{% for y in years %}<th class="year">{{ y }}</th>{% endfor %}</tr></thead>
<tbody>
{% for p in plans %}<tr class="plan" data-plan="{{ p.plan_id }}">
<th scope="row"><a href="/-/plan/{{ p.plan_id|urlencode }}" title="{{ p.plan_title }}">{{ p.plan_label }}</a></th>
{% for cell in p.cells %}<td class="count{% if cell.in_period %} in-period{% endif %}" style="background: {{ cell.shade }}">
{% if cell.row and cell.row.tasks_due %}<a href="{{ cell.tasks_url }}">任务 {{ cell.row.tasks_due }}</a><br>{% endif %}
{% if cell.row and cell.row.targets_due %}<a href="{{ cell.targets_url }}">指标 {{ cell.row.targets_due }}</a>{% endif %}</td>{% endfor %}
</tr>
{% endfor %}</tbody>
<tfoot><tr class="total"><th scope="row">全部规划 <span class="en">every plan{% if pager.province %}, {{ pager.province }}{% endif %}</span></th>
{% for t in totals %}<td class="count">{% if t.tasks_due %}任务 {{ t.tasks_due }}<br>{% endif %}{% if t.targets_due %}指标 {{ t.targets_due }}{% endif %}</td>{% endfor %}
</tr></tfoot></table>
<p class="en">任务 = tasks due · 指标 = targets set for the year</p>
{% if undated %}<h2>无到期项的规划 / Plans with nothing dated ({{ undated|length }})</h2>
""" + PLAN_LIST.replace("PLANS", "undated") + """{% endif %}
</div>
{% endblock %}"""

COLUMN_LABELS_SCRIPT = r"""(function () {
  var labels = %s;
  document.querySelectorAll("table.rows-and-columns th").forEach(function (th) {
    var column = th.textContent.trim(), label = labels[column];
    if (!label) { return; }
    th.setAttribute("data-column", column);  /* datasette-cluster-map reads the column name here */
    th.title = label;
    var span = document.createElement("span");
    span.className = "column-label";
    span.style.fontWeight = "normal";
    span.textContent = label.split(/\s*\/ /)[0];
    th.appendChild(document.createElement("br"));
    th.appendChild(span);
  });
})();"""


# The derived tables these pages read (schema/summaries.sql).
SUMMARY_TABLES = ("metric_statements", "function_plan_tasks", "plan_year_due")


async def _kb(datasette) -> tuple[str, object]:
    for name, db in datasette.databases.items():
        if name != "_internal" and await db.table_exists("plans"):
            for table in SUMMARY_TABLES:
                if not await db.table_exists(table):
                    raise NotFound(f"{name} was built without the summary table {table}: rebuild it with build.py")
            return name, db
    raise NotFound("no database with plans")


async def _canned_rows(datasette, request, name: str, params: dict | None = None) -> tuple[str, list[dict]]:
    database, db = await _kb(datasette)
    query = await datasette.get_canned_query(database, name, request.actor)
    if not query:
        raise NotFound(f"canned query {name} is not configured (serve with --metadata metadata.yml)")
    return database, [dict(r) for r in (await db.execute(query["sql"], params or {})).rows]


async def _rows(db, sql: str, params: dict | None = None) -> list[dict]:
    return [dict(r) for r in (await db.execute(sql, params or {})).rows]


async def _plans_not_in(db, having: str, params: dict | None = None) -> list[dict]:
    """The plans a page has nothing to show for (`having` selects the plan_ids it has), so they are named, not
    silently absent."""
    return await _rows(db, f"select plan_id, title from plans where plan_id not in ({having}) order by title", params)


async def _render(datasette, request, template: str, context: dict) -> Response:
    return Response.html(await datasette.render_template(compiled(datasette, template), context, request=request))



async def compare_index(datasette, request):
    database, db = await _kb(datasette)
    metrics = await _rows(db, """
        select m.id, m.name_zh, m.name_en, m.unit,
               count(distinct s.plan_id) as plans, count(s.plan_id) as statements
        from canonical_metrics m left join metric_statements s on s.canonical = m.id
        group by m.id order by plans desc, m.id""")
    return await _render(datasette, request, INDEX_TEMPLATE, {
        "metrics": metrics, "database": database, "metric_query": METRIC_QUERY, "vega": VEGA_BAR_FRAGMENT})


async def compare_metric(datasette, request):
    metric_id = request.url_vars["metric"]
    database, db = await _kb(datasette)
    metric = (await db.execute("select * from canonical_metrics where id = ?", [metric_id])).first()
    if metric is None:
        raise NotFound(f"no canonical metric {metric_id}")
    _, every_row = await _canned_rows(datasette, request, METRIC_QUERY, {"metric": metric_id})
    stating = "select plan_id from metric_statements where canonical = :metric"
    plans, pager = await plan_page(db, request, stating, {"metric": metric_id})
    if pager["province"]:
        every_row = [r for r in every_row if r["plan_id"] in pager["plan_ids"]]
    shown = {p["plan_id"] for p in plans}
    rows = [r for r in every_row if r["plan_id"] in shown]
    for r in rows:
        r["value_text"] = format_number(r["value"]) + (
            "–" + format_number(r["value_max"]) if r["value_max"] is not None else "")
        r["quote_short"] = one_line(r["quote"])
        r["sign"] = COMPARATOR_SIGNS.get(r["comparator"]) or r["comparator"]
    return await _render(datasette, request, METRIC_TEMPLATE, {
        "metric": dict(metric), "rows": rows, "panels": metric_panels(rows, every_row), "database": database,
        "pager": pager, "silent": await _plans_not_in(db, stating, {"metric": metric_id}),
        "metric_query": METRIC_QUERY, "vega": VEGA_BAR_FRAGMENT})


def page_number(request) -> int:
    """?page=3 -> 3; missing -> 1; anything else is a 400."""
    raw = request.args.get("page") or "1"
    if not raw.isdigit() or int(raw) < 1:
        raise BadRequest(f"page must be a positive whole number, not {raw[:20]!r}")
    return int(raw)


async def plan_page(db, request, having: str, params: dict | None = None) -> tuple[list[dict], dict]:
    """The plans a page has something for (`having` selects their plan_ids), PLANS_PER_PAGE at a time, of one
    province (?province=) or all; and the pager."""
    province = request.args.get("province") or ""
    page = page_number(request)
    params = {**(params or {}), "province": province}
    having = f"plan_id in ({having})"
    provinces = await _rows(db, f"select province, count(*) as plans from plans where {having} and province is not null "
                                "group by province order by plans desc, province", params)
    where = having + (" and province = :province" if province else "")
    of_province = await _rows(db, f"select plan_id from plans where {where}", params) if province else []
    total = (await db.execute(f"select count(*) from plans where {where}", params)).first()[0]
    plans = await _rows(db, f"""
        select plan_id, label as plan_label, title as plan_title, county, province, period_start, period_end
        from plans where {where} order by province, label, title limit {PLANS_PER_PAGE} offset :offset""",
                        {**params, "offset": (page - 1) * PLANS_PER_PAGE})
    if not plans and page > 1:
        raise NotFound(f"no page {page}: {total} plans, {PLANS_PER_PAGE} a page")

    def link(number: int) -> str:
        return request.path + "?" + urlencode({k: v for k, v in (("province", province), ("page", number)) if v})

    first = (page - 1) * PLANS_PER_PAGE + 1
    all_plans = (await db.execute(f"select count(*) from plans where {having}", params)).first()[0]
    pager = {"province": province, "provinces": provinces, "all_plans": all_plans,
             "plan_ids": {p["plan_id"] for p in of_province},
             "total": total, "first": min(first, total), "last": first + len(plans) - 1,
             "previous": link(page - 1) if page > 1 else None,
             "next": link(page + 1) if first + len(plans) - 1 < total else None}
    return plans, pager


def _in_plans(plans: list[dict]) -> tuple[str, dict]:
    """An `in (...)` list of named parameters for the plans of a page."""
    params = {f"p{i}": p["plan_id"] for i, p in enumerate(plans)}
    return "(" + ", ".join(f":{k}" for k in params) + ")", params


async def functions_page(datasette, request):
    database, db = await _kb(datasette)
    plans, pager = await plan_page(db, request, "select plan_id from function_plan_tasks")
    in_page, params = _in_plans(plans)
    rows = await _rows(db, f"select * from function_plan_tasks where plan_id in {in_page}", params)
    cells = pivot(rows, "function_code", "plan_id")
    most = max((r["tasks_led"] + r["tasks_co_owned"] for r in rows), default=0)
    province = {"province": pager["province"]}
    functions = await _rows(db, f"""
        select s.function_code as code, coalesce(f.name_zh, s.function_code, '') as name_zh,
               coalesce(f.name_en, '') as name_en, sum(s.tasks_led) as led, sum(s.tasks_co_owned) as co
        from function_plan_tasks s left join unit_functions f on f.code = s.function_code
        {"where s.plan_id in (select plan_id from plans where province = :province)" if province["province"] else ""}
        group by s.function_code order by led + co desc, s.function_code""", province)
    for f in functions:
        f["cells"] = []
        for p in plans:
            row = cells.get((f["code"], p["plan_id"]))
            common = {"plan_id": p["plan_id"], "unit_function": f["code"] or ""}
            f["cells"].append({
                "row": row, "shade": shade(row["tasks_led"] + row["tasks_co_owned"], most) if row else "none",
                "led_url": table_url(database, "kb_task_units", **common, role="lead"),
                "co_url": table_url(database, "kb_task_units", **common, role="co")})
    return await _render(datasette, request, FUNCTIONS_TEMPLATE, {
        "plans": plans, "functions": functions, "database": database, "query": FUNCTION_QUERY, "pager": pager,
        "unassigned": await _plans_not_in(db, "select plan_id from function_plan_tasks")})


def timeline_years(rows: list[dict]) -> list[int]:
    """Every year from the first to the last due or period year; only the years with items when that spans too long."""
    due = {r["year"] for r in rows if r["year"] is not None}
    period = {y for r in rows for y in (r["period_start"], r["period_end"]) if y is not None}
    every = due | period
    if not every:
        return []
    if max(every) - min(every) > TIMELINE_MAX_SPAN:
        return sorted(due)
    return list(range(min(every), max(every) + 1))


async def timeline_page(datasette, request):
    database, db = await _kb(datasette)
    plans, pager = await plan_page(db, request, "select plan_id from plan_year_due")
    # The columns are the years of every plan shown by the filter, so they stay put from page to page.
    of_province = "where p.province = :province" if pager["province"] else ""
    years = timeline_years(await _rows(db, f"""
        select distinct d.year, p.period_start, p.period_end
        from plan_year_due d join plans p on p.plan_id = d.plan_id {of_province}""", {"province": pager["province"]}))
    totals = {r["year"]: r for r in await _rows(db, f"""
        select d.year, sum(d.tasks_due) as tasks_due, sum(d.targets_due) as targets_due
        from plan_year_due d join plans p on p.plan_id = d.plan_id {of_province} group by d.year""",
                                                {"province": pager["province"]})}
    in_page, params = _in_plans(plans)
    rows = await _rows(db, f"select * from plan_year_due where plan_id in {in_page}", params)
    cells = pivot(rows, "plan_id", "year")
    most = max((r["tasks_due"] + r["targets_due"] for r in rows), default=0)
    for p in plans:
        start, end = p["period_start"], p["period_end"]
        p["cells"] = []
        for year in years:
            row = cells.get((p["plan_id"], year))
            p["cells"].append({
                "row": row, "shade": shade(row["tasks_due"] + row["targets_due"], most) if row else "none",
                "in_period": start is not None and end is not None and start <= year <= end,
                "tasks_url": table_url(database, "tasks", plan_id=p["plan_id"], deadline__startswith=str(year)),
                "targets_url": table_url(database, "indicators", plan_id=p["plan_id"], year=str(year),
                                         same_as__isnull="1")})
    return await _render(datasette, request, TIMELINE_TEMPLATE, {
        "plans": plans, "years": years, "totals": [totals.get(y, {}) for y in years], "pager": pager,
        "undated": await _plans_not_in(db, "select plan_id from plan_year_due"), "database": database, "query": TIMELINE_QUERY,
        "vega": VEGA_TIMELINE_FRAGMENT})


@hookimpl
def extra_body_script(template, database, request, datasette):
    if template != "query.html" or request is None or not request.url_vars.get("table"):
        return None

    async def labels_script():
        query = await datasette.get_canned_query(database, request.url_vars["table"], request.actor)
        labels = (query or {}).get("columns")
        return COLUMN_LABELS_SCRIPT % script_json(labels) if labels else ""

    return labels_script


@hookimpl
def render_cell(value, column):
    # plans_map's popup column is JSON for datasette-cluster-map; the table shows it as a link.
    # (Canned query cells come without a table name, so the column name decides.)
    if column != "popup" or not isinstance(value, str) or not value.startswith("{"):
        return None
    try:
        popup = json.loads(value)
    except ValueError:
        return None
    if not isinstance(popup, dict) or not str(popup.get("link", "")).startswith("/-/plan/"):
        return None
    return Markup(f'<a href="{html.escape(str(popup["link"]))}">{html.escape(str(popup.get("title") or ""))}</a>')


@hookimpl
def register_routes():
    return [
        (r"^/-/compare$", compare_index),
        (r"^/-/compare/(?P<metric>[^/]+)$", compare_metric),
        (r"^/-/functions$", functions_page),
        (r"^/-/timeline$", timeline_page),
    ]
