"""Writes on competitions, their phases and divisions (the secretariat's set-up work). Every function
checks, saves only what changed and leaves an audit record; errors are ValidationErrors in Chinese."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from greencomp.audit import audit_created, audit_record, snapshot

from .enums import CompetitionStatus, PhaseKind, Role
from .models import Competition, Division, Membership, Phase, Track

COMPETITION_FIELDS = [
    "kind", "title", "year", "organisers", "doc_number", "issue_date", "theme", "scope", "contents",
    "total_quota", "status",
]
PHASE_FIELDS = ["kind", "name", "opens_at", "closes_at"]
TRACK_FIELDS = ["number", "name", "form_type", "description", "recommender", "min_recommendations", "experts_per_entry"]
DIVISION_FIELDS = [
    "name", "kind", "parent", "city", "organisation", "order", "leader_name", "leader_post", "leader_phone",
    "liaison_name", "liaison_post", "liaison_phone",
]


def _check_title_free(*, kind: str, year: int, title: str, exclude_pk=None) -> None:
    clash = Competition.objects.filter(kind=kind, year=year, title=title).exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"title": f"{year} 年度已有名为“{title}”的竞赛。"})


@transaction.atomic
def competition_create(*, data: dict, by) -> Competition:
    _check_title_free(kind=data["kind"], year=data["year"], title=data["title"])
    competition = Competition(**{k: v for k, v in data.items() if k in COMPETITION_FIELDS})
    competition.full_clean()
    competition.save()
    audit_record(actor=by, action="competition_create", target=competition,
                 after=snapshot(competition, COMPETITION_FIELDS), competition_id=competition.pk)
    return competition


def _update_changed(obj, *, fields: list[str], data: dict, by, action: str, check):
    """Lock `obj`, set those of `fields` whose value in `data` differs, `check(obj)` the result, save only those
    and record them before and after; when nothing differs nothing is written."""
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    changed = [k for k in fields if k in data and getattr(obj, k) != data[k]]
    if not changed:
        return obj
    before = snapshot(obj, changed)
    for name in changed:
        setattr(obj, name, data[name])
    check(obj)
    obj.full_clean()
    obj.save(update_fields=changed)
    audit_record(actor=by, action=action, target=obj, before=before, after=snapshot(obj, changed))
    return obj


@transaction.atomic
def competition_update(*, competition: Competition, data: dict, by) -> Competition:
    return _update_changed(competition, fields=COMPETITION_FIELDS, data=data, by=by, action="competition_update",
                           check=lambda c: _check_title_free(kind=c.kind, year=c.year, title=c.title, exclude_pk=c.pk))


@transaction.atomic
def phases_save(*, competition: Competition, formset, by) -> None:
    """Save a validated phase formset of this competition, one audit record per added/changed/removed phase."""
    Competition.objects.select_for_update().get(pk=competition.pk)
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        phase = form.instance
        if formset.can_delete and formset._should_delete_form(form):
            if phase.pk:
                audit_record(actor=by, action="phase_delete", target=phase, before=snapshot(phase, PHASE_FIELDS),
                             competition_id=competition.pk)
                phase.delete()
            continue
        if not form.has_changed():
            continue
        created = phase.pk is None
        before = None if created else snapshot(Phase.objects.get(pk=phase.pk), PHASE_FIELDS)
        phase.competition = competition
        phase.full_clean()
        phase.save()
        audit_record(actor=by, action="phase_create" if created else "phase_update", target=phase, before=before,
                     after=snapshot(phase, PHASE_FIELDS), competition_id=competition.pk)


@transaction.atomic
def phases_create(*, competition: Competition, rows: list[dict], by) -> list[Phase]:
    """The phases of a new competition from the rows of its set-up page (one per kind)."""
    kinds = [row["kind"] for row in rows]
    for kind in {k for k in kinds if kinds.count(k) > 1}:
        raise ValidationError(f"阶段“{PhaseKind(kind).label}”重复，每类阶段只能设置一个。")
    phases = [Phase(competition=competition, **{f: row.get(f) for f in PHASE_FIELDS}) for row in rows]
    for phase in phases:
        phase.full_clean()
        audit_created(phase, by=by, action="phase_create", fields=PHASE_FIELDS, competition_id=competition.pk)
    return phases


@transaction.atomic
def tracks_create(*, competition: Competition, rows: list[dict], by) -> list[Track]:
    numbers = [row["number"] for row in rows]
    if len(set(numbers)) != len(numbers):
        raise ValidationError("赛道序号不能重复。")
    tracks = [Track(competition=competition, **{f: row[f] for f in TRACK_FIELDS if f in row}) for row in rows]
    for track in tracks:
        track.full_clean()
        audit_created(track, by=by, action="track_create", fields=TRACK_FIELDS, competition_id=competition.pk)
    return tracks


@transaction.atomic
def division_create(*, competition: Competition, data: dict, by) -> Division:
    Competition.objects.select_for_update().get(pk=competition.pk)
    division = Division(competition=competition, **{k: v for k, v in data.items() if k in DIVISION_FIELDS})
    if not data.get("order"):
        division.order = (competition.divisions.aggregate(m=Max("order"))["m"] or 0) + 1
    _check_parent(division)
    division.full_clean()
    division.save()
    audit_record(actor=by, action="division_create", target=division, after=snapshot(division, DIVISION_FIELDS))
    return division


def division_named_participants_record(*, division: Division, names: list[str], by) -> None:
    """The participants a notice names for a division the city union registers itself (焦作's 市直参赛企业):
    kept, in the notice's order, as the division's audit record — they are not divisions of their own."""
    audit_record(actor=by, action="division_named_participants", target=division, after={"市直参赛企业": list(names)},
                 competition_id=division.competition_id)


def _check_parent(division: Division) -> None:
    parent = division.parent
    if parent is None:
        return
    if parent.competition_id != division.competition_id:
        raise ValidationError({"parent": "上级赛区必须属于同一竞赛。"})
    seen = {division.pk}
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError({"parent": "上级赛区不能是本赛区或其下级赛区。"})
        seen.add(parent.pk)
        parent = parent.parent


@transaction.atomic
def division_update(*, division: Division, data: dict, by) -> Division:
    return _update_changed(division, fields=DIVISION_FIELDS, data=data, by=by, action="division_update",
                           check=_check_parent)


@transaction.atomic
def division_move(*, division: Division, step: int, by) -> None:
    """Swap the division with its neighbour above (step -1) or below (+1); orders are renumbered 1..n first,
    so that equal or missing orders from an import cannot make the move a no-op."""
    siblings = list(Division.objects.select_for_update().filter(competition_id=division.competition_id)
                    .order_by("order", "id"))
    index = next(i for i, d in enumerate(siblings) if d.pk == division.pk)
    target = index + step
    if not 0 <= target < len(siblings):
        return
    before = {d.name: d.order for d in siblings}
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for number, d in enumerate(siblings, start=1):
        d.order = number
    Division.objects.bulk_update(siblings, ["order"])
    after = {d.name: d.order for d in siblings}
    audit_record(actor=by, action="division_reorder", target=division,
                 before={k: v for k, v in before.items() if after[k] != v},
                 after={k: v for k, v in after.items() if before[k] != v})


def shift_year(value, years: int):
    if value is None:
        return None
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February in a non-leap year
        return value.replace(year=value.year + years, day=28)


def copy_title(title: str, source_year: int, year: int) -> str:
    return title.replace(str(source_year), str(year)) if str(source_year) in title else f"{year}年{title}"


@dataclass
class CompetitionCopy:
    """What `competition_copy` made, for the other apps' parts of a copy (`greencomp.competition_setup`)."""
    competition: Competition
    divisions: dict  # old division id → its copy
    tracks: dict  # old track id → its copy
    years: int  # how far the phases moved


@transaction.atomic
def competition_copy(*, source: Competition, year: int, title: str = "", with_people: bool = True,
                     by) -> CompetitionCopy:
    """A new year's draft from a past competition: its phases moved to the new year, its divisions (with
    parents and organisations), its tracks with their forms, and — `with_people` — its competition
    secretariat and division officers. Entries, applications and the notice's number and date are not
    copied: the new notice has its own."""
    title = title or copy_title(source.title, source.year, year)
    years = year - source.year
    _check_title_free(kind=source.kind, year=year, title=title)
    copy = Competition(
        kind=source.kind, title=title, year=year, organisers=source.organisers, theme=source.theme,
        scope=source.scope, contents=source.contents, total_quota=source.total_quota,
        status=CompetitionStatus.DRAFT, copied_from=source,
    )
    copy.full_clean()
    copy.save()
    Phase.objects.bulk_create([
        Phase(competition=copy, kind=p.kind, name=p.name, opens_at=shift_year(p.opens_at, years),
              closes_at=shift_year(p.closes_at, years))
        for p in source.phases.all()
    ])
    mapping = _copy_divisions(source, copy)
    tracks = {t.pk: Track.objects.create(competition=copy, **{f: getattr(t, f) for f in TRACK_FIELDS})
              for t in source.tracks.order_by("number")}
    people = _copy_people(source, copy, mapping) if with_people else 0
    audit_record(actor=by, action="competition_copy", target=copy, before={"source": str(source)},
                 after={**snapshot(copy, COMPETITION_FIELDS), "divisions": len(mapping), "tracks": len(tracks),
                        "memberships": people},
                 competition_id=copy.pk)
    return CompetitionCopy(copy, mapping, tracks, years)


def _copy_people(source: Competition, copy: Competition, divisions: dict) -> int:
    """The competition's secretariat and its division officers (experts come with the expert pool)."""
    people = [Membership(user_id=m.user_id, role=m.role, competition=copy,
                         division=divisions.get(m.division_id) if m.division_id else None)
              for m in source.memberships.filter(role__in=[Role.SECRETARIAT, Role.OFFICER])]
    Membership.objects.bulk_create(people, ignore_conflicts=True)
    return len(people)


def _copy_divisions(source: Competition, copy: Competition) -> dict[int, Division]:
    """Old division id → its copy; parents are created before their children."""
    copied_fields = [f for f in DIVISION_FIELDS if f != "parent"]
    pending = list(source.divisions.select_related("organisation").order_by("order", "id"))
    mapping: dict[int, Division] = {}
    while pending:
        ready = [d for d in pending if d.parent_id is None or d.parent_id in mapping]
        if not ready:
            raise ValidationError("赛区的上级关系存在循环，无法复制。")
        created = Division.objects.bulk_create([
            Division(competition=copy, parent=mapping.get(d.parent_id), **{f: getattr(d, f) for f in copied_fields})
            for d in ready
        ])
        mapping.update({d.pk: new for d, new in zip(ready, created, strict=True)})
        pending = [d for d in pending if d.pk not in mapping]
    return mapping


def parse_datetime_local(value: str) -> datetime.datetime | None:
    """'2022-06-08T23:59:59+08:00' from a fixture file → aware datetime; '' / None → None."""
    return datetime.datetime.fromisoformat(value) if value else None
