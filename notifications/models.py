import uuid

from django.conf import settings
from django.db import models

from .enums import ExportStatus, MailStatus, NotificationKind


class Message(models.Model):
    """What a notification and an address mail have in common: the message and its mail's delivery state
    (sent by a background job, retried, recorded so that a retried job sends it once)."""

    kind = models.CharField("类别", max_length=20, choices=NotificationKind.choices)
    competition = models.ForeignKey("competitions.Competition", verbose_name="竞赛", null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="+")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    mail_status = models.CharField("邮件", max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING)
    mail_attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    mailed_at = models.DateTimeField("发送时间", null=True, blank=True)
    mail_error = models.CharField("发送错误", max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


class Notification(Message):
    """One message to one person (消息中心); its mail is sent by a background job and recorded here."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE,
                                  related_name="notifications")
    url = models.CharField("链接", max_length=500, blank=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta(Message.Meta):
        verbose_name = verbose_name_plural = "消息"
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title


class AddressMail(Message):
    """A mail to an address without an account (an anonymous objector's contact e-mail): sent by a job like a
    notification's mail, recorded here so that a retried job sends it once."""

    address = models.EmailField("收件地址")

    class Meta(Message.Meta):
        verbose_name = verbose_name_plural = "邮件（无账号收件人）"

    def __str__(self):
        return f"{self.address} · {self.title}"


class MailOptOut(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="mail_optouts")
    kind = models.CharField("类别", max_length=20, choices=NotificationKind.choices)

    class Meta:
        verbose_name = verbose_name_plural = "邮件退订"
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="mail_optout_unique")]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()}"


class ReminderSent(models.Model):
    """A deadline reminder already sent: the unique row keeps it to one per person, deadline and day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="+")
    key = models.CharField("提醒对象", max_length=60)
    deadline = models.DateField("截止日期")
    days_before = models.PositiveSmallIntegerField("提前天数")
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "截止提醒记录"
        constraints = [models.UniqueConstraint(fields=["user", "key", "deadline", "days_before"],
                                               name="reminder_sent_once")]

    def __str__(self):
        return f"{self.user} · {self.key} · {self.deadline} · {self.days_before}"


def export_upload_to(job, filename: str) -> str:
    return f"exports/{job.token}/{filename}"


class ExportJob(models.Model):
    """A long export built by the worker (下载中心); the file expires and is deleted by a cleanup job."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="export_jobs")
    kind = models.CharField("导出内容", max_length=40)
    title = models.CharField("名称", max_length=200)
    params = models.JSONField("参数", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("进度", default=0)
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    file = models.FileField("文件", upload_to=export_upload_to, blank=True, max_length=300)
    filename = models.CharField("文件名", max_length=200, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", null=True, blank=True)
    error = models.CharField("错误", max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("过期时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "导出任务"
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(progress__lte=100), name="export_progress_max")]

    def __str__(self):
        return self.title
