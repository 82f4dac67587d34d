"""Quotas that stay safe (issue 12, item 5): never below what a division has registered, and a published table
changes only with a reason."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from applications import services_labour as registration
from applications.models import Entry
from greencomp.models import AuditEvent
from quotas import services_labour as services
from quotas.models import Quota, QuotaTable
from tests.factories import valid_credit_code


def _quota(division) -> int:
    return Quota.objects.get(division=division).entries


def test_quota_below_registered_count_is_refused_naming_division_and_numbers(registration_open, division,
                                                                             other_division, secretariat,
                                                                             make_labour_entry):
    for _ in range(4):
        make_labour_entry(division)
    with pytest.raises(ValidationError) as exc:
        services.quota_table_update(table=registration_open["table"], entries={division.pk: 3, other_division.pk: 7},
                                    by=secretariat)
    assert exc.value.messages == ["郑州市已登记 4 家参赛单位，名额不能少于已登记数（填写的是 3）。"]
    assert (_quota(division), _quota(other_division)) == (5, 5)
    assert not AuditEvent.objects.filter(action="quota_table_update").exists()


def test_quota_equal_to_registered_count_is_accepted(registration_open, division, other_division, secretariat,
                                                     make_labour_entry):
    for _ in range(4):
        make_labour_entry(division)
    services.quota_table_update(table=registration_open["table"], entries={division.pk: 4, other_division.pk: 6},
                                by=secretariat, reason="调剂")
    assert (_quota(division), _quota(other_division)) == (4, 6)


def test_withdrawn_entries_do_not_count_toward_the_floor(registration_open, division, other_division, secretariat,
                                                        make_labour_entry):
    for _ in range(3):
        make_labour_entry(division, status=Entry.Status.WITHDRAWN)
    services.quota_table_update(table=registration_open["table"], entries={division.pk: 0, other_division.pk: 10},
                                by=secretariat, reason="调剂")
    assert _quota(division) == 0


def test_published_table_changes_only_with_a_reason_which_is_audited(registration_open, division, other_division,
                                                                    secretariat):
    table = registration_open["table"]
    assert (table.status, table.notice_total) == (QuotaTable.Status.PUBLISHED, 10)
    with pytest.raises(ValidationError) as exc:
        services.quota_table_update(table=table, entries={division.pk: 6, other_division.pk: 4}, by=secretariat)
    assert exc.value.message_dict == {"reason": ["分配表已发布，修改名额须填写修改原因（将记入操作记录并通知相关赛区）。"]}
    assert (_quota(division), _quota(other_division)) == (5, 5)
    services.quota_table_update(table=table, entries={division.pk: 6, other_division.pk: 4}, by=secretariat,
                                reason="开封市申请调出1个名额")
    event = AuditEvent.objects.get(action="quota_table_update")
    assert (event.before, event.after, event.reason) == ({"郑州市": 5, "开封市": 5}, {"郑州市": 6, "开封市": 4},
                                                         "开封市申请调出1个名额")


def test_page_shows_the_floor_message_and_keeps_typed_values(client, registration_open, division, other_division,
                                                            secretariat, make_labour_entry):
    for _ in range(2):
        make_labour_entry(other_division)
    client.force_login(secretariat)
    url = reverse("quota_tables:edit", args=[division.competition_id])
    response = client.post(url, {f"d{division.pk}": "9", f"d{other_division.pk}": "1", "action": "save",
                                 "reason": "调剂"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["开封市已登记 2 家参赛单位，名额不能少于已登记数（填写的是 1）。"]
    assert response.context["form"][f"d{division.pk}"].value() == "9"
    assert (_quota(division), _quota(other_division)) == (5, 5)


@pytest.mark.django_db(transaction=True)
def test_lowering_races_registrations_and_never_leaves_more_entries_than_places(registration_open, division,
                                                                               other_division, officer,
                                                                               secretariat, make_labour_entry):
    """PostgreSQL, real threads: 12 registrations and one move of two places from 郑州市 to 开封市 start
    together (2 registered, quota 5). Whatever wins, the division never ends with more entries than places."""
    assert connection.vendor == "postgresql"
    for _ in range(2):
        make_labour_entry(division)
    racers = 13
    barrier = threading.Barrier(racers)
    crashed, lowered = [], []

    def register(n):
        try:
            barrier.wait(timeout=60)
            registration.entry_register(
                division=division, organisation_name=f"名额竞争{n}有限公司", credit_code=valid_credit_code(70000 + n),
                project="项目", project_address="郑州市", contact_name="张三", contact_phone="13812345678",
                industry="化工", by=officer)
        except ValidationError:
            pass
        except Exception as exc:  # noqa: BLE001 — any other failure must fail the test, not vanish in a thread
            crashed.append(repr(exc))
        finally:
            connection.close()

    def lower():
        try:
            barrier.wait(timeout=60)
            services.quota_table_update(table=registration_open["table"], entries={division.pk: 3, other_division.pk: 7},
                                        by=secretariat, reason="调剂")
            lowered.append(True)
        except ValidationError:
            lowered.append(False)
        except Exception as exc:  # noqa: BLE001
            crashed.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(racers - 1)]
    threads.append(threading.Thread(target=lower))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert crashed == []
    registered = Entry.objects.filter(division=division, status=Entry.Status.REGISTERED).count()
    assert registered <= _quota(division)
    assert (_quota(division), registered) == ((3, 3) if lowered == [True] else (5, 5))
