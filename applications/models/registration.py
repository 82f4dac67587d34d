"""Labour-competition entries (seed 000 附件2, seed 001): the participating units a division (赛区) registers
within its quota, the division's submitted list with its 竞赛方案, and each enterprise's plan, summary and
降能耗 / 降排放 indicators."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from competitions.models import competition_fk, division_fk, division_one
from greencomp.models import Organisation, StoredFile, Timestamped, actor_fk
from greencomp.validators import validate_phone

from .submitted import submitted_has_time

__all__ = ["Entry", "DivisionSubmission", "SubmissionPlan", "EntryDocument", "EntryIndicator"]


class Entry(Timestamped):
    class Status(models.TextChoices):
        REGISTERED = "registered", "已登记"
        WITHDRAWN = "withdrawn", "已撤回"

    competition = competition_fk("labour_entries", on_delete=models.PROTECT)
    division = division_fk("labour_entries", on_delete=models.PROTECT)
    organisation = models.ForeignKey(Organisation, verbose_name="参赛单位", on_delete=models.PROTECT,
                                     related_name="labour_entries")
    project = models.CharField("参赛项目", max_length=200)
    project_address = models.CharField("项目地址", max_length=200)
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=30, validators=[validate_phone])
    industry = models.CharField("所属行业", max_length=100, blank=True,
                                help_text="附件2没有此列：按附件2导入的单位可以暂不填写。")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.REGISTERED)
    created_by = actor_fk("登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "参赛单位"
        ordering = ["division", "id"]
        constraints = [
            # The same organisation (credit code) is registered at most once per competition.
            models.UniqueConstraint(fields=["competition", "organisation"], condition=Q(status="registered"),
                                    name="labour_entry_one_per_competition"),
        ]
        indexes = [models.Index(fields=["division", "status"])]

    def __str__(self):
        return f"{self.organisation} · {self.project}"


class DivisionSubmission(models.Model):
    """The division's 附件2 list as sent to the organiser: header/footer fields and the 竞赛方案 file."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"

    division = division_one("labour_submission")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    leader_name = models.CharField("分管领导", max_length=50, blank=True)
    filled_on = models.DateField("填报日期", null=True, blank=True)
    filler_name = models.CharField("填表人", max_length=50, blank=True)
    filler_phone = models.CharField("联系电话", max_length=30, blank=True, validators=[validate_phone])
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = actor_fk("报送人", optional=True)
    reopened_at = models.DateTimeField("退回修改时间", null=True, blank=True)
    reopen_reason = models.TextField("退回修改原因", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "赛区参赛名单报送"
        constraints = [
            submitted_has_time("labour_submission_submitted_has_time"),
        ]

    def __str__(self):
        return f"{self.division} 参赛名单"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class SubmissionPlan(StoredFile):
    """The division's 竞赛方案, sent with its list; replaced when the list is sent again."""

    submission = models.OneToOneField(DivisionSubmission, verbose_name="参赛名单报送", on_delete=models.CASCADE,
                                      related_name="plan")

    class Meta:
        verbose_name = verbose_name_plural = "竞赛方案"


class EntryDocument(StoredFile):
    """An enterprise's 竞赛活动实施方案 (start of year) or 竞赛活动总结和绩效评估 (year end); one of each."""

    class Kind(models.TextChoices):
        PLAN = "plan", "竞赛活动实施方案"
        SUMMARY = "summary", "竞赛活动总结和绩效评估"

    entry = models.ForeignKey(Entry, verbose_name="参赛单位", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("材料类别", max_length=10, choices=Kind.choices)
    on_behalf = models.BooleanField("赛区代为上传", default=False,
                                    help_text="参赛企业没有平台账号时，由赛区负责人代为上传。")

    class Meta:
        verbose_name = verbose_name_plural = "参赛单位材料"
        ordering = ["entry", "kind"]
        constraints = [models.UniqueConstraint(fields=["entry", "kind"], name="labour_document_one_per_kind")]

    def __str__(self):
        return f"{self.entry.organisation} {self.get_kind_display()}"


def _amount(label: str, **kwargs):
    return models.DecimalField(label, max_digits=14, decimal_places=2, null=True, blank=True,
                               validators=[MinValueValidator(0, message="数值不能为负数。")], **kwargs)


class EntryIndicator(models.Model):
    """降能耗 / 降排放 indicators (seed 000 (四)(五), seed 001 二(四)(五)): one row of the same columns for the
    baseline year, the contest year's target (年初实施方案), the contest year's result (年底总结) and the
    industry average (全市同行业平均水平). The year-end evaluation (selectors_labour.entry_evaluation) is
    computed from these four rows."""

    class Period(models.TextChoices):
        BASELINE = "baseline", "基准年"
        TARGET = "target", "竞赛年目标"
        CONTEST = "contest", "竞赛年"
        INDUSTRY = "industry", "同行业平均水平"

    entry = models.ForeignKey(Entry, verbose_name="参赛单位", on_delete=models.CASCADE, related_name="indicators")
    period = models.CharField("期间", max_length=10, choices=Period.choices)
    year = models.PositiveSmallIntegerField("年度")
    energy_total = _amount("综合能耗（tce）")
    unit_consumption = _amount("主要产品单耗")
    unit_consumption_unit = models.CharField("单耗计量单位", max_length=30, blank=True,
                                             help_text="如：kgce/t、tce/万元。")
    industry_average = _amount("同行业平均单耗", help_text="全省（市）同行业平均水平，计量单位同上。")
    energy_saved = _amount("节能量（tce）")
    water_saved = _amount("节水量（t）")
    co2_reduced = _amount("二氧化碳减排量（tCO2）")
    so2 = _amount("二氧化硫排放量（t）")
    nox = _amount("氮氧化物排放量（t）")
    particulates = _amount("颗粒物排放量（t）")
    cod = _amount("化学需氧量排放量（t）")
    recorded_by = actor_fk("填报人", optional=True)
    on_behalf = models.BooleanField("赛区代为填报", default=False,
                                    help_text="参赛企业没有平台账号时，由赛区负责人代为填报。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "节能减排指标"
        ordering = ["entry", "period"]
        constraints = [models.UniqueConstraint(fields=["entry", "period"], name="labour_indicator_one_per_period")]

    def __str__(self):
        return f"{self.entry.organisation} {self.get_period_display()}"

    @property
    def within_industry_average(self) -> bool | None:
        """控制在同行业平均水平以内: unit consumption at or below the industry average (None if unknown)."""
        if self.unit_consumption is None or self.industry_average is None:
            return None
        return self.unit_consumption <= self.industry_average
