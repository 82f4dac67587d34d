"""Named users shared by every test (STYLE.md): one of each role, and a foreign twin for isolation tests.

`competition` has two divisions: `division` (officer) and `other_division` (other_officer)."""

import pytest

from competitions.enums import Role
from greencomp.enums import OrganisationKind

from .factories import (
    TEST_PASSWORD,
    CompetitionFactory,
    DivisionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytest_plugins = [
    "tests.fixtures_labour", "tests.fixtures_quotas", "tests.fixtures_innovation", "tests.fixtures_grading",
    "tests.fixtures_recommend", "tests.fixtures_review",
    "tests.fixtures_commendation",
]


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Tests hash passwords with MD5 (the production hasher stays PBKDF2): hashing is most of a user factory's cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def competition(db):
    return CompetitionFactory(title="2026年全省重点行业绿色发展竞赛", total_quota=100)


@pytest.fixture
def division(competition):
    return DivisionFactory(competition=competition, name="郑州市", city="郑州市")


@pytest.fixture
def other_division(competition):
    return DivisionFactory(competition=competition, name="开封市", city="开封市")


@pytest.fixture
def secretariat(db):
    user = UserFactory(username="secretariat", full_name="秘书处")
    MembershipFactory(user=user, role=Role.SECRETARIAT, competition=None)
    return user


@pytest.fixture
def officer(division):
    user = UserFactory(username="officer", organisation=OrganisationFactory(kind=OrganisationKind.UNION, credit_code=""))
    MembershipFactory(user=user, role=Role.OFFICER, competition=division.competition, division=division)
    return user


@pytest.fixture
def other_officer(other_division):
    user = UserFactory(username="other_officer")
    MembershipFactory(user=user, role=Role.OFFICER, competition=other_division.competition, division=other_division)
    return user


@pytest.fixture
def enterprise(db):
    return UserFactory(username="enterprise", organisation=OrganisationFactory(name="郑州绿源测试有限公司"))


@pytest.fixture
def other_enterprise(db):
    return UserFactory(username="other_enterprise", organisation=OrganisationFactory(name="开封其他测试有限公司",
                                                                                      city="开封市"))


@pytest.fixture
def expert(competition):
    user = UserFactory(username="expert", organisation=OrganisationFactory(kind=OrganisationKind.OTHER,
                                                                           name="郑州大学", credit_code=""))
    MembershipFactory(user=user, role=Role.EXPERT, competition=competition)
    return user


@pytest.fixture
def other_expert(competition):
    user = UserFactory(username="other_expert")
    MembershipFactory(user=user, role=Role.EXPERT, competition=competition)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


@pytest.fixture
def named_users(secretariat, officer, other_officer, enterprise, other_enterprise, expert, other_expert, outsider):
    return {u.username: u for u in (secretariat, officer, other_officer, enterprise, other_enterprise, expert,
                                    other_expert, outsider)}
