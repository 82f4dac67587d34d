"""The public home and pages (no login): what they list, what they never show, search, pagination, limits."""

import pytest
from django.urls import reverse

from greencomp.models import AuditEvent
from portal.models import Notice
from portal.services import notice_unpublish

from ..factories import NoticeFactory
from .conftest import SECRET, attach


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_home_lists_published_notices_competitions_open_publicity_and_results(client, public_world, innovation):
    html = _text(client.get("/"))
    assert "大赛工作方案" in html
    assert innovation.title in html
    assert "推荐项目公示" in html
    assert reverse("review:public", args=[innovation.pk]) + "#objection" in html  # the 异议 link of the open 公示
    assert reverse("recommend:public", args=[innovation.pk]) in html


def test_root_keeps_the_todo_home_for_signed_in_users(client, secretariat):
    client.force_login(secretariat)
    response = client.get("/")
    assert response.templates[0].name == "greencomp/home.html"
    assert client.get(reverse("portal:home")).templates[0].name == "portal/home.html"


def _public_pages(world, innovation):
    urls = [reverse("portal:home"), reverse("portal:notices"), reverse("portal:notices") + "?q=通知",
            reverse("portal:notices") + "?q=草稿", reverse("portal:notice", args=[world["notice"].pk]),
            reverse("portal:competition", args=[innovation.pk]), reverse("api:docs"),
            reverse("api:competitions"), reverse("api:notices"), reverse("api:notices") + "?q=草稿",
            reverse("api:public_lists"), reverse("api:competition", args=[innovation.pk]),
            reverse("api:publicity", args=[innovation.pk]), reverse("api:results", args=[innovation.pk]),
            reverse("recommend:public", args=[innovation.pk]), reverse("review:public", args=[innovation.pk])]
    return urls


def test_nothing_unpublished_is_reachable_anonymously(client, public_world, innovation):
    for url in _public_pages(public_world, innovation):
        body = client.get(url).content.decode()
        assert SECRET not in body, url
    hidden, draft = public_world["hidden"], public_world["draft_competition"]
    for url in (reverse("portal:notice", args=[public_world["draft_notice"].pk]),
                reverse("portal:notice", args=[public_world["draft_competition_notice"].pk]),
                reverse("portal:notice_attachment", args=[public_world["hidden_attachment"].pk]),
                reverse("portal:competition", args=[draft.pk]),
                reverse("api:notice", args=[public_world["draft_notice"].pk]),
                reverse("api:notice", args=[public_world["draft_competition_notice"].pk]),
                reverse("api:competition", args=[draft.pk]),
                reverse("api:publicity", args=[hidden.pk]), reverse("api:results", args=[hidden.pk]),
                reverse("recommend:public", args=[hidden.pk]), reverse("review:public", args=[hidden.pk])):
        assert client.get(url).status_code == 404, url


def test_a_withdrawn_notice_disappears_at_once(client, public_world, secretariat):
    notice = public_world["notice"]
    notice_unpublish(notice=notice, reason="内容有误，修改后重新发布", by=secretariat)
    assert "大赛工作方案" not in _text(client.get("/"))
    assert client.get(reverse("portal:notice", args=[notice.pk])).status_code == 404
    assert client.get(reverse("api:notice", args=[notice.pk])).status_code == 404


def test_notice_page_shows_body_and_attachment_which_downloads(client, public_world):
    notice = public_world["notice"]
    html = _text(client.get(reverse("portal:notice", args=[notice.pk])))
    assert "大赛正文" in html and "附件一.pdf" in html
    attachment = notice.attachments.get()
    response = client.get(reverse("portal:notice_attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    response.close()


def test_competition_page_shows_notice_phases_tracks_and_lists(client, public_world, innovation):
    response = client.get(reverse("portal:competition", args=[innovation.pk]))
    html = _text(response)
    track = innovation.tracks.get(number=1)
    assert track.description and track.description in html
    assert [p.name for p in response.context["competition"].phases.all()] == list(
        innovation.phases.order_by("opens_at", "id").values_list("name", flat=True))
    assert [i.kind for i in response.context["lists"]] == ["评比结果公示", "推荐项目公示"]
    assert "大赛工作方案" in html


def test_search_finds_by_title_body_and_competition(client, innovation):
    NoticeFactory(competition=innovation, title="关于报送推荐材料的通知", body="请于6月30日前报送")
    NoticeFactory(competition=innovation, title="评审安排", body="专家评审")
    titles = lambda q: [n.title for n in client.get(reverse("portal:notices"), {"q": q}).context["page"]]  # noqa: E731
    assert titles("推荐材料") == ["关于报送推荐材料的通知"]
    assert titles("6月30日") == ["关于报送推荐材料的通知"]
    assert sorted(titles(innovation.title)) == sorted(["关于报送推荐材料的通知", "评审安排"])
    assert titles("没有这个词") == []


def test_notices_are_paginated(client, innovation):
    Notice.objects.bulk_create([Notice(competition=innovation, title=f"通知{i:02d}", body="正文",
                                       published_at=f"2026-01-{i % 28 + 1:02d}T08:00:00+08:00") for i in range(55)])
    first = client.get(reverse("portal:notices")).context["page"]
    second = client.get(reverse("portal:notices"), {"page": 2}).context["page"]
    assert (len(first), len(second), first.paginator.count) == (50, 5, 55)


def test_search_is_rate_limited_per_address(client, innovation, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "portal_search": (2, 900)}
    url = reverse("portal:notices")
    assert [client.get(url, {"q": "通知"}).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(url).status_code == 200  # browsing without a search stays free


def _home_world(innovation, secretariat, n):
    for i in range(n):
        attach(NoticeFactory(competition=innovation, title=f"通知{i}"), secretariat)


@pytest.mark.parametrize("n", [1, 3])
def test_home_query_count_does_not_grow(client, innovation, secretariat, django_assert_num_queries, n):
    _home_world(innovation, secretariat, n)
    with django_assert_num_queries(8):
        client.get("/")


@pytest.mark.parametrize("n", [1, 3])
def test_notice_list_query_count_does_not_grow(client, innovation, secretariat, django_assert_num_queries, n):
    _home_world(innovation, secretariat, n)
    with django_assert_num_queries(3):
        client.get(reverse("portal:notices"))


def test_public_pages_write_nothing_but_search_counters(client, public_world, innovation):
    before = AuditEvent.objects.count()
    for url in _public_pages(public_world, innovation):
        client.get(url)
    assert AuditEvent.objects.count() == before
