import pytest

from applications.models import Application, RecommendationList
from applications.selectors_recommend import recommendation_summary
from competitions.models import Membership
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
