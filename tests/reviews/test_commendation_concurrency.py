"""Never beyond the quota or the award's count when requests race (PostgreSQL, real threads): the NominationQuota
row lock and the AwardType row lock make exactly the free places win."""


import pytest
from django.db import connection

from reviews import services_honours as honours_services
from reviews import services_nomination as nomination_services
from reviews.models import Nomination
from tests import concurrency
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db(transaction=True)
RACERS = 12


def race(worker):
    return concurrency.race(RACERS, worker, refusal=lambda exc: exc.messages[0])


def test_racing_nominations_never_exceed_the_quota(commendation, division, officer):
    assert connection.vendor == "postgresql"
    award, entry = commendation["person"], commendation["entries"][division.pk][0]
    data = {"entry": entry, "person_name": "并发", "gender": "男", "ethnicity": "汉族", "post": "操作工",
            "frontline": True}
    accepted, refused, crashed = race(lambda n: nomination_services.nomination_create(
        award_type=award, division=division, data={**data, "person_name": f"并发{n}"}, by=officer).pk)
    assert crashed == []
    assert (len(accepted), set(refused)) == (2, {"已超出本赛区“绿色发展竞赛先进个人”推荐名额（2个），不能再推荐。"})
    assert Nomination.objects.filter(award_type=award, division=division).count() == 2


def test_racing_selections_never_exceed_the_count(commendation, division, secretariat, nominate):
    award = commendation["unit"]
    nominations = [nominate(award, EntryFactory(division=division)) for _ in range(RACERS)]
    accepted, refused, crashed = race(lambda n: honours_services.nomination_select(
        nomination=nominations[n], selected=True, escalated=False, by=secretariat).pk)
    assert crashed == []
    assert (len(accepted), set(refused)) == (4, {"“绿色发展竞赛先进单位”已入选4个，达到评选总数，不能再选。"})
    assert Nomination.objects.filter(award_type=award, selected=True).count() == 4
