"""Writes of the message centre: the one `notify` every capability calls, read marks, mail opt-outs."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .enums import MailStatus
from .jobs import address_mail_send, notification_mail_send
from .models import AddressMail, MailOptOut, Notification


def reason_sentence(reason: str) -> str:
    """A reason typed by a user, as one sentence of a notification: "缺少盖章页。" and "缺少盖章页" both read
    "缺少盖章页。" (never "。。")."""
    return reason.strip().rstrip("。.；;，, ") + "。"


def notify(*, recipients: Iterable, kind: str, competition=None, title: str, body: str = "",
           url: str = "", addresses: Iterable[str] = ()) -> list[Notification]:
    """One notification per distinct active recipient; each one's mail is one job enqueued after commit, so a
    rolled-back action notifies no one and a mail server that is down never fails the request. A recipient
    without an e-mail address gets no job: the notification is written as not mailed (what the job would have
    recorded). `addresses` are people without an account (an anonymous objector's e-mail): they get the mail
    only, by the same kind of job."""
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    rows = Notification.objects.bulk_create(
        Notification(recipient=u, kind=kind, competition=competition, title=title[:200], body=body, url=url,
                     mail_status=MailStatus.PENDING if u.email else MailStatus.SKIPPED)
        for u in users.values())
    for row in rows:
        if row.mail_status == MailStatus.PENDING:
            transaction.on_commit(lambda pk=row.pk: notification_mail_send.enqueue(notification_id=pk))
    known = {u.email.strip().lower() for u in users.values() if u.email}
    for address in sorted({a.strip().lower() for a in addresses if a and a.strip()} - known):
        mail = AddressMail.objects.create(address=address, kind=kind, competition=competition, title=title[:200],
                                          body=body)
        transaction.on_commit(lambda pk=mail.pk: address_mail_send.enqueue(mail_id=pk))
    return rows


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def mail_optouts_set(*, user, kinds: Iterable[str]) -> None:
    kinds = set(kinds)
    MailOptOut.objects.filter(user=user).exclude(kind__in=kinds).delete()
    have = set(MailOptOut.objects.filter(user=user).values_list("kind", flat=True))
    MailOptOut.objects.bulk_create(MailOptOut(user=user, kind=k) for k in sorted(kinds - have))
