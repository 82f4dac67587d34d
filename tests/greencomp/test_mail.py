from django.core import mail
from django.db import transaction
from django.urls import reverse

from notifications.enums import NotificationKind
from notifications.models import Notification
from notifications.services import notify


def test_mail_leaves_only_after_commit(db, django_capture_on_commit_callbacks, enterprise):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify(recipients=[enterprise, enterprise], kind=NotificationKind.APPLICATION, title="申报已退回",
                   body="请修改后重新提交。")
            assert mail.outbox == []
    assert [(m.subject, m.to) for m in mail.outbox] == [("【绿色发展竞赛管理平台】申报已退回", [enterprise.email])]


def test_rolled_back_change_sends_nothing(db, django_capture_on_commit_callbacks, enterprise):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify(recipients=[enterprise], kind=NotificationKind.APPLICATION, title="x", body="y")
                raise RuntimeError
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert Notification.objects.count() == 0


def test_password_reset_mail_is_chinese(client, enterprise):
    client.post(reverse("password_reset"), {"email": enterprise.email})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "绿色发展竞赛管理平台：重置密码"
    assert "/auth/password/reset/" in mail.outbox[0].body
