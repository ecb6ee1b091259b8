"""Responsible units: vocabulary files, resolution of printed mentions, gold coverage."""
from __future__ import annotations

import csv
import json
import os
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from extract.entities.places import load_places
from extract.entities.unit_vocab import (ALIASES_YML, function_by_keyword, FUZZY_THRESHOLD, KINDS, METHODS, clean_mention,
                                load_unit_functions, load_unit_vocab, resolve_unit, unit_id)

SHARED = Path(os.environ.get("PLANS_SHARED", Path(__file__).resolve().parents[2] / "shared"))  # ../shared beside the clone
GOLD_SOURCES = [
    ("gold", "corpus"),
    ("devset/gold", "devset/corpus"),
    ("devset/html/gold", "devset/html/text"),
]
HEAD_CHARS = 2000
MIN_RESOLVED_RATE = 0.99

# Functions the comparison pages rely on (issue 4).
REQUIRED_FUNCTIONS = """civil_affairs health healthcare_security human_resources_social_security finance
development_reform planning_natural_resources housing_construction education science_technology
economy_it market_regulation public_security justice culture_tourism sports disabled_persons_federation
veterans_affairs big_data fire_rescue trade_union red_cross civilisation_office government_services
agriculture transport state_assets commerce audit financial_regulation party_political_legal
township_street_governments local_governments companies telecom_regulation tax emergency_management
ecology_environment statistics government_office other""".split()

# Jurisdiction of each gold document, as a caller would pass it.
JURISDICTION = {
    "000": "上海市崇明区", "001": "上海市崇明区", "002": "上海市浦东新区", "003": "江苏省南通市如皋市",
    "004": "重庆市万州区", "e03": "北京市", "e04": "安徽省", "e05": "贵州省", "e07": "济源市",
    "p04": "东莞市", "p06": "广东省", "p08": "西宁市", "p09": "宿州市",
}


# -- the data files ---------------------------------------------------------------
def test_functions_file_has_every_required_code():
    functions = load_unit_functions()
    assert set(REQUIRED_FUNCTIONS) <= set(functions)
    for f in functions.values():
        assert f.name_zh and f.name_en


def test_every_alias_maps_to_a_known_function():
    functions = load_unit_functions()
    with open(ALIASES_YML, encoding="utf-8") as f:
        rows = yaml.safe_load(f)
    for row in rows:
        assert row["function"] in functions, row["name"]
        assert row["kind"] in KINDS, row["name"]
    vocab = load_unit_vocab()
    for key, (entry, _) in vocab.keys.items():
        assert entry.function in functions, key


def test_no_alias_names_two_units():
    # load_unit_vocab raises on a clash; every name is a key of its own entry.
    vocab = load_unit_vocab()
    for entry in vocab.entries:
        assert vocab.lookup(clean_mention(entry.name))[0] is entry


# -- phenomena ----------------------------------------------------------------------
@pytest.mark.parametrize("mention, jurisdiction, name, function, method", [
    # aliases and abbreviations
    ("区卫健委", "崇明区", "崇明区卫生健康委", "health", "alias"),
    ("区卫计委", "崇明区", "崇明区卫生健康委", "health", "alias"),
    ("区发改委", "浦东新区", "浦东新区发展改革委", "development_reform", "alias"),
    ("区人社局", "浦东新区", "浦东新区人力资源社会保障局", "human_resources_social_security", "alias"),
    ("区人力社保局", "万州区", "万州区人力资源社会保障局", "human_resources_social_security", "alias"),
    ("区规资局", "浦东新区", "浦东新区规划资源局", "planning_natural_resources", "alias"),
    ("区规划自然资源局", "万州区", "万州区规划资源局", "planning_natural_resources", "alias"),
    ("区建交委", "浦东新区", "浦东新区建设交通委", "housing_construction", "alias"),
    # missing prefix: the plan's own bureau (000, 体育局)
    ("体育局", "崇明区", "崇明区体育局", "sports", "exact"),
    ("交通运输厅", "广东省", "广东省交通运输厅", "transport", "exact"),
    # another level's prefix
    ("市民政局", "上海市崇明区", "上海市民政局", "civil_affairs", "exact"),
    ("市民政局", "江苏省南通市如皋市", "如皋市民政局", "civil_affairs", "exact"),
    ("省住建厅", "安徽省", "安徽省住房城乡建设厅", "housing_construction", "alias"),
    ("示范区财政金融局", "济源市", "济源市财政金融局", "finance", "exact"),
    ("市委宣传部", "北京市", "北京市委宣传部", "party_political_legal", "exact"),
    ("市场监管局", "广东省", "广东省市场监管局", "market_regulation", "exact"),
    ("国家发展改革委", "崇明区", "国家发展改革委", "development_reform", "exact"),
    # combined forms: one unit, the first name's function (002)
    ("区人社局（医保局）", "浦东新区", "浦东新区人力资源社会保障局（医保局）",
     "human_resources_social_security", "prefix"),
    ("区府办（机管局）", "浦东新区", "浦东新区政府办公室（机关事务管理局）", "government_office", "prefix"),
    ("示范区发展改革和统计局(商务局)", "济源市", "济源市发展改革和统计局（商务局）",
     "development_reform", "prefix"),
    ("市公安局交管局", "北京市", "北京市公安局交管局", "public_security", "prefix"),
    # a line wrap inside the name (001)
    ("区人力资源 社会保障局", "崇明区", "崇明区人力资源社会保障局", "human_resources_social_security", "exact"),
    ("区住房保障\n房屋管理局", "崇明区", "崇明区住房保障房屋管理局", "housing_construction", "exact"),
    # collective mentions
    ("各乡镇", "崇明区", "崇明区乡镇街道", "township_street_governments", "alias"),
    ("各镇乡人民政府", "万州区", "万州区乡镇街道", "township_street_governments", "alias"),
    ("街道办事处", "万州区", "万州区乡镇街道", "township_street_governments", "alias"),
    ("各镇（区、街道）", "如皋市", "如皋市乡镇街道", "township_street_governments", "alias"),
    ("各县〔市、区、特区〕人民政府", "贵州省", "贵州省各县（市、区）人民政府", "local_governments", "alias"),
    ("各地级以上市人民政府", "广东省", "广东省各市人民政府", "local_governments", "alias"),
    ("黔南州人民政府", "贵州省", "黔南布依族苗族自治州人民政府", "local_governments", "pattern"),
    ("其他省直有关部门和单位", "贵州省", "贵州省有关部门", "relevant_departments", "pattern"),
    ("民政部门", "崇明区", "崇明区民政局", "civil_affairs", "pattern"),
    # companies
    ("浦发集团", "浦东新区", "浦发集团", "companies", "exact"),
    ("东滩建设集团", "崇明区", "东滩建设集团", "companies", "exact"),
    ("东莞供电局", "东莞市", "东莞供电局", "companies", "exact"),
    ("省铁塔公司", "安徽省", "安徽省铁塔公司", "companies", "exact"),
    ("贵州金控集团", "贵州省", "贵州金控集团", "companies", "pattern"),
    ("国开行贵州省分行", "贵州省", "国家开发银行贵州省分行", "companies", "prefix"),
    # national bodies keep their own name
    ("人行济源市中心支行", "济源市", "人民银行济源市中心支行", "financial_regulation", "prefix"),
    ("国家金融监督管理总局广东监管局", "广东省", "国家金融监管总局广东监管局", "financial_regulation", "prefix"),
    ("临港管委会", "浦东新区", "临港新片区管委会", "local_governments", "alias"),
])
def test_resolve_phenomena(mention, jurisdiction, name, function, method):
    r = resolve_unit(mention, jurisdiction)
    assert (r.name, r.function_code, r.method) == (name, function, method)
    assert r.method in METHODS
    if method in ("exact", "alias"):
        assert r.score == 100


@pytest.mark.parametrize("mention, jurisdiction, name, function", [
    ("区大数发展局", "万州区", "万州区大数据发展局", "big_data"),            # 004, a misprint
    ("区建设和管理委员会", "崇明区", "崇明区建设管理委", "housing_construction"),
])
def test_fuzzy_fallback_reports_its_score(mention, jurisdiction, name, function):
    r = resolve_unit(mention, jurisdiction)
    assert (r.name, r.function_code, r.method) == (name, function, "fuzzy")
    assert FUZZY_THRESHOLD <= r.score < 100


@pytest.mark.parametrize("mention", ["区民正局", "区教育", "区养老服务指导中心"])
def test_short_or_unknown_names_stay_unresolved(mention):
    r = resolve_unit(mention, "崇明区")
    assert (r.function_code, r.method, r.score) == ("other", "unresolved", 0)


def test_unit_id_is_stable_and_follows_the_units_own_jurisdiction():
    a = resolve_unit("区卫健委", "崇明区")
    b = resolve_unit("区卫生健康委", "上海市崇明区")
    assert a.unit_id == b.unit_id == unit_id("崇明区卫生健康委", "310151")
    assert a.unit_id.startswith("unit-") and len(a.unit_id) == 17
    # 上海市民政局 is one unit whichever district plan names it
    assert resolve_unit("市民政局", "崇明区").unit_id == resolve_unit("市民政局", "浦东新区").unit_id
    assert unit_id("鼓楼区民政局", "320106") != unit_id("鼓楼区民政局", "350102")


# -- gold mentions --------------------------------------------------------------------
# Every distinct lead_units / units mention of the gold tasks, subtasks and
# targets, with the name and function it resolves to (reviewed by hand).
GOLD_CASES = [
    # 000_c428ca0736d105e4.json
    ('000', '区民政局', '崇明区民政局', 'civil_affairs'),
    ('000', '区规划资源局', '崇明区规划资源局', 'planning_natural_resources'),
    ('000', '区财政局', '崇明区财政局', 'finance'),
    ('000', '区医保局', '崇明区医保局', 'healthcare_security'),
    ('000', '区卫生健康委', '崇明区卫生健康委', 'health'),
    ('000', '区司法局', '崇明区司法局', 'justice'),
    ('000', '区公安分局', '崇明区公安分局', 'public_security'),
    ('000', '各乡镇', '崇明区乡镇街道', 'township_street_governments'),
    ('000', '区人力资源社会保障局', '崇明区人力资源社会保障局', 'human_resources_social_security'),
    ('000', '区残联', '崇明区残联', 'disabled_persons_federation'),
    ('000', '区退役军人局', '崇明区退役军人事务局', 'veterans_affairs'),
    ('000', '区教育局', '崇明区教育局', 'education'),
    ('000', '区文明办', '崇明区文明办', 'civilisation_office'),
    ('000', '区体育局', '崇明区体育局', 'sports'),
    ('000', '区红十字会', '崇明区红十字会', 'red_cross'),
    ('000', '区总工会', '崇明区总工会', 'trade_union'),
    ('000', '区科委', '崇明区科委', 'science_technology'),
    ('000', '区交通委', '崇明区交通委', 'transport'),
    ('000', '区市场监管局', '崇明区市场监管局', 'market_regulation'),
    ('000', '区消防救援支队', '崇明区消防救援支队', 'fire_rescue'),
    ('000', '区发展改革委', '崇明区发展改革委', 'development_reform'),
    ('000', '区建设管理委', '崇明区建设管理委', 'housing_construction'),
    ('000', '区经委', '崇明区经委', 'economy_it'),
    ('000', '体育局', '崇明区体育局', 'sports'),
    ('000', '区文化旅游局', '崇明区文化旅游局', 'culture_tourism'),
    ('000', '区住房保障房屋管理局', '崇明区住房保障房屋管理局', 'housing_construction'),
    ('000', '区大数据中心', '崇明区大数据中心', 'big_data'),
    # 001_7766aa58f5f172dd.json
    ('001', '区发展改革委', '崇明区发展改革委', 'development_reform'),
    ('001', '区规划资源局', '崇明区规划资源局', 'planning_natural_resources'),
    ('001', '区民政局', '崇明区民政局', 'civil_affairs'),
    ('001', '区卫生健康委', '崇明区卫生健康委', 'health'),
    ('001', '区教育局', '崇明区教育局', 'education'),
    ('001', '区文化旅游局', '崇明区文化旅游局', 'culture_tourism'),
    ('001', '区政务服务办', '崇明区政务服务办', 'government_services'),
    ('001', '区市场监管局', '崇明区市场监管局', 'market_regulation'),
    ('001', '区残联', '崇明区残联', 'disabled_persons_federation'),
    ('001', '区住房保障房屋管理局', '崇明区住房保障房屋管理局', 'housing_construction'),
    ('001', '区科委', '崇明区科委', 'science_technology'),
    ('001', '区医保局', '崇明区医保局', 'healthcare_security'),
    ('001', '区经委', '崇明区经委', 'economy_it'),
    ('001', '区农业农村委', '崇明区农业农村委', 'agriculture'),
    ('001', '区体育局', '崇明区体育局', 'sports'),
    ('001', '东滩建设集团', '东滩建设集团', 'companies'),
    ('001', '区人力资源 社会保障局', '崇明区人力资源社会保障局', 'human_resources_social_security'),
    ('001', '区住房保障 房屋管理局', '崇明区住房保障房屋管理局', 'housing_construction'),
    ('001', '相关乡镇', '崇明区乡镇街道', 'township_street_governments'),
    ('001', '上实集团', '上实集团', 'companies'),
    ('001', '太平洋保险养老服务产业投资有限责任公司', '太平洋保险养老服务产业投资有限责任公司', 'companies'),
    # 002_019ae4dc2b2b33f6.json
    ('002', '区民政局', '浦东新区民政局', 'civil_affairs'),
    ('002', '区发改委', '浦东新区发展改革委', 'development_reform'),
    ('002', '区财政局', '浦东新区财政局', 'finance'),
    ('002', '区人社局', '浦东新区人力资源社会保障局', 'human_resources_social_security'),
    ('002', '区卫健委', '浦东新区卫生健康委', 'health'),
    ('002', '各街镇', '浦东新区乡镇街道', 'township_street_governments'),
    ('002', '区国资委', '浦东新区国资委', 'state_assets'),
    ('002', '浦发集团', '浦发集团', 'companies'),
    ('002', '金桥集团', '金桥集团', 'companies'),
    ('002', '浦商集团', '浦商集团', 'companies'),
    ('002', '区科经委', '浦东新区科经委', 'economy_it'),
    ('002', '区规资局', '浦东新区规划资源局', 'planning_natural_resources'),
    ('002', '临港管委会', '临港新片区管委会', 'local_governments'),
    ('002', '区建交委', '浦东新区建设交通委', 'housing_construction'),
    ('002', '区府办（机管局）', '浦东新区政府办公室（机关事务管理局）', 'government_office'),
    ('002', '区生态环境局', '浦东新区生态环境局', 'ecology_environment'),
    ('002', '区消防救援支队', '浦东新区消防救援支队', 'fire_rescue'),
    ('002', '区农业农村委', '浦东新区农业农村委', 'agriculture'),
    ('002', '区文体（旅游）局', '浦东新区文体旅游局', 'culture_tourism'),
    ('002', '区人社局（医保局）', '浦东新区人力资源社会保障局（医保局）', 'human_resources_social_security'),
    ('002', '区商务委', '浦东新区商务委', 'commerce'),
    ('002', '区教育局', '浦东新区教育局', 'education'),
    ('002', '区市场监管局', '浦东新区市场监管局', 'market_regulation'),
    ('002', '区审计局', '浦东新区审计局', 'audit'),
    ('002', '区政法委', '浦东新区政法委', 'party_political_legal'),
    ('002', '张江集团', '张江集团', 'companies'),
    ('002', '区编办', '浦东新区编办', 'party_political_legal'),
    ('002', '区金融服务局', '浦东新区金融服务局', 'financial_regulation'),
    # 004_06819636498526cc.json
    ('004', '区民政局', '万州区民政局', 'civil_affairs'),
    ('004', '区财政局', '万州区财政局', 'finance'),
    ('004', '区政府办公室', '万州区政府办公室', 'government_office'),
    ('004', '区发展改革委', '万州区发展改革委', 'development_reform'),
    ('004', '区教委', '万州区教委', 'education'),
    ('004', '区经济信息委', '万州区经济信息委', 'economy_it'),
    ('004', '区人力社保局', '万州区人力资源社会保障局', 'human_resources_social_security'),
    ('004', '区规划自然资源局', '万州区规划资源局', 'planning_natural_resources'),
    ('004', '区住房城乡建委', '万州区住房城乡建委', 'housing_construction'),
    ('004', '区城市管理局', '万州区城市管理局', 'urban_management'),
    ('004', '区商务委', '万州区商务委', 'commerce'),
    ('004', '区卫生健康委', '万州区卫生健康委', 'health'),
    ('004', '区市场监管局', '万州区市场监管局', 'market_regulation'),
    ('004', '区大数据发展局', '万州区大数据发展局', 'big_data'),
    ('004', '各镇乡人民政府', '万州区乡镇街道', 'township_street_governments'),
    ('004', '街道办事处', '万州区乡镇街道', 'township_street_governments'),
    ('004', '区大数发展局', '万州区大数据发展局', 'big_data'),
    # e03_beijing_ai_plus_action_plan_2024_2025.json
    ('e03', '市经济和信息化局', '北京市经济和信息化局', 'economy_it'),
    ('e03', '市教委', '北京市教委', 'education'),
    ('e03', '市卫生健康委', '北京市卫生健康委', 'health'),
    ('e03', '市医保局', '北京市医保局', 'healthcare_security'),
    ('e03', '市委宣传部', '北京市委宣传部', 'party_political_legal'),
    ('e03', '市文化和旅游局', '北京市文化旅游局', 'culture_tourism'),
    ('e03', '市自动驾驶办公室', '北京市自动驾驶办公室', 'economy_it'),
    ('e03', '市交通委', '北京市交通委', 'transport'),
    ('e03', '市公安局交管局', '北京市公安局交管局', 'public_security'),
    ('e03', '市科委中关村管委会', '北京市科委中关村管委会', 'science_technology'),
    ('e03', '市政务和数据局', '北京市政务服务和数据管理局', 'big_data'),
    ('e03', '国家金融监管总局北京监管局', '国家金融监管总局北京监管局', 'financial_regulation'),
    ('e03', '市委金融办', '北京市委金融办', 'financial_regulation'),
    ('e03', '市高级人民法院', '北京市高级人民法院', 'courts'),
    ('e03', '市广电局', '北京市广电局', 'radio_television'),
    ('e03', '市城市管理委', '北京市城市管理委', 'urban_management'),
    ('e03', '市国资委', '北京市国资委', 'state_assets'),
    ('e03', '市委网信办', '北京市委网信办', 'cyberspace'),
    ('e03', '市公安局', '北京市公安局', 'public_security'),
    # e04_anhui_industrial_internet_action_plan_2021_2023.json
    ('e04', '省通信管理局', '安徽省通信管理局', 'telecom_regulation'),
    ('e04', '省铁塔公司', '安徽省铁塔公司', 'companies'),
    ('e04', '各基础电信企业', '基础电信企业', 'companies'),
    ('e04', '各市人民政府', '安徽省各市人民政府', 'local_governments'),
    ('e04', '省经济和信息化厅', '安徽省经济和信息化厅', 'economy_it'),
    ('e04', '相关市人民政府', '安徽省各市人民政府', 'local_governments'),
    ('e04', '省数据资源局', '安徽省数据资源局', 'big_data'),
    ('e04', '省国资委', '安徽省国资委', 'state_assets'),
    ('e04', '省推进工业互联网创新发展专项工作组', '安徽省推进工业互联网创新发展专项工作组', 'task_forces'),
    ('e04', '省应急厅', '安徽省应急管理厅', 'emergency_management'),
    ('e04', '省住建厅', '安徽省住房城乡建设厅', 'housing_construction'),
    ('e04', '省农业农村厅', '安徽省农业农村厅', 'agriculture'),
    ('e04', '省发展改革委', '安徽省发展改革委', 'development_reform'),
    ('e04', '省商务厅', '安徽省商务厅', 'commerce'),
    ('e04', '省科技厅', '安徽省科技厅', 'science_technology'),
    ('e04', '省市场监督管理局', '安徽省市场监管局', 'market_regulation'),
    ('e04', '省公安厅', '安徽省公安厅', 'public_security'),
    ('e04', '省教育厅', '安徽省教育厅', 'education'),
    # e05_guizhou_resume_work_economic_recovery_action_2022.json
    ('e05', '省发展改革委', '贵州省发展改革委', 'development_reform'),
    ('e05', '其他省直有关部门和单位', '贵州省有关部门', 'relevant_departments'),
    ('e05', '各市〔州〕', '贵州省各市人民政府', 'local_governments'),
    ('e05', '各县〔市、区、特区〕人民政府', '贵州省各县（市、区）人民政府', 'local_governments'),
    ('e05', '省工业和信息化厅', '贵州省工业和信息化厅', 'economy_it'),
    ('e05', '省农业农村厅', '贵州省农业农村厅', 'agriculture'),
    ('e05', '省商务厅', '贵州省商务厅', 'commerce'),
    ('e05', '省文化和旅游厅', '贵州省文化和旅游厅', 'culture_tourism'),
    ('e05', '省卫生健康委', '贵州省卫生健康委', 'health'),
    ('e05', '省交通运输厅', '贵州省交通运输厅', 'transport'),
    ('e05', '省能源局', '贵州省能源局', 'energy'),
    ('e05', '省大数据局', '贵州省大数据局', 'big_data'),
    ('e05', '省财政厅', '贵州省财政厅', 'finance'),
    ('e05', '各市〔州〕人民政府', '贵州省各市人民政府', 'local_governments'),
    ('e05', '贵阳市', '贵阳市人民政府', 'local_governments'),
    ('e05', '遵义市', '遵义市人民政府', 'local_governments'),
    ('e05', '安顺市', '安顺市人民政府', 'local_governments'),
    ('e05', '毕节市', '毕节市人民政府', 'local_governments'),
    ('e05', '铜仁市', '铜仁市人民政府', 'local_governments'),
    ('e05', '黔南州人民政府', '黔南布依族苗族自治州人民政府', 'local_governments'),
    ('e05', '省公安厅', '贵州省公安厅', 'public_security'),
    ('e05', '相关市〔州〕人民政府', '贵州省各市人民政府', 'local_governments'),
    ('e05', '贵州中烟公司', '贵州中烟公司', 'companies'),
    ('e05', '贵州金控集团', '贵州金控集团', 'companies'),
    ('e05', '黔晟国资公司', '黔晟国资公司', 'companies'),
    ('e05', '省“双找”工作专班', '贵州省“双找”工作专班', 'task_forces'),
    ('e05', '省地方金融监管局', '贵州省地方金融监管局', 'financial_regulation'),
    ('e05', '人民银行贵阳中心支行', '人民银行贵阳中心支行', 'financial_regulation'),
    ('e05', '贵州银保监局', '贵州省银保监局', 'financial_regulation'),
    ('e05', '省人力资源社会保障厅', '贵州省人力资源社会保障厅', 'human_resources_social_security'),
    ('e05', '省自然资源厅', '贵州省自然资源厅', 'planning_natural_resources'),
    ('e05', '省税务局', '贵州省税务局', 'tax'),
    ('e05', '省生态环境厅', '贵州省生态环境厅', 'ecology_environment'),
    ('e05', '省推进项目建设“三级”联动协调机制工作专班', '贵州省推进项目建设“三级”联动协调机制工作专班', 'task_forces'),
    ('e05', '国开行贵州省分行', '国家开发银行贵州省分行', 'companies'),
    ('e05', '农发行贵州省分行', '农业发展银行贵州省分行', 'companies'),
    ('e05', '进出口银行贵州省分行', '进出口银行贵州省分行', 'companies'),
    ('e05', '其他省直有关部门', '贵州省有关部门', 'relevant_departments'),
    ('e05', '省委宣传部', '贵州省委宣传部', 'party_political_legal'),
    ('e05', '省住房城乡建设厅', '贵州省住房城乡建设厅', 'housing_construction'),
    ('e05', '省林业局', '贵州省林业局', 'forestry'),
    ('e05', '省市场监管局', '贵州省市场监管局', 'market_regulation'),
    ('e05', '国家矿山安全监察局贵州局', '国家矿山安全监察局贵州局', 'emergency_management'),
    ('e05', '省应急厅', '贵州省应急管理厅', 'emergency_management'),
    ('e05', '省粮食和储备局', '贵州省粮食和储备局', 'grain_reserves'),
    ('e05', '省教育厅', '贵州省教育厅', 'education'),
    ('e05', '省国资委', '贵州省国资委', 'state_assets'),
    ('e05', '省民政厅', '贵州省民政厅', 'civil_affairs'),
    # e07_jiyuan_market_confidence_policy_measures_2023.json
    ('e07', '示范区发展改革和统计局(商务局)', '济源市发展改革和统计局（商务局）', 'development_reform'),
    ('e07', '示范区财政金融局', '济源市财政金融局', 'finance'),
    ('e07', '示范区发展改革和统计局', '济源市发展改革和统计局', 'development_reform'),
    ('e07', '示范区交通运输局', '济源市交通运输局', 'transport'),
    ('e07', '住房和城乡建设局', '济源市住房城乡建设局', 'housing_construction'),
    ('e07', '自然资源和规划局', '济源市自然资源和规划局', 'planning_natural_resources'),
    ('e07', '机关事务管理局', '济源市机关事务管理局', 'government_office'),
    ('e07', '财政金融局', '济源市财政金融局', 'finance'),
    ('e07', '示范区总工会', '济源市总工会', 'trade_union'),
    ('e07', '民政局', '济源市民政局', 'civil_affairs'),
    ('e07', '各镇人民政府', '济源市乡镇街道', 'township_street_governments'),
    ('e07', '各街道办事处', '济源市乡镇街道', 'township_street_governments'),
    ('e07', '示范区农业农村局', '济源市农业农村局', 'agriculture'),
    ('e07', '示范区文化广电和旅游局', '济源市文化广电和旅游局', 'culture_tourism'),
    ('e07', '市文化旅游投资集团', '济源市文化旅游投资集团', 'companies'),
    ('e07', '人行济源市中心支行', '人民银行济源市中心支行', 'financial_regulation'),
    ('e07', '示范区住房和城乡建设局', '济源市住房城乡建设局', 'housing_construction'),
    ('e07', '示范区工业和科技创新委员会', '济源市工业和科技创新委员会', 'economy_it'),
    ('e07', '示范区自然资源和规划局', '济源市自然资源和规划局', 'planning_natural_resources'),
    ('e07', '发展改革和统计局', '济源市发展改革和统计局', 'development_reform'),
    ('e07', '税务局', '济源市税务局', 'tax'),
    ('e07', '市科学院', '济源市科学院', 'science_technology'),
    ('e07', '示范区党工委组织部', '济源市党工委组织部', 'party_political_legal'),
    ('e07', '人力资源和社会保障局', '济源市人力资源社会保障局', 'human_resources_social_security'),
    ('e07', '工业和科技创新委员会', '济源市工业和科技创新委员会', 'economy_it'),
    ('e07', '高新技术产业开发区', '济源市高新技术产业开发区管委会', 'local_governments'),
    ('e07', '经济技术开发区', '济源市经济技术开发区管委会', 'local_governments'),
    ('e07', '示范区税务局', '济源市税务局', 'tax'),
    ('e07', '示范区市场监督管理局', '济源市市场监管局', 'market_regulation'),
    ('e07', '河南银保监局济源监管组', '河南省银保监局济源监管组', 'financial_regulation'),
    ('e07', '济源海关', '济源市海关', 'customs'),
    ('e07', '示范区人力资源和社会保障局', '济源市人力资源社会保障局', 'human_resources_social_security'),
    ('e07', '示范区人力资源社会保障局', '济源市人力资源社会保障局', 'human_resources_social_security'),
    ('e07', '示范区民政局', '济源市民政局', 'civil_affairs'),
    ('e07', '农业农村局', '济源市农业农村局', 'agriculture'),
    ('e07', '市场监督管理局', '济源市市场监管局', 'market_regulation'),
    ('e07', '示范区教育体育局', '济源市教育体育局', 'education'),
    ('e07', '卫生健康委员会', '济源市卫生健康委', 'health'),
    ('e07', '示范区卫生健康委员会', '济源市卫生健康委', 'health'),
    ('e07', '济源供电公司', '济源市供电公司', 'companies'),
    ('e07', '示范区乡村振兴局', '济源市乡村振兴局', 'agriculture'),
    ('e07', '水利局', '济源市水利局', 'water'),
    ('e07', '市农机局', '济源市农机局', 'agriculture'),
    ('e07', '示范区应急管理局', '济源市应急管理局', 'emergency_management'),
    ('e07', '公安局', '济源市公安局', 'public_security'),
    ('e07', '交通运输局', '济源市交通运输局', 'transport'),
    ('e07', '市消防救援支队', '济源市消防救援支队', 'fire_rescue'),
    # p04_guangdong_dongguan_q1_economy_measures_2026.json
    ('p04', '市工业和信息化局', '东莞市工业和信息化局', 'economy_it'),
    ('p04', '市市场监管局', '东莞市市场监管局', 'market_regulation'),
    ('p04', '市发展改革局', '东莞市发展改革局', 'development_reform'),
    ('p04', '市交通运输局', '东莞市交通运输局', 'transport'),
    ('p04', '市水务局', '东莞市水务局', 'water'),
    ('p04', '市城市管理综合执法局', '东莞市城市管理综合执法局', 'urban_management'),
    ('p04', '东莞供电局', '东莞供电局', 'companies'),
    ('p04', '市住房城乡建设局', '东莞市住房城乡建设局', 'housing_construction'),
    ('p04', '市自然资源局', '东莞市自然资源局', 'planning_natural_resources'),
    ('p04', '市投资促进局', '东莞市投资促进局', 'commerce'),
    ('p04', '市轨道交通局', '东莞市轨道交通局', 'transport'),
    ('p04', '市生态环境局', '东莞市生态环境局', 'ecology_environment'),
    ('p04', '市人力资源社会保障局', '东莞市人力资源社会保障局', 'human_resources_social_security'),
    ('p04', '市商务局', '东莞市商务局', 'commerce'),
    ('p04', '市贸促会', '东莞市贸促会', 'commerce'),
    ('p04', '东莞港务集团', '东莞港务集团', 'companies'),
    ('p04', '市文广旅体局', '东莞市文广旅体局', 'culture_tourism'),
    ('p04', '市总工会', '东莞市总工会', 'trade_union'),
    ('p04', '有关行业主管部门', '东莞市有关部门', 'relevant_departments'),
    ('p04', '市财政局', '东莞市财政局', 'finance'),
    ('p04', '市政务服务和数据管理局', '东莞市政务服务和数据管理局', 'big_data'),
    ('p04', '市农业农村局', '东莞市农业农村局', 'agriculture'),
    ('p04', '市民政局', '东莞市民政局', 'civil_affairs'),
    ('p04', '市退役军人事务局', '东莞市退役军人事务局', 'veterans_affairs'),
    ('p04', '市残联', '东莞市残联', 'disabled_persons_federation'),
    ('p04', '市应急管理局', '东莞市应急管理局', 'emergency_management'),
    # p06_guangdong_boost_consumption_measures_2023.json
    ('p06', '各地级以上市人民政府', '广东省各市人民政府', 'local_governments'),
    ('p06', '省公安厅', '广东省公安厅', 'public_security'),
    ('p06', '发展改革委', '广东省发展改革委', 'development_reform'),
    ('p06', '省发展改革委', '广东省发展改革委', 'development_reform'),
    ('p06', '住房城乡建设厅', '广东省住房城乡建设厅', 'housing_construction'),
    ('p06', '交通运输厅', '广东省交通运输厅', 'transport'),
    ('p06', '商务厅', '广东省商务厅', 'commerce'),
    ('p06', '能源局', '广东省能源局', 'energy'),
    ('p06', '省税务局', '广东省税务局', 'tax'),
    ('p06', '广东电网有限责任公司', '广东电网有限责任公司', 'companies'),
    ('p06', '省商务厅', '广东省商务厅', 'commerce'),
    ('p06', '公安厅', '广东省公安厅', 'public_security'),
    ('p06', '国家金融监督管理总局广东监管局', '国家金融监管总局广东监管局', 'financial_regulation'),
    ('p06', '财政厅', '广东省财政厅', 'finance'),
    ('p06', '教育厅', '广东省教育厅', 'education'),
    ('p06', '工业和信息化厅', '广东省工业和信息化厅', 'economy_it'),
    ('p06', '市场监管局', '广东省市场监管局', 'market_regulation'),
    ('p06', '省工业和信息化厅', '广东省工业和信息化厅', 'economy_it'),
    ('p06', '民政厅', '广东省民政厅', 'civil_affairs'),
    ('p06', '生态环境厅', '广东省生态环境厅', 'ecology_environment'),
    ('p06', '省邮政管理局', '广东省邮政管理局', 'postal'),
    ('p06', '省住房城乡建设厅', '广东省住房城乡建设厅', 'housing_construction'),
    ('p06', '自然资源厅', '广东省自然资源厅', 'planning_natural_resources'),
    ('p06', '国资委', '广东省国资委', 'state_assets'),
    ('p06', '机关事务管理局', '广东省机关事务管理局', 'government_office'),
    ('p06', '中国人民银行广东省分行', '人民银行广东省分行', 'financial_regulation'),
    ('p06', '人力资源社会保障厅', '广东省人力资源社会保障厅', 'human_resources_social_security'),
    ('p06', '农业农村厅', '广东省农业农村厅', 'agriculture'),
    ('p06', '省委宣传部', '广东省委宣传部', 'party_political_legal'),
    ('p06', '省文化和旅游厅', '广东省文化和旅游厅', 'culture_tourism'),
    ('p06', '省总工会', '广东省总工会', 'trade_union'),
    ('p06', '省民政厅', '广东省民政厅', 'civil_affairs'),
    ('p06', '卫生健康委', '广东省卫生健康委', 'health'),
    ('p06', '文化和旅游厅', '广东省文化和旅游厅', 'culture_tourism'),
    ('p06', '省体育局', '广东省体育局', 'sports'),
    ('p06', '横琴粤澳深度合作区执委会', '横琴粤澳深度合作区执委会', 'local_governments'),
    ('p06', '省卫生健康委', '广东省卫生健康委', 'health'),
    ('p06', '省农业农村厅', '广东省农业农村厅', 'agriculture'),
    ('p06', '省供销社', '广东省供销社', 'supply_marketing_cooperatives'),
    ('p06', '广电局', '广东省广电局', 'radio_television'),
    ('p06', '省通信管理局', '广东省通信管理局', 'telecom_regulation'),
    ('p06', '体育局', '广东省体育局', 'sports'),
    ('p06', '供销社', '广东省供销社', 'supply_marketing_cooperatives'),
    ('p06', '省市场监管局', '广东省市场监管局', 'market_regulation'),
    # p08_qinghai_xining_housing_demand_measures_2022.json
    ('p08', '市自然资源规划局', '西宁市自然资源和规划局', 'planning_natural_resources'),
    ('p08', '各县区人民政府', '西宁市各县（市、区）人民政府', 'local_governments'),
    ('p08', '各园区管委会', '西宁市各园区管委会', 'local_governments'),
    ('p08', '市城乡建设局', '西宁市城乡建设局', 'housing_construction'),
    ('p08', '市行政审批局', '西宁市行政审批局', 'government_services'),
    ('p08', '市人防办', '西宁市人防办', 'civil_air_defence'),
    ('p08', '市金融办', '西宁市金融办', 'financial_regulation'),
    ('p08', '公积金管理中心', '西宁市公积金管理中心', 'housing_provident_fund'),
    ('p08', '市住房保障房产局', '西宁市住房保障房产局', 'housing_construction'),
    ('p08', '市市场监管局', '西宁市市场监管局', 'market_regulation'),
    ('p08', '市委人才办', '西宁市委人才办', 'party_political_legal'),
    ('p08', '市人力资源社会保障局', '西宁市人力资源社会保障局', 'human_resources_social_security'),
    ('p08', '市财政局', '西宁市财政局', 'finance'),
    ('p08', '市发展改革委', '西宁市发展改革委', 'development_reform'),
    ('p08', '市公安局', '西宁市公安局', 'public_security'),
    ('p08', '市信访局', '西宁市信访局', 'petitions'),
    ('p08', '市委网信办', '西宁市委网信办', 'cyberspace'),
    # p09_anhui_suzhou_property_market_measures_2023.json
    ('p09', '市房管中心', '宿州市房管中心', 'housing_construction'),
    ('p09', '市商务局', '宿州市商务局', 'commerce'),
    ('p09', '市财政局', '宿州市财政局', 'finance'),
    ('p09', '市住房和城乡建设局', '宿州市住房城乡建设局', 'housing_construction'),
    ('p09', '市自然资源和规划局', '宿州市自然资源和规划局', 'planning_natural_resources'),
    ('p09', '人民银行宿州市分行', '人民银行宿州市分行', 'financial_regulation'),
    ('p09', '国家金融监督管理总局宿州监管分局', '国家金融监管总局宿州监管分局', 'financial_regulation'),
    ('p09', '市地方金融监管局', '宿州市地方金融监管局', 'financial_regulation'),
    ('p09', '各县区人民政府', '宿州市各县（市、区）人民政府', 'local_governments'),
    ('p09', '市管各园区管委会', '宿州市各园区管委会', 'local_governments'),
    ('p09', '市税务局', '宿州市税务局', 'tax'),
    ('p09', '市发改委', '宿州市发展改革委', 'development_reform'),
    ('p09', '市公积金中心', '宿州市公积金管理中心', 'housing_provident_fund'),
    ('p09', '市城管局', '宿州市城市管理局', 'urban_management'),
    ('p09', '市政务服务局', '宿州市政务服务局', 'government_services'),
]


@pytest.mark.parametrize("doc, mention, name, function", GOLD_CASES)
def test_gold_mentions(doc, mention, name, function):
    r = resolve_unit(mention, JURISDICTION[doc])
    assert (r.name, r.function_code) == (name, function)


def _gold_mentions():
    """(document, mention, jurisdiction found from its head) for every gold unit mention."""
    places = load_places()
    for gold_dir, text_dir in GOLD_SOURCES:
        for gold in sorted((SHARED / gold_dir).glob("*.json")):
            head = (SHARED / text_dir / (gold.stem + ".txt")).read_text(encoding="utf-8")[:HEAD_CHARS]
            jurisdiction = places.jurisdiction_of(head)
            data = json.loads(gold.read_text(encoding="utf-8"))
            for section in ("tasks", "subtasks", "targets"):
                for item in data.get(section, []):
                    for field in ("lead_units", "units"):
                        for mention in item.get(field) or []:
                            yield gold.stem, mention, jurisdiction


@pytest.mark.skipif(not SHARED.exists(), reason=f"{SHARED} (the gold) is not beside this clone")
def test_gold_resolution_rate():
    mentions = list(_gold_mentions())
    results = [(doc, m, resolve_unit(m, j)) for doc, m, j in mentions]
    other = [(doc, m, r.name) for doc, m, r in results if r.function_code == "other"]
    fuzzy = sorted({(doc[:3], m, r.name, r.score) for doc, m, r in results if r.method == "fuzzy"})
    rate = 1 - len(other) / len(results)
    print(f"\nunit mentions: {len(results)}, resolved to a function other than 'other': {rate:.4f}")
    for doc, m, name in sorted(set(other)):
        print(f"  unresolved: {doc} {m!r} -> {name}")
    for row in fuzzy:
        print(f"  fuzzy: {row}")
    assert len(results) > 1000
    assert rate >= MIN_RESOLVED_RATE


@pytest.mark.skipif(not SHARED.exists(), reason=f"{SHARED} (the gold) is not beside this clone")
def test_both_chongming_plans_share_their_units():
    by_canonical = defaultdict(set)
    for doc, mention, jurisdiction in _gold_mentions():
        if doc.startswith(("000_", "001_")):
            r = resolve_unit(mention, jurisdiction)
            by_canonical[r.canonical].add((doc[:3], r.name, r.unit_id))
    shared = [c for c, seen in by_canonical.items() if {d for d, _, _ in seen} == {"000", "001"}]
    assert len(shared) >= 10
    for canonical in shared:
        names = {(name, uid) for _, name, uid in by_canonical[canonical]}
        assert len(names) == 1, (canonical, names)
    assert ("001", "崇明区人力资源社会保障局", unit_id("崇明区人力资源社会保障局", "310151")) \
        in by_canonical["人力资源社会保障局"]


# -- bodies named by what they do, and townships named by their place (issue 11) -----------------------
def keyword_rows():
    with (Path(__file__).resolve().parents[1] / "schema" / "function_keywords.tsv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.parametrize("row", keyword_rows(), ids=lambda r: r["keyword"])
def test_every_function_keyword_names_a_known_function_and_its_example(row):
    assert row["function"] in load_unit_functions()
    example = row["example"].split(" ")[0]
    assert row["keyword"] in example
    assert function_by_keyword(example) == row["function"]


@pytest.mark.parametrize("mention, jurisdiction, function, method", [
    ("设施养护处", "上海市", "transport", "keyword"),                       # h08, a commission's own office
    ("市道运中心", "上海市", "transport", "keyword"),                       # h08
    ("区土储中心", "嘉定区", "planning_natural_resources", "keyword"),      # dev set
    ("区投促办", "黄浦区", "commerce", "keyword"),                          # h02
    ("江宁路街道", "静安区", "township_street_governments", "pattern"),     # h01
    ("青村镇", "奉贤区", "township_street_governments", "pattern"),          # h07
    ("打浦桥街道管理办", "黄浦区", "township_street_governments", "pattern"),  # h02
    ("各区", "上海市", "local_governments", "alias"),                        # h08
    ("各相关部门和单位", "上海市", "relevant_departments", "alias"),           # h08
])
def test_bodies_beyond_the_alias_list(mention, jurisdiction, function, method):
    res = resolve_unit(mention, jurisdiction)
    assert (res.function_code, res.method) == (function, method)


def test_a_known_name_wins_over_a_keyword():
    # 区规划资源局 is in the vocabulary; the keyword 规划 is only a fallback
    assert resolve_unit("区规划资源局", "静安区").method in ("exact", "alias")
