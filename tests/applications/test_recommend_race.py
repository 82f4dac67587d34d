"""Against PostgreSQL: a list submission and a return of one of its projects racing each other never leave a
submitted list with fewer than the minimum (both services lock the city's list row of the track first)."""


import pytest
from django.db import connection

from applications import services_recommend as services
from applications.models import Application, RecommendationList
from tests import concurrency

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls):
    """The ValidationError messages of `calls` run at once."""
    return concurrency.race(len(calls), lambda n: calls[n](), refusal=lambda exc: exc.messages[0])[1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.parametrize("attempt", range(3))
def test_submit_and_return_race_keeps_the_minimum(make_recommend_application, division, track, officer, attempt):
    apps = [make_recommend_application(division=division, track=track) for _ in range(3)]
    for app in apps:
        services.application_recommend(application=app, by=officer)
    errors = race(lambda: services.recommendation_list_submit(division=division, track=track, by=officer),
                  lambda: services.application_return(application=apps[2], reason="补充材料", by=officer))
    rlist = RecommendationList.objects.get(division=division, track=track)
    recommended = Application.objects.filter(division=division, track=track, status="recommended").count()
    assert len(errors) == 1
    if rlist.status == "submitted":
        assert (recommended, errors) == (3, [services.LOCKED_MESSAGE])
    else:
        assert (recommended, errors) == (
            2, ["每个赛道推荐参赛项目不少于3个，“清洁生产技术创新成果”赛道目前仅推荐2个，不能提交。"])
