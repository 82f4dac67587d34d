"""The grading dashboard's reads, all of them (the dashboard and the targets page read only this module): A/B
(+引领性) shares against the targets of 附件1 and 附件2 and the improvement lists' progress, summed from the
stored per-city tallies (GradingTally: a few rows per city, so a constant and small read whatever the data size).
The tallies are rewritten from the reference recounts here (`share_counts`, `item_counts`: aggregate queries over
every link and list row) by `quotas.services_grading.grading_tallies_refresh`, in each write's transaction.

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
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection
from django.db.models import CharField, DateField, DecimalField, Exists, F, IntegerField, OuterRef, Q, Value
from django.urls import reverse
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
from reviews.models import AssessmentBatch

from .models import CityTarget, GradingGoal, GradingTally, Industry, IndustryGroup

DUE_SOON_DAYS = 30


FIFTY = Decimal(50)


@dataclass
class ShareRow:
    """A row of the shares' tables and charts, its figures and texts computed once when it is made (plain
    attributes: the page reads each several times)."""

    label: str
    total: int
    good: int
    d_count: int
    target: Decimal | None
    baseline: Decimal | None = None
    number: int | None = None
    key: int | None = None
    share: Decimal = field(init=False)
    needed: int = field(init=False)  # enterprises still to reach A/B (+引领性): ceil(target × total) − good
    met: bool = field(init=False)
    target_text: str = field(init=False)  # as the page prints it (25, 17.5: one decimal place at most)
    bar_text: str = field(init=False)  # the bar's width: the chart's scale is 0–50 %, capped
    target_mark_text: str = field(init=False)

    def __post_init__(self):
        total, target = self.total, self.target
        self.share = (Decimal(self.good) * 100 / total).quantize(Decimal("0.1")) if total else Decimal("0.0")
        self.needed = 0 if target is None else max(0, math.ceil(target * total / 100) - self.good)
        self.met = total > 0 and self.needed == 0
        self.target_text = f"{target.normalize():f}" if target is not None else ""
        self.bar_text = f"{float(min(self.share, FIFTY)) * 2:.1f}"
        self.target_mark_text = f"{float(min(target or 0, FIFTY)) * 2:.1f}"


# ---- the reference recounts (the stored tallies are rewritten from them, and tests compare against them) -----

# One pass over the competition's (or one city's) enterprise–industry links: each link's flags (not good, D),
# then the enterprise's flags per industry group and overall (the worst of its links), then the counts per city
# and industry, group, city. Aggregates of aggregates, which the ORM cannot express; plain SQL that PostgreSQL
# and SQLite both run. An enterprise belongs to one city, so every count is a sum of its cities' counts.
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
SELECT division, 'industry', industry, COUNT(*), SUM(bad), SUM(d) FROM base GROUP BY division, industry
UNION ALL SELECT division, 'group', grp, COUNT(*), SUM(bad), SUM(d) FROM eg GROUP BY division, grp
UNION ALL SELECT division, 'city', division, COUNT(*), SUM(bad), SUM(d) FROM ent GROUP BY division
"""


def _share_rows(competition_id: int, division_id: int | None) -> list[tuple]:
    """(city, kind, key, total, bad, d_count) counted from the links, in one query."""
    sql = _SHARE_SQL.format(
        good=", ".join(["%s"] * len(GOOD_LEVELS)), links=EnterpriseIndustry._meta.db_table,
        enterprises=GradingEnterprise._meta.db_table, industries=Industry._meta.db_table,
        division="AND g.division_id = %s" if division_id is not None else "")
    params = [*GOOD_LEVELS, "D", competition_id, *([division_id] if division_id is not None else [])]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def share_counts(competition, division=None) -> dict:
    """{("industry" | "group" | "city", pk): {"total", "bad", "d_count"}} for the competition (or one city),
    counted from the links by the rules of this module's docstring: the reference the tallies must equal."""
    counts: dict = {}
    for _city, kind, key, total, bad, d in _share_rows(competition.pk, division.pk if division else None):
        c = counts.setdefault((kind, key), {"total": 0, "bad": 0, "d_count": 0})
        c["total"], c["bad"], c["d_count"] = c["total"] + total, c["bad"] + bad, c["d_count"] + d
    return counts


# Each improvement-list row's current level in its own industry (the unique link of its enterprise and
# industry, joined directly: no detour through the enterprise), counted per city and due date.
_ITEM_SQL = """
SELECT il.division_id, it.due_date, it.target_level, l.level, COUNT(*)
FROM {items} it JOIN {lists} il ON il.id = it.improvement_list_id JOIN {divisions} d ON d.id = il.division_id
LEFT JOIN {links} l ON l.enterprise_id = it.enterprise_id AND l.industry_id = it.industry_id
WHERE d.competition_id = %s {division}
GROUP BY il.division_id, it.due_date, it.target_level, l.level
"""


def reaches(level: str | None, target: str) -> bool:
    """A row is achieved when the enterprise's current level in the row's industry reaches the row's target."""
    return bool(target) and level is not None and LEVEL_RANK[level] >= LEVEL_RANK[target]


def item_counts(competition_id: int, division_id: int | None = None) -> dict:
    """{(city pk, due date): {"total", "bad"}}: the improvement-list rows due that day and how many of them have
    not reached their target (LEVEL_RANK, decided per group in Python), in one grouped query."""
    sql = _ITEM_SQL.format(items=ImprovementItem._meta.db_table, lists=ImprovementList._meta.db_table,
                           divisions=Division._meta.db_table, links=EnterpriseIndustry._meta.db_table,
                           division="AND il.division_id = %s" if division_id is not None else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, [competition_id, *([division_id] if division_id is not None else [])])
        rows = cursor.fetchall()
    counts: dict = {}
    for city, due, target, level, n in rows:
        c = counts.setdefault((city, due), {"total": 0, "bad": 0})
        c["total"] += n
        c["bad"] += 0 if reaches(level, target) else n
    return counts


def tallies_recount(competition_id: int, division_id: int | None = None) -> list[GradingTally]:
    """The tallies of the competition's cities (or of one city) as they should be: unsaved rows, counted afresh
    by the two reference recounts."""
    tallies = [GradingTally(division_id=city, kind=kind, key=key, total=total, bad=bad, d_count=d)
               for city, kind, key, total, bad, d in _share_rows(competition_id, division_id)]
    tallies += [GradingTally(division_id=city, kind=GradingTally.Kind.ITEM, key=city, due_date=due, total=c["total"],
                             bad=c["bad"]) for (city, due), c in item_counts(competition_id, division_id).items()]
    return tallies


# ---- what the dashboard and its exports read: the stored tallies, summed ------------------------------------

# The stored tallies of the competition's cities summed per dashboard row: a few dozen rows out of a few per city
# and industry. Plain SQL (like the recounts): the ORM's five conditional aggregates cost more to compile than
# PostgreSQL takes to answer.
_TALLY_SQL = """
SELECT t.kind, t.key, SUM(t.total), SUM(t.bad), SUM(t.d_count),
       SUM(CASE WHEN t.due_date < %s THEN t.bad ELSE 0 END),
       SUM(CASE WHEN t.due_date >= %s AND t.due_date <= %s THEN t.bad ELSE 0 END)
FROM {tallies} t JOIN {divisions} d ON d.id = t.division_id
WHERE d.competition_id = %s {division}
GROUP BY t.kind, t.key
"""


def tallied_counts(competition, division=None, today: datetime.date | None = None) -> dict:
    """{(kind, pk): {"total", "bad", "d_count", "overdue", "due_soon"}} summed from the stored tallies of the
    competition's cities (or of one city), in one query. The shares' rows are those of `share_counts`; an
    ("item", city) row counts that city's list rows, `bad` of them not yet at their target, and of these the ones
    whose due date has passed or comes within DUE_SOON_DAYS."""
    today = today or timezone.localdate()
    sql = _TALLY_SQL.format(tallies=GradingTally._meta.db_table, divisions=Division._meta.db_table,
                            division="AND t.division_id = %s" if division is not None else "")
    params = [today, today, today + datetime.timedelta(days=DUE_SOON_DAYS), competition.pk,
              *([division.pk] if division is not None else [])]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(kind, key): {"total": total, "bad": bad, "d_count": d, "overdue": overdue, "due_soon": due_soon}
                for kind, key, total, bad, d, overdue, due_soon in cursor.fetchall()}


def _row(c: dict, **kwargs) -> ShareRow:
    total = c.get("total", 0)
    return ShareRow(total=total, good=total - c.get("bad", 0), d_count=c.get("d_count", 0), **kwargs)


def _group_row(group, counts) -> ShareRow:
    return _row(counts.get(("group", group.pk), {}), label=group.name, target=group.target_share,
                baseline=group.baseline_share, key=group.pk)


def _industry_row(industry, group, counts) -> ShareRow:
    return _row(counts.get(("industry", industry.pk), {}), label=industry.name, target=group.target_share,
                baseline=group.baseline_share, number=industry.number, key=industry.pk)


def group_shares(competition, division=None, counts=None) -> list[ShareRow]:
    counts = tallied_counts(competition, division) if counts is None else counts
    groups = IndustryGroup.objects.filter(competition=competition).order_by("order")
    return [_group_row(group, counts) for group in groups]


def industry_shares(competition, division=None, counts=None) -> list[ShareRow]:
    counts = tallied_counts(competition, division) if counts is None else counts
    return [_industry_row(industry, industry.group, counts)
            for industry in Industry.objects.filter(group__competition=competition).select_related("group")
            .order_by("number")]


def _city_targets(competition, division=None) -> list:
    targets = CityTarget.objects.filter(division__competition=competition).select_related("division")
    targets = targets.filter(division=division) if division is not None else targets
    return list(targets.order_by("number"))


def city_shares(competition, division=None, counts=None, targets=None) -> list[ShareRow]:
    counts = tallied_counts(competition, division) if counts is None else counts
    targets = _city_targets(competition, division) if targets is None else targets
    return [_row(counts.get(("city", target.division_id), {}), label=target.division.name,
                 target=target.target_share, number=target.number, key=target.division_id)
            for target in targets]


def _overall_row(counts: dict, division, target) -> ShareRow:
    cities = [c for (kind, _key), c in counts.items() if kind == "city"]
    c = {name: sum(city[name] for city in cities) for name in ("total", "bad", "d_count")}
    return _row(c, label=division.name if division else "全省", target=target)


def overall_share(competition, division=None, counts=None) -> ShareRow:
    """The KPI card: the province against 二、工作目标, a city against its own target of 附件2."""
    counts = tallied_counts(competition, division) if counts is None else counts
    if division is not None:
        target = CityTarget.objects.filter(division=division).values_list("target_share", flat=True).first()
    else:
        target = GradingGoal.objects.filter(competition=competition).values_list("target_share", flat=True).first()
    return _overall_row(counts, division, target)


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


def item_progress(competition, division=None, today: datetime.date | None = None, targets=None,
                  counts=None) -> list[ItemRow]:
    """Improvement-list rows per city: achieved, due within 30 days, overdue (due date passed, target not met)."""
    counts = tallied_counts(competition, division, today) if counts is None else counts
    targets = _city_targets(competition, division) if targets is None else targets
    rows = []
    for target in targets:
        c = counts.get((GradingTally.Kind.ITEM, target.division_id), {})
        rows.append(ItemRow(label=target.division.name, key=target.division_id, total=c.get("total", 0),
                            achieved=c.get("total", 0) - c.get("bad", 0), due_soon=c.get("due_soon", 0),
                            overdue=c.get("overdue", 0)))
    return rows


# ---- the rest of what the dashboard and the targets page show ----------------------------------------------

def batches_of(competition):
    return AssessmentBatch.objects.filter(competition=competition).order_by("number")


def cities_of(divisions):
    """`divisions` (a queryset of one competition's) with, in the same query, each city's target of 附件2 and
    whether its disclosure is published (LEFT JOINs read as columns: no CityTarget or Disclosure rows built): the
    dashboard's city filter and its city rows from one read. Without their competition's columns (dashboard_of
    sets the page's competition on each)."""
    return divisions.select_related(None).annotate(
        target_number=F("grading_target__number"), target_share=F("grading_target__target_share"),
        disclosure_pk=F("grading_disclosure__pk"))


def _none(output_field) -> Value:
    return Value(None, output_field=output_field)


def _settings(competition) -> tuple[list, list, Decimal | None, list]:
    """What the page shows of the campaign's settings, in one read: 附件1's groups in order and their industries
    by number (a LEFT JOIN: 省级重点行业 starts without any), the goal (二、工作目标, on every group row) and the
    batches — a UNION ALL of the groups' rows and the batches' rows, told apart by their first column."""
    groups = IndustryGroup.objects.filter(competition=competition).values_list(
        Value("group"), "pk", "name", "order", "target_share", "baseline_share", "industries__pk",
        "industries__number", "industries__name", "competition__grading_goal__target_share", _none(DateField()))
    batches = AssessmentBatch.objects.filter(competition=competition).values_list(
        Value("batch"), "pk", "name", "number", _none(DecimalField()), _none(DecimalField()), _none(IntegerField()),
        _none(IntegerField()), _none(CharField()), _none(DecimalField()), "deadline")
    rows = list(groups.order_by().union(batches.order_by(), all=True))
    found, industries, goal, batch_rows = {}, [], None, []
    for kind, pk, name, order, target, baseline, industry_pk, number, industry_name, goal_share, deadline in rows:
        if kind == "batch":
            batch_rows.append(AssessmentBatch(pk=pk, competition=competition, number=order, name=name,
                                              deadline=deadline))
            continue
        goal = goal_share
        if pk not in found:
            found[pk] = SimpleNamespace(pk=pk, name=name, order=order, target_share=target, baseline_share=baseline)
        if industry_pk is not None:
            industries.append(SimpleNamespace(pk=industry_pk, number=number, name=industry_name, group=found[pk]))
    if not found:  # a campaign without 附件1 yet may still have its goal
        goal = GradingGoal.objects.filter(competition=competition).values_list("target_share", flat=True).first()
    return (sorted(found.values(), key=lambda g: g.order), sorted(industries, key=lambda i: i.number), goal,
            sorted(batch_rows, key=lambda b: b.number))


def dashboard_of(competition, division=None, divisions=None, today: datetime.date | None = None) -> dict:
    """Everything the dashboard renders, in two queries whatever the data size: the summed tallies, and 附件1,
    the goal and the batches. `divisions` are the page's cities as `cities_of` reads them (read here when not
    given); `division` the city chosen among them, else the province."""
    if divisions is None:
        divisions = list(cities_of(Division.objects.filter(competition=competition)))
    for d in divisions:
        d.competition = competition
    shown = [d for d in divisions if division is None or d.pk == division.pk]
    targets = sorted((SimpleNamespace(division_id=d.pk, division=d, number=d.target_number, target_share=d.target_share)
                      for d in shown if d.target_number is not None), key=lambda t: t.number)
    counts = tallied_counts(competition, division, today)
    groups, industries, goal, batches = _settings(competition)
    overall_target = goal if division is None else next((t.target_share for t in targets), None)
    page = {"overall": _overall_row(counts, division, overall_target),
            "groups": [_group_row(group, counts) for group in groups],
            "industries": [_industry_row(industry, industry.group, counts) for industry in industries],
            "cities": city_shares(competition, division, counts, targets),
            "items": item_progress(competition, division, targets=targets, counts=counts),
            "batches": batches, "published": {d.pk for d in shown if d.disclosure_pk is not None}}
    return page | _links(competition, division, page)


def _links(competition, division, page: dict) -> dict:
    """The rows' links, from one reversed prefix each (no `{% url %}` per row), and the page's other links."""
    list_url, publish_url, public_url = (row_url("grading:list"), row_url("grading:disclosure_publish"),
                                         row_url("grading:public"))
    for row in page["cities"]:
        row.list_url, row.publish_url, row.public_url = list_url(row.key), publish_url(row.key), public_url(row.key)
    for row in page["items"]:
        row.list_url = list_url(row.key)
    ab_list = row_url("grading:ab_list" if division else "grading:province_ab_list", 2)
    for batch in page["batches"]:
        batch.export_url = ab_list((division or competition).pk, batch.pk)
    export, scope = row_url("grading:dashboard_export", 2), f"?division={division.pk}" if division else ""
    return {"targets_url": reverse("grading:targets", args=[competition.pk]),
            "province_list_url": reverse("grading:province_list_export", args=[competition.pk]),
            "exports": {table: export(competition.pk, table) + scope
                        for table in ("groups", "cities", "items", "industries")}}


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
