"""Grading-campaign fixtures: the 2021 campaign loaded from fixtures/ with its dates moved so that the list is
open and the batches run today; an officer for 郑州市 and one for 开封市; a helper to add register entries."""

import datetime
import json

import pytest
from django.utils import timezone

from applications.models import EnterpriseIndustry, GradingEnterprise, ImprovementItem, ImprovementList
from competitions.enums import Role
from competitions.models import Phase
from greencomp.seed.fixtures import FIXTURES_DIR
from quotas.models import Industry
from quotas.services_grading import grading_fixture_load

from .factories import MembershipFactory, UserFactory


def grading_data() -> dict:
    return json.loads((FIXTURES_DIR / "grading_2021_henan.json").read_text(encoding="utf-8"))


@pytest.fixture
def grading(db):
    shift = (timezone.localdate() - datetime.timedelta(days=10) - datetime.date(2021, 8, 1)).days
    competition = grading_fixture_load(grading_data(), title="绩效分级测试", year=2026, shift_days=shift,
                                       status="active")
    Phase.objects.filter(competition=competition, kind="registration").update(
        closes_at=timezone.now() + datetime.timedelta(days=5))
    return competition


@pytest.fixture
def g_city(grading):
    return grading.divisions.get(name="郑州市")


@pytest.fixture
def g_other_city(grading):
    return grading.divisions.get(name="开封市")


@pytest.fixture
def g_officer(g_city):
    user = UserFactory(username="eco_zz", full_name="郑州市生态环境局")
    MembershipFactory(user=user, role=Role.OFFICER, competition=g_city.competition, division=g_city)
    return user


@pytest.fixture
def g_other_officer(g_other_city):
    user = UserFactory(username="eco_kf", full_name="开封市生态环境局")
    MembershipFactory(user=user, role=Role.OFFICER, competition=g_other_city.competition, division=g_other_city)
    return user


@pytest.fixture
def industry(grading):
    def get(name):
        return Industry.objects.get(group__competition=grading, name=name)

    return get


@pytest.fixture
def make_enterprise(industry):
    def make(division, name, industries, level="", county="新郑市"):
        """`level`: one level for every industry, or a dict industry name → level."""
        e = GradingEnterprise.objects.create(competition=division.competition, division=division, name=name,
                                             county=county)
        for n in industries:
            EnterpriseIndustry.objects.create(enterprise=e, industry=industry(n),
                                              level=level.get(n, "") if isinstance(level, dict) else level)
        return e

    return make


@pytest.fixture
def make_item(industry):
    def make(enterprise, industry_name, target="B", indicator="有组织排放", due=None, by=None):
        lst, _ = ImprovementList.objects.get_or_create(division=enterprise.division)
        return ImprovementItem.objects.create(
            improvement_list=lst, enterprise=enterprise, industry=industry(industry_name),
            current_level=enterprise.industry_links.get(industry__name=industry_name).level, target_level=target, indicator=indicator, problems="问题",
            measures="措施", due_date=due or timezone.localdate() + datetime.timedelta(days=60), created_by=by)

    return make
