"""消息中心 pages: the bell, the list (unread first, mark read, open the object), mail opt-out, the mail log."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.enums import NotificationKind
from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db


def make(user, title, *, read=False, url=""):
    n = Notification.objects.create(recipient=user, kind=NotificationKind.LABOUR, title=title, url=url,
                                    read_at=timezone.now() if read else None)
    return n


def bell(client):
    page = client.get(reverse("home")).content.decode()
    marker = 'data-unread-count>'
    return page.split(marker, 1)[1].split("<", 1)[0] if marker in page else None


def test_bell_counts_only_my_unread(client, officer, other_officer):
    make(officer, "一"), make(officer, "二"), make(officer, "三", read=True), make(other_officer, "别人的")
    client.force_login(officer)
    assert bell(client) == "2"
    client.post(reverse("notifications:read_all"))
    assert bell(client) is None
    assert Notification.objects.filter(recipient=other_officer, read_at__isnull=True).count() == 1


def test_bell_costs_no_query_of_its_own(client, officer, django_assert_num_queries):
    client.force_login(officer)
    client.get(reverse("notifications:settings"))

    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("notifications:settings"))
    make(officer, "一")
    with django_assert_num_queries(len(ctx.captured_queries)):
        assert "data-unread-count>1<" in client.get(reverse("notifications:settings")).content.decode()


def test_list_shows_unread_first_and_marks_read(client, officer, other_officer):
    old_unread = make(officer, "较早的未读消息")
    make(officer, "已读消息", read=True)
    make(officer, "最新的未读消息")
    make(other_officer, "开封的消息")
    client.force_login(officer)
    response = client.get(reverse("notifications:list"))
    titles = [n.title for n in response.context["page"]]
    assert titles == ["最新的未读消息", "较早的未读消息", "已读消息"]
    assert "开封的消息" not in response.content.decode()
    client.post(reverse("notifications:read", args=[old_unread.pk]))
    old_unread.refresh_from_db()
    assert old_unread.read_at is not None


def test_open_marks_read_and_goes_to_the_object(client, officer, other_officer, division):
    mine = make(officer, "名单已退回", url=reverse("labour:division", args=[division.pk]))
    theirs = make(other_officer, "别人的", url="/")
    outside = make(officer, "外部链接", url="https://evil.example/")
    client.force_login(officer)
    response = client.get(reverse("notifications:open", args=[mine.pk]))
    assert response["Location"] == reverse("labour:division", args=[division.pk])
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get(reverse("notifications:open", args=[outside.pk]))["Location"] == reverse("notifications:list")
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_list_is_paginated(client, officer):
    for i in range(25):
        make(officer, f"消息{i}")
    client.force_login(officer)
    page = client.get(reverse("notifications:list")).context["page"]
    assert (len(page), page.paginator.count) == (20, 25)


def test_mail_opt_out_per_kind_keeps_the_message(client, enterprise, django_capture_on_commit_callbacks):
    client.force_login(enterprise)
    kinds = [k for k in NotificationKind.values if k != NotificationKind.REMINDER]
    client.post(reverse("notifications:settings"), {"mail": kinds})
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[enterprise], kind=NotificationKind.REMINDER, title="申报提交截止还有3天")
        notify(recipients=[enterprise], kind=NotificationKind.APPLICATION, title="申报已提交（回执）")
    assert [m.subject for m in mail.outbox] == ["【绿色发展竞赛管理平台】申报已提交（回执）"]
    assert sorted(Notification.objects.values_list("title", "mail_status")) == [
        ("申报已提交（回执）", "sent"), ("申报提交截止还有3天", "skipped")]
    page = client.get(reverse("notifications:settings")).content.decode()
    assert 'value="reminder" id="mail-reminder" >' in page and 'value="application" id="mail-application" checked>' in page


def test_mail_log_is_for_the_secretariat(client, secretariat, officer, enterprise, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[enterprise], kind=NotificationKind.ACCOUNT, title="注册申请已通过审核")
    client.force_login(officer)
    assert client.get(reverse("notifications:mail_log")).status_code == 403
    assert client.get(reverse("notifications:failed_jobs")).status_code == 403
    client.force_login(secretariat)
    page = client.get(reverse("notifications:mail_log")).content.decode()
    assert "注册申请已通过审核" in page and "enterprise@example.com" in page and "已发送" in page


def test_downloads_page_is_csp_clean(client, officer):
    client.force_login(officer)
    page = client.get(reverse("notifications:downloads")).content.decode()
    assert '<script src="/static/js/export_progress.js"></script>' in page
    assert "<script>" not in page and "onclick" not in page
