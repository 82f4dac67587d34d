"""Writes of the public side: notices (draft → published → withdrawn) with attachments, and API tokens."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from greencomp.audit import audit_record, snapshot
from greencomp.uploads import atomic_with_files, delete_after_commit, stored_file_fill, upload_check

from .models import ApiToken, Notice, NoticeAttachment

NOTICE_FIELDS = ["title", "body"]
ATTACHMENT_TYPES = ("pdf", "docx", "xlsx", "jpg", "png")
TOKEN_PREFIX = "gc_"


@transaction.atomic
def notice_create(*, competition, title: str, body: str, by) -> Notice:
    notice = Notice(competition=competition, title=(title or "").strip(), body=body or "", created_by=by)
    _check(notice)
    notice.save()
    audit_record(actor=by, action="portal.notice_create", target=notice, after=snapshot(notice, NOTICE_FIELDS))
    return notice


@transaction.atomic
def notice_update(*, notice: Notice, title: str, body: str, by) -> Notice:
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    before = snapshot(notice, NOTICE_FIELDS)
    notice.title, notice.body = (title or "").strip(), body or ""
    _check(notice)
    notice.save(update_fields=["title", "body", "updated_at"])
    audit_record(actor=by, action="portal.notice_update", target=notice, before=before,
                 after=snapshot(notice, NOTICE_FIELDS))
    return notice


def _check(notice: Notice) -> None:
    if not notice.body.strip():
        raise ValidationError({"body": "请填写正文。"})
    if Notice.objects.filter(competition_id=notice.competition_id, title=notice.title).exclude(pk=notice.pk).exists():
        raise ValidationError({"title": "本竞赛已有同名的通知公告。"})
    notice.full_clean(exclude=["competition", "created_by", "published_by"], validate_unique=False)


@transaction.atomic
def notice_publish(*, notice: Notice, by) -> Notice:
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.published_at:
        raise ValidationError("该通知公告已发布。")
    notice.published_at, notice.published_by = timezone.now(), by
    notice.save(update_fields=["published_at", "published_by", "updated_at"])
    audit_record(actor=by, action="portal.notice_publish", target=notice, after={"title": notice.title})
    return notice


@transaction.atomic
def notice_unpublish(*, notice: Notice, reason: str, by) -> Notice:
    """Withdraw a published notice back to draft: it disappears from the portal and the API at once."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写撤回原因。"})
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if not notice.published_at:
        raise ValidationError("该通知公告尚未发布。")
    before = {"published_at": notice.published_at.isoformat()}
    notice.published_at, notice.published_by = None, None
    notice.save(update_fields=["published_at", "published_by", "updated_at"])
    audit_record(actor=by, action="portal.notice_unpublish", target=notice, before=before,
                 after={"published_at": None}, reason=reason.strip())
    return notice


def notice_attachment_add(*, notice: Notice, upload, by) -> NoticeAttachment:
    checked = upload_check(upload, allowed=ATTACHMENT_TYPES, field="file")
    with atomic_with_files():
        attachment = NoticeAttachment(notice=notice)
        stored_file_fill(attachment, upload, checked, by=by)
        attachment.save()
        audit_record(actor=by, action="portal.notice_attachment_add", target=notice,
                     after={"name": attachment.original_name, "sha256": attachment.sha256})
    return attachment


@transaction.atomic
def notice_attachment_delete(*, attachment: NoticeAttachment, by) -> None:
    notice = attachment.notice
    audit_record(actor=by, action="portal.notice_attachment_delete", target=notice,
                 before={"name": attachment.original_name, "sha256": attachment.sha256})
    delete_after_commit(attachment.file)
    attachment.delete()


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name: str, by) -> tuple[ApiToken, str]:
    """A new token of `user`; returns it with the key, which is never stored and cannot be shown again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写令牌用途。"})
    if ApiToken.objects.filter(user=user, name=name, revoked_at__isnull=True).exists():
        raise ValidationError({"name": "已有同名的有效令牌。"})
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, key_hash=token_digest(key), prefix=key[:8])
    token.full_clean()
    token.save()
    audit_record(actor=by, action="portal.token_create", target=token, after={"name": name, "prefix": token.prefix})
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, by, reason: str) -> ApiToken:
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写吊销原因。"})
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at:
        raise ValidationError("该令牌已吊销。")
    token.revoked_at, token.revoked_by = timezone.now(), by
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(actor=by, action="portal.token_revoke", target=token, after={"name": token.name},
                 reason=reason.strip())
    return token


def token_touch(token: ApiToken) -> None:
    """Record the last use at most once a minute (not a state change: no audit record)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
