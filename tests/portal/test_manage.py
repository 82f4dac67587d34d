"""The secretariat's 通知公告 pages and every account's token page: audited writes, permissions, queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competitions.enums import Role
from greencomp.models import AuditEvent
from portal.models import ApiToken, Notice, NoticeAttachment
from portal.services import token_create

from ..factories import CompetitionFactory, MembershipFactory, NoticeFactory, UserFactory
from .conftest import attach

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _actions(target_type="notice"):
    return list(AuditEvent.objects.filter(target_type__model=target_type).order_by("id").values_list("action", flat=True))


def test_secretariat_drafts_uploads_publishes_and_withdraws_a_notice(client, secretariat, competition, settings,
                                                                     tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretariat)
    response = client.post(reverse("portal:notice_manage", args=[competition.pk]),
                           {"title": "关于开展竞赛的通知", "body": "各赛区：现将有关事项通知如下。"})
    notice = Notice.objects.get()
    assert response.url == reverse("portal:notice_edit", args=[notice.pk])
    assert notice.published_at is None
    assert client.get(reverse("portal:notice", args=[notice.pk])).status_code == 404  # a draft is not public
    edit = reverse("portal:notice_edit", args=[notice.pk])
    client.post(edit, {"action": "upload", "file": SimpleUploadedFile("附件1 名额分配表.pdf", PDF)})
    assert list(notice.attachments.values_list("original_name", flat=True)) == ["附件1 名额分配表.pdf"]
    client.post(reverse("portal:notice_publish", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.published_at is not None and notice.published_by == secretariat
    client.logout()
    assert "附件1 名额分配表.pdf" in client.get(reverse("portal:notice", args=[notice.pk])).content.decode()
    client.force_login(secretariat)
    client.post(reverse("portal:notice_unpublish", args=[notice.pk]), {"reason": ""})
    notice.refresh_from_db()
    assert notice.published_at is not None  # no withdrawal without a reason
    client.post(reverse("portal:notice_unpublish", args=[notice.pk]), {"reason": "附件有误"})
    notice.refresh_from_db()
    assert notice.published_at is None
    assert _actions() == ["portal.notice_create", "portal.notice_attachment_add", "portal.notice_publish",
                          "portal.notice_unpublish"]
    assert AuditEvent.objects.get(action="portal.notice_unpublish").reason == "附件有误"


def test_wrong_file_type_and_missing_body_are_refused_in_chinese(client, secretariat, competition, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretariat)
    response = client.post(reverse("portal:notice_manage", args=[competition.pk]), {"title": "标题", "body": ""})
    assert response.context["form"].errors == {"body": ["该字段是必填项。"]}
    assert response.context["form"]["title"].value() == "标题"  # typed value kept
    notice = NoticeFactory(competition=competition, published_at=None)
    response = client.post(reverse("portal:notice_edit", args=[notice.pk]),
                           {"action": "upload", "file": SimpleUploadedFile("通知.exe", b"MZ\x90\x00")})
    assert response.context["upload"].errors["file"] == ["不支持的文件类型“.exe”，此项只能上传PDF、DOCX、XLSX、JPG、PNG文件。"]
    assert NoticeAttachment.objects.count() == 0


@pytest.fixture
def foreign_notice(db, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    notice = NoticeFactory(competition=CompetitionFactory(title="别人的竞赛"), published_at=None, title="别人的草稿")
    return notice, attach(notice, secretariat)


def test_notice_pages_refuse_everyone_but_the_competitions_secretariat(client, foreign_notice, officer, other_officer,
                                                                       enterprise, expert, outsider, competition):
    notice, attachment = foreign_notice
    other_secretariat = UserFactory(username="other_secretariat")
    MembershipFactory(user=other_secretariat, role=Role.SECRETARIAT, competition=competition)
    urls = [reverse("portal:notice_manage", args=[notice.competition_id]),
            reverse("portal:notice_edit", args=[notice.pk]), reverse("portal:notice_publish", args=[notice.pk]),
            reverse("portal:notice_unpublish", args=[notice.pk]),
            reverse("portal:notice_attachment_manage", args=[attachment.pk]),
            reverse("portal:notice_attachment_delete", args=[attachment.pk])]
    events = AuditEvent.objects.count()
    for user in (officer, other_officer, enterprise, expert, outsider, other_secretariat):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in (403, 404, 405), (user, url)
            assert client.post(url, {"title": "改", "body": "改", "reason": "改"}).status_code in (403, 404), (user, url)
    notice.refresh_from_db()
    assert (notice.title, notice.published_at, notice.attachments.count(), AuditEvent.objects.count()) == (
        "别人的草稿", None, 1, events)


def test_a_competition_secretariat_manages_its_own_notices(client, competition):
    own = UserFactory(username="comp_secretariat")
    MembershipFactory(user=own, role=Role.SECRETARIAT, competition=competition)
    client.force_login(own)
    assert client.get(reverse("portal:notice_manage", args=[competition.pk])).status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_notice_manage_query_count_does_not_grow(client, secretariat, competition, django_assert_num_queries, n):
    for i in range(n):
        NoticeFactory(competition=competition, title=f"通知{i}")
    client.force_login(secretariat)
    client.get(reverse("portal:notice_manage", args=[competition.pk]))
    with django_assert_num_queries(8):
        client.get(reverse("portal:notice_manage", args=[competition.pk]))


# ---- tokens ------------------------------------------------------------------------------------------------------

def test_token_is_shown_once_and_revoked_with_audit(client, officer):
    client.force_login(officer)
    response = client.post(reverse("portal:tokens"), {"name": "市级平台同步"})
    key = response.context["key"]
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=officer)
    listing = client.get(reverse("portal:tokens")).content.decode()
    assert key not in listing and f"{token.prefix}…" in listing
    client.post(reverse("portal:token_revoke", args=[token.pk]), {"reason": ""})
    token.refresh_from_db()
    assert token.revoked_at is None  # no revocation without a reason
    client.post(reverse("portal:token_revoke", args=[token.pk]), {"reason": "不再使用"})
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == officer
    assert client.get(reverse("api:entries"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert _actions("apitoken") == ["portal.token_create", "portal.token_revoke"]
    assert AuditEvent.objects.get(action="portal.token_revoke").reason == "不再使用"


def test_another_accounts_token_cannot_be_revoked(client, officer, other_officer):
    token, _ = token_create(user=other_officer, name="同步", by=other_officer)
    client.force_login(officer)
    assert client.post(reverse("portal:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert [t.name for t in client.get(reverse("portal:tokens")).context["page"]] == []


def test_token_page_needs_login(client, db):
    assert client.get(reverse("portal:tokens")).url.startswith(reverse("login"))


@pytest.mark.parametrize("n", [1, 3])
def test_token_list_query_count_does_not_grow(client, officer, django_assert_num_queries, n):
    for i in range(n):
        token_create(user=officer, name=f"令牌{i}", by=officer)
    client.force_login(officer)
    client.get(reverse("portal:tokens"))
    with django_assert_num_queries(6):
        client.get(reverse("portal:tokens"))
