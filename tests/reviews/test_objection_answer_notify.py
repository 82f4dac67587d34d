"""Issue 11: an answered objection (异议) tells the objector — their account if they were signed in, else the e-mail
they gave (a mail job, no account needed) — and the rest of the secretariat; never an expert's name or a score."""


import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from competitions.enums import Role
from notifications.models import AddressMail, Notification
from reviews import services_prizes as prize_services
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
TEXT = "该项目节能量数据与实际不符，请核实。"
ANSWER = "经核实，该项目节能量数据有第三方检测报告支撑，异议不成立。"


@pytest.fixture
def contest_secretary(track2):
    user = UserFactory(username="contest_secretary", full_name="大赛秘书")
    MembershipFactory(user=user, role=Role.SECRETARIAT, competition=track2.competition)
    return user


def inbox():
    return sorted((n.recipient.username, n.kind, n.title) for n in Notification.objects.select_related("recipient"))


def _answer(notice, secretariat, **lodge):
    objection = prize_services.objection_lodge(notice=notice, name="张三", phone="13812345678", text=TEXT, **lodge)
    Notification.objects.all().delete()
    prize_services.objection_answer(objection=objection, answer=ANSWER, by=secretariat)
    return objection


def _no_expert_or_score(pool):
    texts = [n.title + n.body for n in Notification.objects.all()] + [m.title + m.body for m in AddressMail.objects.all()]
    names = [pool[k].user.display_name for k in ("expert", "other_expert")] + [pool[k].code for k in pool]
    assert [t for t in texts if any(name in t for name in names) or "分" in t.replace("分管", "")] == []


def test_signed_in_objector_and_the_other_secretary_are_told(notice, named_users, contest_secretary, secretariat,
                                                             enterprise, pool):
    _answer(notice, secretariat, by=enterprise, email="other@example.com")
    assert inbox() == [("contest_secretary", "secretariat", "评比结果公示异议已处理"),
                       ("enterprise", "results", "您提出的异议已处理")]
    body = Notification.objects.get(recipient=enterprise).body
    assert body == (f"张三：您于{timezone.localdate().year}年{timezone.localdate().month}月{timezone.localdate().day}日"
                    f"对“{notice.competition.title}”评比结果公示提出的异议已处理。处理意见：{ANSWER}")
    assert AddressMail.objects.count() == 0  # the account is told; its mail goes to the account's address
    _no_expert_or_score(pool)


def test_anonymous_objector_with_an_email_gets_a_mail_job(notice, named_users, contest_secretary, secretariat, pool,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _answer(notice, secretariat, email="Zhang.San@Example.com")
    assert inbox() == [("contest_secretary", "secretariat", "评比结果公示异议已处理")]
    assert list(AddressMail.objects.values_list("address", "kind", "title", "mail_status")) == [
        ("zhang.san@example.com", "results", "您提出的异议已处理", "sent")]
    sent = [m for m in mail.outbox if m.to == ["zhang.san@example.com"]]
    assert [(m.subject, ANSWER in m.body) for m in sent] == [
        (f"【{notice.competition.title}】您提出的异议已处理", True)]
    _no_expert_or_score(pool)


def test_anonymous_objector_without_an_email_only_the_secretariat_is_told(notice, named_users, contest_secretary,
                                                                          secretariat):
    _answer(notice, secretariat)
    assert inbox() == [("contest_secretary", "secretariat", "评比结果公示异议已处理")]
    assert AddressMail.objects.count() == 0


def test_public_form_records_the_account_and_the_email(client, notice, enterprise, secretariat):
    client.force_login(enterprise)
    response = client.post(reverse("review:public", args=[notice.competition_id]),
                           {"application": "", "name": "张三", "phone": "13812345678", "email": "a@example.com",
                            "text": TEXT})
    assert response.status_code == 302
    objection = notice.competition.objections.get()
    assert (objection.lodged_by_id, objection.email) == (enterprise.pk, "a@example.com")
    client.logout()
    client.post(reverse("review:public", args=[notice.competition_id]),
                {"application": "", "name": "李四", "phone": "13812345679", "email": "", "text": TEXT})
    assert list(notice.competition.objections.order_by("id").values_list("name", "lodged_by_id", "email")) == [
        ("张三", enterprise.pk, "a@example.com"), ("李四", None, "")]


def test_the_secretariat_sees_the_mail_to_an_anonymous_objector(client, notice, named_users, secretariat,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _answer(notice, secretariat, email="zhangsan@example.com")
    client.force_login(secretariat)
    response = client.get(reverse("notifications:mail_log"))
    assert [(m.address, m.title, m.mail_status) for m in response.context["address_page"]] == [
        ("zhangsan@example.com", "您提出的异议已处理", "sent")]
    client.force_login(named_users["officer"])
    assert client.get(reverse("notifications:mail_log")).status_code == 403
