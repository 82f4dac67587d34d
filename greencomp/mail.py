"""Mail leaves only after the transaction that caused it commits: a rolled-back change sends nothing."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction


def mail_on_commit(*, subject: str, body: str, to: list[str]) -> None:
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    )
