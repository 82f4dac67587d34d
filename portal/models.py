"""The public side: 通知公告 of a competition with their attachments, and the API tokens of accounts."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from competitions.models import competition_fk
from greencomp.models import Published, StoredFile, Timestamped, actor_fk


class Notice(Published, Timestamped):
    """通知公告: a competition's notice as the secretariat publishes it; a draft is seen by nobody outside."""

    competition = competition_fk("notices")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    created_by = actor_fk("创建人", optional=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = verbose_name_plural = "通知公告"
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["competition", "title"], name="notice_title_unique")]

    def __str__(self):
        return self.title


class NoticeAttachment(StoredFile):
    notice = models.ForeignKey(Notice, verbose_name="通知公告", on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = verbose_name_plural = "通知附件"
        ordering = ["id"]

    @property
    def competition_id(self):
        return self.notice.competition_id


class ApiToken(models.Model):
    """An account's API token. Only the SHA-256 of the key is kept: the key is shown once, at creation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    key_hash = models.CharField("令牌摘要", max_length=64, unique=True)
    prefix = models.CharField("令牌前缀", max_length=8)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by = actor_fk("吊销人", optional=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], condition=Q(revoked_at__isnull=True),
                                               name="api_token_name_unique_while_active")]

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
