"""Fixtures of the applications tests alone."""

import pytest

from competitions.enums import Role

from ..factories import MembershipFactory, UserFactory


@pytest.fixture
def kf_officer(innovation):
    """An officer of the innovation contest's 开封市."""
    user = UserFactory(username="kf_officer")
    MembershipFactory(user=user, role=Role.OFFICER, competition=innovation,
                      division=innovation.divisions.get(name="开封市"))
    return user
