"""The 邮件发送记录 filter (MailLogFilter): by sending state; a bogus state lists nothing instead of a 500."""

import pytest
from django.urls import reverse

from notifications.enums import NotificationKind
from notifications.services import notify

pytestmark = pytest.mark.django_db


def test_mail_log_filters_by_state(client, secretariat, enterprise, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[enterprise], kind=NotificationKind.ACCOUNT, title="注册申请已通过审核")
    client.force_login(secretariat)
    url = reverse("notifications:mail_log")
    assert [n.title for n in client.get(url, {"status": "sent"}).context["page"]] == ["注册申请已通过审核"]
    assert list(client.get(url, {"status": "failed"}).context["page"]) == []
    response = client.get(url, {"status": "xyz"})
    assert response.status_code == 200
    assert list(response.context["page"]) == [] and response.context["status"] == ""
