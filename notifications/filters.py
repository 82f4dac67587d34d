"""The 邮件发送记录 filter: the mail's sending state."""

from greencomp.filters import ListFilter, status_filter

from .enums import MailStatus
from .models import Notification


class MailLogFilter(ListFilter):
    status = status_filter(MailStatus.choices, field_name="mail_status")

    class Meta:
        model = Notification
        fields = ["status"]
