"""Fixtures of the expert review (issue 5): the 2025 contest with its rubrics, entries under review (recommended in
an accepted city list), the named `expert` / `other_expert` in its expert pool, and a helper to score a sheet."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.models import Application, RecommendationList
from greencomp.enums import OrganisationKind
from greencomp.seed.innovation import sample_data
from reviews.models import Criterion, ScoreSheet
from reviews.services_review import expert_add, rubrics_load_for, sheet_save

from .factories import OrganisationFactory, UserFactory


@pytest.fixture
def review_contest(innovation, secretariat):
    rubrics_load_for(innovation, by=secretariat)
    return innovation


@pytest.fixture
def track2(review_contest):
    """节能降碳技术创新成果 (technology form: two gates, four scored criteria, tie on 技术创新点)."""
    return review_contest.tracks.get(number=2)


@pytest.fixture
def make_review_entry(review_contest, secretariat):
    """An application under review: recommended by its city in an accepted list for its track."""
    counter = iter(range(1, 1000))

    def make(track, *, organisation=None, city="郑州市", title=None, submitted_at=None):
        i = next(counter)
        division = review_contest.divisions.get(name=city)
        organisation = organisation or OrganisationFactory(name=f"{city}参评企业{i}有限公司", city=city)
        title = title or f"参评项目{i}"
        application = Application.objects.create(
            competition=review_contest, track=track, division=division, organisation=organisation,
            created_by=secretariat, title=title, status=Application.Status.RECOMMENDED, version=1,
            submitted_at=submitted_at or timezone.now() - datetime.timedelta(days=30 - i),
            data=sample_data(track.form_type, organisation, title))
        RecommendationList.objects.update_or_create(division=division, track=track, defaults={
            "status": RecommendationList.Status.ACCEPTED, "submitted_at": timezone.now()})
        return application

    return make


@pytest.fixture
def pool(review_contest, expert, other_expert, secretariat):
    """`expert` (郑州大学) and `other_expert` as experts of every track of the contest."""
    tracks = list(review_contest.tracks.all())
    return {
        "expert": expert_add(competition=review_contest, user=expert, title="教授", tracks=tracks, by=secretariat),
        "other_expert": expert_add(competition=review_contest, user=other_expert, title="高级工程师", tracks=tracks,
                                   by=secretariat),
    }


@pytest.fixture
def make_expert(review_contest, secretariat):
    counter = iter(range(1, 1000))

    def make(*, organisation=None, city="洛阳市", tracks=None):
        i = next(counter)
        user = UserFactory(username=f"pool_expert{i}", full_name=f"库专家{i}", organisation=organisation
                           or OrganisationFactory(name=f"专家单位{i}", kind=OrganisationKind.OTHER, credit_code="",
                                                  city=city))
        return expert_add(competition=review_contest, user=user, city=city,
                          tracks=tracks or list(review_contest.tracks.all()), by=secretariat)

    return make


def assign(application, expert):
    return ScoreSheet.objects.create(application=application, track=application.track, expert=expert)


def score(sheet, values: list, *, gates=None, submit=True, comment="评审意见"):
    """Fill a sheet: `values` in criterion order for the scored criteria; gates default to 通过."""
    criteria = list(Criterion.objects.filter(track=sheet.track).order_by("order"))
    scored = [c for c in criteria if not c.is_gate]
    gate_values = {c.pk: (True, "") for c in criteria if c.is_gate}
    for c, value in zip([c for c in criteria if c.is_gate], gates or [], strict=False):
        gate_values[c.pk] = value
    return sheet_save(sheet=sheet, values={c.pk: str(v) for c, v in zip(scored, values, strict=True)},
                      gates=gate_values, comment=comment, submit=submit, by=sheet.expert.user)


def full_marks(track) -> list[Decimal]:
    return [c.max_score for c in Criterion.objects.filter(track=track, is_gate=False).order_by("order")]
