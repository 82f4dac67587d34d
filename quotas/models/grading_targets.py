"""绩效分级提升 targets (seed 003): the industry groups and industries of 附件1 with their 2020 share and 2021
target, the cities' targets of 附件2 and the campaign's overall goal (二、工作目标)."""

from django.db import models
from django.db.models import Q

from competitions.models import competition_fk, competition_one, division_fk, division_one

__all__ = ["IndustryGroup", "Industry", "CityTarget", "GradingGoal", "County"]


class IndustryGroup(models.Model):
    """金属类 / 建材类 / 涉VOCs类, and 省级重点行业 (附件1 row 40: no 2020 figure, target ≥ 25 %)."""

    class Code(models.TextChoices):
        METAL = "metal", "金属类"
        BUILDING = "building", "建材类"
        VOCS = "vocs", "涉VOCs类"
        PROVINCIAL = "provincial", "省级重点行业"

    competition = competition_fk("industry_groups")
    code = models.CharField("类别代码", max_length=12, choices=Code.choices)
    name = models.CharField("行业类别", max_length=40)
    order = models.PositiveSmallIntegerField("排序")
    baseline_share = models.DecimalField("2020年A、B级企业占比（%）", max_digits=4, decimal_places=1,
                                         null=True, blank=True)
    target_share = models.DecimalField("2021年A、B级企业占比（%）不低于", max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = verbose_name_plural = "重点行业类别"
        ordering = ["competition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "code"], name="industry_group_code_unique"),
            models.CheckConstraint(condition=Q(target_share__gte=0) & Q(target_share__lte=100),
                                   name="industry_group_target_percent"),
        ]

    def __str__(self):
        return self.name


class Industry(models.Model):
    """One 重点行业 of 附件1 (numbered 1–39), or a province-defined key industry (no number)."""

    group = models.ForeignKey(IndustryGroup, verbose_name="行业类别", on_delete=models.CASCADE,
                              related_name="industries")
    number = models.PositiveSmallIntegerField("序号")
    name = models.CharField("重点行业", max_length=60)
    # 重点行业分支 per the national / provincial technical guides; empty = any branch text is accepted.
    branches = models.JSONField("重点行业分支", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "重点行业"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["group", "name"], name="industry_name_unique")]

    def __str__(self):
        return self.name


class CityTarget(models.Model):
    """附件2: one row per 省辖市 (a Division of kind 省辖市 of the grading competition)."""

    division = division_one("grading_target", "省辖市")
    number = models.PositiveSmallIntegerField("序号")
    target_share = models.DecimalField("A、B级企业占比（%）不低于", max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = verbose_name_plural = "省辖市绩效分级提升目标"
        ordering = ["number"]
        constraints = [models.CheckConstraint(condition=Q(target_share__gte=0) & Q(target_share__lte=100),
                                              name="city_target_percent")]

    def __str__(self):
        return f"{self.division}：≥{self.target_share}%"


class GradingGoal(models.Model):
    """二、工作目标: A、B级和绩效引领性企业力争不低于20%，基本消除D级企业."""

    competition = competition_one("grading_goal")
    target_share = models.DecimalField("A、B级和绩效引领性企业占比（%）不低于", max_digits=4, decimal_places=1)
    eliminate_d = models.BooleanField("基本消除D级企业", default=True)
    text = models.TextField("工作目标", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "绩效分级工作目标"

    def __str__(self):
        return f"{self.competition}：≥{self.target_share}%"


class County(models.Model):
    """A 县（市、区） of a 省辖市 with its administrative division code (GB/T 2260): lists sort by the code."""

    division = division_fk("counties", "省辖市")
    code = models.CharField("行政区划代码", max_length=6)
    name = models.CharField("县（市、区）", max_length=40)

    class Meta:
        verbose_name = verbose_name_plural = "县（市、区）"
        ordering = ["division", "code"]
        constraints = [models.UniqueConstraint(fields=["division", "name"], name="county_name_unique"),
                       models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{6}$"), name="county_code_six_digits")]

    def __str__(self):
        return f"{self.name}（{self.code}）"
