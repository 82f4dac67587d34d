"""The API: public endpoints return exactly what the public pages show; token endpoints the rows of the
account's pages, scoped by the apps' own selectors (a city officer's token sees its city only); throttled."""

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions.enums import Role
from competitions.models import Phase
from portal.models import ApiToken
from portal.services import token_create, token_revoke
from reviews.models import ResultNotice
from reviews.services_grading import disclosure_publish

from ..factories import CompetitionFactory, EntryFactory, MembershipFactory, NoticeFactory, UserFactory
from .conftest import attach

_names = iter(range(1, 10000))


def _token(user):
    return token_create(user=user, name=f"对接{next(_names)}", by=user)[1]


def _get(client, url, token=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    return client.get(url, params, **headers)


def _json(response):
    assert response.status_code == 200, response.content
    return response.json()


# ---- public endpoints = public pages ---------------------------------------------------------------------------

def test_competitions_endpoint_is_the_home_list(client, public_world):
    page = client.get(reverse("portal:home")).context["competitions"]
    api = _json(client.get(reverse("api:competitions")))["results"]
    assert [(c["title"], c["current_phase"]["name"] if c["current_phase"] else None) for c in api] == [
        (c.title, p.name if p else None) for c, p in page]
    assert public_world["draft_competition"].title not in [c["title"] for c in api]


def test_competition_endpoint_is_the_competition_page(client, public_world, innovation):
    context = client.get(reverse("portal:competition", args=[innovation.pk])).context
    api = _json(client.get(reverse("api:competition", args=[innovation.pk])))
    assert [p["name"] for p in api["phases"]] == [p.name for p in context["competition"].phases.all()]
    assert [(t["number"], t["name"], t["description"]) for t in api["tracks"]] == [
        (t.number, t.name, t.description) for t in context["competition"].tracks.all()]
    assert api["current_phase"]["name"] == context["phase"].name


def test_notices_endpoint_is_the_notice_list(client, public_world):
    page = client.get(reverse("portal:notices")).context["page"]
    api = _json(client.get(reverse("api:notices")))
    assert [n["title"] for n in api["results"]] == [n.title for n in page] == ["大赛工作方案"]
    searched = _json(client.get(reverse("api:notices"), {"q": "正文"}))["results"]
    assert [n["title"] for n in searched] == [n.title for n in client.get(reverse("portal:notices"), {"q": "正文"})
                                              .context["page"]]


def test_notice_endpoint_is_the_notice_page(client, public_world):
    notice = public_world["notice"]
    shown = client.get(reverse("portal:notice", args=[notice.pk])).context["notice"]
    api = _json(client.get(reverse("api:notice", args=[notice.pk])))
    assert (api["title"], api["body"], [a["name"] for a in api["attachments"]]) == (
        shown.title, shown.body, [a.original_name for a in shown.attachments.all()])
    assert api["attachments"][0]["url"] == reverse("portal:notice_attachment", args=[shown.attachments.get().pk])


def test_public_lists_endpoint_is_the_home_lists(client, public_world):
    context = client.get(reverse("portal:home")).context
    api = _json(client.get(reverse("api:public_lists")))
    shown = list(context["open_publicity"]) + list(context["results"])
    assert sorted((i["title"], i["is_open"], i["objection_url"]) for i in api) == sorted(
        (i.title, i.is_open, i.objection_url) for i in shown)


def test_publicity_endpoint_is_the_publicity_page(client, public_world, innovation):
    rows = client.get(reverse("recommend:public", args=[innovation.pk])).context["rows"]
    api = _json(client.get(reverse("api:publicity", args=[innovation.pk])))
    assert [[r["number"], r["track"], r["recommender"], r["applicant"], r["title"]] for r in api["rows"]] == [
        row[:5] for row in rows]  # the page's five columns: no contact name or phone
    assert len(api["rows"]) == 1
    assert set(api["rows"][0]) == {"number", "track", "recommender", "applicant", "title"}


def test_results_endpoint_is_the_results_page(client, public_world, innovation):
    groups = client.get(reverse("review:public", args=[innovation.pk])).context["groups"]
    api = _json(client.get(reverse("api:results", args=[innovation.pk])))
    assert [(r["prize"], r["title"], r["applicant"], r["recommender"]) for r in api["rows"]] == [
        (p.get_level_display(), p.application.title, p.application.organisation.name, p.application.division.name)
        for g in groups for p in g["prizes"]] == [("一等奖", "公开获奖项目", "公开获奖项目公司", api["rows"][0]["recommender"])]
    assert api["is_final"] is False


def test_disclosure_endpoint_is_the_disclosure_page(client, g_city, g_other_city, make_enterprise, secretariat):
    make_enterprise(g_city, "郑州甲企业", ["铸造"], "A", county="新郑市")
    make_enterprise(g_city, "郑州乙企业", ["水泥"], "B", county="中牟县")
    make_enterprise(g_other_city, "开封企业", ["铸造"], "A")
    disclosure_publish(division=g_city, by=secretariat)
    shown = client.get(reverse("grading:public", args=[g_city.pk])).context["page"]
    api = _json(client.get(reverse("api:disclosure", args=[g_city.pk])))
    assert api["results"] == list(shown) and len(api["results"]) == 2
    assert client.get(reverse("api:disclosure", args=[g_other_city.pk])).status_code == 404  # not published


def test_anonymous_api_is_throttled_in_chinese(client, public_world, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_anon": (2, 900)}
    responses = [client.get(reverse("api:notices")) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert responses[2].json()["detail"].startswith("请求过于频繁，请稍后再试。")


def test_each_token_has_its_own_budget(client, secretariat, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_token": (2, 900)}
    first, second = _token(secretariat), _token(secretariat)
    assert [_get(client, reverse("api:entries"), first).status_code for _ in range(3)] == [200, 200, 429]
    assert _get(client, reverse("api:entries"), second).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_notices_endpoint_query_count_does_not_grow(client, innovation, secretariat, django_assert_num_queries, n):
    for i in range(n):
        attach(NoticeFactory(competition=innovation, title=f"通知{i}"), secretariat)
    with django_assert_num_queries(10):  # the throttle's counter, count, page, attachments
        assert len(client.get(reverse("api:notices")).json()["results"]) == n


# ---- token endpoints ---------------------------------------------------------------------------------------------

def test_unpublished_or_missing_is_a_chinese_404(client, public_world):
    response = client.get(reverse("api:notice", args=[public_world["draft_notice"].pk]))
    assert (response.status_code, response.json()) == (404, {"detail": "未找到，或尚未公开。"})


def test_token_endpoints_refuse_anonymous_and_revoked_tokens(client, secretariat):
    assert client.get(reverse("api:entries")).status_code == 401
    assert _get(client, reverse("api:entries"), "gc_wrong").status_code == 401
    token, key = token_create(user=secretariat, name="同步", by=secretariat)
    response = _get(client, reverse("api:entries"), key)
    assert (response.status_code, response["Cache-Control"]) == (200, "private, no-store")
    token_revoke(token=token, by=secretariat, reason="泄露")
    response = _get(client, reverse("api:entries"), key)
    assert (response.status_code, response.json()["detail"]) == (401, "令牌无效或已吊销。")


def test_only_a_hash_of_the_key_is_stored(secretariat):
    token, key = token_create(user=secretariat, name="同步", by=secretariat)
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.key_hash, stored.prefix, stored.name) and len(stored.key_hash) == 64
    assert key.startswith(stored.prefix)


def test_entries_are_scoped_like_the_pages(client, registration_open, division, other_division, officer, other_officer,
                                           secretariat, enterprise, outsider):
    own = EntryFactory(division=division, created_by=officer, project="郑州项目")
    EntryFactory(division=other_division, created_by=other_officer, project="开封项目")
    EntryFactory(division=division, created_by=officer, organisation=enterprise.organisation, project="本单位项目")
    seen = {user.username: sorted(e["project"] for e in _json(_get(client, reverse("api:entries"), _token(user)))[
        "results"]) for user in (secretariat, officer, other_officer, enterprise, outsider)}
    assert seen == {"secretariat": ["开封项目", "本单位项目", "郑州项目"], "officer": ["本单位项目", "郑州项目"],
                    "other_officer": ["开封项目"], "enterprise": ["本单位项目"], "outsider": []}
    assert own.project == "郑州项目"


@pytest.mark.parametrize("n", [1, 3])
def test_entries_endpoint_query_count_does_not_grow(client, registration_open, division, officer,
                                                    django_assert_num_queries, n):
    key = _token(officer)
    for _ in range(n):
        EntryFactory(division=division, created_by=officer)
    with django_assert_num_queries(12):
        assert len(_get(client, reverse("api:entries"), key).json()["results"]) == n


def test_applications_are_scoped_to_the_officers_city(client, review_contest, make_review_entry, track2,
                                                      secretariat, outsider):
    make_review_entry(track2, city="郑州市", title="郑州申报")
    make_review_entry(track2, city="开封市", title="开封申报")
    zz = UserFactory(username="miit_zz")
    MembershipFactory(user=zz, role=Role.OFFICER, competition=review_contest,
                      division=review_contest.divisions.get(name="郑州市"))
    seen = {u.username: sorted(a["title"] for a in _json(_get(client, reverse("api:applications"), _token(u)))[
        "results"]) for u in (secretariat, zz, outsider)}
    assert seen == {"secretariat": ["开封申报", "郑州申报"], "miit_zz": ["郑州申报"], "outsider": []}
    row = _json(_get(client, reverse("api:applications"), _token(secretariat)))["results"][0]
    assert row["data"]["org_name"] == row["organisation"]  # the form data travels with the application


def test_grading_items_are_scoped_to_the_city(client, g_city, g_other_city, g_officer, g_other_officer,
                                              make_enterprise, make_item, secretariat):
    make_item(make_enterprise(g_city, "郑州企业", ["铸造"], "C"), "铸造", by=g_officer)
    make_item(make_enterprise(g_other_city, "开封企业", ["铸造"], "C"), "铸造", by=g_other_officer)
    seen = {u.username: sorted(i["enterprise"] for i in _json(_get(client, reverse("api:grading_items"), _token(u)))[
        "results"]) for u in (secretariat, g_officer, g_other_officer)}
    assert seen == {"secretariat": ["开封企业", "郑州企业"], "eco_zz": ["郑州企业"], "eco_kf": ["开封企业"]}


def test_ranking_is_the_secretariats_only(client, review_contest, make_review_entry, track2, secretariat, outsider):
    make_review_entry(track2, city="郑州市", title="郑州申报")
    zz = UserFactory(username="miit_zz")
    MembershipFactory(user=zz, role=Role.OFFICER, competition=review_contest,
                      division=review_contest.divisions.get(name="郑州市"))
    url = reverse("api:track_ranking", args=[track2.pk])
    assert [r["title"] for r in _json(_get(client, url, _token(secretariat)))] == ["郑州申报"]
    assert _get(client, url, _token(zz)).status_code == 404
    assert _get(client, url, _token(outsider)).status_code == 404


def test_nominations_are_scoped_like_the_pages(client, commendation, nominate, division, other_division, officer,
                                              other_officer, secretariat, outsider):
    nominate(commendation["unit"], commendation["entries"][division.pk][0], status="submitted")
    nominate(commendation["unit"], commendation["entries"][division.pk][1], status="draft")  # a draft stays the division's own
    nominate(commendation["unit"], commendation["entries"][other_division.pk][0], status="submitted")
    seen = {u.username: sorted((n["division"], n["status"]) for n in _json(
        _get(client, reverse("api:nominations"), _token(u)))["results"]) for u in (secretariat, officer, other_officer,
                                                                                   outsider)}
    assert seen == {"secretariat": [("开封市", "已提交"), ("郑州市", "已提交")],
                    "officer": [("郑州市", "已提交"), ("郑州市", "草稿")], "other_officer": [("开封市", "已提交")],
                    "outsider": []}


def test_schema_and_docs_list_every_endpoint(client, db):
    schema = client.get(reverse("api:schema")).content.decode()
    docs = client.get(reverse("api:docs")).content.decode()
    for name in ("competitions", "notices", "public-lists", "entries", "applications", "nominations", "grading-items",
                 "disclosures/{division_pk}"):
        assert f"/api/v1/{name}/" in schema and f"/api/v1/{name}/" in docs


# ---- query counts of the other lists ------------------------------------------------------------------------------

def _competitions(n):
    for i in range(n):
        c = CompetitionFactory(title=f"竞赛{i}")
        Phase.objects.create(competition=c, kind="registration", name="报名", opens_at=timezone.now())
        ResultNotice.objects.create(competition=c, opens_on=timezone.localdate(), closes_on=timezone.localdate(),
                                    published_at=timezone.now())
        NoticeFactory(competition=c)


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("name,queries", [("api:competitions", 11), ("api:public_lists", 10)])
def test_public_list_endpoints_query_count_does_not_grow(client, db, django_assert_num_queries, n, name, queries):
    _competitions(n)
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_competition_page_query_count_does_not_grow(client, innovation, secretariat, django_assert_num_queries, n):
    for i in range(n):
        attach(NoticeFactory(competition=innovation, title=f"通知{i}"), secretariat)
    with django_assert_num_queries(8):
        client.get(reverse("portal:competition", args=[innovation.pk]))


@pytest.mark.parametrize("n", [1, 3])
def test_applications_and_grading_endpoints_query_count_does_not_grow(
        client, make_review_entry, track2, g_city, g_officer, make_enterprise, make_item, secretariat,
        django_assert_num_queries, n):
    for i in range(n):
        make_review_entry(track2, city="郑州市")
        make_item(make_enterprise(g_city, f"企业{i}", ["铸造"], "C"), "铸造", by=g_officer)
    key = _token(secretariat)
    with django_assert_num_queries(12):  # the first request also opens the address's counter, stamps the token
        assert len(_get(client, reverse("api:applications"), key).json()["results"]) == n
    with django_assert_num_queries(8):
        assert len(_get(client, reverse("api:grading_items"), key).json()["results"]) == n
