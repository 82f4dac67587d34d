"""Track recommenders (seed 002 六（一）, 七、): the cities recommend tracks 1–4, the suppliers recommend the 典型案例
track themselves; the city minimum and 优秀组织奖 count only the city-recommended tracks."""

import json

import pytest
from django.core.exceptions import ValidationError

from applications import services_recommend as services
from applications.models import Application, RecommendationList
from competitions.enums import Recommender
from greencomp.seed.fixtures import FIXTURES_DIR
from reviews.selectors_review import applications_under_review
from reviews.services_prizes import organisation_award_candidates

pytestmark = pytest.mark.django_db

SUPPLIER_MESSAGE = ("“绿色制造供应商服务工业绿色低碳发展典型案例”赛道由绿色制造服务供应商自行推荐，申报提交后直接报大赛秘书处，"
                    "省辖市无需推荐。")


@pytest.fixture
def supplier_track(contest):
    track = contest.tracks.get(number=5)
    track.recommender = Recommender.SUPPLIER
    track.save(update_fields=["recommender"])
    return track


def test_fixture_records_recommenders_and_track_contents():
    data = json.loads((FIXTURES_DIR / "innovation_2025_henan.json").read_text(encoding="utf-8"))
    assert [(t["number"], t["recommender"]) for t in data["tracks"]] == [
        (1, "city"), (2, "city"), (3, "city"), (4, "city"), (5, "supplier")]
    assert data["tracks"][0]["description"].startswith("围绕大气水土环境污染治理领域")
    assert data["tracks"][4]["description"] == (
        "针对制造业企业绿色低碳转型需求，能够提供绿色制造关键工艺系统解决方案或绿色制造咨询评价服务，具有较强的技术开发、"
        "咨询评价、项目实施能力，服务案例具有良好的示范性、特色性、带动性。")


def test_city_with_tracks_1_to_4_and_no_track_5_is_accepted_and_qualifies(
        make_recommend_application, contest, division, officer, secretariat, supplier_track):
    for track in contest.tracks.filter(number__lte=4).order_by("number"):
        for _ in range(3):
            services.application_recommend(
                application=make_recommend_application(division=division, track=track), by=officer)
        rlist = services.recommendation_list_submit(division=division, track=track, by=officer)
        assert rlist.status == "submitted"
        assert services.recommendation_list_accept(rlist=rlist, by=secretariat).status == "accepted"
    assert organisation_award_candidates(contest) == [{"division_id": division.pk, "tracks": 4, "entries": 12}]


def test_city_missing_one_city_track_does_not_qualify(make_recommend_application, contest, division, officer,
                                                      secretariat, supplier_track):
    for track in contest.tracks.filter(number__lte=3):
        for _ in range(3):
            services.application_recommend(
                application=make_recommend_application(division=division, track=track), by=officer)
        services.recommendation_list_accept(
            rlist=services.recommendation_list_submit(division=division, track=track, by=officer), by=secretariat)
    assert organisation_award_candidates(contest) == []


def test_supplier_track_reaches_the_secretariat_on_submission(make_recommend_application, division, officer,
                                                              supplier_track, other_track):
    submitted = make_recommend_application(division=division, track=supplier_track)
    make_recommend_application(division=division, track=supplier_track, status=Application.Status.DRAFT)
    city_only = make_recommend_application(division=division, track=other_track)
    assert list(applications_under_review(supplier_track)) == [submitted]
    assert list(applications_under_review(other_track)) == []
    assert city_only.status == "submitted"


def test_city_cannot_recommend_or_submit_a_supplier_track(make_recommend_application, division, officer,
                                                          supplier_track):
    app = make_recommend_application(division=division, track=supplier_track)
    with pytest.raises(ValidationError) as exc:
        services.application_recommend(application=app, by=officer)
    assert exc.value.messages == [SUPPLIER_MESSAGE]
    with pytest.raises(ValidationError) as exc:
        services.recommendation_list_submit(division=division, track=supplier_track, by=officer)
    assert exc.value.messages == [SUPPLIER_MESSAGE]
    app.refresh_from_db()
    assert app.status == "submitted"
    assert not RecommendationList.objects.filter(track=supplier_track).exists()


def test_division_page_marks_the_supplier_track(client, division, officer, supplier_track):
    client.force_login(officer)
    html = client.get(f"/recommend/division/{division.pk}/").content.decode()
    assert "供应商自行推荐，提交后直接报大赛秘书处" in html


def test_track_page_shows_contents_and_supplier_notice(client, division, officer, supplier_track):
    supplier_track.description = "针对制造业企业绿色低碳转型需求"
    supplier_track.save(update_fields=["description"])
    client.force_login(officer)
    html = client.get(f"/recommend/division/{division.pk}/track/{supplier_track.pk}/").content.decode()
    assert "<b>赛道内容：</b>针对制造业企业绿色低碳转型需求" in html
    assert "本赛道由绿色制造服务供应商自行推荐，申报提交后直接报大赛秘书处，省辖市无需推荐。" in html


def test_competition_page_lists_tracks_with_contents_and_recommenders(client, secretariat, innovation):
    client.force_login(secretariat)
    html = client.get(f"/competitions/{innovation.pk}/").content.decode()
    tracks = html.split('id="tracks"', 1)[1].split("</table>", 1)[0]
    assert "围绕大气水土环境污染治理领域" in tracks
    assert tracks.count("省辖市工业和信息化主管部门推荐") == 4
    assert tracks.count("绿色制造服务供应商自行推荐") == 1
