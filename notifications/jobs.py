"""Background jobs (django-tasks, database backend): the mail of a notification, and the retry they share.

django-tasks runs a job once and does not retry it. A job that may fail for a passing reason (the mail server
is down) enqueues itself again with `run_after` and an attempt counter — after 1, 2, 4, 8 minutes — and is
written so that running it twice does no harm. After the last attempt it raises, so the job is recorded as
failed and listed on the secretariat's 失败任务 page."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .enums import MailStatus
from .models import AddressMail, MailOptOut, Message, Notification

MAX_ATTEMPTS = 5


def backoff(attempt: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=2 ** (attempt - 1))


def retry_later(job, *, attempt: int, **kwargs) -> bool:
    """Enqueue `job` again after the back-off; False when the attempts are used up (or the backend cannot defer)."""
    if attempt >= MAX_ATTEMPTS or not job.get_backend().supports_defer:
        return False
    job.using(run_after=timezone.now() + backoff(attempt)).enqueue(attempt=attempt + 1, **kwargs)
    return True


def mail_subject(message: Message) -> str:
    """A notification's or an address mail's subject: 【the competition】 title."""
    prefix = message.competition.title if message.competition_id else "绿色发展竞赛管理平台"
    return f"【{prefix}】{message.title}"


def mail_body(notification: Notification) -> str:
    link = f"\n\n查看详情：{settings.SITE_URL}{notification.url}" if notification.url else ""
    return (f"{notification.recipient.display_name}：\n\n{notification.body or notification.title}{link}\n\n"
            "——绿色发展竞赛管理平台（本邮件由系统自动发送，可在平台“消息中心 · 邮件设置”中退订此类邮件）")


def _wants_mail(n: Notification) -> bool:
    return bool(n.recipient.email and n.recipient.is_active
                and not MailOptOut.objects.filter(user_id=n.recipient_id, kind=n.kind).exists())


@task()
def notification_mail_send(notification_id: int, attempt: int = 1) -> str:
    n = Notification.objects.select_related("recipient", "competition").filter(pk=notification_id).first()
    if n is None or n.mail_status in (MailStatus.SENT, MailStatus.SKIPPED):
        return "already done"
    if not _wants_mail(n):
        Notification.objects.filter(pk=n.pk).update(mail_status=MailStatus.SKIPPED)
        return "skipped"
    return _deliver(n, subject=mail_subject(n), body=mail_body(n), to=n.recipient.email,
                    retry=lambda: retry_later(notification_mail_send, attempt=attempt, notification_id=n.pk))


@task()
def address_mail_send(mail_id: int, attempt: int = 1) -> str:
    """The mail to an address without an account; the same claim, retry and failure record as a notification's."""
    mail = AddressMail.objects.select_related("competition").filter(pk=mail_id).first()
    if mail is None or mail.mail_status == MailStatus.SENT:
        return "already done"
    body = f"{mail.body or mail.title}\n\n——绿色发展竞赛管理平台（本邮件由系统自动发送，请勿直接回复）"
    return _deliver(mail, subject=mail_subject(mail), body=body, to=mail.address,
                    retry=lambda: retry_later(address_mail_send, attempt=attempt, mail_id=mail.pk))


def _deliver(message, *, subject: str, body: str, to: str, retry) -> str:
    """Send one Message's mail once: claim the attempt (a duplicate job finds the counter moved and stops), send,
    record sent / retrying (`retry()` enqueued the next attempt) / failed (raised, so the job is listed)."""
    rows = type(message).objects.filter(pk=message.pk)
    claimed = rows.filter(mail_attempts=message.mail_attempts).exclude(mail_status=MailStatus.SENT).update(
        mail_attempts=F("mail_attempts") + 1)
    if not claimed:
        return "claimed by another worker"
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:300]
        if retry():
            rows.update(mail_status=MailStatus.RETRYING, mail_error=error)
            return "retry scheduled"
        rows.update(mail_status=MailStatus.FAILED, mail_error=error)
        raise
    rows.update(mail_status=MailStatus.SENT, mailed_at=timezone.now(), mail_error="")
    return "sent"
