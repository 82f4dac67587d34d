"""The queue itself: jobs through django-tasks' database backend and `db_worker`, as in production.

These tests commit (transaction=True): the worker only sees committed rows, as another process would."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks.backends.database.models import DBTaskResult

from applications.models import Application
from notifications.jobs import notification_mail_send
from notifications.models import Notification
from notifications.reminders import daily_jobs_schedule, reminders_daily
from notifications.services import notify, reason_sentence

pytestmark = pytest.mark.django_db(transaction=True)


class DownBackend(BaseEmailBackend):
    """An SMTP server that is not answering."""

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "服务暂不可用")


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}


def work():
    """One worker pass over everything that is due, as `manage.py db_worker` does."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def jobs(status=None):
    rows = DBTaskResult.objects.order_by("enqueued_at")
    return [(r.task_path.rsplit(".", 1)[1], r.status) for r in (rows.filter(status=status) if status else rows)]


def test_an_action_succeeds_with_the_mail_server_down_and_the_mail_leaves_once_it_is_back(
        queue, settings, client, make_recommend_application, division, track, officer):
    settings.EMAIL_BACKEND = "tests.notifications.test_jobs.DownBackend"
    app = make_recommend_application(division=division, track=track)
    client.force_login(officer)
    response = client.post(reverse("recommend:application_return", args=[app.pk]), {"reason": "缺少检验检测报告"},
                           follow=True)
    assert response.status_code == 200
    assert f"已退回“{app.title}”，申报单位将收到通知。" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Application.Status.RETURNED
    assert jobs() == [("notification_mail_send", "READY")]  # nothing was sent inside the request

    work()  # the server is down: the job schedules its own retry after 1 minute
    n = Notification.objects.get()
    assert (n.mail_status, n.mail_attempts, n.mail_error) == ("retrying", 1, "SMTPConnectError: (421, '服务暂不可用')")
    assert jobs() == [("notification_mail_send", "SUCCEEDED"), ("notification_mail_send", "READY")]
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"notification_id": n.pk, "attempt": 2}
    assert datetime.timedelta(seconds=50) < retry.run_after - timezone.now() <= datetime.timedelta(minutes=1)
    work()  # not due yet
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        work()
        work()
    n.refresh_from_db()
    assert (n.mail_status, n.mail_attempts) == ("sent", 2)
    assert [(m.subject, m.to) for m in mail.outbox] == [
        (f"【{app.competition.title}】您的申报“{app.title}”已被退回", ["enterprise@example.com"])]
    assert "退回原因：缺少检验检测报告" in mail.outbox[0].body


def test_mail_that_keeps_failing_is_a_failed_job_the_secretariat_sees(queue, settings, client, enterprise, secretariat):
    settings.EMAIL_BACKEND = "tests.notifications.test_jobs.DownBackend"
    [n] = notify(recipients=[enterprise], kind="account", title="注册申请已通过审核")
    start = timezone.now()
    for minutes in (0, 2, 5, 10, 20):  # back-off 1, 2, 4, 8 minutes, then the fifth attempt gives up
        with time_machine.travel(start + datetime.timedelta(minutes=minutes)):
            work()
    n.refresh_from_db()
    assert (n.mail_status, n.mail_attempts) == ("failed", 5)
    assert jobs("FAILED") == [("notification_mail_send", "FAILED")]
    client.force_login(secretariat)
    page = client.get(reverse("notifications:failed_jobs")).content.decode()
    assert "notifications.jobs.notification_mail_send" in page and "SMTPConnectError" in page
    log = client.get(reverse("notifications:mail_log"), {"status": "failed"}).content.decode()
    assert "注册申请已通过审核" in log and "发送失败" in log


def test_a_mail_job_run_twice_sends_once(queue, enterprise):
    [n] = notify(recipients=[enterprise], kind="account", title="注册申请已通过审核")
    notification_mail_send.enqueue(notification_id=n.pk)  # a duplicate
    work()
    assert len(mail.outbox) == 1
    assert jobs() == [("notification_mail_send", "SUCCEEDED")] * 2


def test_a_recipient_without_an_address_gets_no_mail_job(queue, enterprise, secretariat):
    """The notification is written as not mailed, as the job would have recorded it; the other still has its job."""
    secretariat.email = ""
    secretariat.save(update_fields=["email"])
    rows = notify(recipients=[enterprise, secretariat], kind="account", title="注册申请已通过审核")
    assert {n.recipient_id: n.mail_status for n in rows} == {enterprise.pk: "pending", secretariat.pk: "skipped"}
    assert jobs() == [("notification_mail_send", "READY")]
    work()
    assert [m.to for m in mail.outbox] == [[enterprise.email]]
    assert Notification.objects.get(recipient=secretariat).mail_status == "skipped"


def test_daily_job_sends_reminders_by_itself_and_schedules_the_next_day(queue, registration_open, competition,
                                                                      division, officer):
    deadline = timezone.make_aware(datetime.datetime(2030, 6, 30, 17, 0))
    registration_open["phase"].closes_at = deadline
    registration_open["phase"].save(update_fields=["closes_at"])
    competition.status = "active"
    competition.save(update_fields=["status"])
    with time_machine.travel(timezone.make_aware(datetime.datetime(2030, 6, 27, 7, 0)), tick=False):
        assert daily_jobs_schedule() is True  # the worker starts: not run today, so at once
        assert daily_jobs_schedule() is False  # once, however often the worker restarts
        work()
    assert [(n.recipient.username, n.title) for n in Notification.objects.all()] == [("officer", "参赛名单报送截止还有3天")]
    assert [m.to for m in mail.outbox] == [["officer@example.com"]]
    done = DBTaskResult.objects.get(task_path=reminders_daily.module_path, status="SUCCEEDED")
    assert done.return_value == {"labour": 1, "recommendation": 0, "applicant": 0, "expert": 0, "grading": 0}
    following = DBTaskResult.objects.get(task_path=reminders_daily.module_path, status="READY")
    assert timezone.localtime(following.run_after) == timezone.make_aware(datetime.datetime(2030, 6, 28, 8, 0))
    with time_machine.travel(timezone.make_aware(datetime.datetime(2030, 6, 27, 9, 0)), tick=False):
        assert daily_jobs_schedule() is False  # a restart later the same day: still the one for tomorrow
    with time_machine.travel(timezone.make_aware(datetime.datetime(2030, 6, 29, 8, 1)), tick=False):
        work()  # the 28th's run (2 days before: nothing), then the 29th's run (1 day before)
        work()
    assert [n.title for n in Notification.objects.order_by("pk")] == ["参赛名单报送截止还有3天", "参赛名单报送截止还有1天"]


@pytest.mark.parametrize("typed", ["缺少盖章页", "缺少盖章页。", " 缺少盖章页。 ", "缺少盖章页；"])
def test_a_typed_reason_reads_as_one_sentence(typed):
    assert reason_sentence(typed) == "缺少盖章页。"
