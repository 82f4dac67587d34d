"""The grading dashboard: A/B (+引领性) shares against the targets of 附件1 and 附件2, computed with aggregate
queries (a constant number whatever the data size).

Counting rules (documented and tested):
- "good" = A、B（含B-）级 and 绩效引领性 (GOOD_LEVELS); the level is the enterprise's current level.
- per industry: an enterprise in two industries counts once in each industry;
- per industry group: an enterprise counts once in a group, however many of the group's industries it is in;
- per city and for the province: an enterprise counts once.
- enterprises still needed = ceil(target % × total) − good, never below 0."""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from applications.models import (
    GOOD_LEVELS,
    LEVEL_RANK,
    EnterpriseIndustry,
    GradingEnterprise,
    ImprovementItem,
)

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


def _counts(field: str, distinct: bool):
    what = "enterprise_id" if field == "link" else "id"
    level = "enterprise__level" if field == "link" else "level"
    return {
        "total": Count(what, distinct=distinct),
        "good": Count(what, distinct=distinct, filter=Q(**{f"{level}__in": GOOD_LEVELS})),
        "d_count": Count(what, distinct=distinct, filter=Q(**{level: "D"})),
    }


def group_shares(competition, division=None) -> list[ShareRow]:
    links = EnterpriseIndustry.objects.filter(enterprise__competition=competition)
    if division is not None:
        links = links.filter(enterprise__division=division)
    counts = {r["industry__group_id"]: r for r in links.values("industry__group_id").annotate(**_counts("link", True))}
    rows = []
    for group in IndustryGroup.objects.filter(competition=competition).order_by("order"):
        c = counts.get(group.pk, {})
        rows.append(ShareRow(label=group.name, total=c.get("total", 0), good=c.get("good", 0),
                             d_count=c.get("d_count", 0), target=group.target_share, baseline=group.baseline_share,
                             key=group.pk))
    return rows


def industry_shares(competition, division=None) -> list[ShareRow]:
    from .models import Industry

    links = EnterpriseIndustry.objects.filter(enterprise__competition=competition)
    if division is not None:
        links = links.filter(enterprise__division=division)
    counts = {r["industry_id"]: r for r in links.values("industry_id").annotate(**_counts("link", False))}
    rows = []
    for industry in Industry.objects.filter(group__competition=competition).select_related("group").order_by("number"):
        c = counts.get(industry.pk, {})
        rows.append(ShareRow(label=industry.name, total=c.get("total", 0), good=c.get("good", 0),
                             d_count=c.get("d_count", 0), target=industry.group.target_share,
                             baseline=industry.group.baseline_share, number=industry.number, key=industry.pk))
    return rows


def city_shares(competition, division=None) -> list[ShareRow]:
    enterprises = GradingEnterprise.objects.filter(competition=competition)
    targets = CityTarget.objects.filter(division__competition=competition).select_related("division")
    if division is not None:
        enterprises, targets = enterprises.filter(division=division), targets.filter(division=division)
    counts = {r["division_id"]: r for r in enterprises.values("division_id").annotate(**_counts("enterprise", False))}
    rows = []
    for target in targets.order_by("number"):
        c = counts.get(target.division_id, {})
        rows.append(ShareRow(label=target.division.name, total=c.get("total", 0), good=c.get("good", 0),
                             d_count=c.get("d_count", 0), target=target.target_share, number=target.number,
                             key=target.division_id))
    return rows


def overall_share(competition, division=None) -> ShareRow:
    enterprises = GradingEnterprise.objects.filter(competition=competition)
    if division is not None:
        enterprises = enterprises.filter(division=division)
    c = enterprises.aggregate(**_counts("enterprise", False))
    goal = GradingGoal.objects.filter(competition=competition).first()
    return ShareRow(label=division.name if division else "全省", total=c["total"], good=c["good"],
                    d_count=c["d_count"], target=goal.target_share if goal else None)


def achieved_q() -> Q:
    """The enterprise's current level already reaches the row's target."""
    q = Q(pk__in=[])
    for target, rank in LEVEL_RANK.items():
        if target:
            q |= Q(target_level=target, enterprise__level__in=[lv for lv, r in LEVEL_RANK.items() if r >= rank])
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
    """Improvement-list rows per city: achieved, due within 30 days, overdue (due date passed, target not met)."""
    today = today or timezone.localdate()
    items = ImprovementItem.objects.filter(improvement_list__division__competition=competition)
    targets = CityTarget.objects.filter(division__competition=competition).select_related("division")
    if division is not None:
        items, targets = items.filter(improvement_list__division=division), targets.filter(division=division)
    achieved = achieved_q()
    counts = {r["improvement_list__division_id"]: r for r in items.values("improvement_list__division_id").annotate(
        total=Count("id"), achieved=Count("id", filter=achieved),
        due_soon=Count("id", filter=~achieved & Q(due_date__gte=today,
                                                  due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))),
        overdue=Count("id", filter=~achieved & Q(due_date__lt=today)),
    )}
    rows = []
    for target in targets.order_by("number"):
        c = counts.get(target.division_id, {})
        rows.append(ItemRow(label=target.division.name, key=target.division_id, total=c.get("total", 0),
                            achieved=c.get("achieved", 0), due_soon=c.get("due_soon", 0),
                            overdue=c.get("overdue", 0)))
    return rows


# ---- the rest of the dashboard and targets pages (every read of those two pages lives here) -------------------

def batches_of(competition):
    from reviews.models import AssessmentBatch  # reviews.models imports quotas.models: a real cycle

    return AssessmentBatch.objects.filter(competition=competition).order_by("number")


def disclosed_division_ids(competition) -> set:
    from reviews.models import Disclosure  # reviews.models imports quotas.models: a real cycle

    return set(Disclosure.objects.filter(division__competition=competition).values_list("division_id", flat=True))


def targets_of(competition) -> dict:
    """附件1 and 附件2 of the campaign: the industry groups, industries, city targets, overall goal, batches."""
    return {
        "groups": IndustryGroup.objects.filter(competition=competition).order_by("order").prefetch_related("industries"),
        "industries": Industry.objects.filter(group__competition=competition).select_related("group")
        .order_by("number"),
        "cities": CityTarget.objects.filter(division__competition=competition).select_related("division")
        .order_by("number"),
        "goal": GradingGoal.objects.filter(competition=competition).first(),
        "batches": batches_of(competition),
    }
