"""成果展示与银企对接: what each applicant lets the public gallery and the banks see of an application, and the
banks' expressions of interest in a project with the applicant's answer."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from applications.models import Application
from greencomp.models import Organisation, actor_fk

from .enums import FinancingStage, InterestStatus


class ShowcaseConsent(models.Model):
    """The applicant's choice for one application; a missing row means nothing beyond the base fields."""

    application = models.OneToOneField(Application, verbose_name="申报", on_delete=models.CASCADE,
                                       related_name="showcase_consent")
    show_in_gallery = models.BooleanField("在成果展示中展示本项目", default=False)
    shown_fields = models.JSONField("展示的内容", default=list, blank=True)
    contact_public = models.BooleanField("公开联系人和联系电话", default=False)
    financing_shared = models.BooleanField("向金融机构提供融资需求", default=False)
    financing_need = models.DecimalField("融资需求（万元）", max_digits=12, decimal_places=2, null=True, blank=True,
                                         validators=[MinValueValidator(0, "请填写不小于0的数值。")])
    financing_purpose = models.CharField("资金用途", max_length=200, blank=True)
    financing_stage = models.CharField("项目所处阶段", max_length=20, choices=FinancingStage.choices, blank=True)
    consented_at = models.DateTimeField("确认时间")
    consented_by = actor_fk("确认人")

    class Meta:
        verbose_name = verbose_name_plural = "成果展示授权"
        constraints = [
            models.CheckConstraint(
                condition=Q(financing_shared=False) | (Q(financing_need__isnull=False) & ~Q(financing_stage="")),
                name="consent_financing_complete"),
        ]

    def __str__(self):
        return f"{self.application} · 展示授权"

    @property
    def competition_id(self):
        return self.application.competition_id

    def clean(self):
        if self.financing_shared:
            errors = {}
            if self.financing_need is None:
                errors["financing_need"] = "向金融机构提供融资需求时请填写融资需求（万元）。"
            if not self.financing_stage:
                errors["financing_stage"] = "向金融机构提供融资需求时请选择项目所处阶段。"
            if errors:
                raise ValidationError(errors)


class FinancingInterest(models.Model):
    """A bank's interest in one project (with its message) and the applicant's answer: accepting reveals the
    contact data to this bank only."""

    application = models.ForeignKey(Application, verbose_name="项目", on_delete=models.CASCADE,
                                    related_name="financing_interests")
    bank = models.ForeignKey(Organisation, verbose_name="金融机构", on_delete=models.PROTECT, related_name="+")
    created_by = actor_fk("提出人")
    message = models.TextField("对接意向说明", max_length=1000)
    status = models.CharField("状态", max_length=10, choices=InterestStatus.choices, default=InterestStatus.PENDING,
                              db_index=True)
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    decided_at = models.DateTimeField("回复时间", null=True, blank=True)
    decided_by = actor_fk("回复人", optional=True)
    reply = models.TextField("回复说明", max_length=1000, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "对接意向"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "bank"], name="financing_interest_unique"),
            models.CheckConstraint(condition=Q(status="pending") | Q(decided_at__isnull=False),
                                   name="financing_interest_decided_has_time"),
        ]

    def __str__(self):
        return f"{self.bank} → {self.application}"


WINNING_LEVELS = ("first", "second", "third", "excellence")


def published_prize_q(level: str | None = None) -> Q:
    """An application whose prize is public: awarded (not 不授奖) and its competition's results 公示 published.
    A prize proposed but not yet published is never a reason to show, filter or count anything."""
    levels = (level,) if level else WINNING_LEVELS
    return Q(prize__level__in=levels, competition__result_notice__published_at__isnull=False)
