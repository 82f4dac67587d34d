"""The public gallery: what is shown (published winners, consented recommended projects), what never is
(unconsented fields, contact data, financing needs, unpublished prizes), filters, totals, query counts."""

import re

import pytest
from django.urls import reverse

from reviews.models import ResultNotice

from .conftest import CONTACT_PHONE, consent


def titles(response) -> list[str]:
    return [card.title for card in response.context["cards"]]


def test_published_winner_without_consent_shows_base_fields_only(client, make_project):
    project = make_project(level="second")
    response = client.get(reverse("showcase:gallery"))
    assert titles(response) == [project.title]
    card = response.context["cards"][0]
    assert (card.prize, card.applicant, card.city, card.industry) == ("二等奖", project.organisation.name, "郑州市",
                                                                     "通用设备制造业")
    assert (card.summary, card.shown, card.benefits, card.contact, card.financing) == (None, [], [], [], None)
    assert CONTACT_PHONE not in response.content.decode()
    assert project.data["principle"] not in response.content.decode()


def test_consented_fields_are_shown_and_counted(client, make_project, enterprise):
    project = make_project(organisation=enterprise.organisation, figures=("12600", "38000", "33500"))
    consent(project, enterprise, fields=["principle", "energy_saving"], contact=True)
    response = client.get(reverse("showcase:gallery"))
    card = response.context["cards"][0]
    assert card.summary == ("技术原理及创新点", project.data["principle"])
    assert card.benefits == [("节能量（tce）", "12,600")]
    assert card.contact == [("联系人", project.data["contact_name"]), ("联系电话", CONTACT_PHONE),
                            ("电子邮箱", project.data["org_email"])]
    totals = response.context["totals"]
    assert [(r["label"], r["count"], r["energy_saving"], r.get("water_saving", 0)) for r in totals["tracks"]] == [
        ("赛道2 节能降碳技术创新成果", 1, 12600, 0)]
    assert [(r["label"], r["texts"]) for r in totals["cities"]] == [("郑州市", ["12,600", "0", "0"])]
    charts = response.context["charts"]
    assert charts["cities"] == {"labels": ["郑州市"], "energy_saving": [12600.0], "water_saving": [0.0],
                                "co2_reduction": [0.0]}


def test_applicant_can_withdraw_a_winner_from_the_gallery(client, make_project, enterprise):
    project = make_project(organisation=enterprise.organisation)
    consent(project, enterprise, show=False)
    assert titles(client.get(reverse("showcase:gallery"))) == []
    assert client.get(reverse("showcase:project", args=[project.pk])).status_code == 404


def test_recommended_project_is_shown_only_with_consent(client, make_project, enterprise):
    hidden = make_project(level="", title="未同意展示的推荐项目")
    shown = make_project(level="", organisation=enterprise.organisation, title="同意展示的推荐项目")
    consent(shown, enterprise, fields=[])
    response = client.get(reverse("showcase:gallery"))
    assert titles(response) == ["同意展示的推荐项目"]
    assert response.context["cards"][0].prize == ""
    assert "未同意展示的推荐项目" not in response.content.decode()
    assert client.get(reverse("showcase:project", args=[hidden.pk])).status_code == 404


def test_unpublished_prize_is_neither_shown_nor_filterable(client, make_project, enterprise, contest):
    ResultNotice.objects.filter(competition=contest).update(published_at=None)
    unconsented = make_project(level="first", title="未公示的获奖项目")
    consented = make_project(level="first", organisation=enterprise.organisation, title="同意展示但未公示")
    consent(consented, enterprise, fields=[])
    response = client.get(reverse("showcase:gallery"))
    assert [(c.title, c.prize) for c in response.context["cards"]] == [("同意展示但未公示", "")]
    assert titles(client.get(reverse("showcase:gallery"), {"prize": "first"})) == []
    assert titles(client.get(reverse("showcase:gallery"), {"prize": "recommended"})) == ["同意展示但未公示"]
    assert client.get(reverse("showcase:project", args=[unconsented.pk])).status_code == 404
    assert "一等奖" not in client.get(reverse("showcase:project", args=[consented.pk])).content.decode()


def test_filters_by_track_city_industry_and_prize(client, make_project):
    make_project(track=2, city="郑州市", level="first", title="郑州节能", industry="通用设备制造业")
    make_project(track=1, city="洛阳市", level="second", title="洛阳清洁", industry="化学原料制造业")
    make_project(track=3, city="洛阳市", level="excellence", title="洛阳资源", industry="有色金属冶炼")
    url = reverse("showcase:gallery")
    assert titles(client.get(url)) == ["郑州节能", "洛阳清洁", "洛阳资源"]
    assert titles(client.get(url, {"track": "1"})) == ["洛阳清洁"]
    assert titles(client.get(url, {"city": "洛阳市"})) == ["洛阳清洁", "洛阳资源"]
    assert titles(client.get(url, {"industry": "有色金属冶炼"})) == ["洛阳资源"]
    assert titles(client.get(url, {"prize": "second"})) == ["洛阳清洁"]
    assert titles(client.get(url, {"city": "洛阳市", "prize": "first"})) == []
    response = client.get(url, {"industry": "不存在的行业"})
    assert (titles(response), response.status_code) == ([], 200)


def test_gallery_page_has_no_inline_script(client, make_project):
    make_project()
    html = client.get(reverse("showcase:gallery")).content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert [s for s in scripts if "src=" not in s and 'type="application/json"' not in s] == []
    assert 'id="gallery-charts"' in html
    assert "vendor/echarts/echarts.min.js" in html


@pytest.mark.parametrize("n", [1, 3])
def test_gallery_query_count_does_not_grow(client, make_project, enterprise, django_assert_num_queries, n):
    for i in range(n):
        project = make_project(organisation=enterprise.organisation if i == 0 else None, city="郑州市")
        if i == 0:
            consent(project, enterprise)
    with django_assert_num_queries(5):
        response = client.get(reverse("showcase:gallery"))
    assert len(response.context["cards"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_gallery_query_count_for_a_bank(client, make_project, bank_user, django_assert_num_queries, n):
    for _ in range(n):
        make_project()
    client.force_login(bank_user)
    response = client.get(reverse("showcase:gallery"))  # warm the session
    with django_assert_num_queries(9):
        response = client.get(reverse("showcase:gallery"))
    assert len(response.context["cards"]) == n


def test_a_project_without_a_prize_is_not_a_winner(client, make_project):
    """不授奖 is no award: without the applicant's consent such a project is not shown, nor found by a prize."""
    make_project(level="none")
    assert titles(client.get(reverse("showcase:gallery"))) == []
    assert titles(client.get(reverse("showcase:gallery"), {"prize": "recommended"})) == []
