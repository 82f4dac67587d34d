"""The grading dashboard's reads, all of them (the dashboard and the targets page read only this module): A/B
(+引领性) shares against the targets of 附件1 and 附件2, computed with aggregate queries (a constant number
whatever the data size).

Counting rules (documented and tested). A level belongs to an enterprise in an industry (EnterpriseIndustry):
- "good" = A、B（含B-）级 and 绩效引领性 (GOOD_LEVELS);
- per industry: each (enterprise, industry) counts once, on its own level;
- per industry group: an enterprise counts once in a group, however many of the group's industries it is in,
  and is good there only if it is good in each of them (an assessment in 工业涂装 moves only the 涉VOCs share);
- per city and for the province: an enterprise counts once, good only if good in every industry (its weakest
  industry decides); D = D in at least one industry;
- enterprises still needed = ceil(target % × total) − good, never below 0."""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, Exists, F, FilteredRelation, OuterRef, Q, Value, When
from django.utils import timezone

from applications.models import GOOD_LEVELS, LEVEL_RANK, EnterpriseIndustry, ImprovementItem
from reviews.models import AssessmentBatch, Disclosure

from .models import CityTarget, GradingGoal, Industry, IndustryGroup

DUE_SOON_DAYS = 30


@dataclass
class ShareRow:
    label: str
    total: int
    good: int
    d_count: int
    target: Decimal | None
    baseline: Decimal | None = None
    number: int | None = None
    key: int | None = None

    @property
    def share(self) -> Decimal:
        return (Decimal(self.good) * 100 / self.total).quantize(Decimal("0.1")) if self.total else Decimal("0.0")

    @property
    def needed(self) -> int:
        """Enterprises still to reach A/B (+引领性) for the target: ceil(target × total) − good."""
        if self.target is None:
            return 0
        return max(0, math.ceil(self.target * self.total / 100) - self.good)

    @property
    def met(self) -> bool:
        return self.total > 0 and self.needed == 0

    @property
    def bar(self) -> float:
        """Width of the bar in the chart (the chart's scale is 0–50 %, capped)."""
        return float(min(self.share, Decimal(50))) * 2

    @property
    def target_mark(self) -> float:
        return float(min(self.target or 0, Decimal(50))) * 2


def _counts() -> dict:
    """Totals over links: enterprises counted once (distinct); an enterprise is good when none of its counted
    links is below B-; D when one of them is D."""
    return {
        "total": Count("enterprise_id", distinct=True),
        "bad": Count("enterprise_id", distinct=True, filter=~Q(level__in=GOOD_LEVELS)),
        "d_count": Count("enterprise_id", distinct=True, filter=Q(level="D")),
    }


def _links(competition, division=None):
    links = EnterpriseIndustry.objects.filter(enterprise__competition=competition)
    return links.filter(enterprise__division=division) if division is not None else links


def _row(c: dict, **kwargs) -> ShareRow:
    total = c.get("total", 0)
    return ShareRow(total=total, good=total - c.get("bad", 0), d_count=c.get("d_count", 0), **kwargs)


def group_shares(competition, division=None) -> list[ShareRow]:
    counts = {r["industry__group_id"]: r for r in _links(competition, division)
              .values("industry__group_id").annotate(**_counts())}
    return [_row(counts.get(group.pk, {}), label=group.name, target=group.target_share,
                 baseline=group.baseline_share, key=group.pk)
            for group in IndustryGroup.objects.filter(competition=competition).order_by("order")]


def industry_shares(competition, division=None) -> list[ShareRow]:
    counts = {r["industry_id"]: r for r in _links(competition, division)
              .values("industry_id").annotate(**_counts())}
    return [_row(counts.get(industry.pk, {}), label=industry.name, target=industry.group.target_share,
                 baseline=industry.group.baseline_share, number=industry.number, key=industry.pk)
            for industry in Industry.objects.filter(group__competition=competition).select_related("group")
            .order_by("number")]


def city_shares(competition, division=None) -> list[ShareRow]:
    targets = CityTarget.objects.filter(division__competition=competition).select_related("division")
    if division is not None:
        targets = targets.filter(division=division)
    counts = {r["enterprise__division_id"]: r for r in _links(competition, division)
              .values("enterprise__division_id").annotate(**_counts())}
    return [_row(counts.get(target.division_id, {}), label=target.division.name, target=target.target_share,
                 number=target.number, key=target.division_id)
            for target in targets.order_by("number")]


def overall_share(competition, division=None) -> ShareRow:
    """The KPI card: the province against 二、工作目标, a city against its own target of 附件2."""
    c = _links(competition, division).aggregate(**_counts())
    if division is not None:
        target = CityTarget.objects.filter(division=division).values_list("target_share", flat=True).first()
    else:
        target = GradingGoal.objects.filter(competition=competition).values_list("target_share", flat=True).first()
    return _row(c, label=division.name if division else "全省", target=target)


def achieved_q() -> Q:
    """The enterprise's current level in the row's industry already reaches the row's target."""
    q = Q(pk__in=[])
    for target, rank in LEVEL_RANK.items():
        if target:
            reached = [lv for lv, r in LEVEL_RANK.items() if r >= rank]
            q |= Q(Exists(EnterpriseIndustry.objects.filter(
                enterprise_id=OuterRef("enterprise_id"), industry_id=OuterRef("industry_id"), level__in=reached)),
                target_level=target)
    return q


@dataclass
class ItemRow:
    label: str
    key: int
    total: int
    achieved: int
    due_soon: int
    overdue: int


def item_progress(competition, division=None, today: datetime.date | None = None) -> list[ItemRow]:
    """Improvement-list rows per city: achieved, due within 30 days, overdue (due date passed, target not met).
    One grouped query: each row's current level in its industry (a join on the unique link) and its due
    bucket; whether the level reaches the row's target is then decided per group (LEVEL_RANK), in Python."""
    today = today or timezone.localdate()
    items = ImprovementItem.objects.filter(improvement_list__division__competition=competition)
    targets = CityTarget.objects.filter(division__competition=competition).select_related("division")
    if division is not None:
        items, targets = items.filter(improvement_list__division=division), targets.filter(division=division)
    bucket = Case(When(due_date__lt=today, then=Value("overdue")),
                  When(due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS), then=Value("due_soon")),
                  default=Value(""))
    link = FilteredRelation("enterprise__industry_links",
                            condition=Q(enterprise__industry_links__industry=F("industry")))
    groups = items.annotate(link=link, bucket=bucket).order_by().values_list(
        "improvement_list__division_id", "target_level", "link__level", "bucket").annotate(n=Count("id"))
    counts: dict = {}
    for division_id, target, now, due, n in groups:
        c = counts.setdefault(division_id, {"total": 0, "achieved": 0, "due_soon": 0, "overdue": 0})
        c["total"] += n
        if target and now is not None and LEVEL_RANK[now] >= LEVEL_RANK[target]:
            c["achieved"] += n
        elif due:
            c[due] += n
    rows = []
    for target in targets.order_by("number"):
        c = counts.get(target.division_id, {})
        rows.append(ItemRow(label=target.division.name, key=target.division_id, total=c.get("total", 0),
                            achieved=c.get("achieved", 0), due_soon=c.get("due_soon", 0),
                            overdue=c.get("overdue", 0)))
    return rows


# ---- the rest of what the dashboard and the targets page show ----------------------------------------------

def batches_of(competition):
    return AssessmentBatch.objects.filter(competition=competition).select_related("group").order_by("number")


def published_division_ids(competition) -> set:
    return set(Disclosure.objects.filter(division__competition=competition).values_list("division_id", flat=True))


def dashboard_of(competition, division=None) -> dict:
    """Everything the dashboard renders, in a constant number of queries."""
    return {"overall": overall_share(competition, division), "groups": group_shares(competition, division),
            "industries": industry_shares(competition, division), "cities": city_shares(competition, division),
            "items": item_progress(competition, division), "batches": list(batches_of(competition)),
            "published": published_division_ids(competition)}


def targets_of(competition) -> dict:
    """附件1 (groups and industries), 附件2 (cities), the goal, batches and phases: the targets page."""
    return {
        "groups": IndustryGroup.objects.filter(competition=competition).order_by("order").prefetch_related(
            "industries"),
        "industries": industry_targets(competition),
        "cities": city_targets(competition),
        "goal": GradingGoal.objects.filter(competition=competition).first(),
        "batches": batches_of(competition),
        "phases": competition.phases.all(),
    }


def industry_targets(competition):
    return Industry.objects.filter(group__competition=competition).select_related("group").order_by("number")


def city_targets(competition):
    return CityTarget.objects.filter(division__competition=competition).select_related("division").order_by("number")
