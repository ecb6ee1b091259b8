"""Places: the division table, name lookup, places in text, a plan's jurisdiction."""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.entities.places import (PLACES_CSV, as_jurisdiction, load_places,
                            load_province_abbreviations)

SHARED = Path(os.environ.get("PLANS_SHARED", Path(__file__).resolve().parents[2] / "shared"))  # ../shared beside the clone
# Gold folder -> folder of the texts it annotates.
GOLD_SOURCES = [
    ("gold", "corpus"),
    ("devset/gold", "devset/corpus"),
    ("devset/html/gold", "devset/html/text"),
]
HEAD_CHARS = 2000


@pytest.fixture(scope="module")
def places():
    return load_places()


# -- the data files ---------------------------------------------------------------
def test_places_csv_has_the_documented_columns():
    with open(PLACES_CSV, encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert reader.fieldnames[:8] == ["admin_code", "name", "level", "parent_code", "province",
                                     "prefecture", "latitude", "longitude"]
    assert {r["level"] for r in rows} == {"province", "prefecture", "county"}
    assert len({r["admin_code"] for r in rows}) == len(rows) > 3000


def test_every_parent_code_is_a_place(places):
    for p in places.places:
        if p.parent_code:
            assert p.parent_code in places.by_code, p


def test_province_abbreviations_name_provinces(places):
    abbreviations = load_province_abbreviations()
    for abbreviation in "沪京皖粤渝苏黔豫青":
        assert places.by_code[abbreviations[abbreviation]].level == "province"


@pytest.mark.parametrize("code, name, level, province, prefecture", [
    ("310151", "崇明区", "county", "上海市", None),        # municipal district: no prefecture
    ("310115", "浦东新区", "county", "上海市", None),
    ("500101", "万州区", "county", "重庆市", None),
    ("320682", "如皋市", "county", "江苏省", "南通市"),
    ("419001", "济源市", "county", "河南省", None),        # province-administered, as cpca says
    ("441900", "东莞市", "prefecture", "广东省", "东莞市"),  # prefecture city without counties
    ("341300", "宿州市", "prefecture", "安徽省", "宿州市"),
    ("630100", "西宁市", "prefecture", "青海省", "西宁市"),
    ("110000", "北京市", "province", "北京市", None),
])
def test_rows(places, code, name, level, province, prefecture):
    p = places.by_code[code]
    assert (p.name, p.level, p.province, p.prefecture) == (name, level, province, prefecture)
    assert p.latitude and p.longitude


def test_jiyuan_is_a_prefecture_as_a_jurisdiction(places):
    j = as_jurisdiction(places.by_code["419001"])
    assert (j.level, j.province, j.prefecture, j.county) == ("prefecture", "河南省", "济源市", None)


# -- resolve ------------------------------------------------------------------------
@pytest.mark.parametrize("province, prefecture, county, code", [
    ("上海市", None, "崇明区", "310151"),
    ("上海市", None, "浦东新区", "310115"),
    ("江苏省", "南通市", "如皋市", "320682"),
    ("重庆市", None, "万州区", "500101"),
    ("河南省", "济源市", None, "419001"),
    ("广东省", "东莞市", None, "441900"),
    ("安徽省", "宿州市", None, "341300"),
    ("青海省", "西宁市", None, "630100"),
    ("北京市", None, None, "110000"),
    ("贵州省", None, None, "520000"),
    ("北京市", None, "朝阳区", "110105"),   # not 长春's or 辽宁's 朝阳
    ("吉林省", "长春市", "朝阳区", "220104"),
])
def test_resolve(places, province, prefecture, county, code):
    assert places.resolve(province, prefecture, county).admin_code == code


# -- places in text -------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("上海市崇明区人民政府办公室", ["上海市", "崇明区"]),
    # short forms
    ("着力优化大城养老浦东样板", ["浦东新区"]),
    ("崇明世界级生态岛", ["崇明区"]),
    ("如皋长寿之乡", ["如皋市"]),
    ("万州府办发", ["万州区"]),
    ("黔南州人民政府", ["黔南布依族苗族自治州"]),
    # longest first: 浦东新区 is not 浦东 + 新区
    ("浦东新区深化养老服务实施方案", ["浦东新区"]),
    # everyday words that are also place names are not places
    ("发展战略性新兴产业，会同有关部门，长寿老人，资源统筹，公安机关", []),
    # an ambiguous full name counts only beside its parent
    ("朝阳区", []),
    ("北京市朝阳区", ["北京市", "朝阳区"]),
])
def test_find_in_text(places, text, expected):
    assert [p.name for p in places.find_in_text(text)] == expected


# -- place names in running text -------------------------------------------------------
def longest_forms_by_trying_every_length(places, text):
    """What `spans` finds before its owners are settled, read the slow way: at each character
    every length from the longest form down to two."""
    raw, i = [], 0
    while i < len(text):
        for length in range(min(places.max_form, len(text) - i), 1, -1):
            if places.forms.get(text[i:i + length]):
                raw.append((i, i + length, places.forms[text[i:i + length]]))
                i += length
                break
        else:
            i += 1
    return raw


NAME_PIECES = ["上海市", "崇明区", "崇明", "浦东新区", "朝阳区", "北京市", "长春市", "如皋", "万州区", "河北", "黔南州",
               "人民政府", "关于", "养老", "、", "，", "区", "市", "县"]


@settings(max_examples=200)
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=20).map("".join))
def test_spans_start_only_where_a_form_begins(places, text):
    """`form_spans` skips characters that begin no form: it finds what trying every length finds."""
    assert places.form_spans(text) == longest_forms_by_trying_every_length(places, text)


# -- document numbers -----------------------------------------------------------------
@pytest.mark.parametrize("head, code", [
    ("沪崇府办发〔2023〕10号", "310151"),
    ("万州府办发〔2020〕28号", "500101"),
    ("（皖政办秘〔2021〕82号）", "340000"),
    ("京发改〔2024〕1081号", "110000"),
    ("粤办函〔2023〕305号", "440000"),
    ("黔府办发〔2022〕20号", "520000"),
    ("豫政〔2023〕3号", "410000"),
    ("青政办〔2022〕85号", "630000"),
    ("渝府办发〔2020〕1号", "500000"),
    ("苏政办发〔2021〕1号", "320000"),
])
def test_jurisdiction_from_document_number(places, head, code):
    assert places.jurisdiction_of(head).admin_code == code


def test_a_cited_document_number_is_not_the_plans(places):
    head = "为贯彻落实《国务院办公厅关于促进养老托育服务健康发展的意见》（沪府办发〔2020〕52号），制定本方案。"
    assert places._doc_number_place(head) is None


# -- whole documents ------------------------------------------------------------------
def _gold_plans():
    for gold_dir, text_dir in GOLD_SOURCES:
        for gold in sorted((SHARED / gold_dir).glob("*.json")):
            yield pytest.param(gold, SHARED / text_dir / (gold.stem + ".txt"), id=gold.stem[:24])


@pytest.mark.skipif(not SHARED.exists(), reason=f"{SHARED} (the gold) is not beside this clone")
@pytest.mark.parametrize("gold, text", list(_gold_plans()))
def test_jurisdiction_of_gold_plans(places, gold, text):
    plan = json.loads(gold.read_text(encoding="utf-8"))["plan"]
    found = places.jurisdiction_of(text.read_text(encoding="utf-8")[:HEAD_CHARS])
    assert (found.province, found.prefecture, found.county) == \
        (plan["province"], plan["prefecture"], plan["county"])
    assert found.admin_code == places.resolve(plan["province"], plan["prefecture"], plan["county"]).admin_code
