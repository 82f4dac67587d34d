"""Fixtures of the reviews tests alone."""

import pytest

from greencomp.enums import OrganisationKind
from reviews.services_review import expert_add

from ..factories import OrganisationFactory, UserFactory


@pytest.fixture
def make_expert(review_contest, secretariat):
    """A new expert of the review contest's pool (every track unless told), from 洛阳市 unless told."""
    counter = iter(range(1, 1000))

    def make(*, organisation=None, city="洛阳市", tracks=None):
        i = next(counter)
        user = UserFactory(username=f"pool_expert{i}", full_name=f"库专家{i}", organisation=organisation
                           or OrganisationFactory(name=f"专家单位{i}", kind=OrganisationKind.OTHER, credit_code="",
                                                  city=city))
        return expert_add(competition=review_contest, user=user, city=city,
                          tracks=tracks or list(review_contest.tracks.all()), by=secretariat)

    return make
