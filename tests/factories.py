import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from competitions.enums import CompetitionKind, CompetitionStatus, DivisionKind, Role
from competitions.models import Competition, Division, Membership
from greencomp.enums import OrganisationKind
from greencomp.models import Organisation, User
from greencomp.validators import CREDIT_CODE_ALPHABET, credit_code_check_char

TEST_PASSWORD = "Test-pass-2025!"


def valid_credit_code(n: int) -> str:
    body = "9141010" + "".join(CREDIT_CODE_ALPHABET[(n // 31**i) % 31] for i in range(10))
    return body + credit_code_check_char(body)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    kind = OrganisationKind.ENTERPRISE
    credit_code = factory.Sequence(valid_credit_code)
    city = "郑州市"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CompetitionFactory(DjangoModelFactory):
    class Meta:
        model = Competition

    kind = CompetitionKind.LABOUR
    title = factory.Sequence(lambda n: f"测试竞赛{n}")
    year = 2026
    status = CompetitionStatus.ACTIVE


class DivisionFactory(DjangoModelFactory):
    class Meta:
        model = Division

    competition = factory.SubFactory(CompetitionFactory)
    name = factory.Sequence(lambda n: f"赛区{n}")
    kind = DivisionKind.CITY
    city = "郑州市"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.OFFICER


class NoticeFactory(DjangoModelFactory):
    """A published 通知公告 (pass published_at=None for a draft)."""

    class Meta:
        model = "portal.Notice"

    competition = factory.SubFactory(CompetitionFactory)
    title = factory.Sequence(lambda n: f"关于开展测试竞赛的通知{n}")
    body = "各省辖市：现将有关事项通知如下。"
    published_at = factory.LazyFunction(timezone.now)


class BankFactory(OrganisationFactory):
    """An approved financial institution (银企对接)."""

    name = factory.Sequence(lambda n: f"测试银行{n}郑州分行")
    kind = OrganisationKind.BANK
