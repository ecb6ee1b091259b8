"""Responsible units in a built database (issue 4): resolution rate, shared units."""
from __future__ import annotations

import sqlite_utils

# Issue 4's bar: at least 99% of unit mentions resolve to a function other than `other`.
RESOLVED_FLOOR = 0.99


def test_mentions_resolve_to_a_function(seed_db):
    db = sqlite_utils.Database(seed_db)
    rows = list(db.query("""
        select m.mention, u.name, u.function_code from (
            select mention, unit_id from task_units union all select mention, unit_id from indicator_units
        ) m join units u on u.unit_id = m.unit_id"""))
    unresolved = sorted({(r["mention"], r["name"]) for r in rows if r["function_code"] in (None, "other")})
    rate = 1 - sum(r["function_code"] in (None, "other") for r in rows) / len(rows)
    print(f"{len(rows)} unit mentions, {rate:.4f} resolved to a function; unresolved: {unresolved}")
    assert rate >= RESOLVED_FLOOR, unresolved


def test_both_chongming_plans_share_their_units(seed_db):
    """The two Chongming elderly-care plans (000, 001) name the same bureaus in different years."""
    db = sqlite_utils.Database(seed_db)
    plans = [r["plan_id"] for r in db.query(
        "select p.plan_id from plans p join documents d on d.doc_id = p.doc_id"
        " where p.county = '崇明区' and d.file_name glob '00[01]_*' order by p.plan_id")]
    assert len(plans) == 2
    units = [
        {r["unit_id"] for r in db.query(
            "select distinct tu.unit_id from task_units tu join tasks t on t.task_id = tu.task_id where t.plan_id = ?",
            [plan])}
        for plan in plans
    ]
    shared = units[0] & units[1]
    names = {r["name"] for r in db.query(
        f"select name from units where unit_id in ({','.join('?' * len(shared))})", list(shared))}
    assert {"崇明区民政局", "崇明区卫生健康委", "崇明区教育局"} <= names


def test_every_unit_has_a_known_function(seed_db):
    db = sqlite_utils.Database(seed_db)
    unknown = list(db.query(
        "select name, function_code from units where function_code not in (select code from unit_functions)"))
    assert unknown == []


def test_fuzzy_and_rule_resolutions_are_listed_for_review(seed_db):
    db = sqlite_utils.Database(seed_db)
    review = list(db.query("select mention, resolution, score, resolved_to from unit_resolution_review"))
    fuzzy = [r for r in review if r["resolution"] == "fuzzy"]
    # 区大数发展局 (004 万州) is a misprint of 区大数据发展局
    assert any(r["mention"] == "区大数发展局" and r["resolved_to"].endswith("大数据发展局") for r in fuzzy)
    assert all(r["score"] is not None for r in review)
