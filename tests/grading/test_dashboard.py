"""Shares against a hand count, including an enterprise in two industries; constant query counts."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.models import GradingEnterprise
from quotas.selectors_grading import city_shares, group_shares, industry_shares, item_progress, overall_share
from quotas.services_grading import provincial_industry_add
from reviews.services_grading import disclosure_publish
from tests.factories import sheet_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(g_city, g_other_city, make_enterprise):
    # 郑州市: 5 enterprises; 华鑫 is in 铸造 (metal) AND 工业涂装 (VOCs), level B.
    make_enterprise(g_city, "华鑫铸造", ["铸造", "工业涂装"], "B")
    make_enterprise(g_city, "嵩阳水泥", ["水泥"], "A")
    make_enterprise(g_city, "豫中砖瓦", ["砖瓦窑"], "D")
    make_enterprise(g_city, "宏达印刷", ["包装印刷"], "C")
    make_enterprise(g_city, "中原制药", ["制药"], "L")
    # 开封市: 2 enterprises, one in two metal industries (counts once for 金属类).
    make_enterprise(g_other_city, "汴龙铸业", ["铸造", "有色金属压延"], "C")
    make_enterprise(g_other_city, "开封涂装", ["工业涂装"], "")


def by_label(rows):
    return {r.label: (r.total, r.good, r.d_count, r.share, r.needed) for r in rows}


def test_group_shares_match_hand_count(grading, small):
    rows = by_label(group_shares(grading))
    # 金属类: 华鑫(B), 汴龙(C, two metal industries → once) = 2, good 1 → 50.0 %, ceil(15 % × 2) − 1 = 0
    assert rows["金属类"] == (2, 1, 0, Decimal("50.0"), 0)
    # 建材类: 嵩阳(A), 豫中(D) → 1 of 2, one D
    assert rows["建材类"] == (2, 1, 1, Decimal("50.0"), 0)
    # 涉VOCs类: 华鑫(B) 工业涂装, 宏达(C), 中原(引领性), 开封涂装(未评级) → 2 of 4; ceil(20 % × 4)=1 − 2 → 0
    assert rows["涉VOCs类"] == (4, 2, 0, Decimal("50.0"), 0)
    assert rows["省级重点行业"] == (0, 0, 0, Decimal("0.0"), 0)


def test_enterprise_in_two_industries_counts_once_per_industry(grading, small):
    rows = by_label(industry_shares(grading))
    assert rows["铸造"] == (2, 1, 0, Decimal("50.0"), 0)
    assert rows["工业涂装"] == (2, 1, 0, Decimal("50.0"), 0)
    assert rows["有色金属压延"] == (1, 0, 0, Decimal("0.0"), 1)


def test_city_shares_count_each_enterprise_once(grading, small, g_city):
    rows = by_label(city_shares(grading))
    # 郑州市: 5 enterprises (华鑫 once), good = 华鑫 B, 嵩阳 A, 中原 引领性 = 3 → 60 %; target 25 % → 0 needed
    assert rows["郑州市"] == (5, 3, 1, Decimal("60.0"), 0)
    # 开封市: 2, none good; target 20 % → ceil(0.4) = 1 needed
    assert rows["开封市"] == (2, 0, 0, Decimal("0.0"), 1)
    assert rows["洛阳市"] == (0, 0, 0, Decimal("0.0"), 0)
    assert len(rows) == 18
    total = overall_share(grading)
    assert (total.total, total.good, total.d_count, total.share, total.needed) == (7, 3, 1, Decimal("42.9"), 0)
    assert by_label(city_shares(grading, g_city)) == {"郑州市": (5, 3, 1, Decimal("60.0"), 0)}


def test_item_progress_due_and_overdue(grading, g_city, make_enterprise, make_item, g_officer):
    today = timezone.localdate()
    a = make_enterprise(g_city, "甲", ["铸造"], "C")
    b = make_enterprise(g_city, "乙", ["水泥"], "B")
    make_item(a, "铸造", target="B", due=today - datetime.timedelta(days=1), by=g_officer)  # overdue
    make_item(b, "水泥", target="B", due=today - datetime.timedelta(days=3), by=g_officer)  # achieved (already B)
    c = make_enterprise(g_city, "丙", ["玻璃"], "C")
    make_item(c, "玻璃", target="A", due=today + datetime.timedelta(days=10), by=g_officer)  # due soon
    row = next(r for r in item_progress(grading) if r.label == "郑州市")
    assert (row.total, row.achieved, row.due_soon, row.overdue) == (3, 1, 1, 1)


def _enterprises(g_city, make_enterprise, n, offset=0):
    for i in range(n):
        make_enterprise(g_city, f"企业{offset + i}", ["铸造", "工业涂装"], "B")


@pytest.mark.parametrize("n", [1, 3])
def test_dashboard_query_count_is_constant(client, secretariat, grading, g_city, make_enterprise, make_item, n,
                                           django_assert_num_queries):
    _enterprises(g_city, make_enterprise, n)
    for e in GradingEnterprise.objects.filter(division=g_city):
        make_item(e, "铸造", by=secretariat)
    client.force_login(secretariat)
    client.get(f"/grading/{grading.pk}/")  # warm the session
    # session, user, memberships, campaign, the cities (the filter's, with their targets and published
    # disclosures), the summed tallies (every share and the list progress), 附件1 with the goal and the batches,
    # and the top bar's competitions
    with django_assert_num_queries(8):
        response = client.get(f"/grading/{grading.pk}/")
    assert response.status_code == 200


@pytest.mark.parametrize("table", ["groups", "industries", "cities", "items"])
@pytest.mark.parametrize("n", [1, 3])
def test_dashboard_exports_query_count_is_constant(client, secretariat, grading, g_city, make_enterprise, table, n,
                                                   django_assert_num_queries):
    _enterprises(g_city, make_enterprise, n)
    client.force_login(secretariat)
    client.get(f"/grading/{grading.pk}/")
    expected = 7  # session, user, memberships, campaign, divisions, targets…, aggregate
    with django_assert_num_queries(expected):
        response = client.get(f"/grading/{grading.pk}/export/{table}.xlsx")
        b"".join(response.streaming_content)


def test_city_export_matches_the_table(client, secretariat, grading, small):
    client.force_login(secretariat)
    response = client.get(f"/grading/{grading.pk}/export/cities.xlsx")
    rows = sheet_rows(response)
    assert rows[0][0] == "各省辖市绩效分级提升进展"
    assert rows[2] == ("序号", "省辖市", "企业数", "A、B级及绩效引领性企业数", "占比（%）", "目标（%）", "尚需提升企业数",
                       "D级企业数")
    assert rows[3] == (1, "郑州市", 5, 3, 60, "≥25", 0, 1)
    assert rows[6] == (4, "开封市", 2, 0, 0, "≥20", 1, 0)


def test_officer_dashboard_is_filtered_to_own_city(client, g_officer, grading, small):
    client.force_login(g_officer)
    response = client.get(f"/grading/{grading.pk}/")
    cities = [r.label for r in response.context["cities"]]
    assert cities == ["郑州市"]
    g_other = grading.divisions.get(name="开封市")
    response = client.get(f"/grading/{grading.pk}/?division={g_other.pk}")
    assert [r.label for r in response.context["cities"]] == ["郑州市"]


def test_dashboard_shows_which_cities_published_their_disclosure(client, secretariat, grading, g_city, g_other_city,
                                                                 small):
    disclosure_publish(division=g_city, by=secretariat)
    client.force_login(secretariat)
    response = client.get(f"/grading/{grading.pk}/")
    assert response.context["published"] == {g_city.pk}
    html = response.content.decode()
    assert f'<a href="/grading/public/{g_city.pk}/" target="_blank">已公开</a>' in html
    assert f'href="/grading/public/{g_other_city.pk}/"' not in html
    assert f'action="/grading/cities/{g_other_city.pk}/disclosure/"' in html


def test_dashboard_rows_html(client, secretariat, grading, small, g_city, make_enterprise, make_item, g_officer):
    """The tables' rows as the page writes them (quotas/templatetags/grading_tables.py), names escaped."""
    provincial_industry_add(competition=grading, name="<b>铝&型材</b>", branches=[], by=secretariat)
    today = timezone.localdate()
    e = make_enterprise(g_city, "甲", ["铸造"], "C")
    make_item(e, "铸造", target="B", due=today - datetime.timedelta(days=1), by=g_officer)
    make_item(GradingEnterprise.objects.get(name="宏达印刷"), "包装印刷", due=today + datetime.timedelta(days=10),
              by=g_officer)
    client.force_login(secretariat)
    html = client.get(f"/grading/{grading.pk}/").content.decode()
    assert "<b>铝" not in html
    assert "<tr><td>41</td><td>&lt;b&gt;铝&amp;型材&lt;/b&gt;</td><td class=\"num\">0</td>" in html
    assert ('<tr><td>1</td><td>金属类</td><td class="num">7.6%</td><td class="num">3</td><td class="num">1</td>'
            '<td class="num">33.3%</td><td class="num">≥15%</td><td class="num ">0</td><td class="num">0</td></tr>'
            ) in html
    lists = f"/grading/cities/{g_city.pk}/list/"
    assert (f'<tr><td>1</td><td><a href="{lists}">郑州市</a></td><td class="num">6</td><td class="num">3</td>'
            f'<td class="num">50.0%</td><td class="num">≥25%</td><td class="num ">0</td><td class="num">1</td>\n'
            f'          <td class="text-nowrap"><form method="post" action="/grading/cities/{g_city.pk}/disclosure/" '
            f'class="d-inline"><input type="hidden" name="csrfmiddlewaretoken" value="') in html
    assert (f'<tr><td>1</td><td><a href="{lists}">郑州市</a></td><td class="num">2</td><td class="num">0</td>'
            f'<td class="num"><a href="{lists}?due=soon">1</a></td><td class="num"><a href="{lists}?due=overdue" '
            f'class="badge state-late text-decoration-none">1</a></td></tr>') in html
    assert ('<div class="gc-bar-label" title="郑州市">郑州市</div>\n    <div class="gc-bar-track">\n'
            '      <div class="gc-bar-fill met" style="width: 100.0%"></div>\n'
            '      <div class="gc-bar-target" style="left: 50.0%" title="目标 ≥25%"></div>\n    </div>\n'
            '    <div class="gc-bar-value small">50.0% / ≥25%</div>') in html
