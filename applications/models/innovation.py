"""Innovation-contest applications (seed 002): one Application per technology / product / case and track,
its form content, attachments, frozen versions, and each city's recommendation list per track."""

from django.db import models

from competitions.models import OfDivision, Track, competition_fk, division_fk
from greencomp.models import FiledBy, Organisation, StoredFile, actor_fk

from .submitted import Submitted, submission_status, submitted_has_time

__all__ = ["Application", "ApplicationVersion", "Attachment", "RecommendationList"]


class Application(Submitted, FiledBy):
    Status = submission_status(("RECOMMENDED", "recommended", "已推荐"), ("WITHDRAWN", "withdrawn", "已撤回"))

    competition = competition_fk("applications", on_delete=models.PROTECT)
    track = models.ForeignKey(Track, verbose_name="赛道", on_delete=models.PROTECT, related_name="applications")
    division = division_fk("applications", "推荐单位（省辖市）", on_delete=models.PROTECT)
    organisation = models.ForeignKey(Organisation, verbose_name="申报单位", on_delete=models.PROTECT,
                                     related_name="applications")
    title = models.CharField("技术/产品/案例名称", max_length=200, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    data = models.JSONField("申报表内容", default=dict, blank=True)
    version = models.PositiveIntegerField("提交版本", default=0)
    recommend_order = models.PositiveSmallIntegerField("推荐排序", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "申报"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["competition", "division", "track", "status"])]

    def __str__(self):
        return self.title or f"申报 #{self.pk}"


class ApplicationVersion(models.Model):
    """A frozen snapshot made at each submission: form data and attachment checksums."""

    application = models.ForeignKey(Application, verbose_name="申报", on_delete=models.CASCADE,
                                    related_name="versions")
    number = models.PositiveIntegerField("版本")
    data = models.JSONField("申报表内容")
    attachments = models.JSONField("附件清单", default=list)
    submitted_at = models.DateTimeField("提交时间")
    submitted_by = actor_fk("提交人")
    return_reason = models.TextField("退回原因", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "申报版本"
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="application_version_unique")]

    def __str__(self):
        return f"{self.application} 第{self.number}版"


class Attachment(StoredFile):
    """A proof document (证明材料) of one category, or the stamped scan of the whole form."""

    application = models.ForeignKey(Application, verbose_name="申报", on_delete=models.CASCADE,
                                    related_name="attachments")
    category = models.CharField("证明材料类别", max_length=40)

    class Meta:
        verbose_name = verbose_name_plural = "证明材料"
        ordering = ["application", "category", "id"]


class RecommendationList(OfDivision, Submitted):
    """A city's (division's) recommendation list for one track, submitted to the secretariat."""

    Status = submission_status(("ACCEPTED", "accepted", "已接收"))

    division = division_fk("recommendation_lists", "省辖市")
    track = models.ForeignKey(Track, verbose_name="赛道", on_delete=models.CASCADE,
                              related_name="recommendation_lists")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    minimum_waived = models.BooleanField("免除最少推荐数", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "推荐名单"
        constraints = [
            models.UniqueConstraint(fields=["division", "track"], name="recommendation_list_unique"),
            submitted_has_time("recommendation_list_submitted_has_time"),
        ]

    def __str__(self):
        return f"{self.division} · {self.track}"
