"""Factories and fixtures of commendation selection (issue 6).

`commendation` builds on `registration_open` (the conftest competition with 郑州市 / 开封市, quota table and an
open registration phase): both divisions submitted their lists on time, two entries each, three award types
(unit 4, team 4 with 工人先锋号 1, individual 4 with 五一劳动奖章 1) and published quotas of 2 per division."""

import datetime

import factory
import pytest
from django.utils import timezone
from factory.django import DjangoModelFactory

from applications.models import DivisionSubmission
from reviews.models import AwardType, Nomination, NominationQuota

from .fixtures_labour import EntryFactory


class AwardTypeFactory(DjangoModelFactory):
    class Meta:
        model = AwardType

    name = factory.Sequence(lambda n: f"测试表彰项目{n}")
    nominee_kind = AwardType.NomineeKind.UNIT
    total = 4


class NominationFactory(DjangoModelFactory):
    class Meta:
        model = Nomination

    award_type = None
    entry = None
    division = factory.LazyAttribute(lambda n: n.entry.division)
    competition = factory.LazyAttribute(lambda n: n.award_type.competition)
    achievements = "带领职工开展节能降耗攻关，年节约标准煤1200吨。"
    status = Nomination.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    created_by = factory.LazyAttribute(lambda n: n.entry.created_by)


def submit_division_list(division, *, at=None):
    return DivisionSubmission.objects.create(division=division, status=DivisionSubmission.Status.SUBMITTED,
                                             submitted_at=at or timezone.now() - datetime.timedelta(days=1))


@pytest.fixture
def commendation(registration_open, competition, division, other_division):
    entries = {division.pk: [EntryFactory(division=division, industry=i) for i in ("钢铁", "化工")],
               other_division.pk: [EntryFactory(division=other_division, industry=i) for i in ("电力", "水泥")]}
    submit_division_list(division)
    submit_division_list(other_division)
    published = timezone.now()
    unit = AwardTypeFactory(competition=competition, name="绿色发展竞赛先进单位", order=1,
                            quotas_published_at=published)
    team = AwardTypeFactory(competition=competition, name="绿色发展竞赛先进班组（车间、工段）", order=2,
                            nominee_kind=AwardType.NomineeKind.TEAM, escalation_name="河南省工人先锋号",
                            escalation_count=1, quotas_published_at=published)
    person = AwardTypeFactory(competition=competition, name="绿色发展竞赛先进个人", order=3,
                              nominee_kind=AwardType.NomineeKind.INDIVIDUAL, escalation_name="河南省五一劳动奖章",
                              escalation_count=1, quotas_published_at=published)
    for award in (unit, team, person):
        for d in (division, other_division):
            NominationQuota.objects.create(award_type=award, division=d, count=2)
    return {"unit": unit, "team": team, "person": person, "entries": entries}


@pytest.fixture
def nominate():
    """A nomination made directly (bypassing the service), for read tests."""

    def make(award, entry, **kwargs):
        defaults = {}
        if award.nominee_kind == AwardType.NomineeKind.TEAM:
            defaults = {"team_name": "炼钢厂节能班组", "team_size": 12}
        if award.nominee_kind == AwardType.NomineeKind.INDIVIDUAL:
            defaults = {"person_name": "王建国", "gender": "男", "ethnicity": "汉族", "post": "热力车间班长",
                        "frontline": True}
        return NominationFactory(award_type=award, entry=entry, **{**defaults, **kwargs})

    return make
