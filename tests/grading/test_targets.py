"""附件1, 附件2, the goal, the phases and the batches load exactly as in seed 003; loading is idempotent."""

from decimal import Decimal

import pytest
from django.utils import timezone

from competitions.models import Competition
from greencomp.seed.fixtures import load_all, loaders
from quotas.models import CityTarget, GradingGoal, Industry, IndustryGroup
from reviews.models import AssessmentBatch
from tests.factories import sheet_of, sheet_rows

pytestmark = pytest.mark.django_db

METAL = ["长流程联合钢铁", "短流程钢铁", "铁合金", "焦化", "石灰窑", "铸造", "氧化铝", "电解铝", "炭素", "铜冶炼", "铅锌冶炼",
         "钼冶炼", "再生铜铝铅锌", "有色金属压延"]
BUILDING = ["水泥", "砖瓦窑", "陶瓷", "耐火材料", "玻璃", "岩矿棉"]
VOCS = ["玻璃钢", "防水建筑材料", "炼油与石油化工", "炭黑制造", "煤制氮肥", "制药", "农药制造", "涂料制造", "油墨制造",
        "纤维素醚", "包装印刷", "人造板制造", "塑料人造革与合成革制造", "橡胶制品制造", "制鞋", "家具制造", "汽车整车制造",
        "工程机械整机制造", "工业涂装"]
CITIES = [("郑州市", 25), ("洛阳市", 25), ("新乡市", 25), ("开封市", 20), ("安阳市", 20), ("许昌市", 20), ("南阳市", 20),
          ("平顶山市", 15), ("鹤壁市", 15), ("焦作市", 15), ("濮阳市", 15), ("漯河市", 15), ("三门峡市", 15), ("商丘市", 15),
          ("信阳市", 15), ("周口市", 15), ("驻马店市", 15), ("济源市", 15)]
TITLE = "河南省2021年重点行业绩效分级提升行动方案"


@pytest.fixture
def loaded():
    load_all()
    return Competition.objects.get(kind="grading", title=TITLE)


def test_grading_loader_is_registered():
    assert loaders()["grading"].__name__ == "grading_fixture_load"


def test_industries_load_exactly_as_annex_1(loaded):
    rows = list(Industry.objects.filter(group__competition=loaded).order_by("number")
                .values_list("number", "name", "group__name"))
    expected = ([(n, name, "金属类") for n, name in enumerate(METAL, 1)]
                + [(n, name, "建材类") for n, name in enumerate(BUILDING, 15)]
                + [(n, name, "涉VOCs类") for n, name in enumerate(VOCS, 21)])
    assert rows == expected
    assert len(rows) == 39


def test_group_figures_load_exactly(loaded):
    groups = list(IndustryGroup.objects.filter(competition=loaded).order_by("order")
                  .values_list("name", "baseline_share", "target_share"))
    assert groups == [("金属类", Decimal("7.6"), Decimal("15.0")), ("建材类", Decimal("4.1"), Decimal("15.0")),
                      ("涉VOCs类", Decimal("1.6"), Decimal("20.0")), ("省级重点行业", None, Decimal("25.0"))]


def test_city_targets_load_exactly_as_annex_2(loaded):
    rows = list(CityTarget.objects.filter(division__competition=loaded).order_by("number")
                .values_list("number", "division__name", "target_share", "division__kind"))
    assert rows == [(n, name, Decimal(t), "city") for n, (name, t) in enumerate(CITIES, 1)]


def test_goal_phases_and_batches(loaded):
    goal = GradingGoal.objects.get(competition=loaded)
    assert (goal.target_share, goal.eliminate_d) == (Decimal("20.0"), True)
    assert loaded.organisers == "河南省生态环境厅"
    batches = list(AssessmentBatch.objects.filter(competition=loaded).order_by("number")
                   .values_list("number", "name", "deadline"))
    assert [(n, name, d.isoformat()) for n, name, d in batches] == [
        (1, "涉VOCs行业", "2021-08-15"), (2, "金属类行业", "2021-08-30"), (3, "建材类行业", "2021-09-15"),
        (4, "河南省本地重点行业及保障类企业", "2021-09-30")]
    local = timezone.localtime
    phases = {p.kind: (p.name, local(p.opens_at).date().isoformat(), local(p.closes_at).date().isoformat())
              for p in loaded.phases.all()}
    assert phases["registration"] == ("重点行业绩效提升企业清单备案", "2021-06-01", "2021-06-15")
    assert phases["disclosure"] == ("信息公开阶段", "2021-11-01", "2021-11-15")
    assert phases["assessment"] == ("审核评定阶段", "2021-08-01", "2021-09-30")


def test_loading_twice_changes_nothing(loaded):
    load_all()
    assert Competition.objects.filter(kind="grading", title=TITLE).count() == 1
    assert Industry.objects.filter(group__competition=loaded).count() == 39
    assert CityTarget.objects.filter(division__competition=loaded).count() == 18


def test_targets_page_shows_both_annexes(client, secretariat, loaded):
    client.force_login(secretariat)
    response = client.get(f"/grading/{loaded.pk}/targets/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "长流程联合钢铁" in html and "工业涂装" in html and "济源市" in html


def test_attachment1_export_reproduces_the_seed_table(client, secretariat, grading):
    client.force_login(secretariat)
    response = client.get(f"/grading/{grading.pk}/export/attachment1.xlsx")
    ws = sheet_of(response)
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "重点行业绩效分级提升目标表"
    assert rows[1] == ("序号", "重点行业", "2020年A、B级企业占比（%）", "2021年A、B级企业占比（%）")
    assert rows[2] == (1, "长流程联合钢铁", "7.6", "≥15")
    assert rows[3] == (2, "短流程钢铁", None, None)
    assert rows[16] == (15, "水泥", "4.1", "≥15")
    assert rows[22] == (21, "玻璃钢", "1.6", "≥20")
    assert rows[41] == (40, "省级重点行业", "—", "≥25")
    assert len(rows) == 42
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"C3:C16", "D3:D16", "C17:C22", "D17:D22", "C23:C41", "D23:D41"} <= merged


def test_attachment2_export_reproduces_the_seed_table(client, g_officer, grading):
    client.force_login(g_officer)
    response = client.get(f"/grading/{grading.pk}/export/attachment2.xlsx")
    rows = sheet_rows(response)
    assert rows[0][0] == "各省辖市重点行业绩效分级提升目标表"
    assert rows[1] == ("序号", "省辖市", "A、B级企业占比（%）")
    assert rows[2:5] == [(1, "郑州市", "≥25"), (2, "洛阳市", "≥25"), (3, "新乡市", "≥25")]
    assert rows[-1] == (18, "济源市", "≥15")
    assert len(rows) == 20
