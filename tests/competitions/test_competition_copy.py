"""Copying last year's competition (issue 12, item 4): the set-up and the people, nothing of last year's work."""

import datetime

import pytest

from applications.models import Application
from competitions.enums import CompetitionKind, DivisionKind, Role
from competitions.models import Competition, Membership
from competitions.selectors import division_named_participants
from greencomp import competition_setup
from greencomp.seed.fixtures import load_all
from quotas.models import CityTarget, Industry, IndustryGroup
from reviews.models import AssessmentBatch, AwardType, Criterion, Expert, TrackReview
from reviews.services_review import expert_add
from tests.competitions.test_notice_tables import JIAOZUO_NAMED
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds(secretariat):
    load_all(by=secretariat)
    return {c.kind + str(c.year): c for c in Competition.objects.all()}


def test_innovation_copy_carries_tracks_rubrics_experts_and_officers(seeds, secretariat):
    source = seeds["innovation2025"]
    zhengzhou = source.divisions.get(name="郑州市")
    officer = UserFactory(username="miit-zz")
    Membership.objects.create(user=officer, role=Role.OFFICER, competition=source, division=zhengzhou)
    experts = [expert_add(competition=source, user=UserFactory(username=f"exp{i}"), title="教授",
                          tracks=list(source.tracks.filter(number__in=[1, i])), by=secretariat) for i in (2, 3)]
    Application.objects.create(competition=source, track=source.tracks.get(number=1), division=zhengzhou,
                               organisation=OrganisationFactory(), created_by=officer, title="去年的申报")

    copy = competition_setup.competition_copy(source=source, year=2026, by=secretariat)

    assert copy.title == "2026年河南省工业绿色低碳发展创新大赛" and copy.status == "draft"
    assert list(copy.tracks.values_list("number", "name", "form_type")) == list(
        source.tracks.values_list("number", "name", "form_type"))
    assert Criterion.objects.filter(track__competition=copy).count() == Criterion.objects.filter(
        track__competition=source).count() > 0
    assert TrackReview.objects.filter(track__competition=copy, rubric_frozen_at__isnull=True).count() == 5
    copied = {e.user.username: sorted(t.number for t in e.tracks.all()) for e in Expert.objects.filter(competition=copy)}
    assert copied == {"exp2": [1, 2], "exp3": [1, 3]}
    assert [e.code for e in experts] == list(Expert.objects.filter(competition=copy).order_by("code")
                                             .values_list("code", flat=True))
    assert Membership.objects.filter(competition=copy, role=Role.OFFICER, user=officer,
                                     division__name="郑州市").count() == 1
    assert Membership.objects.filter(competition=copy, role=Role.EXPERT).count() == 2
    assert not Application.objects.filter(competition=copy).exists()
    registration = copy.phases.get(kind="registration")
    assert registration.closes_at.year == source.phases.get(kind="registration").closes_at.year + 1


def test_copy_without_people_leaves_officers_and_experts_out(seeds, secretariat):
    source = seeds["innovation2025"]
    Membership.objects.create(user=UserFactory(), role=Role.OFFICER, competition=source,
                              division=source.divisions.first())
    expert_add(competition=source, user=UserFactory(), by=secretariat)
    copy = competition_setup.competition_copy(source=source, year=2026, with_people=False, by=secretariat)
    assert not Membership.objects.filter(competition=copy).exists()
    assert not Expert.objects.filter(competition=copy).exists()
    assert copy.tracks.count() == 5


def test_labour_copy_carries_award_types_and_quota_table(seeds, secretariat):
    source = Competition.objects.get(kind=CompetitionKind.LABOUR, doc_number="焦工文〔2019〕27号")
    copy = competition_setup.competition_copy(source=source, year=2020, by=secretariat)
    fields = ("name", "nominee_kind", "total", "escalation_name", "escalation_count")
    assert list(AwardType.objects.filter(competition=copy).order_by("order").values_list(*fields)) == list(
        AwardType.objects.filter(competition=source).order_by("order").values_list(*fields))
    assert copy.quota_table.status == "draft"
    assert sum(copy.quota_table.quotas.values_list("entries", flat=True)) == 80
    enterprises = copy.divisions.get(kind=DivisionKind.CITY_ENTERPRISE)
    assert division_named_participants([enterprises.pk]) == {enterprises.pk: JIAOZUO_NAMED}


def test_grading_copy_carries_targets_and_batches_moved_a_year(seeds, secretariat):
    source = seeds["grading2021"]
    copy = competition_setup.competition_copy(source=source, year=2022, by=secretariat)
    assert IndustryGroup.objects.filter(competition=copy).count() == 4  # three groups and 省级重点行业
    assert Industry.objects.filter(group__competition=copy).count() == Industry.objects.filter(
        group__competition=source).count() == 39
    assert CityTarget.objects.filter(division__competition=copy).count() == 18
    batches = list(AssessmentBatch.objects.filter(competition=copy).order_by("number")
                   .values_list("name", "deadline", "group__competition"))
    assert [(name, deadline, group) for name, deadline, group in batches][0][1] == datetime.date(2022, 8, 15)
    assert len(batches) == 4 and {g for _, _, g in batches} <= {copy.pk, None}
