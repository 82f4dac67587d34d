"""Reads of labour-competition registration, already scoped to the user: a foreign object is not in the
queryset, so views answer 404 for it."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.safestring import mark_safe

from competitions import rules as roles
from competitions.enums import CompetitionKind, PhaseKind, Role
from competitions.models import Division, Phase
from competitions.selectors import (
    competitions_for,
    member_competition_ids,
    officer_division_ids,
    phases_of,
    secretariat_competition_ids,
)
from greencomp.markup import html_format
from greencomp.pages import local_text, row_url
from greencomp.selectors import count_per_row

from .filters_labour import ReportFilter
from .models import DivisionSubmission, Entry, EntryDocument, EntryIndicator


def _divisions_visible(divisions, user):
    """`divisions` as the user may see them: every one for the secretariat, their own for an officer."""
    if roles.is_platform_secretariat(user):
        return divisions
    return divisions.filter(Q(competition_id__in=secretariat_competition_ids(user))
                            | Q(pk__in=officer_division_ids(user)))


def labour_divisions_for(user):
    """Divisions of labour competitions: every one for the secretariat, their own for an officer."""
    return _divisions_visible(Division.objects.filter(competition__kind=CompetitionKind.LABOUR).select_related(
        "competition", "quota", "labour_submission"), user)


def officer_divisions(user):
    return labour_divisions_for(user).filter(pk__in=officer_division_ids(user)).order_by(
        "-competition__year", "competition_id", "order", "id")


def entries_for(user):
    """Registered entries the user may see: secretariat all of its competitions, officers their divisions,
    an enterprise its own organisation's."""
    qs = Entry.objects.filter(status=Entry.Status.REGISTERED).select_related(
        "organisation", "division", "competition")
    if roles.is_platform_secretariat(user):
        return qs
    visible = Q(competition_id__in=secretariat_competition_ids(user)) | Q(division_id__in=officer_division_ids(user))
    if getattr(user, "organisation_id", None):
        visible |= Q(organisation_id=user.organisation_id)
    return qs.filter(visible)


def division_entries(division):
    return (Entry.objects.filter(division=division, status=Entry.Status.REGISTERED)
            .select_related("organisation").order_by("id"))


def registered_count(division) -> int:
    return Entry.objects.filter(division=division, status=Entry.Status.REGISTERED).count()


def submission_of(division) -> DivisionSubmission:
    """The division's submission record (unsaved draft if none yet)."""
    try:
        return division.labour_submission
    except DivisionSubmission.DoesNotExist:
        return DivisionSubmission(division=division)


def is_late(division, deadline, submission, now=None) -> bool:
    """未按要求报相关资料: the deadline has passed and the list was not submitted."""
    now = now or timezone.now()
    return bool(deadline and now > deadline and not (submission and submission.is_submitted))


def fill_rate_rows(user, competition, *, status: str = "", q: str = ""):
    """One row per visible division of the (labour) competition: quota, registered, submitted, late — from one
    query. The divisions are read with the columns the rows, the dashboard's map and the 附件2 sheets use (and
    their submission, for the sheets' filler), and the registration phase's deadline (one per competition) in the
    same query; the competition is known (set on each)."""
    registration = Phase.objects.filter(competition_id=competition.pk, kind=PhaseKind.REGISTRATION).order_by()
    qs = (_divisions_visible(Division.objects.filter(competition=competition), user)
          .select_related("labour_submission")
          .only("id", "name", "kind", "city", "extended_until", "competition_id", "labour_submission")
          .annotate(registered=count_per_row(Entry.objects.filter(status=Entry.Status.REGISTERED), "division"),
                    quota_entries=F("quota__entries"),
                    registration_closes=Subquery(registration.values("closes_at")[:1]))
          .order_by("order", "id"))
    if q:
        qs = qs.filter(name__icontains=q)
    now = timezone.now()
    rows = []
    division_url = row_url("labour:division")
    for d in qs:
        d.competition = competition
        submission = getattr(d, "labour_submission", None) if _has_submission(d) else None
        quota, deadline = d.quota_entries or 0, d.deadline_after(d.registration_closes)
        row = {
            "division": d, "quota": quota, "registered": d.registered,
            "percent": min(100, round(d.registered * 100 / quota)) if quota else 0,
            "submitted": bool(submission and submission.is_submitted),
            "submitted_at": submission.submitted_at if submission else None,
            "deadline": deadline, "late": is_late(d, deadline, submission, now),
            "deadline_text": local_text(deadline), "url": division_url(d.pk),
        }
        if status == "submitted" and not row["submitted"] or status == "pending" and row["submitted"] \
                or status == "late" and not row["late"]:
            continue
        rows.append(row)
    return rows


def fill_rate_cells(rows: list[dict]) -> list[dict]:
    """The page's rows with their 完成率 bar, 报送情况 badges and the whole row as HTML (FILL_RATE_ROW: one value
    per row instead of a dozen template lookups, numbers among them — the template localizes each)."""
    for number, r in enumerate(rows, start=1):
        percent, name = r["percent"], r["division"].name
        r["bar"] = html_format(FILL_RATE_BAR, name=name, percent=percent, full=" bg-success" if percent >= 100 else "")
        r["state"] = mark_safe(f'{SUBMITTED_BADGE if r["submitted"] else PENDING_BADGE}\n      {LATE_BADGE if r["late"] else ""}')
        r["html"] = html_format(FILL_RATE_ROW, number=number, name=name, quota=r["quota"], registered=r["registered"],
                                bar=r["bar"], state=r["state"], deadline=r["deadline_text"], url=r["url"])
    return rows


# 参赛登记进度's table row (templates/applications/labour/fill_rate.html prints it), its 完成率 bar
FILL_RATE_BAR = ('<div class="progress" role="progressbar" aria-label="{name}完成率" aria-valuenow="{percent}" '
                 'aria-valuemin="0" aria-valuemax="100"><div class="progress-bar{full}" style="width: {percent}%">'
                 "{percent}%</div></div>")
FILL_RATE_ROW = ('<tr>\n    <td>{number}</td><td>{name}</td><td class="text-end">{quota}</td>'
                 '<td class="text-end">{registered}</td>\n    <td>{bar}</td>\n    <td>{state}</td>\n'
                 '    <td>{deadline}</td>\n    <td><a href="{url}">查看</a></td>\n  </tr>')


SUBMITTED_BADGE = '<span class="badge state-submitted">已报送</span>'
PENDING_BADGE = '<span class="badge state-draft">未报送</span>'
LATE_BADGE = '<span class="badge state-late" title="未按要求报相关资料的视为未举办竞赛">逾期</span>'


def _has_submission(division) -> bool:
    try:
        division.labour_submission  # noqa: B018 — select_related: no query
    except DivisionSubmission.DoesNotExist:
        return False
    return True


def indicators_for_entries(entries):
    """Entries with their indicators (every period) and documents prefetched."""
    return entries.prefetch_related(Prefetch("indicators", queryset=EntryIndicator.objects.order_by("period")),
                                    "documents")


# ---- the year-end evaluation (seed 001 二(四)(五), 三 年底竞赛活动总结和绩效评估) ----------------------------------

@dataclass(frozen=True)
class Measure:
    field: str
    label: str
    unit: str  # "" for 主要产品单耗: its unit is the one the enterprise gives (kgce/t, tce/万元 …)
    lower_is_better: bool  # consumption and emissions fall; savings (节能量, 节水量, 减排量) rise


EVALUATION_MEASURES = [
    Measure("energy_total", "综合能耗", "tce", True),
    Measure("unit_consumption", "主要产品单耗", "", True),
    Measure("energy_saved", "节能量", "tce", False),
    Measure("water_saved", "节水量", "t", False),
    Measure("co2_reduced", "二氧化碳减排量", "tCO2", False),
    Measure("so2", "二氧化硫排放量", "t", True),
    Measure("nox", "氮氧化物排放量", "t", True),
    Measure("particulates", "颗粒物排放量", "t", True),
    Measure("cod", "化学需氧量排放量", "t", True),
]
HUNDREDTH = Decimal("0.01")


def percent_change(value: Decimal | None, reference: Decimal | None) -> Decimal | None:
    """(value − reference) / reference × 100, to two places (half up); None when either is missing or the
    reference is zero."""
    if value is None or reference is None or reference == 0:
        return None
    return ((value - reference) * 100 / reference).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class EvaluationLine:
    measure: Measure
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    result: Decimal | None
    industry: Decimal | None
    change: Decimal | None  # result against the baseline year, %
    versus_industry: Decimal | None  # result against the industry average, %
    target_met: bool | None
    within_industry: bool | None  # at least as good as the industry average (控制在同行业平均水平以内)

    @property
    def target_text(self) -> str:
        return "—" if self.target_met is None else ("完成" if self.target_met else "未完成")

    @property
    def industry_text(self) -> str:
        if self.within_industry is None:
            return "—"
        if self.result == self.industry:
            return "持平"
        return "优于平均水平" if self.within_industry else "劣于平均水平"


class Conclusion:
    PENDING = "未填报"
    ACHIEVED = "达标"
    MISSED = "未达标"


@dataclass(frozen=True)
class Evaluation:
    lines: list
    conclusion: str
    has_baseline: bool
    has_target: bool
    has_result: bool

    @property
    def indicators_done(self) -> bool:
        """指标: the baseline, the year's target and the year's result are all recorded."""
        return self.has_baseline and self.has_target and self.has_result


def _line(measure: Measure, rows: dict) -> EvaluationLine:
    base, target, result, industry = (rows.get(p) for p in ("baseline", "target", "contest", "industry"))

    def value(row):
        return getattr(row, measure.field) if row is not None else None

    average = value(industry)
    if measure.field == "unit_consumption" and average is None and result is not None:
        average = result.industry_average  # the 同行业平均单耗 given beside the year's result
    now, goal = value(result), value(target)
    better = (lambda a, b: a <= b) if measure.lower_is_better else (lambda a, b: a >= b)
    unit = measure.unit or next((r.unit_consumption_unit for r in (result, target, base, industry)
                                 if r is not None and r.unit_consumption_unit), "")
    return EvaluationLine(
        measure=measure, unit=unit, baseline=value(base), target=goal, result=now, industry=average,
        change=percent_change(now, value(base)), versus_industry=percent_change(now, average),
        target_met=None if now is None or goal is None else better(now, goal),
        within_industry=None if now is None or average is None else better(now, average))


def entry_evaluation(indicators) -> Evaluation:
    """The structured year-end evaluation of one entry from its indicator rows. 达标 (seed 001 二(四)): every
    target set for the year is met, and where an industry average is known for 主要产品单耗 or 综合能耗, at
    least one of them is controlled within it (把主要产品单耗或综合能耗指标控制在全市同行业平均水平以内)."""
    rows = {i.period: i for i in indicators}
    lines = [_line(m, rows) for m in EVALUATION_MEASURES]
    has = {p: p in rows for p in ("baseline", "target", "contest")}
    if not (has["target"] and has["contest"]):
        conclusion = Conclusion.PENDING
    else:
        targets_met = all(line.target_met is not False for line in lines)
        intensity = [line.within_industry for line in lines[:2] if line.within_industry is not None]
        conclusion = Conclusion.ACHIEVED if targets_met and (not intensity or any(intensity)) else Conclusion.MISSED
    return Evaluation(lines=lines, conclusion=conclusion, has_baseline=has["baseline"], has_target=has["target"],
                      has_result=has["contest"])


def division_report_entries(division):
    """The division's entries with what each has reported: 方案 / 总结 uploaded, indicators prefetched (for the
    evaluation) — a constant number of queries for any number of rows."""
    documents = EntryDocument.objects.filter(entry=OuterRef("pk"))
    qs = (division_entries(division)
          .annotate(has_plan=Exists(documents.filter(kind=EntryDocument.Kind.PLAN)),
                    has_summary=Exists(documents.filter(kind=EntryDocument.Kind.SUMMARY)))
          .prefetch_related(Prefetch("indicators", queryset=EntryIndicator.objects.order_by("period"))))
    return qs


def report_filter(division, params) -> ReportFilter:
    """The division's year-end materials with the page's search and missing-material filter applied."""
    return ReportFilter(params, queryset=division_report_entries(division))


def achieved_entry_counts(competition) -> dict[int, int]:
    """Per division, the registered entries whose year-end evaluation is 达标 (2 queries)."""
    counts: dict[int, int] = {}
    entries = (Entry.objects.filter(competition=competition, status=Entry.Status.REGISTERED).only("pk", "division_id")
               .prefetch_related(Prefetch("indicators", queryset=EntryIndicator.objects.order_by("period"))))
    for entry in entries:
        if entry_evaluation(entry.indicators.all()).conclusion == Conclusion.ACHIEVED:
            counts[entry.division_id] = counts.get(entry.division_id, 0) + 1
    return counts


# ---- one object of the URL, for the views' permission check (404 when the user cannot see it) ---------------

def labour_division_for(user, pk, **_):
    return get_object_or_404(labour_divisions_for(user).prefetch_related("competition__phases"), pk=pk)


def registering_division_for(user, pk, **_):
    """The division an officer registers an entry into (the deadline's hot write): taken from the memberships the
    permission reads anyway (they join the division and its competition), with only the competition's phases
    read; for anyone who is not that division's officer, as labour_division_for finds it (404 or 403 alike)."""
    for m in roles.memberships(user):
        division = m.division
        if (m.role == Role.OFFICER and m.division_id == pk and m.competition is not None
                and m.competition.kind == CompetitionKind.LABOUR and division.competition_id == m.competition_id):
            division.competition = m.competition
            prefetch_related_objects([m.competition], phases_of())
            return division
    return labour_division_for(user, pk)


def labour_entry_for(user, pk, **_):
    return get_object_or_404(entries_for(user).select_related("division__competition", "division__quota"), pk=pk)


def labour_competition_for(user, pk, **_):
    """A labour competition whose secretariat or officer the user is (404 for everyone else)."""
    qs = competitions_for(user).filter(kind=CompetitionKind.LABOUR)  # its pages read no phase (fill_rate_rows: its own)
    if not roles.is_platform_secretariat(user):
        qs = qs.filter(pk__in=member_competition_ids(user, (Role.SECRETARIAT, Role.OFFICER)))
    return get_object_or_404(qs, pk=pk)


def managed_labour_competition_for(user, pk, **_):
    """A labour competition the user runs as 秘书处 (404 for everyone else)."""
    qs = competitions_for(user).filter(kind=CompetitionKind.LABOUR).prefetch_related("phases")
    if not roles.is_platform_secretariat(user):
        qs = qs.filter(pk__in=secretariat_competition_ids(user))
    return get_object_or_404(qs, pk=pk)
