"""Commendation of labour competitions (seed 000 五、总结选树; seed 001 四、评比表彰): award types with their counts
and escalation honours, nomination quotas per division, the divisions' nominations and the organiser's selection."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from applications.models import Entry, Submitted, submission_status
from competitions.models import competition_fk, competition_one, division_fk
from greencomp.models import FiledBy, Published, StoredFile, actor_fk

__all__ = ["AwardType", "NominationQuota", "Nomination", "NominationFile", "HonoursNotice", "ACHIEVEMENTS_MAX",
]

ACHIEVEMENTS_MAX = 1500


class AwardType(models.Model):
    class NomineeKind(models.TextChoices):
        UNIT = "unit", "先进单位"
        TEAM = "team", "先进班组（车间、工段）"
        INDIVIDUAL = "individual", "先进个人"

    competition = competition_fk("award_types")
    name = models.CharField("表彰项目", max_length=100)
    nominee_kind = models.CharField("推荐对象", max_length=12, choices=NomineeKind.choices)
    total = models.PositiveIntegerField("评选总数", default=0)
    escalation_name = models.CharField("择优申报荣誉", max_length=100, blank=True,
                                       help_text="如：焦作市五一劳动奖状。")
    escalation_count = models.PositiveIntegerField("择优申报数", default=0)
    order = models.PositiveSmallIntegerField("排序", default=0)
    quota_measure = models.CharField("名额分配依据", max_length=20, blank=True)
    quotas_published_at = models.DateTimeField("推荐名额公布时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "表彰项目"
        ordering = ["competition", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="award_type_unique_name"),
            models.CheckConstraint(condition=Q(escalation_count__lte=models.F("total")),
                                   name="award_type_escalation_within_total"),
        ]

    def __str__(self):
        return self.name

    @property
    def quotas_published(self) -> bool:
        return self.quotas_published_at is not None


class NominationQuota(models.Model):
    """推荐名额 of one division for one award type; `basis` keeps how a proposed number came about."""

    award_type = models.ForeignKey(AwardType, verbose_name="表彰项目", on_delete=models.CASCADE,
                                   related_name="quotas")
    division = division_fk("nomination_quotas")
    count = models.PositiveIntegerField("推荐名额", default=0)
    basis = models.JSONField("测算过程", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "推荐名额"
        ordering = ["award_type", "division__order", "division_id"]
        constraints = [models.UniqueConstraint(fields=["award_type", "division"], name="nomination_quota_unique")]

    def __str__(self):
        return f"{self.division} · {self.award_type} · {self.count}"


class Nomination(Submitted, FiledBy):
    Status = submission_status()

    class Gender(models.TextChoices):
        MALE = "男", "男"
        FEMALE = "女", "女"

    competition = competition_fk("nominations")
    award_type = models.ForeignKey(AwardType, verbose_name="表彰项目", on_delete=models.CASCADE,
                                   related_name="nominations")
    division = division_fk("nominations", "推荐赛区")
    entry = models.ForeignKey(Entry, verbose_name="所在单位", on_delete=models.PROTECT, related_name="nominations",
                              help_text="本赛区登记的参赛单位。")
    team_name = models.CharField("班组（车间、工段）名称", max_length=100, blank=True)
    team_size = models.PositiveIntegerField("人数", null=True, blank=True, validators=[MinValueValidator(1)])
    person_name = models.CharField("姓名", max_length=50, blank=True)
    gender = models.CharField("性别", max_length=2, choices=Gender.choices, blank=True)
    ethnicity = models.CharField("民族", max_length=20, blank=True)
    post = models.CharField("职务/岗位", max_length=100, blank=True)
    frontline = models.BooleanField("是否一线职工", null=True, blank=True)
    achievements = models.TextField("主要事迹", max_length=ACHIEVEMENTS_MAX, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    selected = models.BooleanField("入选", default=False)
    escalated = models.BooleanField("择优申报", default=False)
    selection_reason = models.TextField("评选调整理由", blank=True)
    created_at = models.DateTimeField("填报时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "先进推荐"
        ordering = ["award_type", "division__order", "division_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(escalated=False) | Q(selected=True),
                                   name="nomination_escalated_is_selected"),
            models.CheckConstraint(condition=Q(selected=False) | Q(status="submitted"),
                                   name="nomination_selected_is_submitted"),
        ]
        indexes = [models.Index(fields=["award_type", "status"]), models.Index(fields=["division", "award_type"])]

    def __str__(self):
        return self.nominee

    @property
    def nominee(self) -> str:
        """单位 / 班组 / 姓名 as the 通报表扬 list names it."""
        if self.person_name:
            return self.person_name
        if self.team_name:
            return self.team_name
        return self.entry.organisation.name if self.entry_id else ""

    editable = Submitted.is_editable  # the name the nomination services, rules and templates use


class NominationFile(StoredFile):
    """A supporting document (证明材料) of a nomination: certificates, honours, photos."""

    nomination = models.ForeignKey(Nomination, verbose_name="先进推荐", on_delete=models.CASCADE,
                                   related_name="files")

    class Meta:
        verbose_name = verbose_name_plural = "推荐证明材料"
        ordering = ["nomination", "id"]


class HonoursNotice(Published):
    """The 通报表扬 of a competition as published: while published the selection is locked (the list those concerned
    read is the selection itself); withdrawing it needs a reason and reopens the selection."""

    competition = competition_one("honours_notice")
    doc_number = models.CharField("通报文号", max_length=100, blank=True, help_text="如：焦工文〔2020〕5号。")
    published_by = actor_fk("发布人", optional=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.TextField("撤回原因", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通报表扬"
        constraints = [models.CheckConstraint(condition=Q(published_at__isnull=True) | Q(published_by__isnull=False),
                                              name="honours_notice_published_has_publisher")]

    def __str__(self):
        return f"{self.competition} 通报表扬"
