"""Writes of the expert review: rubrics and review settings, the expert pool, assignment and conflicts of
interest, score sheets (save, submit, reopen) and the reminders to experts. Prizes, 优秀组织奖 and the results
公示 are in services_prizes. Every function runs in one transaction, locks what it changes, and records the audit
event."""

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from competitions.enums import CompetitionKind, Role
from competitions.models import Competition, Membership, Track
from greencomp.audit import audit_record, snapshot
from greencomp.enums import HENAN_CITIES
from greencomp.imports import rows_recheck
from greencomp.models import User
from notifications.enums import NotificationKind
from notifications.recipients import secretariat_of
from notifications.services import notify, reason_sentence

from .models import Conflict, Criterion, Expert, Score, ScoreSheet, TrackReview
from .selectors_review import applications_under_review, experts_with_open_sheets

RUBRICS_FILE = Path(settings.BASE_DIR) / "fixtures" / "rubrics_2025_innovation.json"
FROZEN = "该赛道已有专家提交评分表，评分细则已冻结，不能再修改。"
LOCKED = "评分表已提交并锁定，不能修改。如需修改，请联系大赛秘书处退回。"
TWO = Decimal("0.01")


# ---- rubrics ----------------------------------------------------------------------------------------------

def rubric_data() -> dict:
    return json.loads(RUBRICS_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def rubrics_load_for(competition, *, by=None) -> int:
    """Give every track of an innovation contest the rubric of its form type from 附件2 (and its review
    settings). Idempotent: a track that has criteria keeps them. Returns the number of tracks loaded."""
    rubrics = {r["form_type"]: r for r in rubric_data()["rubrics"]}
    loaded = 0
    for track in Track.objects.filter(competition=competition).order_by("number"):
        review, _ = TrackReview.objects.get_or_create(track=track)
        if track.criteria.exists() or track.form_type not in rubrics:
            continue
        tie = None
        for order, c in enumerate(rubrics[track.form_type]["criteria"], start=1):
            criterion = Criterion.objects.create(
                track=track, order=order, section=c.get("section", ""), name=c["name"], standard=c["standard"],
                is_gate=c.get("is_gate", False), max_score=Decimal(str(c.get("max_score", 0))),
                weight=Decimal(str(c.get("weight", 0))))
            tie = criterion if c.get("tie") else tie
        review.tie_criterion = tie
        review.save(update_fields=["tie_criterion"])
        audit_record(actor=by, action="review.rubric_load", target=review, competition_id=competition.pk,
                     after={"criteria": track.criteria.count()}, reason=rubrics[track.form_type]["title"])
        loaded += 1
    return loaded


def load_rubrics_fixture(data: dict, *, by=None) -> list:
    """greencomp.seed.fixtures loader for "kind": "rubrics": every innovation contest gets its rubrics."""
    competitions = list(Competition.objects.filter(kind=CompetitionKind.INNOVATION))
    for competition in competitions:
        rubrics_load_for(competition, by=by)
    return competitions


def _decimal(value, label: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"“{label}”请填写数字。") from None
    if not number.is_finite() or number < 0:
        raise ValidationError(f"“{label}”不能为负数。")
    return number


@transaction.atomic
def rubric_update(*, track, values: dict, by) -> None:
    """values: {criterion pk: {"max_score": …, "weight": …}} for the scored criteria. Refused once the first
    score sheet of the track has been submitted."""
    review = TrackReview.objects.select_for_update().get(track=track)
    if review.rubric_frozen_at or ScoreSheet.objects.filter(track=track, status=ScoreSheet.Status.SUBMITTED).exists():
        raise ValidationError(FROZEN)
    criteria = list(Criterion.objects.select_for_update().filter(track=track, is_gate=False).order_by("order"))
    before = {c.name: [str(c.max_score), str(c.weight)] for c in criteria}
    total = Decimal("0")
    for c in criteria:
        entry = values.get(c.pk, {})
        c.max_score = _decimal(entry.get("max_score", c.max_score), f"{c.name}满分")
        c.weight = _decimal(entry.get("weight", c.weight), f"{c.name}权重")
        if c.max_score <= 0:
            raise ValidationError(f"“{c.name}”的满分应大于0。")
        total += c.weight
    if total != 100:
        raise ValidationError(f"各评价要素的权重之和应为100，当前为{total.normalize():f}。")
    for c in criteria:
        c.full_clean()
        c.save(update_fields=["max_score", "weight"])
    audit_record(actor=by, action="review.rubric_update", target=review, competition_id=track.competition_id,
                 before=before, after={c.name: [str(c.max_score), str(c.weight)] for c in criteria})


@transaction.atomic
def track_settings_update(*, track, method: str, exclude_same_city: bool, experts_per_entry: int,
                          tie_criterion_id: int | None, by) -> None:
    review = TrackReview.objects.select_for_update().get(track=track)
    fields = ["method", "exclude_same_city", "tie_criterion"]
    before = snapshot(review, fields) | {"experts_per_entry": track.experts_per_entry}
    if method not in TrackReview.Method.values:
        raise ValidationError("请选择排名依据。")
    if not 1 <= experts_per_entry <= 15:
        raise ValidationError("每个项目的评审专家数应在1至15之间。")
    if tie_criterion_id and not track.criteria.filter(pk=tie_criterion_id, is_gate=False).exists():
        raise ValidationError("同分时优先比较的评价要素不属于本赛道。")
    review.method, review.exclude_same_city, review.tie_criterion_id = method, exclude_same_city, tie_criterion_id
    review.full_clean()
    review.save(update_fields=fields)
    Track.objects.filter(pk=track.pk).update(experts_per_entry=experts_per_entry)
    track.experts_per_entry = experts_per_entry
    audit_record(actor=by, action="review.settings_update", target=review, competition_id=track.competition_id,
                 before=before, after=snapshot(review, fields) | {"experts_per_entry": experts_per_entry})


# ---- the expert pool --------------------------------------------------------------------------------------

def _next_code(competition) -> str:
    used = set(Expert.objects.filter(competition=competition).values_list("code", flat=True))
    n = len(used) + 1
    while f"专家{n:02d}" in used:
        n += 1
    return f"专家{n:02d}"


@transaction.atomic
def expert_add(*, competition, user, title: str = "", city: str = "", tracks=(), available: bool = True,
               by) -> Expert:
    if Expert.objects.filter(competition=competition, user=user).exists():
        raise ValidationError(f"“{user.full_name or user.username}”已在本竞赛的专家库中。")
    Membership.objects.get_or_create(user=user, role=Role.EXPERT, competition=competition, division=None)
    org = user.organisation
    expert = Expert(competition=competition, user=user, code=_next_code(competition), title=title,
                    city=city or (org.city if org else ""), available=available)
    expert.full_clean()
    expert.save()
    expert.tracks.set(tracks or competition.tracks.all())
    audit_record(actor=by, action="review.expert_add", target=expert, competition_id=competition.pk,
                 after={"user": user.username, "employer": str(org or ""), "city": expert.city,
                        "tracks": sorted(t.number for t in expert.tracks.all())})
    return expert


@transaction.atomic
def expert_update(*, expert, title: str, city: str, tracks, available: bool, by) -> None:
    fields = ["title", "city", "available"]
    before = snapshot(expert, fields) | {"tracks": sorted(t.number for t in expert.tracks.all())}
    expert.title, expert.city, expert.available = title, city, available
    expert.full_clean()
    expert.save(update_fields=fields)
    expert.tracks.set(tracks)
    audit_record(actor=by, action="review.expert_update", target=expert, competition_id=expert.competition_id,
                 before=before, after=snapshot(expert, fields) | {"tracks": sorted(t.number for t in tracks)})


def expert_rows_validate(competition, rows) -> None:
    """Row-level errors for the import preview (ImportRow.errors)."""
    usernames = [r.values["username"] for r in rows]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    present = set(Expert.objects.filter(competition=competition, user__username__in=usernames)
                  .values_list("user__username", flat=True))
    numbers = set(competition.tracks.values_list("number", flat=True))
    seen = set()
    for row in rows:
        v = row.values
        if v["username"] and v["username"] not in users:
            row.errors.append(f"账号“{v['username']}”不存在，请先创建账号")
        if v["username"] in present or v["username"] in seen:
            row.errors.append(f"“{v['username']}”已在专家库中或在表中重复")
        seen.add(v["username"])
        if v.get("city") and v["city"] not in HENAN_CITIES:
            row.errors.append(f"省辖市“{v['city']}”不在河南省省辖市名单中")
        for part in (v.get("tracks") or "").replace("，", ",").split(","):
            if part.strip() and (not part.strip().isdigit() or int(part) not in numbers):
                row.errors.append(f"赛道序号“{part.strip()}”不存在")
        if (v.get("available") or "是") not in ("是", "否"):
            row.errors.append("“可参加评审”应填“是”或“否”")


@transaction.atomic
def experts_import(*, competition, rows: list[dict], by) -> int:
    """All or nothing: the rows are validated again (the preview may be stale) and any error rolls back."""
    checked = rows_recheck(rows, lambda items: expert_rows_validate(competition, items))
    tracks = {t.number: t for t in competition.tracks.all()}
    for v in (row.values for row in checked):
        numbers = [int(p) for p in (v.get("tracks") or "").replace("，", ",").split(",") if p.strip()]
        expert_add(competition=competition, user=User.objects.get(username=v["username"]), title=v.get("title", ""),
                   city=v.get("city", ""), tracks=[tracks[n] for n in numbers],
                   available=(v.get("available") or "是") == "是", by=by)
    return len(rows)


# ---- assignment -------------------------------------------------------------------------------------------

@dataclass
class Shortage:
    application: Application
    missing: int
    why: str


@dataclass
class Proposal:
    pairs: dict = field(default_factory=dict)  # application pk → [expert pk] to add
    shortages: list = field(default_factory=list)


def _pool(track) -> list[Expert]:
    return list(Expert.objects.filter(competition_id=track.competition_id, tracks=track, available=True)
                .select_related("user").annotate(load=Count("sheets", distinct=True)).order_by("code"))


def _conflicts(track) -> set[tuple[int, int]]:
    return set(Conflict.objects.filter(expert__competition_id=track.competition_id)
               .values_list("expert_id", "organisation_id"))


def _why_not(expert, application, conflicts, same_city_excluded) -> str:
    """'' if the expert may review the entry, else the reason (for the explanation and for confirm)."""
    if expert.user.organisation_id and expert.user.organisation_id == application.organisation_id:
        return "本单位"
    if (expert.pk, application.organisation_id) in conflicts:
        return "已声明回避"
    if same_city_excluded and expert.city and expert.city == application.organisation.city:
        return "同一省辖市"
    return ""


def assignment_propose(*, track) -> Proposal:
    """Each entry under review gets up to N experts: the most constrained entries first, each time the eligible
    experts with the lowest load (then code). Nothing is written: the secretariat adjusts and confirms."""
    n = track.experts_per_entry
    same_city = track.review.exclude_same_city
    pool = _pool(track)
    conflicts = _conflicts(track)
    load = {e.pk: e.load for e in pool}
    existing: dict = {}
    for app_id, expert_id in ScoreSheet.objects.filter(track=track).values_list("application_id", "expert_id"):
        existing.setdefault(app_id, set()).add(expert_id)
    entries = list(applications_under_review(track).select_related("organisation").order_by("pk"))
    eligible = {a.pk: [e for e in pool if not _why_not(e, a, conflicts, same_city)] for a in entries}
    proposal = Proposal()
    for a in sorted(entries, key=lambda a: (len(eligible[a.pk]), a.pk)):
        have = existing.get(a.pk, set())
        need = n - len(have)
        if need <= 0:
            continue
        candidates = sorted((e for e in eligible[a.pk] if e.pk not in have), key=lambda e: (load[e.pk], e.code))
        chosen = candidates[:need]
        for e in chosen:
            load[e.pk] += 1
        if chosen:
            proposal.pairs[a.pk] = [e.pk for e in chosen]
        if len(chosen) < need:
            proposal.shortages.append(Shortage(a, need - len(chosen), _explain(a, pool, conflicts, same_city, have)))
    return proposal


def _explain(application, pool, conflicts, same_city, have) -> str:
    counts: dict = {}
    for e in pool:
        reason = _why_not(e, application, conflicts, same_city)
        if reason:
            counts[reason] = counts.get(reason, 0) + 1
    parts = [f"专家库中本赛道可用专家{len(pool)}名"]
    parts += [f"其中{reason}{k}名不能分配" for reason, k in counts.items()]
    if have:
        parts.append(f"已分配{len(have)}名")
    return "，".join(parts) + "。"


@transaction.atomic
def assignment_confirm(*, track, pairs: list[tuple[int, int]], by) -> int:
    """Create the score sheets for the chosen (application, expert) pairs; every pair is checked again."""
    TrackReview.objects.select_for_update().get(track=track)
    entries = {a.pk: a for a in applications_under_review(track).select_related("organisation")}
    pool = {e.pk: e for e in _pool(track)}
    conflicts = _conflicts(track)
    same_city = track.review.exclude_same_city
    counts = dict(ScoreSheet.objects.filter(track=track).values("application_id").annotate(n=Count("id"))
                  .values_list("application_id", "n"))
    existing = set(ScoreSheet.objects.filter(track=track).values_list("application_id", "expert_id"))
    sheets = []
    for app_id, expert_id in dict.fromkeys(pairs):
        application, expert = entries.get(app_id), pool.get(expert_id)
        if application is None or expert is None:
            raise ValidationError("所选项目或专家不在本赛道的评审范围内，请刷新后重试。")
        reason = _why_not(expert, application, conflicts, same_city)
        if reason:
            raise ValidationError(f"{expert.code}不能评审“{application.title}”：{reason}。")
        if (app_id, expert_id) in existing:
            continue
        counts[app_id] = counts.get(app_id, 0) + 1
        if counts[app_id] > track.experts_per_entry:
            raise ValidationError(f"“{application.title}”的评审专家已超过{track.experts_per_entry}名。")
        sheets.append(ScoreSheet(application=application, track=track, expert=expert))
    ScoreSheet.objects.bulk_create(sheets)
    sheet_counters_update(added=sheets)
    review = track.review
    audit_record(actor=by, action="review.assign", target=review, competition_id=track.competition_id,
                 after={"sheets": [[s.application_id, s.expert.code] for s in sheets]})
    for expert in {s.expert_id: s.expert for s in sheets}.values():  # one digest per expert, only their own count
        notify(recipients=[expert.user], kind=NotificationKind.REVIEW, competition=track.competition,
               title=f"您有新的评审任务（{track.name}）", url=reverse("review:tasks"),
               body=f"{track.competition.title}“{track.name}”赛道新分配给您"
                    f"{sum(s.expert_id == expert.pk for s in sheets)}个参赛项目，请登录平台评审。")
    return len(sheets)


@transaction.atomic
def assignment_remove(*, sheet, by, reason: str = "") -> None:
    sheet = ScoreSheet.objects.select_for_update().select_related("expert", "track").get(pk=sheet.pk)
    if sheet.is_locked:
        raise ValidationError("该评分表已提交，不能取消分配。")
    audit_record(actor=by, action="review.unassign", target=sheet, competition_id=sheet.track.competition_id,
                 before={"application": sheet.application_id, "expert": sheet.expert.code}, reason=reason)
    sheet_counters_update(removed=[sheet])
    sheet.delete()


@transaction.atomic
def conflict_declare(*, sheet, reason: str, by) -> Conflict:
    """回避 by the expert on an assigned entry: the conflict is recorded for the applicant organisation and every
    unsubmitted sheet of this expert on that organisation's entries is removed (the entry can be reassigned)."""
    sheet = ScoreSheet.objects.select_for_update().select_related("expert", "application", "track").get(pk=sheet.pk)
    if sheet.is_locked:
        raise ValidationError("评分表已提交，不能再声明回避。如确需回避，请联系大赛秘书处。")
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写回避原因。"})
    conflict, _ = Conflict.objects.get_or_create(expert=sheet.expert, organisation_id=sheet.application.organisation_id,
                                                 defaults={"reason": reason.strip()})
    # locked, so that a sheet submitted meanwhile is not removed (nor uncounted) as a draft
    removed = list(ScoreSheet.objects.select_for_update().filter(
        expert=sheet.expert, status=ScoreSheet.Status.DRAFT,
        application__organisation_id=sheet.application.organisation_id).only("track_id", "expert_id", "status"))
    audit_record(actor=by, action="review.conflict_declare", target=conflict,
                 competition_id=sheet.track.competition_id, reason=reason.strip(),
                 after={"application": sheet.application_id, "removed_sheets": [s.pk for s in removed]})
    sheet_counters_update(removed=removed)
    ScoreSheet.objects.filter(pk__in=[s.pk for s in removed]).delete()
    notify(recipients=secretariat_of(sheet.track.competition), kind=NotificationKind.SECRETARIAT,
           competition=sheet.track.competition, title=f"{sheet.expert.code}声明回避“{sheet.application.title}”",
           url=reverse("review:assign", args=[sheet.track_id]),
           body=f"{sheet.track.competition.title}“{sheet.track.name}”赛道：{sheet.expert.code}声明回避"
                f"“{sheet.application.title}”，原因：{reason_sentence(reason)}该项目需重新分配评审专家。")
    return conflict


# ---- score sheets -----------------------------------------------------------------------------------------

def sheet_counters_update(*, added: Iterable = (), removed: Iterable = (), submitted: Iterable = (),
                          reopened: Iterable = ()) -> None:
    """Keep 评审进度's counters (sheets assigned and submitted, per track on TrackReview and per expert on Expert)
    equal to the sheets. Every write that creates (`added`), deletes (`removed`), submits or reopens score
    sheets calls this in its own transaction, with those sheets (each with track_id, expert_id and, for
    added and removed, the status it has). One UPDATE per counted table, n = n + k: concurrent writers add up
    (the row lock orders them), none overwrites another's count."""
    deltas = {TrackReview: {}, Expert: {}}

    def add(sheets, assigned: int, done: int, by_status: bool = False):
        for sheet in sheets:
            done_here = done if not by_status or sheet.status == ScoreSheet.Status.SUBMITTED else 0
            for model, key in ((TrackReview, sheet.track_id), (Expert, sheet.expert_id)):
                counts = deltas[model].setdefault(key, Counter())
                counts.update({"sheets_assigned": assigned, "sheets_submitted": done_here})

    add(added, 1, 1, by_status=True)
    add(removed, -1, -1, by_status=True)
    add(submitted, 0, 1)
    add(reopened, 0, -1)
    for model, key in ((TrackReview, "track_id"), (Expert, "pk")):
        if deltas[model]:
            model.objects.filter(**{f"{key}__in": list(deltas[model])}).update(**{
                field: F(field) + Case(*[When(**{key: k}, then=Value(c[field])) for k, c in deltas[model].items()],
                                       default=Value(0), output_field=IntegerField())
                for field in ("sheets_assigned", "sheets_submitted")})


def _audit_score(value):
    """A score as JSON: a gate's 是/否 and an empty score keep their type, so the trail shows 是 / 否 / （空）."""
    return value if value is None or isinstance(value, bool) else str(value)


def _weighted_total(criteria, scores: dict) -> Decimal | None:
    """Σ score / max × weight over the scored criteria (0–100); None while a score is missing."""
    total = Decimal("0")
    for c in criteria:
        if c.is_gate:
            continue
        value = scores.get(c.pk)
        if value is None:
            return None
        total += value / c.max_score * c.weight
    return total.quantize(TWO, rounding=ROUND_HALF_UP)


def _clean_scores(criteria, values: dict, gates: dict, submit: bool) -> tuple[dict, dict, dict]:
    errors, scores, gate_values = {}, {}, {}
    for c in criteria:
        key = f"c{c.pk}"
        if c.is_gate:
            passed, reason = gates.get(c.pk, (None, ""))
            reason = (reason or "").strip()
            if passed is False and not reason:
                errors[key] = f"“{c.name}”判定为不通过时，请填写原因。"
            elif passed is None and submit:
                errors[key] = f"请判定“{c.name}”是否通过。"
            gate_values[c.pk] = (passed, reason if passed is False else "")
            continue
        raw = values.get(c.pk)
        if raw in (None, ""):
            if submit:
                errors[key] = f"请为“{c.name}”打分。"
            scores[c.pk] = None
            continue
        try:
            value = Decimal(str(raw).strip())
        except (InvalidOperation, ValueError):
            errors[key] = f"“{c.name}”的得分请填写数字。"
            continue
        if not value.is_finite() or value < 0 or value > c.max_score:
            errors[key] = f"“{c.name}”的得分应在0至{c.max_score.normalize():f}分之间。"
        elif value != value.quantize(Decimal("0.1")):
            errors[key] = f"“{c.name}”的得分最多保留一位小数。"
        scores[c.pk] = value
    if errors:
        raise ValidationError(errors)
    return scores, gate_values, errors


@transaction.atomic
def sheet_save(*, sheet, values: dict, gates: dict, comment: str, submit: bool, by) -> ScoreSheet:
    """Save the expert's scores (a draft may be incomplete); `submit` validates everything, locks the sheet and
    freezes the track's rubric. values: {criterion pk: text}; gates: {criterion pk: (passed, reason)}."""
    sheet = ScoreSheet.objects.select_for_update().select_related("track", "expert").get(pk=sheet.pk)
    if sheet.expert.user_id != by.pk:
        raise ValidationError("只能填写分配给本人的评分表。")
    if sheet.is_locked:
        raise ValidationError(LOCKED)
    criteria = list(Criterion.objects.filter(track_id=sheet.track_id).order_by("order"))
    scores, gate_values, _ = _clean_scores(criteria, values, gates, submit)
    before = snapshot(sheet, ["status", "total", "gate_passed", "comment"])
    for c in criteria:
        value = scores.get(c.pk) if not c.is_gate else None
        passed, reason = gate_values.get(c.pk, (None, ""))
        Score.objects.update_or_create(sheet=sheet, criterion=c,
                                       defaults={"value": value, "passed": passed, "reason": reason})
    decided = [p for p, _ in gate_values.values()]
    sheet.gate_passed = None if None in decided else all(decided) if decided else True
    sheet.total = _weighted_total(criteria, scores)
    sheet.comment = (comment or "").strip()
    sheet.saved_at = timezone.now()
    if submit:
        sheet.status, sheet.submitted_at = ScoreSheet.Status.SUBMITTED, sheet.saved_at
        TrackReview.objects.filter(track_id=sheet.track_id, rubric_frozen_at__isnull=True).update(
            rubric_frozen_at=sheet.saved_at)
        sheet_counters_update(submitted=[sheet])
    sheet.full_clean()
    sheet.save(update_fields=["gate_passed", "total", "comment", "saved_at", "status", "submitted_at"])
    audit_record(actor=by, action="review.sheet_submit" if submit else "review.sheet_save", target=sheet,
                 competition_id=sheet.track.competition_id, before=before,
                 after=snapshot(sheet, ["status", "total", "gate_passed", "comment"])
                 | {"scores": {c.name: _audit_score(scores.get(c.pk, gate_values.get(c.pk, (None,))[0]))
                               for c in criteria}})
    return sheet


@transaction.atomic
def sheet_reopen(*, sheet, reason: str, by) -> None:
    sheet = ScoreSheet.objects.select_for_update().select_related("track", "expert__user", "application").get(
        pk=sheet.pk)
    if not sheet.is_locked:
        raise ValidationError("该评分表尚未提交，无需退回。")
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写退回原因。"})
    before = snapshot(sheet, ["status", "submitted_at", "total"])
    sheet.status, sheet.submitted_at = ScoreSheet.Status.DRAFT, None
    sheet.save(update_fields=["status", "submitted_at"])
    sheet_counters_update(reopened=[sheet])
    audit_record(actor=by, action="review.sheet_reopen", target=sheet, competition_id=sheet.track.competition_id,
                 before=before, after=snapshot(sheet, ["status", "submitted_at", "total"]), reason=reason.strip())
    notify(recipients=[sheet.expert.user], kind=NotificationKind.REVIEW, competition=sheet.track.competition,
           title=f"评分表已退回修改：“{sheet.application.title}”", url=reverse("review:sheet", args=[sheet.pk]),
           body=f"您对“{sheet.application.title}”的评分表已被大赛秘书处退回修改。原因：{reason.strip()}")


def reminders_send(*, competition, by, base_url: str = "") -> int:
    """A reminder to each expert with open sheets: how many, and the link to 评审任务 — nothing about others."""
    experts = list(experts_with_open_sheets(competition))
    with transaction.atomic():
        for e in experts:
            notify(recipients=[e.user], kind=NotificationKind.REMINDER, competition=competition, title="评审提醒",
                   url=reverse("review:tasks"), body=f"{e.user.full_name}专家：您好！您还有{e.open}份评分表未提交，请登录平台完成评审。")
        audit_record(actor=by, action="review.remind", target=competition, competition_id=competition.pk,
                     after={"experts": [e.code for e in experts]})
    return len(experts)
