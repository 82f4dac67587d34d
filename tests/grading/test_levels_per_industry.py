"""Levels belong to (enterprise, industry): an assessment in one industry moves only that industry's group share;
the dashboard page agrees with a hand count; the city's KPI card carries the city's own target (附件2)."""

import re

import pytest
from django.utils import timezone

from applications.models import EnterpriseIndustry
from quotas.selectors_grading import city_shares, group_shares, industry_shares, overall_share
from reviews import services_grading as services
from reviews.models import AssessmentBatch

pytestmark = pytest.mark.django_db


def by_label(rows):
    return {r.label: (r.total, r.good) for r in rows}


def test_two_industry_enterprise_assessed_in_one_batch_moves_only_that_group(grading, g_city, g_officer,
                                                                              make_enterprise, industry):
    huaxin = make_enterprise(g_city, "华鑫铸造", ["铸造", "工业涂装"], "C")
    before = by_label(group_shares(grading))
    assert (before["金属类"], before["涉VOCs类"]) == ((1, 0), (1, 0))
    vocs_batch = AssessmentBatch.objects.get(competition=grading, number=1)  # 涉VOCs行业
    services.assessment_record(batch=vocs_batch, enterprise=huaxin, industry=industry("工业涂装"), level="A",
                               assessed_on=timezone.localdate(), reviewers="省涂装协会、李红梅", by=g_officer)
    after = by_label(group_shares(grading))
    assert after["涉VOCs类"] == (1, 1)
    assert after["金属类"] == (1, 0)  # 铸造 is still C: the A of 工业涂装 does not count there
    assert (after["建材类"], after["省级重点行业"]) == (before["建材类"], before["省级重点行业"])
    industries = by_label(industry_shares(grading))
    assert (industries["工业涂装"], industries["铸造"]) == ((1, 1), (1, 0))
    assert dict(huaxin.industry_links.values_list("industry__name", "level")) == {"铸造": "C", "工业涂装": "A"}
    # the city counts the enterprise once, on its weakest industry (铸造 C): not yet good
    assert by_label(city_shares(grading, g_city)) == {"郑州市": (1, 0)}


@pytest.fixture
def mixed(g_city, g_other_city, make_enterprise):
    make_enterprise(g_city, "华鑫铸造", ["铸造", "工业涂装"], {"铸造": "C", "工业涂装": "A"})
    make_enterprise(g_city, "嵩阳水泥", ["水泥"], "A")
    make_enterprise(g_city, "豫中砖瓦", ["砖瓦窑", "陶瓷"], {"砖瓦窑": "D", "陶瓷": "B"})
    make_enterprise(g_city, "中原制药", ["制药"], "L")
    make_enterprise(g_other_city, "汴龙铸业", ["铸造", "有色金属压延"], {"铸造": "B", "有色金属压延": "B-"})


def _numbers(html: str, table_id: str) -> dict:
    """Rows of a dashboard table as {label: [cells…]} read from the rendered page."""
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, flags=re.S)]
        if cells:
            rows[cells[1]] = cells[2:]
    return rows


def test_dashboard_page_matches_a_hand_count(client, secretariat, grading, mixed):
    # Hand count. 金属类: 华鑫 (铸造 C), 汴龙 (铸造 B, 压延 B-: good in both) → 2, good 1.
    # 建材类: 嵩阳 (水泥 A), 豫中 (砖瓦窑 D, 陶瓷 B: not good in all, D) → 2, good 1, D 1.
    # 涉VOCs类: 华鑫 (工业涂装 A), 中原 (制药 L) → 2, good 2.
    # 全省: 5 enterprises; good in every industry: 嵩阳, 中原, 汴龙 → 3 (60.0 %); D: 豫中 → 1.
    client.force_login(secretariat)
    html = client.get(f"/grading/{grading.pk}/").content.decode()
    groups = _numbers(html, "groups")
    assert groups["金属类"][1:3] == ["2", "1"]
    assert groups["建材类"][1:3] == ["2", "1"] and groups["建材类"][-1] == "1"
    assert groups["涉VOCs类"][1:3] == ["2", "2"]
    stats = [re.search(rf'id="stat-{k}">([^<]*)<', html).group(1) for k in ("total", "good", "share", "d")]
    assert stats == ["5", "3", "60.0%", "1"]
    assert (lambda r: (r.total, r.good, r.d_count))(overall_share(grading)) == (5, 3, 1)
    assert EnterpriseIndustry.objects.filter(level="D").count() == 1


def test_city_kpi_card_shows_the_city_target(client, g_officer, secretariat, grading, mixed):
    client.force_login(g_officer)
    html = client.get(f"/grading/{grading.pk}/").content.decode()
    assert re.search(r'id="stat-target">([^<]*)<', html).group(1) == "占比（郑州市目标 ≥25%）"
    client.force_login(secretariat)
    html = client.get(f"/grading/{grading.pk}/").content.decode()
    assert re.search(r'id="stat-target">([^<]*)<', html).group(1) == "占比（全省目标 ≥20%）"
