"""绩效分级提升 (seed 003): each city's register of key-industry enterprises with their current level in each of
their industries (the base the A/B shares are computed from) and its 重点行业绩效分级提升企业清单 (附件3).

A level belongs to an enterprise *in an industry* (附件3 gives 绩效现状 per industry row; the batches assess one
industry group): an A assessed in 工业涂装 says nothing about the same enterprise's 铸造."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from competitions.models import OfDivision, competition_fk, division_fk, division_one
from greencomp.models import FiledBy
from greencomp.validators import validate_credit_code
from quotas.models.grading_targets import Industry

from .submitted import submitted_has_time

__all__ = ["GradingLevel", "LEVEL_RANK", "LEVEL_SORT", "GOOD_LEVELS", "GradingEnterprise", "EnterpriseIndustry",
           "ImprovementList", "ImprovementItem", "worst_level"]


class GradingLevel(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    B_MINUS = "B-", "B-"
    C = "C", "C"
    D = "D", "D"
    LEADING = "L", "绩效引领性"
    UNRATED = "", "未评级"


# How good a level is: a target must rank above the current level, a downgrade below it. 绩效引领性 applies to
# industries without A/B/C indices and carries the same privileges as A, so it ranks with A.
LEVEL_RANK = {"": 0, "D": 1, "C": 2, "B-": 3, "B": 4, "A": 5, "L": 5}
# The explicit order of 绩效提升目标 / 绩效现状 in sorted lists (附件3 注3): best first, 未评级 last.
LEVEL_SORT = {"A": 1, "L": 2, "B": 3, "B-": 4, "C": 5, "D": 6, "": 7}
# What counts towards the targets: A、B（含B-）级 and 绩效引领性 (二、工作目标, 三(六)).
GOOD_LEVELS = ("A", "B", "B-", "L")


class GradingEnterprise(models.Model):
    competition = competition_fk("grading_enterprises")
    division = division_fk("grading_enterprises", "省辖市", on_delete=models.PROTECT)
    county = models.CharField("县（市、区）", max_length=40)
    # GB/T 2260 code of `county` (from quotas.County; null when the county is not in the table): the sort key.
    county_code = models.CharField("行政区划代码", max_length=6, null=True, blank=True)
    name = models.CharField("企业名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code])
    industries = models.ManyToManyField(Industry, verbose_name="重点行业", through="EnterpriseIndustry",
                                        related_name="enterprises")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "重点行业企业"
        ordering = [models.F("county_code").asc(nulls_last=True), "county", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["division", "name"], name="grading_enterprise_name_unique")]
        indexes = [models.Index(fields=["competition", "division"])]

    def __str__(self):
        return self.name

    @property
    def overall_level(self) -> str:
        """The enterprise as a whole is as good as its weakest industry (the city and province shares count an
        enterprise once, on this level). Reads the prefetched `industry_links`."""
        return worst_level([link.level for link in self.industry_links.all()])


def worst_level(levels) -> str:
    levels = list(levels)
    return min(levels, key=lambda lv: LEVEL_RANK[lv]) if levels else ""


class EnterpriseIndustry(models.Model):
    enterprise = models.ForeignKey(GradingEnterprise, verbose_name="企业", on_delete=models.CASCADE,
                                   related_name="industry_links")
    industry = models.ForeignKey(Industry, verbose_name="重点行业", on_delete=models.PROTECT,
                                 related_name="enterprise_links")
    level = models.CharField("绩效等级", max_length=2, choices=GradingLevel.choices, blank=True)
    level_since = models.DateField("评定时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "企业所属重点行业"
        constraints = [models.UniqueConstraint(fields=["enterprise", "industry"],
                                               name="enterprise_industry_unique")]
        indexes = [models.Index(fields=["industry", "level"])]

    def __str__(self):
        return f"{self.enterprise} · {self.industry}"

    @property
    def is_good(self) -> bool:
        return self.level in GOOD_LEVELS


class ImprovementList(OfDivision, models.Model):
    """A city's 绩效提升企业清单 as a whole: filed (备案) with the province by the deadline, then locked."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已备案"

    division = division_one("improvement_list", "省辖市")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("备案时间", null=True, blank=True)
    reopen_reason = models.TextField("退回原因", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "绩效提升企业清单"
        constraints = [submitted_has_time("improvement_list_submitted_has_time")]

    def __str__(self):
        return f"{self.division} 绩效提升企业清单"


class ImprovementItem(FiledBy):
    """One row of 附件3. A cross-industry enterprise has one row per industry, the others named in 备注."""

    improvement_list = models.ForeignKey(ImprovementList, verbose_name="清单", on_delete=models.CASCADE,
                                         related_name="items")
    enterprise = models.ForeignKey(GradingEnterprise, verbose_name="企业名称", on_delete=models.PROTECT,
                                   related_name="improvement_items")
    industry = models.ForeignKey(Industry, verbose_name="重点行业类型", on_delete=models.PROTECT,
                                 related_name="improvement_items")
    branch = models.CharField("重点行业分支", max_length=60, blank=True)
    current_level = models.CharField("绩效现状", max_length=2, choices=GradingLevel.choices, blank=True)
    target_level = models.CharField("绩效提升目标", max_length=2, choices=GradingLevel.choices)
    indicator = models.CharField("差异化指标", max_length=200)
    problems = models.TextField("存在问题", max_length=1000)
    measures = models.TextField("改造措施", max_length=1000)
    due_date = models.DateField("拟完成时间")
    remarks = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "绩效提升企业清单行"
        constraints = [
            models.UniqueConstraint(fields=["improvement_list", "enterprise", "industry"],
                                    name="improvement_item_one_per_industry"),
            models.CheckConstraint(condition=~Q(target_level=""), name="improvement_item_has_target"),
        ]
        indexes = [models.Index(fields=["improvement_list", "due_date"])]

    def __str__(self):
        return f"{self.enterprise} · {self.industry}"

    @property
    def division_id(self):
        return self.improvement_list.division_id

    @property
    def competition_id(self):
        return self.improvement_list.division.competition_id

    def clean(self):
        if self.target_level and LEVEL_RANK[self.target_level] <= LEVEL_RANK[self.current_level or ""]:
            raise ValidationError({"target_level": "绩效提升目标必须高于绩效现状。"})
        if self.industry_id and self.branch and self.industry.branches and self.branch not in self.industry.branches:
            raise ValidationError({"branch": f"重点行业分支应为：{'、'.join(self.industry.branches)}。"})
