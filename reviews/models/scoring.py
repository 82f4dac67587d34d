"""Expert review of the innovation contest (seed 002 附件2, 七、大赛奖项, 八(三) 公示): rubrics per track, the
expert pool and declared conflicts (回避), score sheets (one per assigned expert and entry), prizes, the
优秀组织奖, and the results notice with its objections (异议)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from applications.models import Application
from competitions.models import OfTrack, Track, competition_fk, competition_one, division_fk
from greencomp.models import Organisation, actor_fk

__all__ = ["Conflict", "Criterion", "Expert", "Objection", "OrganisationAward", "Prize", "ResultNotice", "Score",
           "ScoreSheet", "TrackReview"]


class TrackReview(OfTrack, models.Model):
    """The review settings of one track: how entries are assigned, aggregated and tie-broken, and the prize
    counts. Created with the rubric (services_review.rubrics_load_for)."""

    class Method(models.TextChoices):
        MEAN = "mean", "平均分"
        TRIMMED = "trimmed", "去掉一个最高分和一个最低分后的平均分（不少于5份评分表时）"
        ZSCORE = "zscore", "按专家标准化（Z分数）后的平均分"

    track = models.OneToOneField(Track, verbose_name="赛道", on_delete=models.CASCADE, related_name="review")
    method = models.CharField("排名依据", max_length=10, choices=Method.choices, default=Method.TRIMMED)
    exclude_same_city = models.BooleanField("不分配与申报单位同一省辖市的专家", default=False)
    tie_criterion = models.ForeignKey("Criterion", verbose_name="同分时优先比较的评价要素", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    first_prizes = models.PositiveSmallIntegerField("一等奖数量", default=1)
    second_prizes = models.PositiveSmallIntegerField("二等奖数量", default=2)
    third_prizes = models.PositiveSmallIntegerField("三等奖数量", default=3)
    excellence_prizes = models.PositiveSmallIntegerField("优秀奖数量", default=5)
    rubric_frozen_at = models.DateTimeField("评分细则冻结时间", null=True, blank=True)
    # 评审进度's counts, kept by services_review.sheet_counters_update in the transaction of every write that
    # creates, deletes, submits or reopens a sheet (a national track has 18,000: not counted on every view).
    sheets_assigned = models.PositiveIntegerField("已分配评分表", default=0, editable=False)
    sheets_submitted = models.PositiveIntegerField("已提交评分表", default=0, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "赛道评审设置"

    def __str__(self):
        return f"{self.track} · 评审设置"

    def prize_counts(self) -> list[tuple[str, int]]:
        return [(Prize.Level.FIRST, self.first_prizes), (Prize.Level.SECOND, self.second_prizes),
                (Prize.Level.THIRD, self.third_prizes), (Prize.Level.EXCELLENCE, self.excellence_prizes)]


class Criterion(OfTrack, models.Model):
    """One 评价要素 of 附件2 with its 评价标准 text. A gate (基本要求) is judged 通过/不通过 and carries no points."""

    track = models.ForeignKey(Track, verbose_name="赛道", on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField("排序")
    section = models.CharField("部分", max_length=20, blank=True)
    name = models.CharField("评价要素", max_length=50)
    standard = models.TextField("评价标准", blank=True)
    is_gate = models.BooleanField("基本要求（通过/不通过）", default=False)
    max_score = models.DecimalField("满分", max_digits=5, decimal_places=1, default=Decimal("0"),
                                    validators=[MinValueValidator(Decimal("0"))])
    weight = models.DecimalField("权重（%）", max_digits=5, decimal_places=1, default=Decimal("0"),
                                 validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        verbose_name = verbose_name_plural = "评价要素"
        ordering = ["track", "order"]
        constraints = [
            models.UniqueConstraint(fields=["track", "order"], name="criterion_order_unique"),
            models.CheckConstraint(condition=Q(is_gate=True) | Q(max_score__gt=0), name="criterion_scored_has_max"),
        ]

    def __str__(self):
        return self.name


class Expert(models.Model):
    """A member of the 专家委员会 for one competition. Employer = user.organisation; the code (专家01 …) is what
    exports show instead of the name."""

    competition = competition_fk("experts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.PROTECT,
                             related_name="expert_profiles")
    code = models.CharField("专家编号", max_length=20)
    title = models.CharField("职称/职务", max_length=50, blank=True)
    city = models.CharField("所在省辖市", max_length=20, blank=True)
    tracks = models.ManyToManyField(Track, verbose_name="擅长领域（赛道）", related_name="experts", blank=True)
    available = models.BooleanField("可参加本次评审", default=True)
    created_at = models.DateTimeField("加入时间", auto_now_add=True)
    # the expert's sheets, as TrackReview's counters (services_review.sheet_counters_update)
    sheets_assigned = models.PositiveIntegerField("已分配评分表", default=0, editable=False)
    sheets_submitted = models.PositiveIntegerField("已提交评分表", default=0, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "评审专家"
        ordering = ["competition", "code"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "user"], name="expert_once_per_competition"),
            models.UniqueConstraint(fields=["competition", "code"], name="expert_code_unique"),
        ]

    def __str__(self):
        return self.code


class Conflict(models.Model):
    """回避: the expert may not review any entry of this organisation."""

    expert = models.ForeignKey(Expert, verbose_name="专家", on_delete=models.CASCADE, related_name="conflicts")
    organisation = models.ForeignKey(Organisation, verbose_name="回避单位", on_delete=models.CASCADE,
                                     related_name="+")
    reason = models.TextField("回避原因")
    declared_at = models.DateTimeField("声明时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "回避声明"
        constraints = [models.UniqueConstraint(fields=["expert", "organisation"], name="conflict_unique")]

    def __str__(self):
        return f"{self.expert} 回避 {self.organisation}"

    @property
    def competition_id(self):
        return self.expert.competition_id


class ScoreSheet(OfTrack, models.Model):
    """One assignment of an expert to an entry, and that expert's scores for it. `total` (weighted, 0–100) and
    `gate_passed` are stored when the sheet is saved so the ranking is one aggregate query."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"

    application = models.ForeignKey(Application, verbose_name="参赛项目", on_delete=models.CASCADE,
                                    related_name="score_sheets")
    track = models.ForeignKey(Track, verbose_name="赛道", on_delete=models.CASCADE, related_name="score_sheets")
    expert = models.ForeignKey(Expert, verbose_name="专家", on_delete=models.PROTECT, related_name="sheets")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    comment = models.TextField("评审意见", blank=True)
    total = models.DecimalField("加权总分", max_digits=6, decimal_places=2, null=True, blank=True)
    gate_passed = models.BooleanField("基本要求", null=True, blank=True)
    assigned_at = models.DateTimeField("分配时间", auto_now_add=True)
    saved_at = models.DateTimeField("最近保存", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "专家评分表"
        ordering = ["track", "application", "expert__code"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="sheet_one_per_expert_and_entry"),
            models.CheckConstraint(condition=Q(status="draft") | (Q(submitted_at__isnull=False)
                                                                  & Q(total__isnull=False)),
                                   name="sheet_submitted_complete"),
        ]
        indexes = [models.Index(fields=["track", "status"]), models.Index(fields=["expert", "status"])]

    def __str__(self):
        return f"{self.application} · {self.expert}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, verbose_name="评分表", on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name="评价要素", on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField("通过", null=True, blank=True)
    reason = models.TextField("不通过原因", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评分"
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="score_unique")]

    def __str__(self):
        return f"{self.criterion}: {self.value if self.value is not None else self.passed}"


class Prize(OfTrack, models.Model):
    class Level(models.TextChoices):
        FIRST = "first", "一等奖"
        SECOND = "second", "二等奖"
        THIRD = "third", "三等奖"
        EXCELLENCE = "excellence", "优秀奖"
        NONE = "none", "不授奖"

    track = models.ForeignKey(Track, verbose_name="赛道", on_delete=models.CASCADE, related_name="prizes")
    application = models.OneToOneField(Application, verbose_name="参赛项目", on_delete=models.CASCADE,
                                       related_name="prize")
    rank = models.PositiveIntegerField("排名")
    proposed_level = models.CharField("建议奖项", max_length=12, choices=Level.choices)
    level = models.CharField("奖项", max_length=12, choices=Level.choices)
    reason = models.TextField("调整原因", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "奖项"
        ordering = ["track", "rank"]

    def __str__(self):
        return f"{self.application} · {self.get_level_display()}"


class OrganisationAward(models.Model):
    """优秀组织奖 for a city (division) that recommended entries in every track."""

    competition = competition_fk("organisation_awards")
    division = division_fk("+", "省辖市")
    tracks_covered = models.PositiveSmallIntegerField("推荐覆盖赛道数")
    entries = models.PositiveIntegerField("推荐项目数")

    class Meta:
        verbose_name = verbose_name_plural = "优秀组织奖"
        ordering = ["competition", "division__order"]
        constraints = [models.UniqueConstraint(fields=["competition", "division"], name="organisation_award_unique")]

    def __str__(self):
        return f"{self.division} · 优秀组织奖"


class ResultNotice(models.Model):
    """The 公示 of the results (八(三)): a public page within a window, then the final list."""

    competition = competition_one("result_notice")
    opens_on = models.DateField("公示开始日期")
    closes_on = models.DateField("公示截止日期")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    finalised_at = models.DateTimeField("确定最终名单时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评比结果公示"
        constraints = [models.CheckConstraint(condition=Q(opens_on__lte=models.F("closes_on")),
                                              name="notice_opens_before_closes")]

    def __str__(self):
        return f"{self.competition} · 结果公示"


class Objection(models.Model):
    competition = competition_fk("objections")
    application = models.ForeignKey(Application, verbose_name="异议项目", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True, help_text="选填：处理结果将发送到该邮箱。")
    lodged_by = actor_fk("提出人账号", optional=True, on_delete=models.SET_NULL,
                         help_text="登录后提出的异议记录提出人账号，处理结果在其消息中心通知。")
    text = models.TextField("异议内容")
    lodged_at = models.DateTimeField("提出时间", auto_now_add=True)
    answer = models.TextField("处理意见", blank=True)
    answered_at = models.DateTimeField("处理时间", null=True, blank=True)
    answered_by = actor_fk("处理人", optional=True)

    class Meta:
        verbose_name = verbose_name_plural = "异议"
        ordering = ["-lodged_at", "-id"]

    def __str__(self):
        return f"异议 #{self.pk}（{self.name}）"
