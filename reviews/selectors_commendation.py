"""Reads of commendation selection, scoped to the user: officers see their own divisions' nominations, the
secretariat its competitions'; anything else is not in the queryset, so views answer 404."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import get_template
from django.utils.formats import localize
from django.utils.safestring import mark_safe

from applications.models import Entry, EntryIndicator
from competitions import rules as roles
from competitions.enums import CompetitionKind
from competitions.models import Competition, Division
from competitions.selectors import competitions_held_by, officer_division_ids, secretariat_competition_ids
from greencomp.markup import html_format
from greencomp.pages import row_url
from greencomp.selectors import count_per_row

from .filters_commendation import SelectionFilter
from .models import AwardType, HonoursNotice, Nomination, NominationFile, NominationQuota


def managed_competitions(user):
    return competitions_held_by(user, CompetitionKind.LABOUR)


def award_types_for(user):
    """Award types the secretariat manages (with their competition)."""
    return AwardType.objects.filter(competition__in=managed_competitions(user)).select_related("competition")


def nominating_divisions(user):
    """The officer's own divisions in labour competitions."""
    return (Division.objects.filter(pk__in=officer_division_ids(user), competition__kind=CompetitionKind.LABOUR)
            .select_related("competition").order_by("-competition__year", "competition_id", "order", "id"))


def nominations_for(user):
    """Nominations the user may see: the secretariat every submitted or returned one of its competitions (drafts
    stay the division's own), an officer every one of their divisions."""
    qs = Nomination.objects.select_related("award_type", "division", "entry__organisation", "competition")
    own = Q(division_id__in=officer_division_ids(user))
    sent = ~Q(status=Nomination.Status.DRAFT)
    if roles.is_platform_secretariat(user):
        return qs.filter(own | sent)
    return qs.filter(own | (sent & Q(competition_id__in=secretariat_competition_ids(user))))


def division_award_rows(division) -> list[dict]:
    """The officer's page: per award type its published quota, the places used and the nominations (3 queries)."""
    awards = list(AwardType.objects.filter(competition_id=division.competition_id, quotas_published_at__isnull=False)
                  .order_by("order", "id"))
    quotas = dict(NominationQuota.objects.filter(division=division, award_type__in=awards)
                  .values_list("award_type_id", "count"))
    by_award: dict = {a.pk: [] for a in awards}
    for n in (Nomination.objects.filter(division=division).select_related("entry__organisation")
              .order_by("award_type_id", "id")):
        by_award.setdefault(n.award_type_id, []).append(n)
    rows = []
    for a in awards:
        quota, nominations = quotas.get(a.pk, 0), by_award.get(a.pk, [])
        rows.append({"award": a, "quota": quota, "used": len(nominations), "left": max(quota - len(nominations), 0),
                     "nominations": nominations})
    return rows


def division_entries_with_indicators(division):
    return (Entry.objects.filter(division=division, status=Entry.Status.REGISTERED).select_related("organisation")
            .order_by("organisation__name"))


INDICATOR_ROWS = [("energy_total", "综合能耗（tce）"), ("unit_consumption", "主要产品单耗"),
                  ("industry_average", "同行业平均单耗"), ("energy_saved", "节能量（tce）"), ("water_saved", "节水量（t）"),
                  ("co2_reduced", "二氧化碳减排量（tCO2）"), ("so2", "二氧化硫排放量（t）"), ("nox", "氮氧化物排放量（t）")]


def entry_indicators(entry) -> dict:
    """The year-end indicators shown beside a nomination (baseline vs contest year), and the summary flag."""
    periods = {i.period: i for i in EntryIndicator.objects.filter(entry=entry)}
    baseline = periods.get(EntryIndicator.Period.BASELINE)
    contest = periods.get(EntryIndicator.Period.CONTEST)

    def value(row, field):
        got = getattr(row, field, None) if row else None
        return "—" if got is None else got

    rows = [(label, value(baseline, f), value(contest, f)) for f, label in INDICATOR_ROWS]
    return {"baseline": baseline, "contest": contest, "rows": rows,
            "has_summary": entry.documents.filter(kind="summary").exists()}


def quota_rows(award: AwardType) -> list[dict]:
    """Every division of the competition (its id and name) with its quota's count and basis (if any) and its
    nominations used: one query, the quota's columns read by subqueries that its unique (award, division)
    answers."""
    quota = NominationQuota.objects.filter(award_type=award, division=OuterRef("pk")).order_by()
    divisions = (Division.objects.filter(competition_id=award.competition_id).only("id", "name")
                 .annotate(used=count_per_row(Nomination.objects.filter(award_type=award), "division"),
                           quota_count=Subquery(quota.values("count")[:1]),
                           quota_basis=Subquery(quota.values("basis")[:1]))
                 .order_by("order", "id"))
    return [{"division": d, "count": d.quota_count or 0, "basis": d.quota_basis or {}, "used": d.used}
            for d in divisions]


# 推荐名额's table row (templates/reviews/commendation/quotas.html prints it): one value per division instead of
# some twenty template lookups, half of them numbers (which the template localizes one by one).
QUOTA_ROW = ('<tr{tie}>\n    <td>{number}</td><td>{name}</td>\n'
             '    <td class="text-end"><input type="number" step="any" min="0" name="score_{pk}" '
             'class="form-control form-control-sm text-end" style="width:6em" aria-label="{name}评分" value="{score}">'
             "</td>\n    {basis}\n"
             '    <td><input type="number" min="0" name="count_{pk}" value="{count}" '
             'class="form-control form-control-sm text-end" aria-label="{name}推荐名额"></td>\n'
             '    <td class="text-end">{used}</td>\n  </tr>')
QUOTA_BASIS = ('<td class="text-end">{measure}</td><td class="text-end">{share}</td><td class="text-end">{floor}</td>'
               '<td class="text-end">{remainder}</td><td class="text-end">{bonus}</td>\n    <td class="small">{note}</td>\n    ')
NO_BASIS = mark_safe('<td colspan="6" class="text-muted small">—</td>')
EDITED_BADGE = mark_safe(' <span class="badge text-bg-info">已手工调整</span>')


def _shown(value):
    """A value as the template prints it: text and ints as they are, anything else (a Decimal share) localized."""
    return value if isinstance(value, str | int) else localize(value)


def _basis_note(basis: dict) -> str:
    note = basis.get("note", "")
    note = (html_format('<span class="badge state-late">{}</span>', note) if not basis.get("eligible")
            else html_format("{}", note) if basis.get("tie") else "")
    return mark_safe(note + (EDITED_BADGE if basis.get("edited") else ""))


def quota_row_cells(rows: list[dict]) -> list[dict]:
    """The quota page's rows with each row's HTML (QUOTA_ROW)."""
    for number, r in enumerate(rows, start=1):
        basis = r["basis"]
        cells = NO_BASIS if not basis else html_format(
            QUOTA_BASIS, measure=_shown(basis.get("measure", "")), share=_shown(basis.get("share", "")),
            floor=_shown(basis.get("floor", "")), remainder=_shown(basis.get("remainder", "")),
            bonus="+1" if basis.get("bonus") else "", note=_basis_note(basis))
        r["html"] = html_format(
            QUOTA_ROW, tie=mark_safe(' class="table-warning"') if basis.get("tie") else "", number=number,
            name=r["division"].name, pk=r["division"].pk, count=r["count"], used=r["used"], basis=cells,
            score=_shown(basis.get("measure", "")) if basis.get("measure_key") == "score" else "")
    return rows


def quota_table(competition) -> tuple[list[AwardType], list[dict]]:
    """The 推荐名额分配表: one row per division, one column per award type (3 queries)."""
    awards = list(AwardType.objects.filter(competition=competition).order_by("order", "id"))
    counts: dict = {}
    for division_id, award_id, count in NominationQuota.objects.filter(award_type__in=awards).values_list(
            "division_id", "award_type_id", "count"):
        counts[(division_id, award_id)] = count
    rows = []
    for d in Division.objects.filter(competition=competition).order_by("order", "id"):
        row = [counts.get((d.pk, a.pk), 0) for a in awards]
        rows.append({"division": d, "counts": row, "total": sum(row)})
    return awards, rows


_SELECTION_COLUMNS = ("competition_id", "award_type_id", "division_id", "entry_id", "status", "selected", "escalated",
                      "person_name", "team_name", "team_size", "post", "frontline", "division__name")


def selection_queryset(award: AwardType):
    """The award's sent nominations in division order with the columns the 评选 rows show (and the permission
    reads); their enterprises are read for the page's rows only (selection_rows), not joined to every nomination
    of the award before the sort."""
    return (Nomination.objects.filter(award_type=award).exclude(status=Nomination.Status.DRAFT)
            .select_related("division").only(*_SELECTION_COLUMNS).order_by("division__order", "division_id", "id"))


@dataclass
class SelectionRow:
    """A row of the 评选 page, computed once: what it shows, its links and whether the user may select it. Numbers
    are text already (a template localises every int it prints)."""
    number: str
    pk: str
    nominee: str
    organisation: str
    post: str
    frontline: str  # 是 / 否
    industry: str
    division: str
    status: str
    selected: bool
    escalated: bool
    can_select: bool
    disabled: str  # the form's controls' attribute when the user may not select it
    url: str
    select_url: str
    badge: str


def selection_rows(nominations, start: int, user) -> list[SelectionRow]:
    """`nominations`: the page of selection_queryset, with their enterprises in one query; one reversed prefix per
    link, has_perm once per row, and the state badge rendered once per state (status_badge.html, which the other
    commendation pages include)."""
    detail_url, select_url = row_url("commendation:nomination"), row_url("commendation:nomination_select")
    badge_template, badges = get_template("reviews/commendation/status_badge.html"), {}
    nominations = list(nominations)
    prefetch_related_objects(nominations, Prefetch(
        "entry", queryset=Entry.objects.select_related("organisation").only("industry", "organisation__name").order_by()))
    rows = []
    for i, n in enumerate(nominations):
        state = (n.status, n.selected, n.escalated)
        if state not in badges:
            badges[state] = badge_template.render({"n": n})
        nominee = n.nominee + (f"（{n.team_size}人）" if n.team_size else "")
        can_select = user.has_perm("reviews.select_nomination", n)
        rows.append(SelectionRow(
            number=str(start + i), pk=str(n.pk), nominee=nominee, organisation=n.entry.organisation.name, post=n.post,
            frontline="是" if n.frontline else "否", industry=n.entry.industry, division=n.division.name,
            status=n.status, selected=n.selected, escalated=n.escalated, can_select=can_select,
            disabled="" if can_select else "disabled",
            url=detail_url(n.pk), select_url=select_url(n.pk), badge=badges[state]))
    return rows


def selection_filter(award: AwardType, choices: dict, params) -> SelectionFilter:
    """The award's nominations with the 评选 page's division / industry / state filters applied (`choices`:
    selection_filters' divisions and industries)."""
    return SelectionFilter(params, queryset=selection_queryset(award), **choices)


def selection_filters(award: AwardType) -> dict:
    """Choices for the filter bar (2 queries)."""
    divisions = list(Division.objects.filter(competition_id=award.competition_id).order_by("order", "id")
                     .values_list("pk", "name"))
    industries = list(Entry.objects.filter(nominations__award_type=award).values_list("industry", flat=True)
                      .distinct().order_by("industry"))
    return {"divisions": divisions, "industries": industries}


def selection_composition(award: AwardType) -> dict:
    """The balance of the selected list: per division, per industry, and the 一线职工 share (1 query)."""
    selected = list(Nomination.objects.filter(award_type=award, selected=True)
                    .values_list("division__name", "entry__industry", "frontline", "escalated", "division__order"))
    per_division = Counter()
    order = {}
    for name, _industry, _frontline, _esc, d_order in selected:
        per_division[name] += 1
        order[name] = d_order
    per_industry = Counter(industry for _n, industry, _f, _e, _o in selected)
    frontline = sum(1 for row in selected if row[2])
    count = len(selected)
    return {
        "selected": count, "escalated": sum(1 for row in selected if row[3]),
        "per_division": sorted(per_division.items(), key=lambda kv: (order[kv[0]], kv[0])),
        "per_industry": sorted(per_industry.items(), key=lambda kv: (-kv[1], kv[0])),
        "frontline": frontline,
        "frontline_percent": round(frontline * 100 / count) if count else 0,
    }


def honours_sections(competition, award_id: str = "") -> list[dict]:
    """The 通报表扬 list: one section per award type, then one per escalation honour (2 queries); with
    `award_id` only that award type and its escalation honour."""
    awards_qs = AwardType.objects.filter(competition=competition).order_by("order", "id")
    if award_id:
        awards_qs = awards_qs.filter(pk=award_id) if str(award_id).isdigit() else awards_qs.none()
    awards = list(awards_qs)
    by_award: dict = {a.pk: [] for a in awards}
    for n in (Nomination.objects.filter(award_type__in=awards, selected=True)
              .select_related("division", "entry__organisation").order_by("division__order", "division_id", "id")):
        by_award[n.award_type_id].append(n)
    sections = [{"title": a.name, "award": a, "kind": a.nominee_kind, "items": by_award[a.pk]} for a in awards]
    sections += [{"title": a.escalation_name, "award": a, "kind": a.nominee_kind, "escalation": True,
                  "items": [n for n in by_award[a.pk] if n.escalated]}
                 for a in awards if a.escalation_name and a.escalation_count]
    return sections


def division_nominations(division):
    """The division's 推荐表: its submitted nominations with the enterprise (1 query)."""
    return (Nomination.objects.filter(division=division).exclude(status=Nomination.Status.DRAFT)
            .select_related("award_type", "entry__organisation").order_by("award_type__order", "award_type_id", "id"))


def nomination_detail_queryset(qs):
    return qs.prefetch_related("files", Prefetch("entry__indicators",
                                                 queryset=EntryIndicator.objects.order_by("period")))


def honours_notice_of(competition) -> HonoursNotice | None:
    return HonoursNotice.objects.filter(competition=competition).select_related("published_by").first()


def honours_readable_competitions(user):
    """Where the user may read the 通报表扬: the secretariat always (a preview before publishing); once published,
    every officer of the competition and each commended enterprise (1 query, or none for the secretariat)."""
    qs = Competition.objects.filter(kind=CompetitionKind.LABOUR)
    if roles.is_platform_secretariat(user):
        return qs
    concerned = Q(divisions__pk__in=officer_division_ids(user))
    if getattr(user, "organisation_id", None):
        concerned |= Q(nominations__selected=True, nominations__entry__organisation_id=user.organisation_id)
    published = Q(honours_notice__published_at__isnull=False)
    ids = qs.filter(Q(pk__in=secretariat_competition_ids(user)) | (published & concerned)).values("pk")
    return qs.filter(pk__in=ids)


# ---- one object of the URL, for the views' permission check (404 when the user cannot see it) ---------------

def nominating_division_for(user, pk, **_):
    return get_object_or_404(nominating_divisions(user), pk=pk)


def commendation_division_for(user, pk, **_):
    """A division whose 推荐表 the user may print: their own, or any of the competitions they run."""
    return get_object_or_404(Division.objects.select_related("competition").filter(
        Q(pk__in=nominating_divisions(user).values("pk")) | Q(competition__in=managed_competitions(user))), pk=pk)


def award_type_for(user, pk, **_):
    return get_object_or_404(award_types_for(user), pk=pk)


def commendation_competition_for(user, pk, **_):
    return get_object_or_404(managed_competitions(user), pk=pk)


def nomination_for(user, pk, **_):
    return get_object_or_404(nomination_detail_queryset(nominations_for(user)), pk=pk)


def nomination_file_for(user, pk, **_):
    document = get_object_or_404(NominationFile.objects.select_related("nomination"), pk=pk)
    if not nominations_for(user).filter(pk=document.nomination_id).exists():
        raise Http404
    return document


def honours_competition_for(user, pk, **_):
    return get_object_or_404(honours_readable_competitions(user), pk=pk)
