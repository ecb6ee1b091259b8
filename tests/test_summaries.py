"""Derived tables (schema/summaries.sql) and canned queries SQLite serves from indexes (issue 16)."""
from __future__ import annotations

import re
import shutil
import sqlite3

import pytest
import sqlite_utils
import yaml

from extract.storage.summaries import build_summaries
from serving.config import METADATA

QUERIES = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["kb"]["queries"]

# Each derived table against the aggregation it replaces, written out over the base tables.
DIRECT = {
    "metric_statements": """
        select canonical, plan_id, comparator, value, value_max, unit, year, count(*), min(ordinal)
        from indicators where canonical is not null and canonical != '' and same_as is null
        group by canonical, plan_id, comparator, value, value_max, unit, year""",
    "function_plan_tasks": """
        select u.function_code, t.plan_id,
               count(distinct case when tu.role = 'lead' then tu.task_id end),
               count(distinct case when tu.role != 'lead' then tu.task_id end)
        from task_units tu join units u on u.unit_id = tu.unit_id join tasks t on t.task_id = tu.task_id
        group by u.function_code, t.plan_id""",
    "plan_year_due": """
        select plan_id, year, sum(task), sum(target) from (
          select plan_id, cast(substr(deadline, 1, 4) as integer) as year, 1 as task, 0 as target
          from tasks where deadline != ''
          union all select plan_id, year, 0, 1 from indicators where year is not null and same_as is null)
        group by plan_id, year""",
    "unit_mentions": "select distinct mention, unit_id from task_units",
}
SUMMARY_COLUMNS = {
    "metric_statements": "canonical, plan_id, comparator, value, value_max, unit, year, mentions, ordinal",
    "function_plan_tasks": "function_code, plan_id, tasks_led, tasks_co_owned",
    "plan_year_due": "plan_id, year, tasks_due, targets_due",
    "unit_mentions": "mention, unit_id",
}

# (canned query, its parameters, an index it must use, the alias of a large table it must never read whole)
INDEXED = [
    ("metric_by_district", {"metric": "nursing_bed_share"}, "idx_metric_statements_canonical", "s"),
    ("metric_by_district", {"metric": ""}, "idx_metric_statements_canonical", "s"),
    ("unit_tasks", {"unit": "民政局"}, "idx_task_units_unit", "tu"),
    ("due_in_year", {"year": "2025"}, "idx_tasks_deadline", "t"),
    ("due_in_year", {"year": "2025"}, "idx_indicators_year", "i"),
    ("function_by_district", {}, "idx_function_plan_tasks", "p"),
    ("deadlines_timeline", {}, "idx_plan_year_due", "p"),
]


@pytest.mark.parametrize("table", sorted(DIRECT))
def test_summary_equals_its_aggregation(kb_db, table):
    with sqlite3.connect(kb_db) as conn:
        stored = conn.execute(f"select {SUMMARY_COLUMNS[table]} from {table}").fetchall()
        direct = conn.execute(DIRECT[table]).fetchall()
    assert stored and sorted(stored, key=repr) == sorted(direct, key=repr)


def test_metric_statements_point_at_the_first_mention(kb_db):
    with sqlite3.connect(kb_db) as conn:
        wrong = conn.execute("""
            select s.indicator_id from metric_statements s join indicators i on i.indicator_id = s.indicator_id
            where i.ordinal != s.ordinal or i.plan_id != s.plan_id or i.canonical != s.canonical""").fetchall()
    assert wrong == []


def test_summaries_run_again_on_a_finished_database(kb_db, tmp_path):
    db_path = tmp_path / "kb.db"
    shutil.copy(kb_db, db_path)
    db = sqlite_utils.Database(db_path)
    before = {t: sorted(db.execute(f"select * from {t}").fetchall(), key=repr) for t in DIRECT}
    build_summaries(db)
    build_summaries(db)
    assert {t: sorted(db.execute(f"select * from {t}").fetchall(), key=repr) for t in DIRECT} == before


def query_plan(conn: sqlite3.Connection, sql: str, params: dict) -> list[str]:
    return [row[3] for row in conn.execute("explain query plan " + sql, params)]


@pytest.mark.parametrize("name, params, index, alias", INDEXED, ids=[f"{q}-{i}" for q, _, i, _ in INDEXED])
def test_canned_query_uses_indexes(kb_db, name, params, index, alias):
    """EXPLAIN QUERY PLAN: the index is used, and the large table is searched, never read whole ('SCAN tu')."""
    with sqlite3.connect(kb_db) as conn:
        steps = query_plan(conn, QUERIES[name]["sql"], params)
    assert any(index in step for step in steps), steps
    assert not [step for step in steps if re.match(rf"SCAN {alias}( |$)", step)], steps


@pytest.mark.parametrize("metric", ["nursing_bed_share", ""])
def test_metric_by_district_reads_only_its_metric(kb_db, metric):
    with sqlite3.connect(kb_db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(QUERIES["metric_by_district"]["sql"], {"metric": metric}).fetchall()
        expected = conn.execute("select count(*) from metric_statements where canonical = ? or ? = ''",
                                [metric, metric]).fetchone()[0]
    assert len(rows) == expected > 0
    if metric:
        assert {r["canonical"] for r in rows} == {metric}


def test_unit_tasks_finds_units_by_name_and_by_mention(kb_db):
    with sqlite3.connect(kb_db) as conn:
        found = {r[7] for r in conn.execute(QUERIES["unit_tasks"]["sql"], {"unit": "民政"})}
        direct = {r[0] for r in conn.execute("""
            select tu.task_id from task_units tu where tu.unit_id in (
              select unit_id from units where name like '%民政%'
              union select unit_id from task_units where mention like '%民政%')""")}
    assert found == direct and found


def test_due_in_year_matches_every_deadline_form(kb_db):
    with sqlite3.connect(kb_db) as conn:
        rows = conn.execute(QUERIES["due_in_year"]["sql"], {"year": "2025"}).fetchall()
        tasks = conn.execute("select count(*) from tasks where substr(deadline, 1, 4) = '2025'").fetchone()[0]
        targets = conn.execute("select count(*) from indicators where year = 2025 and same_as is null").fetchone()[0]
    assert len(rows) == tasks + targets > 0
