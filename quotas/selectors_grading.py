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
from functools import cached_property

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from applications.models import (
    GOOD_LEVELS,
    LEVEL_RANK,
    EnterpriseIndustry,
    GradingEnterprise,
    ImprovementItem,
    ImprovementList,
)
from competitions.models import Division
from greencomp.pages import row_url
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

    @cached_property
    def share(self) -> Decimal:
        return (Decimal(self.good) * 100 / self.total).quantize(Decimal("0.1")) if self.total else Decimal("0.0")

    @cached_property
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

    @cached_property
    def target_text(self) -> str:
        """The target as the page prints it (25, 17.5: one decimal place at most), computed once per row."""
        return f"{self.target.normalize():f}" if self.target is not None else ""

    @cached_property
    def bar_text(self) -> str:
        return f"{self.bar:.1f}"

    @cached_property
    def target_mark_text(self) -> str:
        return f"{self.target_mark:.1f}"


# One pass over the competition's enterprise–industry links: each link's flags (not good, D), then the
# enterprise's flags per industry group and overall (the worst of its links), then the counts per industry, per
# group and per city. Aggregates of aggregates, which the ORM cannot express; plain SQL that PostgreSQL and
# SQLite both run. An enterprise belongs to one city, so the province is the sum of the city rows.
_SHARE_SQL = """
WITH base AS (
  SELECT l.enterprise_id AS e, g.division_id AS division, l.industry_id AS industry, i.group_id AS grp,
         CASE WHEN l.level IN ({good}) THEN 0 ELSE 1 END AS bad,
         CASE WHEN l.level = %s THEN 1 ELSE 0 END AS d
  FROM {links} l JOIN {enterprises} g ON g.id = l.enterprise_id JOIN {industries} i ON i.id = l.industry_id
  WHERE g.competition_id = %s {division}
), eg AS (
  SELECT e, division, grp, MAX(bad) AS bad, MAX(d) AS d FROM base GROUP BY e, division, grp
), ent AS (
  SELECT division, MAX(bad) AS bad, MAX(d) AS d FROM eg GROUP BY e, division
)
SELECT 'industry', industry, COUNT(*), SUM(bad), SUM(d) FROM base GROUP BY industry
UNION ALL SELECT 'group', grp, COUNT(*), SUM(bad), SUM(d) FROM eg GROUP BY grp
UNION ALL SELECT 'city', division, COUNT(*), SUM(bad), SUM(d) FROM ent GROUP BY division
"""


def share_counts(competition, division=None) -> dict:
    """{("industry" | "group" | "city", pk): {"total", "bad", "d_count"}} for the competition (or one city),
    counted by the rules of this module's docstring, in one query whatever the data size."""
    sql = _SHARE_SQL.format(
        good=", ".join(["%s"] * len(GOOD_LEVELS)), links=EnterpriseIndustry._meta.db_table,
        enterprises=GradingEnterprise._meta.db_table, industries=Industry._meta.db_table,
        division="AND g.division_id = %s" if division is not None else "")
    params = [*GOOD_LEVELS, "D", competition.pk, *([division.pk] if division is not None else [])]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(kind, key): {"total": total, "bad": bad, "d_count": d}
                for kind, key, total, bad, d in cursor.fetchall()}


def _row(c: dict, **kwargs) -> ShareRow:
    total = c.get("total", 0)
    return ShareRow(total=total, good=total - c.get("bad", 0), d_count=c.get("d_count", 0), **kwargs)


def group_shares(competition, division=None, counts=None) -> list[ShareRow]:
    counts = share_counts(competition, division) if counts is None else counts
    return [_row(counts.get(("group", group.pk), {}), label=group.name, target=group.target_share,
                 baseline=group.baseline_share, key=group.pk)
            for group in IndustryGroup.objects.filter(competition=competition).order_by("order")]


def industry_shares(competition, division=None, counts=None) -> list[ShareRow]:
    counts = share_counts(competition, division) if counts is None else counts
    return [_row(counts.get(("industry", industry.pk), {}), label=industry.name, target=industry.group.target_share,
                 baseline=industry.group.baseline_share, number=industry.number, key=industry.pk)
            for industry in Industry.objects.filter(group__competition=competition).select_related("group")
            .order_by("number")]


def _city_targets(competition, division=None, **annotations) -> list:
    targets = CityTarget.objects.filter(division__competition=competition).select_related("division")
    targets = targets.filter(division=division) if division is not None else targets
    return list(targets.annotate(**annotations).order_by("number"))


def city_shares(competition, division=None, counts=None, targets=None) -> list[ShareRow]:
    counts = share_counts(competition, division) if counts is None else counts
    targets = _city_targets(competition, division) if targets is None else targets
    return [_row(counts.get(("city", target.division_id), {}), label=target.division.name,
                 target=target.target_share, number=target.number, key=target.division_id)
            for target in targets]


def overall_share(competition, division=None, counts=None) -> ShareRow:
    """The KPI card: the province against 二、工作目标, a city against its own target of 附件2."""
    counts = share_counts(competition, division) if counts is None else counts
    cities = [c for (kind, _key), c in counts.items() if kind == "city"]
    c = {name: sum(city[name] for city in cities) for name in ("total", "bad", "d_count")}
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


# Each improvement-list row's current level in its own industry (the unique link of its enterprise and
# industry, joined directly: no detour through the enterprise) and its due bucket, counted per city.
_ITEM_SQL = """
SELECT il.division_id, it.target_level, l.level,
       CASE WHEN it.due_date < %s THEN 'overdue' WHEN it.due_date <= %s THEN 'due_soon' ELSE '' END AS bucket,
       COUNT(*)
FROM {items} it JOIN {lists} il ON il.id = it.improvement_list_id JOIN {divisions} d ON d.id = il.division_id
LEFT JOIN {links} l ON l.enterprise_id = it.enterprise_id AND l.industry_id = it.industry_id
WHERE d.competition_id = %s {division}
GROUP BY il.division_id, it.target_level, l.level, bucket
"""


def _item_groups(competition, division, today):
    sql = _ITEM_SQL.format(items=ImprovementItem._meta.db_table, lists=ImprovementList._meta.db_table,
                           divisions=Division._meta.db_table, links=EnterpriseIndustry._meta.db_table,
                           division="AND il.division_id = %s" if division is not None else "")
    params = [today, today + datetime.timedelta(days=DUE_SOON_DAYS), competition.pk,
              *([division.pk] if division is not None else [])]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def item_progress(competition, division=None, today: datetime.date | None = None, targets=None) -> list[ItemRow]:
    """Improvement-list rows per city: achieved, due within 30 days, overdue (due date passed, target not met).
    One grouped query: each row's current level in its industry and its due bucket; whether the level reaches
    the row's target is then decided per group (LEVEL_RANK), in Python."""
    today = today or timezone.localdate()
    targets = _city_targets(competition, division) if targets is None else targets
    counts: dict = {}
    for division_id, target, now, due, n in _item_groups(competition, division, today):
        c = counts.setdefault(division_id, {"total": 0, "achieved": 0, "due_soon": 0, "overdue": 0})
        c["total"] += n
        if target and now is not None and LEVEL_RANK[now] >= LEVEL_RANK[target]:
            c["achieved"] += n
        elif due:
            c[due] += n
    rows = []
    for target in targets:
        c = counts.get(target.division_id, {})
        rows.append(ItemRow(label=target.division.name, key=target.division_id, total=c.get("total", 0),
                            achieved=c.get("achieved", 0), due_soon=c.get("due_soon", 0),
                            overdue=c.get("overdue", 0)))
    return rows


# ---- the rest of what the dashboard and the targets page show ----------------------------------------------

def batches_of(competition):
    return AssessmentBatch.objects.filter(competition=competition).select_related("group").order_by("number")


def dashboard_of(competition, division=None) -> dict:
    """Everything the dashboard renders, in a constant number of queries: one for all the shares, one for the
    list progress. The cities' links come from one reversed prefix each (no `{% url %}` per row)."""
    published = Exists(Disclosure.objects.filter(division=OuterRef("division_id")))  # for the cities' buttons
    counts, targets = share_counts(competition, division), _city_targets(competition, division, published=published)
    cities, items = city_shares(competition, division, counts, targets), item_progress(competition, division,
                                                                                       targets=targets)
    list_url, publish_url, public_url = (row_url("grading:list"), row_url("grading:disclosure_publish"),
                                         row_url("grading:public"))
    for row in cities:
        row.list_url, row.publish_url, row.public_url = list_url(row.key), publish_url(row.key), public_url(row.key)
    for row in items:
        row.list_url = list_url(row.key)
    return {"overall": overall_share(competition, division, counts), "groups": group_shares(competition, division,
                                                                                             counts),
            "industries": industry_shares(competition, division, counts), "cities": cities, "items": items,
            "batches": list(batches_of(competition)), "published": {t.division_id for t in targets if t.published}}


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
