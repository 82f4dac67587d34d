"""Never beyond the quota: 50 officers' requests race for the last free place (PostgreSQL, real threads,
each with its own connection). The quota row lock makes exactly one of them win."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from applications import services_labour as services
from applications.models import Entry
from greencomp.models import Organisation
from tests.factories import valid_credit_code

pytestmark = pytest.mark.django_db(transaction=True)
RACERS = 50


def test_fifty_concurrent_registrations_for_the_last_place_accept_exactly_one(labour, division, officer,
                                                                               make_entry):
    assert connection.vendor == "postgresql"
    for _ in range(4):
        make_entry(division)  # quota 5: one place left
    barrier = threading.Barrier(RACERS)
    accepted, refused, crashed = [], [], []

    def attempt(n):
        try:
            barrier.wait(timeout=60)
            entry = services.entry_register(
                division=division, organisation_name=f"并发测试{n}有限公司", credit_code=valid_credit_code(90000 + n),
                project="并发登记项目", project_address="郑州市", contact_name="张三", contact_phone="13812345678",
                industry="化工", by=officer)
            accepted.append(entry.pk)
        except ValidationError as exc:
            refused.append(exc.messages)
        except Exception as exc:  # noqa: BLE001 — any other failure must fail the test, not vanish in a thread
            crashed.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert crashed == []
    assert len(accepted) == 1
    assert refused == [["已超出本赛区参赛名额（5个），不能再登记。"]] * (RACERS - 1)
    assert Entry.objects.filter(division=division, status="registered").count() == 5
    # the refused requests left nothing behind: no organisation was created for them
    assert Organisation.objects.filter(name__startswith="并发测试").count() == 1
