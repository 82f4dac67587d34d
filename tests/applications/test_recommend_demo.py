import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Publicity, RecommendationList
from applications.selectors_recommend import recommendation_summary
from competitions.models import Competition, Membership
from greencomp.seed.demo import seed_all
from greencomp.seed.recommend import seed_recommend_demo, synthetic_recommend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_synthetic_province_data_set():
    competition = synthetic_recommend("province")
    assert Application.objects.filter(competition=competition).count() == 1800
    assert RecommendationList.objects.filter(division__competition=competition).count() == 90
    # 16 cities sent their lists (12 accepted + 4 submitted) × 5 tracks × 5 recommended
    assert recommendation_summary(competition).count() == 400
    assert Membership.objects.filter(competition=competition, role="officer").count() == 18


def test_demo_step_is_idempotent_and_needs_the_demo_contest(contest, division, track):
    assert seed_recommend_demo(contest) == 0  # no miit-zhengzhou yet
    miit = UserFactory(username="miit-zhengzhou")
    Membership.objects.create(user=miit, role="officer", competition=contest, division=division)
    assert seed_recommend_demo(contest) == 4
    assert seed_recommend_demo(contest) == 0
    assert sorted(Application.objects.values_list("status", "recommend_order")) == [
        ("recommended", 1), ("recommended", 2), ("recommended", 3), ("submitted", None)]


def test_demo_has_an_open_recommendation_publicity_listed_on_the_portal_home(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the seed notices' attachments
    seed_all()
    competition = Competition.objects.get(title="2025年河南省工业绿色低碳发展创新大赛（演示）")
    publicity = Publicity.objects.get(competition=competition)
    today = timezone.localdate()
    assert (publicity.starts_on, publicity.ends_on) == (today - datetime.timedelta(days=2),
                                                       today + datetime.timedelta(days=5))
    open_titles = [item.title for item in client.get(reverse("home")).context["open_publicity"]]
    assert f"{competition.title}推荐项目公示" in open_titles
    seed_all()  # idempotent: the window stays as it was
    assert Publicity.objects.filter(competition=competition).count() == 1
