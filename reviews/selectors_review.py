"""Reads of the expert review, already scoped: an expert reads only their own score sheets; the secretariat
reads the tracks of the competitions it runs. The ranking is computed with aggregate queries."""

import hashlib
import math
import pickle
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    StdDev,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.shortcuts import get_object_or_404

from applications.models import Application, RecommendationList
from competitions.enums import CompetitionKind
from competitions.models import Track
from competitions.selectors import competitions_held_by
from greencomp.models import User
from greencomp.pages import PAGE_SIZE, local_text, row_url

from .models import Criterion, Expert, Objection, Prize, Score, ScoreSheet

SUBMITTED = ScoreSheet.Status.SUBMITTED


# ---- who sees what ----------------------------------------------------------------------------------------

def applications_under_review(track, *, accepted_divisions=None):
    """THE rule for what is reviewed in a track: applications recommended by their city (status 已推荐) in a
    recommendation list for this track that the secretariat accepted. A track the suppliers recommend
    themselves (seed 002 六（一）, 典型案例) reaches the secretariat on submission: every submitted application.
    Change the rule here only. `accepted_divisions`: accepted_division_ids(track), when the caller has read
    them — the track's applications are then filtered by a list of ids, one scan whatever the planner's
    statistics (the correlated EXISTS is re-run per list when they are missing)."""
    if not track.city_recommended:
        return Application.objects.filter(track=track, status__in=[Application.Status.SUBMITTED,
                                                                  Application.Status.RECOMMENDED])
    recommended = Application.objects.filter(track=track, status=Application.Status.RECOMMENDED)
    if accepted_divisions is not None:
        return recommended.filter(division_id__in=accepted_divisions)
    accepted = RecommendationList.objects.filter(division_id=OuterRef("division_id"), track_id=OuterRef("track_id"),
                                                 status=RecommendationList.Status.ACCEPTED)
    return recommended.filter(Exists(accepted))


def accepted_division_ids(track) -> list[int]:
    """The divisions whose recommendation list for this track the secretariat accepted (a track the suppliers
    recommend themselves has none: applications_under_review ignores them there)."""
    return sorted(RecommendationList.objects.filter(track=track, status=RecommendationList.Status.ACCEPTED)
                  .values_list("division_id", flat=True)) if track.city_recommended else []


def sheets_of_expert(user):
    """The expert's own score sheets (assignments), nothing else."""
    if not getattr(user, "is_authenticated", False):
        return ScoreSheet.objects.none()
    return ScoreSheet.objects.filter(expert__user=user).select_related(
        "application__organisation", "application__division", "application__competition", "track__competition",
        "track__review", "expert")


def sheet_for(user, pk, **_):
    """A score sheet its expert or the review's secretariat may see (404 for everyone else); the rules decide who
    scores it (reviews.score)."""
    sheets = ScoreSheet.objects.filter(Q(expert__user=user) | Q(track__competition__in=review_competitions_for(user)))
    return get_object_or_404(sheets.select_related(
        "application__organisation", "application__division", "application__competition", "track__competition",
        "track__review", "expert__user"), pk=pk)


@dataclass
class TaskRow:
    """A row of the expert's 评审任务 list: what it shows, computed once for the page."""
    number: int
    title: str
    competition: str
    organisation: str
    track: str
    status: str
    status_label: str
    saved: str
    submitted: str
    locked: bool
    url: str
    pdf_url: str


_TASK_COLUMNS = ("pk", "status", "saved_at", "submitted_at", "application__title", "application__organisation__name",
                 "track__competition__title", "track__number", "track__name")
_SHEET_STATUS = dict(ScoreSheet.Status.choices)


def task_list_of(user):
    """The expert's sheets in the 评审任务 order, as the columns the list shows (one narrow query: no model
    instances, no joins the rows do not print)."""
    return sheets_of_expert(user).order_by("status", "track__competition_id", "track__number", "pk").values_list(
        *_TASK_COLUMNS)


def task_rows(sheets, start: int) -> list[TaskRow]:
    """`sheets`: rows of task_list_of."""
    sheet_url, pdf_url = row_url("review:sheet"), row_url("review:sheet_pdf")
    return [TaskRow(number=start + i, title=title, competition=competition, organisation=organisation,
                    track=f"{number}. {name}", status=status, status_label=_SHEET_STATUS[status],
                    saved=local_text(saved), submitted=local_text(submitted), locked=status == SUBMITTED,
                    url=sheet_url(pk), pdf_url=pdf_url(pk))
            for i, (pk, status, saved, submitted, title, organisation, competition, number, name)
            in enumerate(sheets)]


def review_competitions_for(user):
    """Innovation contests whose review the user runs (the competition's or the platform's 秘书处)."""
    return competitions_held_by(user, CompetitionKind.INNOVATION)


def tracks_managed_by(user):
    return Track.objects.filter(competition__in=review_competitions_for(user)).select_related(
        "competition", "review", "review__tie_criterion")


def sheets_managed_by(user):
    return ScoreSheet.objects.filter(track__competition__in=review_competitions_for(user)).select_related(
        "application__organisation", "application__division", "track__competition", "expert__user")


def criteria_of(track):
    return list(Criterion.objects.filter(track=track).order_by("order"))


def experts_of(competition):
    """The pool with what each row shows: employer, fields, sheets assigned and submitted (one query + one
    prefetch)."""
    return Expert.objects.filter(competition=competition).select_related("user__organisation").prefetch_related(
        Prefetch("tracks", queryset=Track.objects.order_by("number"))).annotate(
        assigned=Count("sheets", distinct=True),
        done=Count("sheets", filter=Q(sheets__status=SUBMITTED), distinct=True)).order_by("code")


@dataclass
class ProgressRow:
    """A row of 评审进度 (an expert, or a track): sheets submitted of assigned, and the bar's width."""
    number: int
    label: str
    name: str = ""
    organisation: str = ""
    done: int = 0
    assigned: int = 0

    @property
    def percent(self) -> int:
        return round(self.done * 100 / self.assigned) if self.assigned else 0


def expert_pool(competition):
    """The pool in code order, as the 评审进度 rows show it, with each expert's counters (sheets assigned and
    submitted, kept by the writes): one narrow query, and the names by subquery so that the paginator's COUNT
    stays a count of the competition's experts."""
    user = User.objects.filter(pk=OuterRef("user_id"))
    return Expert.objects.filter(competition=competition).order_by("code").values_list(
        "pk", "code", Subquery(user.values("full_name")), Subquery(user.values("organisation__name")),
        "sheets_assigned", "sheets_submitted")


def progress_rows(experts, start: int) -> list[ProgressRow]:
    """The page's experts (rows of expert_pool) as 评审进度 shows them."""
    return [ProgressRow(number=start + i, label=code, name=name, organisation=organisation or "—", done=done,
                        assigned=assigned)
            for i, (_pk, code, name, organisation, assigned, done) in enumerate(experts)]


def track_progress(competition):
    """The competition's tracks with their sheets assigned and submitted (TrackReview's counters: a track
    without review settings has none)."""
    return Track.objects.filter(competition=competition).annotate(
        assigned=Coalesce("review__sheets_assigned", 0), done=Coalesce("review__sheets_submitted", 0),
    ).order_by("number")


def track_progress_rows(competition):
    """评审进度 per track: number, name, sheets assigned and submitted, in one query."""
    return track_progress(competition).values("pk", "number", "name", "assigned", "done")


def experts_with_open_sheets(competition):
    return Expert.objects.filter(competition=competition, sheets__status=ScoreSheet.Status.DRAFT).select_related(
        "user").annotate(open=Count("sheets")).order_by("code")


def prizes_of(track):
    return Prize.objects.filter(track=track).select_related("application__organisation",
                                                           "application__division").order_by("rank")


def awarded_prizes(competition):
    """Every awarded entry of the competition (no 不授奖), by track and level."""
    order = {level: i for i, level in enumerate(Prize.Level.values)}
    rows = list(Prize.objects.filter(track__competition=competition).exclude(level=Prize.Level.NONE)
                .select_related("track", "application__organisation", "application__division"))
    rows.sort(key=lambda p: (p.track.number, order[p.level], p.rank))
    return rows


def objections_of(competition):
    return Objection.objects.filter(competition=competition).select_related("application", "answered_by")


# ---- ranking ----------------------------------------------------------------------------------------------

@dataclass
class RankedEntry:
    application: Application
    n: int = 0
    mean: float | None = None
    trimmed: float | None = None
    zscore: float | None = None
    spread: float | None = None
    stddev: float | None = None
    tie_value: float | None = None
    gate_failures: int = 0
    excluded: bool = False
    reasons: list = field(default_factory=list)
    score: float | None = None
    rank: int | None = None
    tie_note: str = ""


def _aggregates(track) -> dict:
    """Per entry over its submitted sheets, in one GROUP BY: count, mean, max − min, population standard
    deviation, the trimmed mean (sum − max − min) / (n − 2) when n ≥ 5, and the sheets failing the gate."""
    total = Cast("total", FloatField())
    rows = ScoreSheet.objects.filter(track=track, status=SUBMITTED).order_by().values("application_id").annotate(
        n=Count("id"), mean=Avg(total), hi=Max(total), lo=Min(total), sd=StdDev(total, sample=False),
        sum=Sum(total), gate_fail=Count("id", filter=Q(gate_passed=False)),
    ).annotate(spread=F("hi") - F("lo"))
    return {r["application_id"]: r for r in rows}


def _tie_values(track, criterion_id) -> dict:
    if not criterion_id:
        return {}
    rows = Score.objects.filter(sheet__track=track, sheet__status=SUBMITTED, criterion_id=criterion_id).order_by().values(
        "sheet__application_id").annotate(v=Avg(Cast("value", FloatField())))
    return {r["sheet__application_id"]: r["v"] for r in rows}


def _zscores(track, sheets: list[tuple]) -> dict:
    """Each expert's totals in this track are standardised (z = (x − expert mean) / expert population SD; an
    expert with one sheet or no spread gets z = 0) and rescaled to the track's pool of totals
    (pool mean + z × pool SD, clipped to 0–100); the entry's value is the mean of its rescaled totals."""
    stats = {r["expert_id"]: (r["mu"], r["sd"]) for r in ScoreSheet.objects.filter(
        track=track, status=SUBMITTED).order_by().values("expert_id").annotate(
        mu=Avg(Cast("total", FloatField())), sd=StdDev(Cast("total", FloatField()), sample=False))}
    if not sheets:
        return {}
    values = [t for _, _, t in sheets]
    pool_mean = sum(values) / len(values)
    pool_sd = math.sqrt(sum((v - pool_mean) ** 2 for v in values) / len(values))
    per_entry: dict = {}
    for app_id, expert_id, t in sheets:
        mu, sd = stats[expert_id]
        z = (t - mu) / sd if sd else 0.0
        per_entry.setdefault(app_id, []).append(min(100.0, max(0.0, pool_mean + z * pool_sd)))
    return {k: sum(v) / len(v) for k, v in per_entry.items()}


def _gate_reasons(track) -> dict:
    """The failed gates of the submitted sheets, read from the sheets marked as failing (gate_passed is stored
    with the scores: false exactly when a gate failed), not from every score of the track."""
    rows = Score.objects.filter(sheet__track=track, sheet__status=SUBMITTED, sheet__gate_passed=False,
                                passed=False).values_list(
        "sheet__application_id", "criterion__name", "reason").order_by("sheet__application_id", "criterion__order")
    reasons: dict = {}
    for app_id, name, reason in rows:
        reasons.setdefault(app_id, []).append(f"{name}：{reason}")
    return reasons


def track_ranking(track, *, applications=None) -> list[RankedEntry]:
    """The ranking of a track by its method (track.review.method). Entries failing the gate in a majority of
    their sheets are excluded (reasons shown). Ties: the higher mean score of the track's designated criterion
    (技术创新点 for tracks 1–3), then the earlier submission of the application, then the lower number."""
    settings = track.review
    aggregates = _aggregates(track)
    ties = _tie_values(track, settings.tie_criterion_id)
    sheets = list(ScoreSheet.objects.filter(track=track, status=SUBMITTED).order_by().values_list(
        "application_id", "expert_id", "total"))
    sheets = [(a, e, float(t)) for a, e, t in sheets]
    zscores = _zscores(track, sheets)
    reasons = _gate_reasons(track)
    entries = []
    if applications is None:
        applications = applications_under_review(track, accepted_divisions=accepted_division_ids(track)
                                                 ).select_related("organisation", "division").defer("data")
    for application in applications:
        agg = aggregates.get(application.pk)
        entry = RankedEntry(application=application)
        if agg:
            entry.n, entry.mean, entry.spread, entry.stddev = agg["n"], agg["mean"], agg["spread"], agg["sd"]
            entry.trimmed = (agg["sum"] - agg["hi"] - agg["lo"]) / (agg["n"] - 2) if agg["n"] >= 5 else None
            entry.zscore = zscores.get(application.pk)
            entry.gate_failures = agg["gate_fail"]
            entry.tie_value = ties.get(application.pk)
            entry.excluded = agg["gate_fail"] * 2 > agg["n"]
            entry.reasons = reasons.get(application.pk, [])
            entry.score = _method_score(settings.method, entry)
        entries.append(entry)
    _rank(entries, settings)
    return entries


def _method_score(method, entry):
    if method == "zscore":
        return entry.zscore
    if method == "trimmed" and entry.trimmed is not None:
        return entry.trimmed
    return entry.mean  # the trimmed mean needs at least 5 sheets; below that the plain mean is used


def _sort_key(entry):
    submitted = entry.application.submitted_at.timestamp() if entry.application.submitted_at else math.inf
    return (-round(entry.score, 6), -(entry.tie_value or 0.0), submitted, entry.application.pk)


def _rank(entries: list[RankedEntry], settings) -> None:
    ranked = sorted((e for e in entries if e.score is not None and not e.excluded), key=_sort_key)
    tie_name = settings.tie_criterion.name if settings.tie_criterion_id else ""
    for i, entry in enumerate(ranked, start=1):
        entry.rank = i
    for a, b in zip(ranked, ranked[1:], strict=False):
        if round(a.score, 6) == round(b.score, 6):
            if tie_name and round(a.tie_value or 0, 6) != round(b.tie_value or 0, 6):
                note = f"与第{b.rank}名同分，{tie_name}平均得分较高（{a.tie_value:.2f} > {b.tie_value or 0:.2f}）"
            else:
                note = f"与第{b.rank}名同分{'且' + tie_name + '得分相同' if tie_name else ''}，提交时间较早"
            a.tie_note = a.tie_note or note
            b.tie_note = b.tie_note or f"与第{a.rank}名同分，排在其后"
    others = [e for e in entries if e.rank is None]
    entries[:] = ranked + sorted(others, key=lambda e: (not e.excluded, e.application.pk))


# ---- the ranking page: computed once per state of the track, 50 rows per page -------------------------------

RANKING_CACHE_SECONDS = 24 * 3600


def ranking_state(track, accepted_divisions: list[int]) -> tuple:
    """What the ranking depends on, in one query of two aggregates: the track's method and tie criterion, its
    submitted sheets (count, last submission — a submit, a reopen or a resubmit each change it), the accepted
    recommendation lists and the applications under review (count, sum of ids, last change). A cached ranking
    of another state is never served (it is recomputed), whichever process (or machine, with a shared cache)
    computed it."""
    sheets = ScoreSheet.objects.filter(track=track, status=SUBMITTED).order_by().values("track_id").annotate(
        n=Count("id"), last=Max("submitted_at"), ids=Value(0)).values_list("n", "last", "ids")
    apps = applications_under_review(track, accepted_divisions=accepted_divisions).order_by().values(
        "track_id").annotate(n=Count("id"), last=Max("updated_at"), ids=Sum("id")).values_list("n", "last", "ids")
    review = track.review
    return (review.method, review.tie_criterion_id, tuple(accepted_divisions),
            *sorted(sheets.union(apps, all=True), key=repr))


_CACHED = ("rank", "n", "mean", "trimmed", "zscore", "spread", "stddev", "tie_value", "gate_failures", "excluded",
           "reasons", "score", "tie_note")


class CachedRanking:
    """A track's ranking as the paginator reads it: `len` and slices. Stored as pickled chunks of PAGE_SIZE rows
    (plain tuples: the application's id, then the _CACHED values), so that a page unpickles its own 50 rows, not
    the national track's thousands."""

    def __init__(self, count: int, chunks: tuple, positions: bytes):
        self.count_of_rows, self.chunks, self.positions = count, chunks, positions

    @classmethod
    def of(cls, rows: list[tuple]) -> "CachedRanking":
        chunks = tuple(pickle.dumps(rows[i:i + PAGE_SIZE]) for i in range(0, len(rows), PAGE_SIZE))
        return cls(len(rows), chunks, pickle.dumps({row[0]: i for i, row in enumerate(rows)}))

    def __len__(self) -> int:
        return self.count_of_rows

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        start, stop, _ = index.indices(self.count_of_rows)
        if start >= stop:
            return []
        first = start // PAGE_SIZE
        rows = [row for chunk in self.chunks[first:(stop - 1) // PAGE_SIZE + 1] for row in pickle.loads(chunk)]
        return rows[start - first * PAGE_SIZE:stop - first * PAGE_SIZE]

    def position_of(self, application_id: int) -> int | None:
        return pickle.loads(self.positions).get(application_id)


def cached_ranking(track, accepted: list[int] | None = None) -> CachedRanking:
    """track_ranking as plain rows, cached under the track's ranking_state (`accepted`: accepted_division_ids, if the
    caller has read them); `ranking_entries` turns the rows of
    one page into RankingRow objects with their applications."""
    accepted = accepted_division_ids(track) if accepted is None else accepted
    state = hashlib.sha256(repr(ranking_state(track, accepted)).encode()).hexdigest()
    cached = cache.get(f"ranking:{track.pk}")
    if cached is not None and cached[0] == state:
        return cached[1]
    light = applications_under_review(track, accepted_divisions=accepted).only("pk", "submitted_at", "track_id")
    ranking = CachedRanking.of([(e.application.pk, *(getattr(e, name) for name in _CACHED))
                                for e in track_ranking(track, applications=light)])
    cache.set(f"ranking:{track.pk}", (state, ranking), RANKING_CACHE_SECONDS)  # one entry per track: the newest
    return ranking


_CENT = Decimal("0.01")


def two_places(value: float | None) -> str:
    """A score as the ranking prints it: what `floatformat:2` shows (the float's shortest repr rounded half up
    to 2 places, no grouping, never "-0.00"), or "—"; without the filter's localisation lookups per call."""
    if value is None:
        return "—"
    rounded = Decimal(repr(value)).quantize(_CENT, ROUND_HALF_UP)
    return f"{rounded if rounded else abs(rounded):f}"


@dataclass
class RankingRow:
    """A row of the ranking page with what its cells print, computed once (numbers as the page shows them)."""
    application: Application
    title: str
    organisation: str
    division: str
    rank: int | None
    n: int
    mean: str
    trimmed: str
    zscore: str
    spread: str
    stddev: str
    score: str
    note: str
    row_class: str


def _ranking_row(application, values: dict) -> RankingRow:
    n, excluded, spread = values["n"], values["excluded"], values["spread"]
    if excluded:
        note = f"基本要求未通过（{values['gate_failures']}/{n}）：{'；'.join(values['reasons'])}"
    else:
        note = "尚无已提交评分表" if n == 0 else values["tie_note"]
    return RankingRow(
        application=application, title=application.title, organisation=application.organisation.name,
        division=application.division.name, rank=values["rank"], n=n, mean=two_places(values["mean"]),
        trimmed=two_places(values["trimmed"]), zscore=two_places(values["zscore"]), spread=two_places(spread),
        stddev=two_places(values["stddev"]), score=two_places(values["score"]), note=note,
        row_class="table-danger" if excluded else "table-warning" if spread and spread > 20 else "")


def ranking_entries(rows) -> list[RankingRow]:
    """The RankingRow of each cached row with its application, organisation and division (one query)."""
    apps = Application.objects.select_related("organisation", "division").only(
        "title", "organisation__name", "division__name").in_bulk([r[0] for r in rows])
    return [_ranking_row(apps[r[0]], dict(zip(_CACHED, r[1:], strict=True))) for r in rows if r[0] in apps]


@dataclass
class SummaryEntry:
    """A row of the 评分汇总表: the application's names, its cached ranking values and each expert's weighted
    total by expert code."""
    title: str
    organisation: str
    division: str
    totals: dict
    rank: int | None
    n: int
    mean: float | None
    trimmed: float | None
    zscore: float | None
    spread: float | None
    stddev: float | None
    tie_value: float | None
    gate_failures: int
    excluded: bool
    reasons: list
    score: float | None
    tie_note: str


def ranking_with_totals(track) -> list[SummaryEntry]:
    """The cached ranking (cached_ranking: computed once per state of the track, whichever of the ranking page
    and the 评分汇总表 asks first) with the applications' names and the experts' totals (four queries besides the
    state, plain values: no model instances for the national track's 3,600 rows, no join per sheet)."""
    accepted = accepted_division_ids(track)
    ranking = cached_ranking(track, accepted)
    rows = ranking[0:len(ranking)]
    under_review = applications_under_review(track, accepted_divisions=accepted)
    names = {pk: rest for pk, *rest in under_review.values_list("pk", "title", "organisation__name", "division__name")}
    codes = dict(Expert.objects.filter(competition_id=track.competition_id).values_list("id", "code"))
    totals: dict = {}
    for app_id, expert_id, total in ScoreSheet.objects.filter(track=track, status=SUBMITTED).order_by().values_list(
            "application_id", "expert_id", "total"):
        totals.setdefault(app_id, {})[codes[expert_id]] = float(total)
    return [SummaryEntry(*names[r[0]], totals=totals.get(r[0], {}), **dict(zip(_CACHED, r[1:], strict=True)))
            for r in rows if r[0] in names]
