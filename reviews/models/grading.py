"""绩效分级 assessments (seed 003 四(三)): the four batches, each city's assessments with their documents, the
province's 现场抽查复核, violations that downgrade a level (三(七)), every level change, and the disclosure."""

from django.db import models
from django.db.models import Q

from applications.models.improvement import GradingEnterprise, GradingLevel
from competitions.models import OfDivision, competition_fk, division_one
from greencomp.models import StoredFile, actor_fk
from quotas.models.grading_targets import Industry, IndustryGroup

__all__ = ["AssessmentBatch", "Assessment", "AssessmentDocument", "Violation", "LevelChange", "Disclosure"]


class AssessmentBatch(models.Model):
    competition = competition_fk("assessment_batches")
    number = models.PositiveSmallIntegerField("批次")
    name = models.CharField("审核认定范围", max_length=60)
    group = models.ForeignKey(IndustryGroup, verbose_name="行业类别", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="batches")
    # 河南省本地重点行业及保障类企业: 保障类 enterprises may belong to any industry.
    includes_support = models.BooleanField("含保障类企业", default=False)
    opens_on = models.DateField("开始日期")
    deadline = models.DateField("完成时限")

    class Meta:
        verbose_name = verbose_name_plural = "审核认定批次"
        ordering = ["competition", "number"]
        constraints = [models.UniqueConstraint(fields=["competition", "number"], name="assessment_batch_unique")]

    def __str__(self):
        return f"第{self.number}批 {self.name}"


class Recorded(models.Model):
    """A grading record the province enters (录入): who entered it and when."""

    recorded_by = actor_fk("录入人")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        abstract = True


class Assessment(Recorded):
    class SpotCheck(models.TextChoices):
        NONE = "", "未抽查"
        SELECTED = "selected", "待现场复核"
        PASSED = "passed", "复核通过"
        FAILED = "failed", "复核未通过"

    batch = models.ForeignKey(AssessmentBatch, verbose_name="批次", on_delete=models.PROTECT,
                              related_name="assessments")
    enterprise = models.ForeignKey(GradingEnterprise, verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="assessments")
    industry = models.ForeignKey(Industry, verbose_name="重点行业", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("绩效等级", max_length=2, choices=GradingLevel.choices)
    previous_level = models.CharField("原绩效等级", max_length=2, choices=GradingLevel.choices, blank=True)
    assessed_on = models.DateField("评定时间")
    reviewers = models.CharField("评审人员", max_length=300, help_text="行业协会、专家等评审人员，用顿号分隔。")
    notes = models.TextField("评审意见", blank=True, max_length=2000)
    spot_check = models.CharField("现场抽查复核", max_length=10, choices=SpotCheck.choices, blank=True)
    spot_check_note = models.TextField("复核意见", blank=True)
    spot_check_level = models.CharField("复核后等级", max_length=2, choices=GradingLevel.choices, blank=True)
    spot_checked_at = models.DateTimeField("复核时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "绩效分级评定"
        ordering = ["-assessed_on", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(level=""), name="assessment_has_level")]

    def __str__(self):
        return f"{self.enterprise} {self.get_level_display()}（{self.batch}）"

    @property
    def competition_id(self):
        return self.batch.competition_id

    @property
    def division_id(self):
        return self.enterprise.division_id


class AssessmentDocument(StoredFile):
    """A document of the assessment (评审意见, 现场照片, 台账), kept in the assessment's own folder."""

    assessment = models.ForeignKey(Assessment, verbose_name="评定", on_delete=models.CASCADE,
                                   related_name="documents")

    class Meta:
        verbose_name = verbose_name_plural = "评审材料"
        ordering = ["assessment", "id"]

    @property
    def storage_folder(self) -> str:
        return f"grading/{self.assessment_id}"


class Violation(Recorded):
    class Kind(models.TextChoices):
        EXCESS = "excess", "超标排放"
        SECRET = "secret", "偷排偷放"
        FACILITY = "facility", "污染治理设施不正常运行"
        OTHER = "other", "其他"

    enterprise = models.ForeignKey(GradingEnterprise, verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="violations")
    # The level downgraded is the one of this industry (null only on records from before levels were per industry).
    industry = models.ForeignKey(Industry, verbose_name="重点行业", null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("违法类型", max_length=10, choices=Kind.choices)
    occurred_on = models.DateField("发现日期")
    description = models.TextField("违法事实及处理依据", max_length=2000)
    level_before = models.CharField("降级前等级", max_length=2, choices=GradingLevel.choices, blank=True)
    level_after = models.CharField("降级后等级", max_length=2, choices=GradingLevel.choices)

    class Meta:
        verbose_name = verbose_name_plural = "环境违法降级"
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{self.enterprise} {self.get_kind_display()}"


class LevelChange(models.Model):
    """The history of an enterprise's level in an industry: written by every service that changes
    `EnterpriseIndustry.level`."""

    class Source(models.TextChoices):
        REGISTER = "register", "企业名录"
        ASSESSMENT = "assessment", "审核评定"
        SPOT_CHECK = "spot_check", "现场抽查复核"
        VIOLATION = "violation", "环境违法降级"

    enterprise = models.ForeignKey(GradingEnterprise, verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="level_changes")
    industry = models.ForeignKey(Industry, verbose_name="重点行业", null=True, on_delete=models.PROTECT, related_name="+")
    level_before = models.CharField("变更前", max_length=2, choices=GradingLevel.choices, blank=True)
    level_after = models.CharField("变更后", max_length=2, choices=GradingLevel.choices, blank=True)
    changed_on = models.DateField("变更日期")
    source = models.CharField("来源", max_length=12, choices=Source.choices)
    reason = models.TextField("原因", blank=True)
    assessment = models.ForeignKey(Assessment, verbose_name="评定", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    violation = models.ForeignKey(Violation, verbose_name="违法记录", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    by = actor_fk("操作人", on_delete=models.SET_NULL, null=True)
    at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "绩效等级变更"
        ordering = ["enterprise", "-changed_on", "-id"]

    def __str__(self):
        return f"{self.enterprise}：{self.level_before or '未评级'} → {self.level_after or '未评级'}"


class Disclosure(OfDivision, models.Model):
    """信息公开: the levels of a city's enterprises as the province published them (a frozen list)."""

    division = division_one("grading_disclosure", "省辖市")
    rows = models.JSONField("公告内容", default=list)
    published_at = models.DateTimeField("发布时间")
    published_by = actor_fk("发布人")

    class Meta:
        verbose_name = verbose_name_plural = "绩效分级信息公开"

    def __str__(self):
        return f"{self.division} 绩效分级结果公告"
