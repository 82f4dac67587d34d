"""What one write costs at the deadline (issue 15): a registration and a draft save make a fixed number of
queries — one locked read of the quota row (or the application) and one read of what it guards, no existence
queries for foreign keys just read, no duplicate look-up the unique constraint already makes, and no session
write when the session changed nothing within the minute."""

import pytest
from django.urls import reverse

from applications.models import Application, Entry
from greencomp.models import AuditEvent
from tests.applications.test_innovation_views import post_form
from tests.applications.test_labour_views import ENTRY_POST
from tests.factories import valid_credit_code

pytestmark = pytest.mark.django_db

# session, user, memberships (with the division and its competition: the permission and the division) + phases;
# savepoint, quota FOR UPDATE (its number only: the division, competition and phases are the ones just read), then
# the division's extension, count and submission in one read; organisation look-up, insert; entry insert; both
# audit events in one insert (no unique-check query and no savepoint: the constraints decide and roll the
# registration back, services_labour.entry_register); release. Was 32 (34 with the content types uncached), then
# 22, then 14, then 13.
REGISTER_QUERIES = 12
# session, user, application + track + division's competition + phases (the write's selector: no typed data, no
# attachments); savepoint, application FOR UPDATE alone (its competition, track, division and phases are the ones
# just read), update, audit, release. Was 23, then 12.
DRAFT_QUERIES = 9
# session, user, application + track + division's competition + phases (the write's selector); savepoint,
# application and organisation FOR UPDATE in one statement, attachments (the proofs), the organisation's other
# titles; one UPDATE of the typed data with the submission, the version, the applicant's accounts, the receipt,
# both audit events (保存草稿, 提交) in one insert; release (the receipt's mail job is enqueued after the commit,
# which a test transaction never reaches, and only for an account with an e-mail address). Was 20 (a draft save's transaction, then the submission's with the
# application locked again and the organisation on its own).
SUBMIT_QUERIES = 14


def test_registration_query_count(client, registration_open, division, officer, django_assert_num_queries):
    client.force_login(officer)
    first = {**ENTRY_POST, "credit_code": valid_credit_code(322), "organisation_name": "郑州先登记有限公司"}
    client.post(reverse("labour:entry_create", args=[division.pk]), first)  # session stamp, content types cached
    with django_assert_num_queries(REGISTER_QUERIES):
        response = client.post(reverse("labour:entry_create", args=[division.pk]), ENTRY_POST)
    assert (response.status_code, Entry.objects.order_by("pk").last().project) == (302, "锅炉节能改造")


def test_duplicate_registration_still_gets_the_chinese_message(client, registration_open, division, other_division,
                                                                officer, make_labour_entry):
    existing = make_labour_entry(other_division)
    client.force_login(officer)
    response = client.post(reverse("labour:entry_create", args=[division.pk]),
                           {**ENTRY_POST, "credit_code": existing.organisation.credit_code})
    code = existing.organisation.credit_code
    assert response.context["form"].errors["credit_code"] == [
        f"统一社会信用代码 {code} 的单位已在“开封市”赛区登记，同一竞赛中不能重复登记。"]
    assert Entry.objects.count() == 1


@pytest.mark.parametrize("autosave", [False, True])
def test_draft_save_query_count(client, enterprise, tracks, make_application, django_assert_num_queries, autosave):
    application = make_application(enterprise, tracks[1], proofs=True)
    client.force_login(enterprise)
    client.get(reverse("home"))
    data = {**application.data, "scope": "适用于燃气锅炉"}
    headers = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"} if autosave else {}
    with django_assert_num_queries(DRAFT_QUERIES):
        response = client.post(reverse("innovation:edit", args=[application.pk]),
                               {k: ("on" if v is True else v) for k, v in data.items() if v not in (False, None)},
                               **headers)
    assert response.status_code == (200 if autosave else 302)
    assert Application.objects.get().data["scope"] == "适用于燃气锅炉"


def test_save_after_the_deadline_is_refused_without_a_500(client, enterprise, tracks, make_application, innovation):
    application = make_application(enterprise, tracks[1], proofs=True)
    phase = innovation.phase("registration")
    phase.closes_at = phase.opens_at
    phase.save(update_fields=["closes_at"])
    client.force_login(enterprise)
    response = post_form(client, application, {**application.data, "scope": "晚了"})
    assert response.url == reverse("innovation:detail", args=[application.pk])
    assert Application.objects.get().data["scope"] != "晚了"


def test_submit_query_count(client, enterprise, tracks, make_application, django_assert_num_queries):
    application = make_application(enterprise, tracks[1], proofs=True)
    client.force_login(enterprise)
    client.get(reverse("home"))
    data = {**application.data, "scope": "提交时填写的适用范围"}
    with django_assert_num_queries(SUBMIT_QUERIES):
        response = post_form(client, application, data, "innovation:submit")
    assert response.url == reverse("innovation:detail", args=[application.pk])
    application.refresh_from_db()
    assert (application.status, application.version, application.data["scope"]) == ("submitted", 1, "提交时填写的适用范围")
    assert application.versions.get().data["scope"] == "提交时填写的适用范围"
    assert list(AuditEvent.objects.filter(target_id=str(application.pk)).order_by("pk").values_list(
        "action", flat=True))[-2:] == ["innovation.application.save_draft", "innovation.application.submit"]


def test_submit_refused_for_its_content_keeps_the_typed_draft(client, enterprise, tracks, make_application):
    application = make_application(enterprise, tracks[1], proofs=True)
    client.force_login(enterprise)
    response = post_form(client, application, {**application.data, "commitment": False, "principle": "新写的原理"},
                         "innovation:submit")
    assert response.status_code == 200
    assert response.context["form"].errors["commitment"] == ["请勾选承诺申明后再提交。"]
    application.refresh_from_db()
    assert (application.status, application.version, application.data["principle"]) == ("draft", 0, "新写的原理")
    assert not application.versions.exists()
    assert list(AuditEvent.objects.filter(target_id=str(application.pk)).order_by("pk").values_list(
        "action", flat=True))[-1:] == ["innovation.application.save_draft"]
