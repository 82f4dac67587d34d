import pytest

pytestmark = pytest.mark.django_db


def test_officer_sees_grading_links_and_the_filing_task(client, g_officer, g_city):
    client.force_login(g_officer)
    response = client.get("/")
    groups = {g["title"]: [link["label"] for link in g["links"]] for g in response.context["sidebar"]}
    assert groups["绩效分级提升 · 郑州市"] == ["绩效提升企业清单", "重点行业企业名录", "审核评定", "提升进展看板"]
    titles = [t["title"] for t in response.context["tasks"]]
    assert "郑州市重点行业绩效提升企业清单待报送备案" in titles
    assert "第1批 涉VOCs行业审核认定进行中" in titles


def test_start_sends_officer_to_own_list_and_secretariat_to_dashboard(client, g_officer, g_city, secretariat, grading):
    client.force_login(g_officer)
    assert client.get("/grading/")["Location"] == f"/grading/cities/{g_city.pk}/list/"
    client.force_login(secretariat)
    assert client.get("/grading/")["Location"] == f"/grading/{grading.pk}/"


def test_other_users_get_no_grading_links(client, officer, g_city):
    client.force_login(officer)
    response = client.get("/")
    assert [g["title"] for g in response.context["sidebar"] if g["title"].startswith("绩效分级")] == []
    assert client.get("/grading/").status_code == 404
