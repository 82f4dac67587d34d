"""Quota tables (分配表): how many entries each division (赛区) may register."""

from django.db import models
from django.db.models import Q

from competitions.models import competition_one, division_one

__all__ = ["QuotaTable", "Quota"]


class QuotaTable(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    competition = competition_one("quota_table")
    title = models.CharField(
        "表题", max_length=200, blank=True, help_text="留空则为“竞赛名称 + 参赛企业分配表”。"
    )
    notice_total = models.PositiveIntegerField("通知规定总数", help_text="通知中规定的参赛名额总数，合计必须与之相等。")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "名额分配表"

    def __str__(self):
        return f"{self.competition} 分配表"

    @property
    def display_title(self) -> str:
        return self.title or f"{self.competition.title}参赛企业分配表"


class Quota(models.Model):
    """One row of the table. The registering service locks this row (select_for_update) before counting."""

    table = models.ForeignKey(QuotaTable, verbose_name="分配表", on_delete=models.CASCADE, related_name="quotas")
    division = division_one("quota")
    entries = models.PositiveIntegerField("参赛企业数")

    class Meta:
        verbose_name = verbose_name_plural = "赛区名额"
        ordering = ["division__order", "division_id"]
        constraints = [models.CheckConstraint(condition=Q(entries__gte=0), name="quota_entries_non_negative")]

    def __str__(self):
        return f"{self.division}：{self.entries}"
