"""The demo step and the synthetic data generator of commendation selection."""

import pytest
from django.db.models import Sum

from competitions.models import Division
from greencomp.seed.accounts import seed_accounts
from greencomp.seed.commendation import (
    bench_targets,
    seed_commendation_demo,
    synthetic_commendation_competition,
)
from greencomp.seed.labour import seed_entries_demo
from greencomp.seed.synthetic import GENERATORS
from reviews.models import AwardType, Nomination, NominationQuota
from tests.factories import CompetitionFactory, labour_division

pytestmark = pytest.mark.django_db


def test_seed_commendation_demo_once(client):
    users = seed_accounts()
    competition = CompetitionFactory(title="2026年全省重点行业绿色发展竞赛（演示）")
    zhengzhou = labour_division(users["union-zhengzhou"], competition, quota=70)
    seed_entries_demo(users, competition)
    seed_commendation_demo(users, competition)
    seed_commendation_demo(users, competition)  # idempotent
    assert list(AwardType.objects.filter(competition=competition).order_by("order").values_list(
        "name", "total", "escalation_name", "escalation_count")) == [
        ("绿色发展竞赛先进单位", 20, "河南省五一劳动奖状", 3), ("绿色发展竞赛先进班组（车间、工段）", 30, "河南省工人先锋号", 5),
        ("绿色发展竞赛先进个人", 30, "河南省五一劳动奖章", 5)]
    assert list(NominationQuota.objects.filter(division=zhengzhou).values_list("count", flat=True)) == [2, 2, 2]
    assert list(Nomination.objects.values_list("entry__organisation__name", "status")) == [
        ("郑州绿源装备制造有限公司", "draft")]
    client.force_login(users["union-zhengzhou"])
    assert client.get(f"/commendation/divisions/{zhengzhou.pk}/").status_code == 200


def test_synthetic_commendation_province():
    assert dict(GENERATORS)["先进推荐"]("province") == "先进推荐“合成数据province·全省重点行业绿色发展竞赛”：3 个表彰项目，800 个推荐"
    competition = synthetic_commendation_competition("province")
    totals = dict(NominationQuota.objects.filter(award_type__competition=competition)
                  .values_list("award_type__nominee_kind").annotate(s=Sum("count")))
    assert totals == {"unit": 200, "team": 300, "individual": 300}
    assert Nomination.objects.filter(competition=competition).count() == 800
    assert Nomination.objects.filter(competition=competition).values("division").distinct().count() == 31
    assert Division.objects.filter(competition=competition).count() == 31
    assert [t.label for t in bench_targets()] == ["先进推荐评选（50行/页）", "推荐名额（31个赛区）", "通报表扬名单Excel"]
    assert bench_targets()[0].url() == f"/commendation/awards/{bench_targets()[0].url().split('/')[3]}/selection/"
