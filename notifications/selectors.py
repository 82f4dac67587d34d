from django.db.models import F
from django_tasks import TaskResultStatus
from django_tasks.backends.database.models import DBTaskResult

from .filters import MailLogFilter
from .models import AddressMail, ExportJob, Notification


def notifications_for(user):
    """Unread first, then newest."""
    return (Notification.objects.filter(recipient=user).select_related("competition")
            .order_by(F("read_at").desc(nulls_first=True), "-created_at", "-id"))


def mail_log():
    return Notification.objects.select_related("recipient", "competition").order_by("-created_at", "-id")


def mail_log_filter(params) -> MailLogFilter:
    """邮件发送记录 of the chosen sending state."""
    return MailLogFilter(params, queryset=mail_log())


def address_mail_log():
    """Mails to people without an account (an anonymous objector's e-mail)."""
    return AddressMail.objects.select_related("competition").order_by("-created_at", "-id")


def failed_jobs():
    return DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).order_by("-finished_at")


def export_jobs_for(user):
    return ExportJob.objects.filter(user=user).order_by("-created_at", "-id")
