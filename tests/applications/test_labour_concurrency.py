"""Never beyond the quota: 50 officers' requests race for the last free place (PostgreSQL, real threads,
each with its own connection). The quota row lock makes exactly one of them win."""


import pytest
from django.db import connection

from applications import services_labour as services
from applications.models import Entry
from greencomp.models import Organisation
from greencomp.services import organisation_get_or_create
from tests.concurrency import race
from tests.factories import valid_credit_code

pytestmark = pytest.mark.django_db(transaction=True)
RACERS = 50


def test_fifty_concurrent_registrations_for_the_last_place_accept_exactly_one(registration_open, division, officer,
                                                                               make_labour_entry):
    assert connection.vendor == "postgresql"
    for _ in range(4):
        make_labour_entry(division)  # quota 5: one place left
    accepted, refused, crashed = race(RACERS, lambda n: services.entry_register(
        division=division, organisation_name=f"并发测试{n}有限公司", credit_code=valid_credit_code(90000 + n),
        project="并发登记项目", project_address="郑州市", contact_name="张三", contact_phone="13812345678",
        industry="化工", by=officer).pk)
    assert crashed == []
    assert len(accepted) == 1
    assert refused == [["已超出本赛区参赛名额（5个），不能再登记。"]] * (RACERS - 1)
    assert Entry.objects.filter(division=division, status="registered").count() == 5
    # the refused requests left nothing behind: no organisation was created for them
    assert Organisation.objects.filter(name__startswith="并发测试").count() == 1


def test_same_firm_raced_into_two_divisions_is_registered_once(registration_open, division, other_division, officer,
                                                               other_officer):
    """Each division's lock is different: here the unique constraint (competition, organisation) decides."""
    racers = 20
    code = valid_credit_code(95000)

    def register(n):
        target, user = (division, officer) if n % 2 else (other_division, other_officer)
        return services.entry_register(
            division=target, organisation_name="两地同报有限公司", credit_code=code, project="同一项目",
            project_address="郑州市", contact_name="张三", contact_phone="13812345678", industry="化工",
            by=user).division.name

    accepted, refused, crashed = race(racers, register, refusal=lambda exc: exc.message_dict)
    assert crashed == []
    assert len(accepted) == 1
    winner = accepted[0]
    assert refused == [{"credit_code": [
        f"统一社会信用代码 {code} 的单位已在“{winner}”赛区登记，同一竞赛中不能重复登记。"]}] * (racers - 1)
    assert Entry.objects.filter(organisation__credit_code=code).count() == 1
    assert Organisation.objects.filter(credit_code=code).count() == 1


def test_same_new_organisation_created_at_once_is_one_row(officer):
    """organisation_get_or_create makes no unique-check query: the constraint decides and every racer gets the
    organisation that won (no ValidationError, no IntegrityError)."""
    code = valid_credit_code(96000)
    accepted, refused, crashed = race(10, lambda n: organisation_get_or_create(
        name="同时新建有限公司", kind="enterprise", credit_code=code, city="郑州市", by=officer).pk)
    assert (crashed, refused) == ([], [])
    assert len(set(accepted)) == 1 and len(accepted) == 10
    assert list(Organisation.objects.filter(credit_code=code).values_list("pk", flat=True)) == accepted[:1]
