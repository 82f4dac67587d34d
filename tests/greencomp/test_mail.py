from django.core import mail
from django.db import transaction
from django.urls import reverse

from greencomp.mail import mail_on_commit


def test_mail_leaves_only_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            mail_on_commit(subject="申报已退回", body="请修改后重新提交。", to=["a@example.com", "", "a@example.com"])
            assert mail.outbox == []
    assert [(m.subject, m.to) for m in mail.outbox] == [("申报已退回", ["a@example.com"])]


def test_rolled_back_change_sends_nothing(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                mail_on_commit(subject="x", body="y", to=["a@example.com"])
                raise RuntimeError
        except RuntimeError:
            pass
    assert mail.outbox == []


def test_password_reset_mail_is_chinese(client, enterprise):
    client.post(reverse("password_reset"), {"email": enterprise.email})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "绿色发展竞赛管理平台：重置密码"
    assert "/auth/password/reset/" in mail.outbox[0].body
