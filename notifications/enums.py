from django.db import models


class NotificationKind(models.TextChoices):
    """One kind per family of events: a user turns mail off per kind."""

    LABOUR = "labour", "劳动竞赛名单与延期"
    QUOTA = "quota", "名额分配"
    COMMENDATION = "commendation", "先进评选与通报表扬"
    APPLICATION = "application", "申报与推荐"
    RECOMMENDATION = "recommendation", "推荐名单与公示"
    RESULTS = "results", "评审结果"
    REVIEW = "review", "评审任务"
    SECRETARIAT = "secretariat", "回避与异议（秘书处）"
    GRADING = "grading", "绩效分级"
    ACCOUNT = "account", "账号与角色"
    REMINDER = "reminder", "截止提醒"
    FINANCING = "financing", "成果展示与银企对接"


class MailStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    RETRYING = "retrying", "重试中"
    SENT = "sent", "已发送"
    SKIPPED = "skipped", "未发送（无邮箱或已退订）"
    FAILED = "failed", "发送失败"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"
    EXPIRED = "expired", "已过期"
