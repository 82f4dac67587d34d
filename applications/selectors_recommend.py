"""Reads for city review and secretariat aggregation, always scoped to the user: an officer sees only the
divisions they hold in innovation contests, the secretariat the divisions of its competitions."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe

from competitions import rules as roles
from competitions.enums import CompetitionKind, PhaseKind, Role
from competitions.models import Division, Membership, Phase, Track
from competitions.selectors import competitions_held_by, officer_division_ids, secretariat_competition_ids
from greencomp.enums import HENAN_CITIES
from greencomp.markup import html_format
from greencomp.pages import local_text, row_url

from .filters_recommend import ReviewFilter
from .models import Application, Attachment, Publicity, RecommendationList

# 航空港区 is named after the 18 省辖市 in the plan (各省辖市（含济源示范区、航空港区）): it comes last.
CITY_ORDER = [*HENAN_CITIES, "航空港区"]
REVIEWABLE = (Application.Status.SUBMITTED, Application.Status.RETURNED, Application.Status.RECOMMENDED)
LOCKED_LIST = (RecommendationList.Status.SUBMITTED, RecommendationList.Status.ACCEPTED)
SENT_LIST = LOCKED_LIST


def city_rank(prefix: str = ""):
    """Province order of a division as an SQL expression, so ordered exports can stream from the database."""
    whens = [When(**{f"{prefix}name": name, "then": Value(i)}) for i, name in enumerate(CITY_ORDER)]
    return Case(*whens, default=Value(len(CITY_ORDER)), output_field=IntegerField())


def innovation_competitions_for(user):
    return competitions_held_by(user, CompetitionKind.INNOVATION, (Role.SECRETARIAT, Role.OFFICER))


def secretariat_competitions_for(user):
    return competitions_held_by(user, CompetitionKind.INNOVATION)


def review_divisions_for(user):
    """Divisions whose submissions the user reviews: own (officer) or all of their competitions (secretariat)."""
    qs = Division.objects.filter(competition__kind=CompetitionKind.INNOVATION)
    if roles.is_platform_secretariat(user):
        return qs.select_related("competition")
    return qs.filter(Q(pk__in=officer_division_ids(user)) | Q(competition_id__in=secretariat_competition_ids(user))).select_related("competition")


def officer_divisions_for(user):
    """Only the divisions the user is an officer of (their own city), for the officer's entry page."""
    return (Division.objects.filter(pk__in=officer_division_ids(user), competition__kind=CompetitionKind.INNOVATION)
            .select_related("competition").order_by("-competition__year", "order", "id"))


def review_applications_for(user):
    """Submitted (also returned / recommended) applications of the divisions the user reviews. Drafts stay
    private to the applicant."""
    return (Application.objects.filter(division__in=review_divisions_for(user).values("pk"), status__in=REVIEWABLE)
            .select_related("track", "division", "organisation", "competition"))


def review_division_for(user, division_pk, **_):
    """The division a recommendation route names, if the user reviews it (404 otherwise); the rules then tell the
    city's officer (applications.recommend_applications) from the secretariat (applications.accept_recommendations)."""
    return get_object_or_404(review_divisions_for(user).prefetch_related("competition__phases"), pk=division_pk)


def review_application_for(user, pk, **_):
    return get_object_or_404(review_applications_for(user), pk=pk)


def review_attachments_for(user):
    return Attachment.objects.filter(application__in=review_applications_for(user).values("pk"))


def division_applications(division, *, track=None, status=""):
    qs = (Application.objects.filter(division=division, status__in=REVIEWABLE).defer("data")
          .select_related("track", "organisation").order_by("track__number", "-submitted_at", "-id"))
    if track is not None:
        qs = qs.filter(track=track)
    if status:
        qs = qs.filter(status=status)
    return qs


def review_filter(division, tracks, params) -> ReviewFilter:
    """The city's reviewable applications with the page's track / status / search filters applied."""
    return ReviewFilter(params, queryset=division_applications(division), tracks=tracks)


@dataclass
class ApplicationRow:
    """A row of the city's 推荐审核 list: what it shows, computed once (no template lookups per row)."""
    pk: int
    number: int
    track: str
    organisation: str
    title: str
    submitted: str
    status: str
    status_label: str
    url: str


def application_rows(applications, start: int) -> list[ApplicationRow]:
    url = row_url("recommend:application")
    return [ApplicationRow(pk=a.pk, number=start + i, track=f"{a.track.number}. {a.track.name}",
                           organisation=a.organisation.name, title=a.title, submitted=local_text(a.submitted_at),
                           status=a.status, status_label=a.get_status_display(), url=url(a.pk))
            for i, a in enumerate(applications)]


def recommended_in(division, track):
    return (Application.objects.filter(division=division, track=track, status=Application.Status.RECOMMENDED)
            .select_related("organisation").order_by("recommend_order", "submitted_at", "id"))


def track_overview(division) -> list[dict]:
    """Per track of the division's competition: counts by status and the recommendation list (4 queries)."""
    tracks = list(Track.objects.filter(competition_id=division.competition_id).order_by("number"))
    counts = {(row["track_id"], row["status"]): row["n"] for row in
              Application.objects.filter(division=division, status__in=REVIEWABLE)
              .values("track_id", "status").annotate(n=Count("id"))}
    lists = {rl.track_id: rl for rl in RecommendationList.objects.filter(division=division)}
    return [{
        "track": t,
        "submitted": counts.get((t.pk, Application.Status.SUBMITTED), 0),
        "returned": counts.get((t.pk, Application.Status.RETURNED), 0),
        "recommended": counts.get((t.pk, Application.Status.RECOMMENDED), 0),
        "list": lists.get(t.pk),
    } for t in tracks]


# The whole matrix in one query: every division × every track of the competition (the one-row `one` keeps the
# tracks when there is no division yet, and the divisions when there is no track), each pair with its
# recommendation list and its application counts. A division's deadline is the recommendation phase's, or its
# own extension if later; whether the list was submitted after it is compared here, where both moments are
# (a moment costs more to fetch than to compare). The counts group by status first, in the order of the
# (competition, division, track, status) index, and only then pick the statuses: cheaper than filtering each
# of the index's entries.
_MATRIX_SQL = """
WITH closing AS (SELECT closes_at FROM {phases} WHERE competition_id = %s AND kind = %s),
     d AS (SELECT {division_columns},
                  CASE WHEN d.extended_until > closing.closes_at OR closing.closes_at IS NULL THEN d.extended_until
                       ELSE closing.closes_at END AS deadline
           FROM {divisions} d LEFT JOIN closing ON 1 = 1 WHERE d.competition_id = %s)
SELECT {division_columns}, {track_columns}, l.status, l.submitted_at > d.deadline, l.minimum_waived,
       COALESCE(c.submitted, 0), COALESCE(c.recommended, 0), d.deadline
FROM (SELECT 1 AS one) one
LEFT JOIN d ON 1 = 1
LEFT JOIN {tracks} t ON t.competition_id = %s
LEFT JOIN {lists} l ON l.division_id = d.id AND l.track_id = t.id
LEFT JOIN (SELECT division_id, track_id, CAST(SUM(n) FILTER (WHERE status IN ({reviewable})) AS INTEGER) AS submitted,
                  CAST(SUM(n) FILTER (WHERE status = %s) AS INTEGER) AS recommended
           FROM (SELECT division_id, track_id, status, COUNT(*) AS n FROM {applications} WHERE competition_id = %s
                 GROUP BY division_id, track_id, status) per_status
           GROUP BY division_id, track_id) c ON c.division_id = d.id AND c.track_id = t.id
"""


# The columns the matrix and the dashboard's 各市推荐进度 read; the others stay deferred (as with .only()).
MATRIX_DIVISION_FIELDS = ("id", "name", "kind", "city", "order", "extended_until")
MATRIX_TRACK_FIELDS = ("id", "number", "name", "recommender", "min_recommendations")


def _columns(model, alias: str, names) -> str:
    return ", ".join(f'{alias}."{model._meta.get_field(name).column}"' for name in names)


def _matrix_row_fields() -> list:
    """The model field of each column of _MATRIX_SQL's rows (None: a count), for their converters."""
    lists = RecommendationList._meta
    return [*(Division._meta.get_field(name) for name in MATRIX_DIVISION_FIELDS),
            *(Track._meta.get_field(name) for name in MATRIX_TRACK_FIELDS),
            lists.get_field("status"), lists.get_field("minimum_waived"), lists.get_field("minimum_waived"), None, None,
            Division._meta.get_field("extended_until")]


def _as_the_orm_gives(rows: list, fields: list) -> list:
    """Raw rows with the database backend's and the fields' converters applied, as a queryset would (SQLite
    returns moments as text and booleans as integers; PostgreSQL needs none, and then the rows are returned
    as they are)."""
    conversions = []
    for i, field in enumerate(fields):
        if field is not None:
            col = field.get_col(field.model._meta.db_table)
            converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if converters:
                conversions.append((i, col, converters))
    if not conversions:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for i, col, converters in conversions:
            for convert in converters:
                row[i] = convert(row[i], col, connection)
        converted.append(tuple(row))
    return converted


def _matrix_query(competition) -> tuple[list, list, dict, dict]:
    """The competition's divisions (city order) and tracks (by number) as model instances, the cells' raw
    values by (division id, track id), and each division's deadline by its id."""
    sql = _MATRIX_SQL.format(
        division_columns=_columns(Division, "d", MATRIX_DIVISION_FIELDS),
        track_columns=_columns(Track, "t", MATRIX_TRACK_FIELDS), phases=Phase._meta.db_table,
        divisions=Division._meta.db_table, tracks=Track._meta.db_table, lists=RecommendationList._meta.db_table,
        applications=Application._meta.db_table, reviewable=", ".join(["%s"] * len(REVIEWABLE)))
    params = [competition.pk, PhaseKind.RECOMMENDATION, competition.pk, competition.pk, *REVIEWABLE,
              Application.Status.RECOMMENDED, competition.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = _as_the_orm_gives(cursor.fetchall(), _matrix_row_fields())
    nd, nt = len(MATRIX_DIVISION_FIELDS), len(MATRIX_TRACK_FIELDS)
    divisions, tracks, cells, deadlines = {}, {}, {}, {}
    for row in fetched:
        division_id, track_id = row[0], row[nd]
        if division_id is not None and division_id not in divisions:
            divisions[division_id] = Division.from_db(connection.alias, MATRIX_DIVISION_FIELDS, row[:nd])
            deadlines[division_id] = row[-1]
        if track_id is not None and track_id not in tracks:
            tracks[track_id] = Track.from_db(connection.alias, MATRIX_TRACK_FIELDS, row[nd:nd + nt])
        if division_id is not None and track_id is not None:
            cells[division_id, track_id] = row[nd + nt:-1]
    return (sorted(divisions.values(), key=_city_key), sorted(tracks.values(), key=lambda t: t.number),
            cells, deadlines)


LIST_LABELS = dict(RecommendationList.Status.choices)


def recommendation_matrix(competition, *, now) -> dict:
    """Cities × tracks with counts, list status and lateness, row and column totals, and each row's cells as
    the page shows them. One query."""
    divisions, tracks, found, deadlines = _matrix_query(competition)
    rows, col_totals = [], [{"submitted": 0, "recommended": 0, "lists": 0} for _ in tracks]
    division_url, track_url = row_url("recommend:division"), row_url("recommend:track", 2)
    for d in divisions:
        deadline = deadlines[d.pk]
        cells, row_total = [], {"submitted": 0, "recommended": 0, "lists": 0}
        for i, t in enumerate(tracks):
            status, submitted_late, waived, submitted, recommended = found[d.pk, t.pk]
            sent = status in SENT_LIST
            # A supplier-recommended track has no city list, so it is never late.
            late = t.city_recommended and bool(deadline and ((sent and submitted_late) or (not sent and now > deadline)))
            shown = status is not None and status != RecommendationList.Status.DRAFT
            cell = {"track": t, "sent": sent, "late": late, "url": track_url(d.pk, t.pk),
                    "status": status if shown else "draft", "label": LIST_LABELS[status] if shown else "未提交",
                    "waived": bool(waived), "submitted": submitted, "recommended": recommended}
            cells.append(cell)
            for total in (row_total, col_totals[i]):
                total["submitted"] += submitted
                total["recommended"] += recommended
                total["lists"] += int(sent)
        row = {"division": d, "url": division_url(d.pk), "deadline": deadline,
               "deadline_text": local_text(deadline, "")[:10], "cells": cells, "total": row_total}
        row["html"] = _row_html(row, number=len(rows) + 1)
        rows.append(row)
    grand = {k: sum(c[k] for c in col_totals) for k in ("submitted", "recommended", "lists")}
    return {"tracks": tracks, "rows": rows, "col_totals": col_totals, "grand": grand}


_CITY_RANK = {name: i for i, name in enumerate(CITY_ORDER)}


def _city_key(division) -> tuple:
    """The order of city_rank(), then the division's own order."""
    return _CITY_RANK.get(division.name, len(CITY_ORDER)), division.order, division.id


_ROW = ('<tr><td>{}</td><td class="text-start"><a href="{}">{}</a>{}</td>\n    {}\n    <td class="fw-bold">{} / {}'
        '<div class="small fw-normal">已报 {} 个名单</div></td></tr>')
_DEADLINE = '<div class="small text-muted">截止 {}</div>'
_CELL = '<td class="{}"><a href="{}" class="text-decoration-none">{} / {}</a>\n      <div>{}</div></td>'
_BADGES = '<span class="badge state-{}">{}</span>{}{}'
_LATE_BADGE = mark_safe(' <span class="badge state-late">逾期</span>')
_WAIVED_BADGE = mark_safe(' <span class="badge text-bg-light border">已免除</span>')


def _row_html(row: dict, *, number: int) -> str:
    """A city's row as the page shows it, written here in one string instead of by an if-tag and seven lookups
    per cell and per row in the template (90 cells, 18 rows). Escaped as the template would."""
    cells = mark_safe("\n    ".join(html_format(
        _CELL, "table-danger" if c["late"] else "", c["url"], c["submitted"], c["recommended"],
        html_format(_BADGES, c["status"], c["label"], _LATE_BADGE if c["late"] else "",
                    _WAIVED_BADGE if c["waived"] else "")) for c in row["cells"]))
    total = row["total"]
    return html_format(_ROW, number, row["url"], row["division"].name,
                       html_format(_DEADLINE, row["deadline_text"]) if row["deadline_text"] else "", cells,
                       total["submitted"], total["recommended"], total["lists"])


def recommendation_summary(competition, *, track=None, division=None, statuses=SENT_LIST):
    """The 推荐汇总表 rows: recommended applications of lists sent to the secretariat, by track, city order,
    recommend_order. One query, streamable."""
    qs = Application.objects.filter(competition=competition, status=Application.Status.RECOMMENDED)
    if statuses is not None:  # None: the city's own working list, whatever the state of its lists
        qs = qs.filter(Exists(RecommendationList.objects.filter(
            division=OuterRef("division"), track=OuterRef("track"), status__in=statuses)))
    qs = (qs.select_related("track", "division", "organisation")
          .annotate(city_rank=city_rank("division__"))
          .order_by("track__number", "city_rank", "division__order", "division_id", "recommend_order", "id"))
    if track is not None:
        qs = qs.filter(track=track)
    if division is not None:
        qs = qs.filter(division=division)
    return qs


def public_summary(competition):
    """What the 公示 shows: recommended projects of the lists the secretariat has accepted."""
    return recommendation_summary(competition, statuses=(RecommendationList.Status.ACCEPTED,))


def published_publicity(competition_pk):
    return Publicity.objects.filter(competition_id=competition_pk, published_at__isnull=False).select_related(
        "competition")


def recommending_bodies(divisions) -> dict:
    """The name each city's papers are stamped with: its officer's organisation (郑州市工业和信息化局), else the
    notice's generic wording (郑州市工业和信息化主管部门). One query for any number of cities."""
    divisions = list(divisions)
    names = {d.pk: f"{d.name}工业和信息化主管部门" for d in divisions}
    officers = (Membership.objects.filter(division__in=divisions, role=Role.OFFICER, user__organisation__isnull=False)
                .order_by("-id").values_list("division_id", "user__organisation__name"))
    names.update(dict(officers))  # the earliest officer wins: later rows are overwritten by earlier ones
    return names


def recommending_body(division) -> str:
    return recommending_bodies([division])[division.pk]
