"""Competitions, their phases, divisions (赛区) and tracks (赛道), and who holds which role in them."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from greencomp.enums import CITY_CHOICES
from greencomp.models import Organisation

from .enums import CompetitionKind, CompetitionStatus, DivisionKind, FormType, PhaseKind, Recommender, Role


class Competition(models.Model):
    kind = models.CharField("竞赛类型", max_length=20, choices=CompetitionKind.choices)
    title = models.CharField("竞赛名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    organisers = models.CharField("主办单位", max_length=300, blank=True)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    issue_date = models.DateField("发文日期", null=True, blank=True)
    theme = models.CharField("主题", max_length=200, blank=True)
    scope = models.TextField("竞赛范围", blank=True)
    contents = models.JSONField("竞赛内容", default=list, blank=True)
    total_quota = models.PositiveIntegerField("参赛名额总数", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=CompetitionStatus.choices, default=CompetitionStatus.DRAFT)
    copied_from = models.ForeignKey(
        "self", verbose_name="复制自", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "竞赛"
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.title

    def phase(self, kind: str):
        return next((p for p in self.phases.all() if p.kind == kind), None)

    @property
    def content_items(self) -> list[dict]:
        """竞赛内容 as title, separator and text, whatever shape the notice's loader stored: a labour notice's
        {title, text} (比管理水平。…), an innovation notice's {label, text} (大赛时间：2025年6-7月), a grading
        campaign's stages {name, opens, closes, note} (动员部署阶段：2021年5月20日至2021年5月31日。…)."""
        return [content_item(item) for item in self.contents or [] if isinstance(item, dict)]


def competition_fk(related_name: str, *, on_delete=models.CASCADE, **options) -> models.ForeignKey:
    """The competition a row belongs to (竞赛); its rows go with it unless `on_delete` says otherwise."""
    return models.ForeignKey(Competition, verbose_name="竞赛", on_delete=on_delete, related_name=related_name,
                             **options)


def competition_one(related_name: str) -> models.OneToOneField:
    """The competition a row is the one of (its 分配表, its 公示, its 通报表扬 …); the row goes with it."""
    return models.OneToOneField(Competition, verbose_name="竞赛", on_delete=models.CASCADE, related_name=related_name)


class OfDivision:
    """A row that belongs to its competition through its division (the rules ask a row its `competition_id`)."""

    @property
    def competition_id(self):
        return self.division.competition_id


class OfTrack:
    """A row that belongs to its competition through its track."""

    @property
    def competition_id(self):
        return self.track.competition_id


def _chinese_day(value: str) -> str:
    day = datetime.date.fromisoformat(value)
    return f"{day.year}年{day.month}月{day.day}日"


def content_item(item: dict) -> dict:
    if item.get("title"):
        return {"title": item["title"], "sep": "。", "text": item.get("text", "")}
    if item.get("label"):
        return {"title": item["label"], "sep": "：", "text": item.get("text", "")}
    if item.get("name"):
        span = "至".join(_chinese_day(d) for d in (item.get("opens"), item.get("closes")) if d)
        text = "。".join(t for t in (span, item.get("note", "")) if t)
        return {"title": item["name"], "sep": "：", "text": text}
    return {"title": "", "sep": "", "text": item.get("text", "")}


class Phase(models.Model):
    competition = competition_fk("phases")
    kind = models.CharField("阶段", max_length=20, choices=PhaseKind.choices)
    name = models.CharField("名称", max_length=100)
    opens_at = models.DateTimeField("开始时间", null=True, blank=True)
    closes_at = models.DateTimeField("截止时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "阶段"
        ordering = ["competition", "closes_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "kind"], name="phase_one_per_kind"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(opens_at__lte=models.F("closes_at")),
                name="phase_opens_before_closes",
            ),
        ]

    def __str__(self):
        return f"{self.competition} · {self.name}"

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return (self.opens_at is None or self.opens_at <= at) and (self.closes_at is None or at <= self.closes_at)


class Division(models.Model):
    competition = competition_fk("divisions")
    name = models.CharField("赛区", max_length=100)
    kind = models.CharField("赛区类型", max_length=20, choices=DivisionKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级赛区", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    city = models.CharField("所在省辖市", max_length=20, choices=CITY_CHOICES, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name="组织单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    # A per-division deadline extension granted by the secretariat (the reason lives in the audit trail).
    extended_until = models.DateTimeField("延期至", null=True, blank=True)
    leader_name = models.CharField("参赛组织负责人", max_length=50, blank=True)
    leader_post = models.CharField("负责人职务", max_length=50, blank=True)
    leader_phone = models.CharField("负责人电话", max_length=30, blank=True)
    liaison_name = models.CharField("联络员", max_length=50, blank=True)
    liaison_post = models.CharField("联络员职务", max_length=50, blank=True)
    liaison_phone = models.CharField("联络员电话", max_length=30, blank=True)
    # Seed 002 八（一）: each city reports its 参赛组织负责人 and 联络员 to the secretariat (by 6-10).
    leader_email = models.EmailField("负责人邮箱", blank=True)
    liaison_email = models.EmailField("联络员邮箱", blank=True)
    contacts_reported_at = models.DateTimeField("人员信息报送时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "赛区"
        ordering = ["competition", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["competition", "name"], name="division_name_unique")]

    def __str__(self):
        return self.name

    def deadline(self, phase_kind: str = PhaseKind.REGISTRATION):
        """The closing time that applies to this division: its extension, else the phase's."""
        phase = self.competition.phase(phase_kind)
        return self.deadline_after(phase.closes_at if phase else None)

    def deadline_after(self, closes):
        """The division's deadline when its phase closes at `closes` (None: no closing time): its extension if
        later. For the lists that read the phase's closing time with the divisions (_MATRIX_SQL writes the same
        rule in SQL)."""
        if self.extended_until and (closes is None or self.extended_until > closes):
            return self.extended_until
        return closes


def division_fk(related_name: str, verbose_name: str = "赛区", *, on_delete=models.CASCADE) -> models.ForeignKey:
    """The division a row belongs to: 赛区 of a labour competition, 省辖市 of the innovation contest and the grading
    campaign (`verbose_name`); its rows go with it unless `on_delete` says otherwise."""
    return models.ForeignKey(Division, verbose_name=verbose_name, on_delete=on_delete, related_name=related_name)


def division_one(related_name: str, verbose_name: str = "赛区") -> models.OneToOneField:
    """The division a row is the one of (its 参赛名单报送, its 名额, its 绩效提升企业清单 …); the row goes with it."""
    return models.OneToOneField(Division, verbose_name=verbose_name, on_delete=models.CASCADE,
                                related_name=related_name)


class Track(models.Model):
    competition = competition_fk("tracks")
    number = models.PositiveSmallIntegerField("赛道序号")
    name = models.CharField("赛道", max_length=100)
    form_type = models.CharField("申报表", max_length=20, choices=FormType.choices)
    description = models.TextField("赛道内容", blank=True)
    # Seed 002 六（一）: the cities recommend tracks 1–4; the suppliers recommend the 典型案例 track themselves. The
    # city minimum and 优秀组织奖 (七、) count only the city-recommended tracks.
    recommender = models.CharField("推荐方式", max_length=10, choices=Recommender.choices, default=Recommender.CITY)
    min_recommendations = models.PositiveSmallIntegerField("每市最少推荐数", default=3)
    experts_per_entry = models.PositiveSmallIntegerField("每项目评审专家数", default=5)

    class Meta:
        verbose_name = verbose_name_plural = "赛道"
        ordering = ["competition", "number"]
        constraints = [models.UniqueConstraint(fields=["competition", "number"], name="track_number_unique")]

    def __str__(self):
        return self.name

    @property
    def for_suppliers(self) -> bool:
        return self.form_type == FormType.SERVICE

    @property
    def city_recommended(self) -> bool:
        return self.recommender == Recommender.CITY


class Membership(models.Model):
    """A role a user holds. No competition on a secretariat membership = the platform-wide 秘书处."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    competition = competition_fk("memberships", null=True, blank=True)
    division = models.ForeignKey(
        Division, verbose_name="赛区", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "角色分配"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "competition", "division"], name="membership_unique"
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.OFFICER) | Q(division__isnull=False), name="membership_officer_has_division"
            ),
            models.CheckConstraint(
                condition=Q(role=Role.SECRETARIAT) | Q(competition__isnull=False),
                name="membership_competition_required",
            ),
        ]

    def __str__(self):
        where = self.division or self.competition or "全平台"
        return f"{self.user} · {self.get_role_display()} · {where}"
