import pytest
from django.urls import reverse

from applications import services_recommend as services

pytestmark = pytest.mark.django_db


def labels(response):
    return [link["label"] for group in response.context["sidebar"] for link in group["links"]]


def test_officer_sidebar_and_home_tasks(client, make_recommend_application, division, track, officer):
    for _ in range(3):
        make_recommend_application(division=division, track=track)
    client.force_login(officer)
    response = client.get(reverse("home"))
    assert "推荐审核" in labels(response)
    tasks = [(t["title"], t["url"]) for t in response.context["tasks"] if t["role"] == "推荐"]
    url = reverse("recommend:division", args=[division.pk])
    assert tasks == [("郑州市：3 个申报待审核", url), ("郑州市：5 个赛道推荐名单未提交", url)]


def test_officer_tasks_shrink_when_lists_are_submitted(client, make_recommend_application, division, track, officer):
    for _ in range(3):
        services.application_recommend(application=make_recommend_application(division=division, track=track), by=officer)
    services.recommendation_list_submit(division=division, track=track, by=officer)
    client.force_login(officer)
    tasks = [t["title"] for t in client.get(reverse("home")).context["tasks"] if t["role"] == "推荐"]
    assert tasks == ["郑州市：4 个赛道推荐名单未提交"]


def test_secretariat_sidebar_links_lead_to_matrix_and_publicity(client, contest, secretariat):
    client.force_login(secretariat)
    response = client.get(reverse("home"))
    assert {"推荐汇总", "公示管理"} <= set(labels(response))
    assert client.get(reverse("recommend:aggregate")).url == reverse("recommend:matrix", args=[contest.pk])
    assert client.get(reverse("recommend:publicity")).url == reverse("recommend:publicity_manage", args=[contest.pk])
    assert client.get(reverse("recommend:index")).url == reverse("recommend:matrix", args=[contest.pk])


def test_labour_officer_has_no_review_link(client, competition, officer):
    client.force_login(officer)
    assert "推荐审核" not in labels(client.get(reverse("home")))


@pytest.mark.parametrize("n", [1, 3])
def test_officer_home_query_count(client, make_recommend_application, division, track, other_track, officer, n,
                                  django_assert_num_queries):
    for _ in range(n):
        make_recommend_application(division=division, track=track)
        services.application_recommend(application=make_recommend_application(division=division, track=other_track),
                                       by=officer)
    client.force_login(officer)
    client.get(reverse("home"))
    with django_assert_num_queries(HOME_QUERIES):
        client.get(reverse("home"))


HOME_QUERIES = 13


def test_secretariat_task_for_lists_waiting(client, make_recommend_application, division, track, officer, secretariat):
    for _ in range(3):
        services.application_recommend(application=make_recommend_application(division=division, track=track), by=officer)
    services.recommendation_list_submit(division=division, track=track, by=officer)
    client.force_login(secretariat)
    tasks = [(t["title"], t["url"]) for t in client.get(reverse("home")).context["tasks"] if t["role"] == "汇总"]
    assert tasks == [("1 个省辖市推荐名单待接收", reverse("recommend:aggregate"))]


def test_secretariat_without_contest_is_told_so(client, secretariat, outsider):
    client.force_login(secretariat)
    response = client.get(reverse("recommend:aggregate"), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["暂无创新大赛。"]
    client.force_login(outsider)
    assert client.get(reverse("recommend:aggregate")).status_code == 404
    assert client.get(reverse("recommend:publicity")).status_code == 404
    assert client.get(reverse("recommend:index")).status_code == 404
