"""Canonical metric tagging: rule cases, then every gold target.

The gold cases feed each annotated target's ``metric``, first quote (as the
context) and unit to ``match_canonical`` and expect its ``canonical``.
"""

import json
import os
import re
from pathlib import Path

import pytest

from extract.figures.metrics import load_metrics, match_canonical

SHARED_DIR = Path(os.environ.get("KB_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
GOLD_DIRS = [SHARED_DIR / "gold", SHARED_DIR / "devset" / "gold", SHARED_DIR / "devset" / "html" / "gold"]
GUIDE_PATH = SHARED_DIR / "gold" / "GUIDE.md"
MIN_PRECISION = MIN_RECALL = 0.95


def gold_cases():
    """(id, metric, context, unit, expected canonical) for every gold target."""
    cases = []
    for folder in GOLD_DIRS:
        for path in sorted(folder.glob("*.json")):
            targets = json.loads(path.read_text(encoding="utf-8"))["targets"]
            for index, target in enumerate(targets):
                cases.append(
                    pytest.param(
                        target["metric"],
                        target["quotes"][0],
                        target["unit"],
                        target.get("canonical"),
                        id=f"{path.stem[:12]}#{index}:{target['metric'][:16]}",
                    )
                )
    return cases


GOLD_CASES = gold_cases()
GOLD_TAGGED = [case for case in GOLD_CASES if case.values[3]]
GOLD_UNTAGGED = [case for case in GOLD_CASES if not case.values[3]]
needs_gold = pytest.mark.skipif(not GOLD_CASES, reason=f"no gold files under {SHARED_DIR}")


# (metric, context, unit, expected), grouped by metric; each rule is shown
# matching and refusing a neighbour it must not take.
RULE_CASES = [
    # elderly_beds_total: a district-wide count of beds, 张
    ("养老床位总量", "到2024年全区养老床位总量不少于9888张", "张", "elderly_beds_total"),
    ("养老床位", "全区养老床位从 0.84 万张增加到 1.01 万张", "张", "elderly_beds_total"),  # 001, scope in the context
    ("养老床位", "合理设置养老床位50张左右", "张", None),  # 003, no district-wide scope
    ("新建住宅小区配建养老床位数", "合理设置养老床位50张左右", "张", None),  # 003, one estate
    ("全市养老床位总量（市级政策目标）", "不少于17.8万张", "张", None),  # 001, quoted municipal policy
    # elderly_beds_per_elderly: beds as % of registered elderly, denominator may sit in the context
    ("养老床位", "按照户籍老年人口的3.5%落实各乡镇养老床位责任指标", "%", "elderly_beds_per_elderly"),
    ("全区养老床位总数占户籍老年人口比例", "确保全区养老床位总数不低于户籍老年人口的3.1%", "%", "elderly_beds_per_elderly"),
    ("各镇养老床位总数占辖区户籍老年人口比例", "各镇、街道养老床位总数分别按不低于辖区户籍老年人口的3.5%", "%", None),
    ("养老床位", "养老床位总数不低于3.1%", "%", None),  # no denominator anywhere
    # basic_beds_per_elderly: 保基本 + 床位 + %
    ("保基本床位数", "保基本床位数不低于户籍老年人口的1.5%", "%", "basic_beds_per_elderly"),
    ("保基本床位老年人居室每间床位数", "老年人居室每间以2-4床为主", "床", None),
    # nursing_bed_share: share, not count; not dementia; not rural homes only
    ("护理型床位占比", "全区护理型养老床位占比不低于60%", "%", "nursing_bed_share"),
    ("护理型床位", "其中护理型床位不低于 60%", "%", "nursing_bed_share"),
    ("护理型床位建设数量", "全区完成约 6000 张护理型床位建设", "张", None),
    ("农村特困人员供养服务机构护理型床位占比", "农村特困人员供养服务机构护理型床位占比(%) 60", "%", None),
    ("认知障碍照护护理型床位占比", "认知障碍照护护理型床位占比达到20%", "%", None),
    # dementia_care_beds
    ("老年认知障碍照护床位数", "老年认知障碍照护床位数达到300张", "张", "dementia_care_beds"),
    ("认知症照护床位", "全市新建或改建认知症照护床位300张", "张", "dementia_care_beds"),
    ("具备失能（失智）特困人员集中供养服务功能的机构建成数", "机构建成数(家) 3", "家", None),
    # community_facility_area: per 1,000 residents, 平方米
    ("社区养老服务设施建筑面积", "社区养老服务设施建筑面积不低于常住人口每千人55平方米", "平方米", "community_facility_area"),
    ("新建住宅小区养老服务设施配建面积（每百户）", "新建住宅小区按照每百户20至30平方米标准", "平方米", None),
    ("社区养老服务站面积", "社区养老服务站面积原则上不低于300平方米", "平方米", None),
    ("养老服务设施人均用地标准", "严格按照人均用地不少于0.2平方米的标准", "平方米", None),
    # meal_service_capacity: capacity as % or meals per day, not a count of sites
    ("助餐服务供给能力", "助餐服务供给能力达到65岁以上户籍老年人口的5%", "%", "meal_service_capacity"),
    ("老年助餐日供客能力", "全区助餐服务日供应能力达到 9000 客", "客", "meal_service_capacity"),
    ("新增社区老年助餐服务场所数", "新增约 26 个社区老年助餐服务场所", "个", None),
    # home_adaptation_households: households, 户
    ("家庭适老化改造户数", "完成500户家庭适老化改造", "户", "home_adaptation_households"),
    ("养老服务设施适老化改造数量", "不少于8处养老服务设施适老化改造", "处", None),
    # caregiver_certified_share: certificate holders among care workers
    ("具有职业资格证书护理员占比", "全区具有职业资格证书护理员占比达到100%", "%", "caregiver_certified_share"),
    ("持证上岗率", "培训养老护理员2000人次，持证上岗率达到90%以上", "%", "caregiver_certified_share"),
    ("具有技能等级证书的护理员占比", "具有技能等级证书的护理员占比达到80%", "%", None),
    ("专业人员持证上岗率", "消防管理等服务的专业人员持证上岗率达到100％", "%", None),
    # social_workers_per_beds: per beds or per institution, not per elderly
    ("每百张养老床位配备社会工作者数", "每百张养老床位至少配备1名社会工作者", "名", "social_workers_per_beds"),
    ("社会工作者", "每个养老机构和乡镇养老综合体至少配备1名社会工作者", "名", "social_workers_per_beds"),
    ("每千名老年人配备社会工作者数", "实现每千名老年人、每百张养老床位至少配备1名社会工作者", "名", None),
    ("为老服务社工和志愿者人数", "各村（社）为老服务社工、志愿者达到30人以上", "人", None),
    # medical_care_integration_share: a %, never a count of institutions
    ("医养结合的养老机构占比", "医养结合的养老机构占比达到40%", "%", "medical_care_integration_share"),
    ("省级医养结合示范机构数", "10家省级医养结合示范机构", "家", None),  # p06
    # public_institution_occupancy
    ("公办养老机构平均入住率", "公办养老机构平均入住率不低于70%", "%", "public_institution_occupancy"),
    ("养老机构入住率", "民办养老机构入住率达到60%", "%", None),  # not the public ones
    # family_doctor_signing_rate
    ("家庭医生签约服务率", "家庭医生签约服务率 (%) ≥ 50", "%", "family_doctor_signing_rate"),
    # caregiver_training: people trained, not a rate or class hours
    ("培训养老护理员人次", "到2025年，培训养老护理员2000人次", "人次", "caregiver_training"),
    ("养老护理员岗前培训率", "养老护理员岗前培训率达到100％", "%", None),
    ("接受大专学历教育的护理员人数", "接受大专学历教育的护理员人数不少于50人", "人", None),
    ("职业技能培训人次", "全年完成各类职业技能培训4万人次", "人次", None),  # e07, not care workers
    # home_care_coverage
    ("接受上门服务的居家老人数占比", "接受上门服务的居家老人数占比不低于18%", "%", "home_care_coverage"),
    ("特殊困难老年人居家上门服务及月探访率", "居家上门服务及月探访率达到100%", "%", None),
    # smart_care_scenarios
    ("示范性“智慧养老”应用场景数", "全区至少形成3－4个具有示范性的“智慧养老”应用场景", "个", "smart_care_scenarios"),
    # day_care_centers
    ("日间照护机构数量", "日间照护机构达到120家", "家", "day_care_centers"),
    ("乡村长者照护之家数", "改造新增3家乡村长者照护之家", "家", None),  # 000, residential homes
    # community_service_centers: comprehensive centres, not stations or rural homes
    ("综合为老服务中心数量", "到“十四五”末，全区综合为老服务中心达到80家", "家", "community_service_centers"),
    ("乡镇养老服务中心", "到2022年，建成41个乡镇养老服务中心", "个", "community_service_centers"),
    ("社区养老服务站数量", "建成30个养老服务中心、129个社区养老服务站", "个", None),
    ("标准化农村区域性养老服务中心建成数", "标准化农村区域性养老服务中心建成数(家) 2", "家", None),
    ("街道养老服务中心一次性建设补助", "给予一次性200万元的建设补助", "万元", None),
    # rehab_aid_rental_points
    ("康复辅具社区租赁服务实体点", "每个乡镇至少建设1个康复辅具社区租赁服务实体点", "个", "rehab_aid_rental_points"),
    # elderly_health_management_rate
    ("老年人健康管理率", "老年人健康管理率 (%) 72 ≥ 72", "%", "elderly_health_management_rate"),
    ("0-6岁儿童保健管理率", "0-6 岁儿童保健管理率 (%) 99.13 ≥ 95", "%", None),
    # childcare_places_per_1000: per 1,000 residents, not a count of places
    ("托位数", "每千常住人口拥有托位数达 4.5 位", "位", "childcare_places_per_1000"),
    ("社区托育托额", "提供 1280 个社区托育托额", "个", None),
    ("普惠性托育托额", "提供普惠性托育托额 (个) 2200", "个", None),
    # whitespace and quotation marks from table cells do not matter
    ("康复辅具社区租赁服务实体点乡镇 覆盖率", "覆盖率 (%) 72 100", "%", "rehab_aid_rental_points"),
    # no unit, no phrase: nothing to tag
    ("护理型床位占比", "护理型床位占比不低于60", None, None),
    ("", "全区护理型养老床位占比不低于60%", "%", None),
]


@pytest.mark.parametrize("metric, context, unit, expected", RULE_CASES)
def test_rule(metric, context, unit, expected):
    assert match_canonical(metric, context, unit) == expected


def guide_metric_ids():
    """The ids in the GUIDE.md table under "Canonical metrics"."""
    text = GUIDE_PATH.read_text(encoding="utf-8")
    section = text.split("### Canonical metrics", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.MULTILINE)


@pytest.mark.skipif(not GUIDE_PATH.exists(), reason="GUIDE.md not found")
def test_metric_ids_are_the_guide_ids():
    assert [m.id for m in load_metrics()] != []
    assert sorted(m.id for m in load_metrics()) == sorted(guide_metric_ids())
    assert len(guide_metric_ids()) == 21


@pytest.mark.parametrize("rule", load_metrics(), ids=lambda rule: rule.id)
def test_metric_is_described_and_consistent(rule):
    assert rule.name_zh and rule.name_en and rule.definition.endswith(".")
    assert rule.all_of, "a rule needs at least one keyword group on the metric phrase"
    assert rule.unit in rule.units


@needs_gold
@pytest.mark.parametrize("metric, context, unit, expected", GOLD_TAGGED)
def test_gold_tagged_target(metric, context, unit, expected):
    assert match_canonical(metric, context, unit) == expected


@needs_gold
@pytest.mark.parametrize("metric, context, unit, expected", GOLD_UNTAGGED)
def test_gold_untagged_target(metric, context, unit, expected):
    assert match_canonical(metric, context, unit) is None


@needs_gold
def test_gold_precision_and_recall():
    true_positive = false_positive = false_negative = 0
    misses = []
    for case in GOLD_CASES:
        metric, context, unit, expected = case.values
        found = match_canonical(metric, context, unit)
        if found == expected:
            true_positive += found is not None
            continue
        false_positive += found is not None
        false_negative += expected is not None
        misses.append(f"{case.id}: expected {expected}, got {found}")
    precision = true_positive / max(true_positive + false_positive, 1)
    recall = true_positive / max(true_positive + false_negative, 1)
    print(f"canonical on gold: precision {precision:.3f}, recall {recall:.3f}, {len(misses)} misses")
    print("\n".join(misses))
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, "\n".join(misses)
