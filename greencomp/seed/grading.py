"""Demo and synthetic data of the grading campaign.

`seed_grading_demo(users)` — a current copy of the 2021 campaign (dates moved so that the list can be filed and
the batches are open today), `eco-zhengzhou` as 郑州市's officer, demo enterprises with levels (one in two
industries), list rows and an assessment. Idempotent.
`synthetic_grading(scale)` — "province": 5,000 improvement-list rows and their enterprises over the 18 cities;
"national": 50,000 (bulk_create)."""

import datetime
import json
import random

from django.db import transaction
from django.utils import timezone

from applications.models import (
    LEVEL_RANK,
    EnterpriseIndustry,
    GradingEnterprise,
    ImprovementItem,
    ImprovementList,
)
from applications.selectors_grading import industries_of
from applications.services_grading import enterprise_save, improvement_items_add
from competitions.enums import Role
from competitions.models import Membership, Phase
from greencomp.models import User
from greencomp.seed.fixtures import FIXTURES_DIR
from quotas.services_grading import grading_fixture_load, grading_tallies_refresh
from reviews.models import AssessmentBatch
from reviews.services_grading import assessment_record

FIXTURE = FIXTURES_DIR / "grading_2021_henan.json"
DEMO_TITLE = "河南省重点行业绩效分级提升行动（演示）"
BATCHES_OPENED_DAYS_AGO = 10

# name, county, industries, level
ZHENGZHOU = [
    ("郑州华鑫铸造有限公司", "新郑市", ["铸造", "工业涂装"], "C"),
    ("河南中孚耐火材料有限公司", "巩义市", ["耐火材料"], "B"),
    ("郑州宏达包装印刷有限公司", "金水区", ["包装印刷"], "C"),
    ("登封市嵩阳水泥有限公司", "登封市", ["水泥"], "A"),
    ("新密市豫中砖瓦有限公司", "新密市", ["砖瓦窑"], "D"),
    ("郑州宇达客车制造有限公司", "管城回族区", ["汽车整车制造"], "B-"),
    ("荥阳市长城家具有限公司", "荥阳市", ["家具制造"], ""),
    ("郑州中原制药有限公司", "高新区", ["制药"], "C"),
]
OTHER_CITIES = {
    "开封市": [("开封汴龙铸业有限公司", "祥符区", ["铸造"], "B"), ("开封市黄河防水材料有限公司", "兰考县", ["防水建筑材料"], "C"),
              ("开封宋城陶瓷有限公司", "杞县", ["陶瓷"], "C")],
    "洛阳市": [("洛阳伊洛钼业有限公司", "栾川县", ["钼冶炼"], "A"), ("洛阳龙门玻璃有限公司", "偃师区", ["玻璃"], "B"),
              ("洛阳涧西涂装有限公司", "涧西区", ["工业涂装"], "C"), ("洛阳新安电解铝有限公司", "新安县", ["电解铝"], "D")],
}
ITEMS = [
    ("郑州华鑫铸造有限公司", "B", "有组织排放颗粒物≤10mg/m³", "熔炼工序除尘设施老化，无组织排放管控不到位",
     "更换覆膜滤袋除尘器，建设全封闭原料库", 60),
    ("郑州宏达包装印刷有限公司", "B", "VOCs物料全部密闭储存", "使用溶剂型油墨，废气收集效率低",
     "改用水性油墨，建设RTO焚烧装置", 45),
    ("新密市豫中砖瓦有限公司", "C", "脱硫设施稳定运行", "烟气治理设施不完善", "新建双碱法脱硫设施", -5),
    ("郑州中原制药有限公司", "B", "无组织VOCs收集率≥90%", "发酵尾气异味明显", "增设碱洗+活性炭吸附装置", 20),
]


def _data() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@transaction.atomic
def seed_grading_demo(users: dict):
    """The demo step of `seed_demo`; returns the demo campaign. Safe to run again."""


    today = timezone.localdate()
    shift = (today - datetime.timedelta(days=BATCHES_OPENED_DAYS_AGO) - datetime.date(2021, 8, 1)).days
    competition = grading_fixture_load(_data(), by=users["secretariat"], title=DEMO_TITLE, year=today.year,
                                       shift_days=shift, status="active")
    # The list (备案) stays open for the demo although its 2021 date lies before the batches.
    Phase.objects.filter(competition=competition, kind="registration").update(
        opens_at=timezone.now() - datetime.timedelta(days=30), closes_at=timezone.now() + datetime.timedelta(days=30))
    divisions = {d.name: d for d in competition.divisions.all()}
    officer = users["eco-zhengzhou"]
    Membership.objects.get_or_create(user=officer, role=Role.OFFICER, competition=competition,
                                     division=divisions["郑州市"])
    industries = {i.name: i for i in industries_of(competition)}
    made = {}
    for city, rows in [("郑州市", ZHENGZHOU), *OTHER_CITIES.items()]:
        for name, county, names, level in rows:
            enterprise = GradingEnterprise.objects.filter(division=divisions[city], name=name).first()
            if enterprise is None:
                enterprise = enterprise_save(division=divisions[city], name=name, county=county, level=level,
                                             industries=[industries[n] for n in names], by=officer,
                                             level_since=datetime.date(today.year - 1, 12, 1) if level else None)
            made[name] = enterprise
    if not ImprovementItem.objects.filter(improvement_list__division=divisions["郑州市"]).exists():
        for name, target, indicator, problems, measures, due_in in ITEMS:
            enterprise = made[name]
            due = today + datetime.timedelta(days=due_in)
            items = improvement_items_add(division=divisions["郑州市"], enterprise=enterprise,
                                          industries=list(enterprise.industries.order_by("number")), by=officer,
                                          values={"branch": "", "target_level": target, "indicator": indicator,
                                                  "problems": problems, "measures": measures,
                                                  "due_date": max(due, today), "remarks": ""})
            # An overdue row for the demo: a past 拟完成时间 cannot be entered, so the row's date is moved back.
            ImprovementItem.objects.filter(pk__in=[i.pk for i in items]).update(due_date=due)
        grading_tallies_refresh(competition_id=competition.pk, division_id=divisions["郑州市"].pk)
    batch = AssessmentBatch.objects.get(competition=competition, number=3)
    if not batch.assessments.exists():

        assessment_record(batch=batch, enterprise=made["河南中孚耐火材料有限公司"], industry=industries["耐火材料"],
                          level="A", assessed_on=today - datetime.timedelta(days=2),
                          reviewers="省耐火材料行业协会、王建国、张伟", notes="各项指标达到A级要求。", by=officer)
    return competition


# ---- synthetic data for the benchmark ------------------------------------------------------------------------

SCALES = {"province": 5_000, "national": 50_000}
LEVEL_WEIGHTS = [("A", 3), ("B", 7), ("B-", 5), ("L", 2), ("C", 55), ("D", 10), ("", 18)]
COUNTIES = ["城区", "高新区", "经开区", "北县", "南县", "东县", "西县"]


def _target_for(level: str, rng) -> str:
    better = [lv for lv in ("A", "B", "B-", "C") if LEVEL_RANK[lv] > LEVEL_RANK[level]]
    return rng.choice(better) if better else "A"


@transaction.atomic
def synthetic_grading(scale: str = "province"):
    """A campaign with SCALES[scale] improvement-list rows over the 18 cities (every 10th enterprise is in two
    industries and so has two rows). Returns the competition; idempotent per scale."""

    rows_wanted = SCALES[scale]
    title = f"绩效分级提升行动（合成数据·{scale}）"
    competition = grading_fixture_load(_data(), title=title, year=timezone.localdate().year, status="active")
    if GradingEnterprise.objects.filter(competition=competition).exists():
        return competition
    by, created = User.objects.get_or_create(username="synthetic-grading", defaults={"full_name": "合成数据"})
    if created:
        by.set_unusable_password()
        by.save(update_fields=["password"])
    rng = random.Random(7)
    industries = list(industries_of(competition))
    divisions = list(competition.divisions.order_by("order"))
    lists = {d.pk: ImprovementList.objects.get_or_create(division=d)[0] for d in divisions}
    levels, weights = zip(*LEVEL_WEIGHTS, strict=True)
    enterprises, plans, count, n = [], [], 0, 0
    while count < rows_wanted:
        division = divisions[n % len(divisions)]
        two = n % 10 == 9 and rows_wanted - count >= 2
        chosen = rng.sample(industries, 2 if two else 1)
        level = rng.choices(levels, weights)[0]
        enterprises.append(GradingEnterprise(competition=competition, division=division,
                                             county=f"{division.name[:-1]}{rng.choice(COUNTIES)}",
                                             name=f"{division.name}合成企业{n:06d}有限公司"))
        plans.append((chosen, level))
        count += len(chosen)
        n += 1
    GradingEnterprise.objects.bulk_create(enterprises, batch_size=2000)
    today = timezone.localdate()
    links, items = [], []
    for enterprise, (chosen, level) in zip(enterprises, plans, strict=True):
        for industry in chosen:
            links.append(EnterpriseIndustry(enterprise=enterprise, industry=industry, level=level))
            others = "、".join(i.name for i in chosen if i != industry)
            items.append(ImprovementItem(
                improvement_list=lists[enterprise.division_id], enterprise=enterprise, industry=industry,
                current_level=level, target_level=_target_for(level, rng),
                indicator=rng.choice(["有组织排放限值", "无组织排放管控", "监测监控水平", "运输方式"]),
                problems="治理设施效率偏低", measures="升级改造治理设施",
                due_date=today + datetime.timedelta(days=rng.randint(-30, 120)),
                remarks=f"跨行业企业，同时涉及：{others}" if others else "", created_by=by))
    EnterpriseIndustry.objects.bulk_create(links, batch_size=5000)
    ImprovementItem.objects.bulk_create(items, batch_size=5000)
    grading_tallies_refresh(competition_id=competition.pk)  # bulk_create bypasses the services
    return competition
