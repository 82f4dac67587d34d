"""Writes of commendation selection. Scarce rows are locked before they are counted: the division's
NominationQuota row for nominations, the AwardType row for quotas and selection."""

import json
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from applications.models import DivisionSubmission, Entry, EntryDocument
from applications.selectors_labour import achieved_entry_counts
from competitions.enums import PhaseKind
from competitions.models import Competition, Division
from greencomp.audit import audit_record, snapshot
from greencomp.uploads import atomic_with_files, delete_after_commit, stored_file_fill, upload_check
from notifications.enums import NotificationKind
from notifications.recipients import division_officers, organisation_users
from notifications.services import notify

from .models import AwardType, HonoursNotice, Nomination, NominationFile, NominationQuota

AWARD_FIELDS = ["name", "nominee_kind", "total", "escalation_name", "escalation_count"]
NOMINATION_FIELDS = ["entry_id", "team_name", "team_size", "person_name", "gender", "ethnicity", "post",
                     "frontline", "achievements", "status", "return_reason", "submitted_at"]
SELECTION_FIELDS = ["selected", "escalated", "selection_reason"]

MEASURES = {
    "entries": "登记参赛企业数",
    "summaries": "提交年底总结和绩效评估的参赛企业数",
    "achieved": "年底绩效评估达标的参赛企业数",
    "score": "竞赛开展情况评分",
}
TIE_RULE = "余数相同时，依次按测算依据数值较大、赛区排序在前者优先。"

MSG_NOT_PUBLISHED = "推荐名额尚未公布，暂不能推荐。"
MSG_LOCKED = "推荐材料已提交并锁定，不能修改。如需修改，请联系秘书处退回。"
MSG_NOT_SUBMITTED = "只有已提交的推荐才能入选。"
MSG_ESCALATE_UNSELECTED = "只有入选的推荐才能择优申报。"
MSG_REASON_REQUIRED = "取消入选或取消择优申报须填写理由。"
MSG_HONOURS_PUBLISHED = "通报表扬已发布，评选结果已锁定。如需调整，请先撤回发布（须填写原因）。"


def over_quota_message(award_type: AwardType, quota: int) -> str:
    return f"已超出本赛区“{award_type.name}”推荐名额（{quota}个），不能再推荐。"


def over_total_message(award_type: AwardType) -> str:
    return f"“{award_type.name}”已入选{award_type.total}个，达到评选总数，不能再选。"


def over_escalation_message(award_type: AwardType) -> str:
    return (f"“{award_type.escalation_name}”择优申报已达{award_type.escalation_count}个，"
            f"不能再选。")


# ---- award types ----------------------------------------------------------------------------------------------

def award_data() -> dict:
    """Award types of the seed labour competitions, read from their fixtures and keyed by doc_number."""
    result = {}
    for path in sorted(settings.SEED_FIXTURES_DIR.glob("labour_*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        result[data["competition"]["doc_number"]] = data.get("award_types", [])
    return result


@transaction.atomic
def award_types_load_for(competition: Competition, *, source: str = "") -> list[AwardType]:
    """Create the award types of a seed competition (matched on its doc_number, or on `source` for a copy such
    as the demo competition); idempotent, keeps the secretariat's edits."""
    rows = award_data().get(source or competition.doc_number, [])
    result = []
    for order, row in enumerate(rows, start=1):
        award, _created = AwardType.objects.get_or_create(
            competition=competition, name=row["name"],
            defaults={**{k: row[k] for k in AWARD_FIELDS if k != "name"}, "order": order})
        result.append(award)
    return result


@transaction.atomic
def award_type_create(*, competition: Competition, name: str, nominee_kind: str, total: int,
                      escalation_name: str = "", escalation_count: int = 0, by) -> AwardType:
    name = name.strip()
    if AwardType.objects.filter(competition=competition, name=name).exists():
        raise ValidationError({"name": f"表彰项目“{name}”已存在。"})
    if escalation_count > total:
        raise ValidationError("择优申报数不能超过评选总数。")
    if escalation_count and not escalation_name.strip():
        raise ValidationError("请填写择优申报的荣誉名称。")
    order = AwardType.objects.filter(competition=competition).count() + 1
    award = AwardType(competition=competition, name=name, nominee_kind=nominee_kind, total=total, order=order,
                      escalation_name=escalation_name.strip(), escalation_count=escalation_count)
    award.full_clean()
    award.save()
    audit_record(actor=by, action="commendation.award_create", target=award, after=snapshot(award, AWARD_FIELDS))
    return award


@transaction.atomic
def award_type_update(*, award_type: AwardType, total: int, escalation_name: str, escalation_count: int,
                      reason: str = "", by) -> AwardType:
    award = AwardType.objects.select_for_update().get(pk=award_type.pk)
    selected = award.nominations.filter(selected=True).count()
    escalated = award.nominations.filter(escalated=True).count()
    if total < selected:
        raise ValidationError(f"已入选{selected}个，评选总数不能少于{selected}。")
    if escalation_count < escalated:
        raise ValidationError(f"已择优申报{escalated}个，择优申报数不能少于{escalated}。")
    if escalation_count > total:
        raise ValidationError("择优申报数不能超过评选总数。")
    if escalation_count and not escalation_name.strip():
        raise ValidationError("请填写择优申报的荣誉名称。")
    total_changed = total != award.total
    if total_changed and award.quotas_published and not reason.strip():
        raise ValidationError({"reason": "推荐名额已公布，修改评选总数须填写修改理由（将记入操作记录并通知相关赛区）。"})
    before = snapshot(award, AWARD_FIELDS)
    award.total, award.escalation_name, award.escalation_count = total, escalation_name.strip(), escalation_count
    award.full_clean()
    award.save(update_fields=["total", "escalation_name", "escalation_count"])
    audit_record(actor=by, action="commendation.award_update", target=award, before=before,
                 after=snapshot(award, AWARD_FIELDS), reason=reason)
    if total_changed and award.quotas_published:
        _notify_award_total(award, before["total"], reason.strip())
    return award


def _notify_award_total(award: AwardType, was: int, reason: str) -> None:
    """The divisions holding a published nomination quota of this award hear of the new total."""
    for q in NominationQuota.objects.filter(award_type=award, count__gt=0).select_related("division"):
        notify(recipients=division_officers(q.division), kind=NotificationKind.COMMENDATION,
               competition=award.competition, title=f"“{award.name}”评选总数已调整",
               url=reverse("commendation:division", args=[q.division_id]),
               body=f"{award.competition.title}：“{award.name}”评选总数由{was}个调整为{award.total}个，"
                    f"原因：{reason}。{q.division.name}的推荐名额仍为{q.count}名。")


# ---- quotas: the largest-remainder (Hamilton) proposal ---------------------------------------------------------

@dataclass
class QuotaLine:
    division_id: int
    name: str
    order: int
    eligible: bool
    measure: Fraction
    share: Fraction = Fraction(0)
    floor: int = 0
    remainder: Fraction = Fraction(0)
    bonus: int = 0
    tie: bool = False
    note: str = ""

    @property
    def count(self) -> int:
        return self.floor + self.bonus

    def basis(self, measure_key: str) -> dict:
        return {"measure_key": measure_key, "measure": _num(self.measure), "eligible": self.eligible,
                "share": _dec(self.share), "floor": self.floor, "remainder": _dec(self.remainder),
                "bonus": self.bonus, "tie": self.tie, "note": self.note}


def _num(value: Fraction):
    return int(value) if value.denominator == 1 else float(value)


def _dec(value: Fraction) -> str:
    return f"{float(value):.4f}"


def largest_remainder(total: int, lines: list[QuotaLine]) -> list[QuotaLine]:
    """Hamilton's method: each eligible line gets floor(total × measure / Σmeasure); the seats left go one each
    to the largest remainders. Ties: larger measure, then smaller division order, then smaller id — and a tie
    that decides the last seat is flagged on every line involved."""
    pool = [line for line in lines if line.eligible and line.measure > 0]
    weight = sum((line.measure for line in pool), Fraction(0))
    if not pool or weight == 0:
        return lines
    for line in pool:
        line.share = Fraction(total) * line.measure / weight
        line.floor = line.share.numerator // line.share.denominator
        line.remainder = line.share - line.floor
    left = total - sum(line.floor for line in pool)
    ranked = sorted(pool, key=lambda ln: (-ln.remainder, -ln.measure, ln.order, ln.division_id))
    for line in ranked[:left]:
        line.bonus = 1
    if 0 < left < len(ranked) and ranked[left - 1].remainder == ranked[left].remainder:
        edge = ranked[left].remainder
        for line in ranked:
            if line.remainder == edge:
                line.tie = True
                line.note = "余数并列：" + TIE_RULE
    return lines


def division_measures(competition: Competition, measure: str, scores: dict | None = None) -> list[QuotaLine]:
    """One line per division: its measure, and whether it submitted its list on time (the 2022 notice:
    未按要求报相关资料的视为未举办竞赛 — such a division gets no nomination quota)."""
    if measure not in MEASURES:
        raise ValidationError("请选择名额分配依据。")
    registered = Q(labour_entries__status=Entry.Status.REGISTERED)
    summaries = registered & Q(labour_entries__documents__kind=EntryDocument.Kind.SUMMARY)
    divisions = (Division.objects.filter(competition=competition).select_related("competition")
                 .prefetch_related("competition__phases")
                 .annotate(n_entries=Count("labour_entries", filter=registered, distinct=True),
                           n_summaries=Count("labour_entries", filter=summaries, distinct=True))
                 .order_by("order", "id"))
    submissions = {s.division_id: s for s in DivisionSubmission.objects.filter(division__competition=competition)}
    achieved = achieved_entry_counts(competition) if measure == "achieved" else {}
    lines = []
    for d in divisions:
        on_time, note = submitted_on_time(d, submissions.get(d.pk))
        if measure == "score":
            value = Fraction(str((scores or {}).get(d.pk, 0) or 0))
        elif measure == "achieved":
            value = Fraction(achieved.get(d.pk, 0))
        else:
            value = Fraction(d.n_entries if measure == "entries" else d.n_summaries)
        lines.append(QuotaLine(division_id=d.pk, name=d.name, order=d.order, eligible=on_time, measure=value,
                               note=note))
    return lines


def submitted_on_time(division: Division, submission: DivisionSubmission | None) -> tuple[bool, str]:
    deadline = division.deadline(PhaseKind.REGISTRATION)
    if submission is None or submission.status != DivisionSubmission.Status.SUBMITTED:
        return False, "未报送参赛名单，不分配名额"
    if deadline and submission.submitted_at and submission.submitted_at > deadline:
        return False, "逾期报送参赛名单，不分配名额"
    return True, ""


@transaction.atomic
def quota_propose(*, award_type: AwardType, measure: str, scores: dict | None = None, by) -> list[QuotaLine]:
    """Write the proposal as the (unpublished) quotas of every division, with how each number came about. A
    division registering several named participants (焦作's one 市直参赛企业 division, 13 of 80) weighs by its
    entries like any other: seed 001 四 commends from all participating enterprises alike."""
    award = AwardType.objects.select_for_update().get(pk=award_type.pk)
    if award.quotas_published:
        raise ValidationError("推荐名额已公布，不能重新测算。如需调整，请直接修改名额并填写理由。")
    if award.total == 0:
        raise ValidationError("请先设置评选总数。")
    lines = largest_remainder(award.total, division_measures(award.competition, measure, scores))
    if sum(line.count for line in lines) != award.total:
        raise ValidationError("没有按时报送参赛名单且竞赛成效不为零的赛区，无法按比例测算。")
    existing = {q.division_id: q for q in NominationQuota.objects.filter(award_type=award)}
    for line in lines:
        quota = existing.get(line.division_id) or NominationQuota(award_type=award, division_id=line.division_id)
        quota.count, quota.basis = line.count, line.basis(measure)
        quota.save()
    award.quota_measure = measure
    award.save(update_fields=["quota_measure"])
    audit_record(actor=by, action="commendation.quota_propose", target=award, after={
        "measure": measure, "counts": {line.name: line.count for line in lines}})
    return lines


@transaction.atomic
def quotas_set(*, award_type: AwardType, counts: dict[int, int], reason: str = "", by) -> AwardType:
    """Set quotas by hand (before or after publishing; after publishing a reason is required and a quota
    cannot drop below the nominations the division already made)."""
    award = AwardType.objects.select_for_update().get(pk=award_type.pk)
    if award.quotas_published and not reason.strip():
        raise ValidationError("推荐名额已公布，修改须填写理由。")
    divisions = {d.pk: d for d in Division.objects.filter(competition_id=award.competition_id)}
    used = dict(Nomination.objects.filter(award_type=award).values("division_id").annotate(n=Count("id"))
                .values_list("division_id", "n"))
    existing = {q.division_id: q for q in NominationQuota.objects.select_for_update().filter(award_type=award)}
    before = {divisions[k].name: q.count for k, q in existing.items() if k in divisions}
    for division_id, count in counts.items():
        if division_id not in divisions:
            continue
        if count < used.get(division_id, 0):
            raise ValidationError(f"{divisions[division_id].name}已推荐{used[division_id]}个，名额不能少于已推荐数。")
        quota = existing.get(division_id) or NominationQuota(award_type=award, division_id=division_id)
        if quota.pk and quota.count == count:
            continue
        quota.count = count
        if quota.basis:
            quota.basis = {**quota.basis, "edited": True}
        quota.save()
        existing[division_id] = quota
    after = {divisions[k].name: q.count for k, q in existing.items() if k in divisions}
    audit_record(actor=by, action="commendation.quota_set", target=award, before=before, after=after, reason=reason)
    return award


@transaction.atomic
def quotas_publish(*, award_type: AwardType, by) -> AwardType:
    award = AwardType.objects.select_for_update().get(pk=award_type.pk)
    if award.quotas_published:
        raise ValidationError("推荐名额已公布。")
    if not NominationQuota.objects.filter(award_type=award, count__gt=0).exists():
        raise ValidationError("尚未分配推荐名额，不能公布。")
    award.quotas_published_at = timezone.now()
    award.save(update_fields=["quotas_published_at"])
    total = sum(NominationQuota.objects.filter(award_type=award).values_list("count", flat=True))
    audit_record(actor=by, action="commendation.quota_publish", target=award,
                 after={"published_at": award.quotas_published_at.isoformat(), "sum": total})
    for q in NominationQuota.objects.filter(award_type=award, count__gt=0).select_related("division"):
        notify(recipients=division_officers(q.division), kind=NotificationKind.COMMENDATION,
               competition=award.competition, title=f"“{award.name}”推荐名额已公布",
               url=reverse("commendation:division", args=[q.division_id]),
               body=f"{award.competition.title}：“{award.name}”推荐名额已公布，{q.division.name}可推荐{q.count}名。")
    return award


# ---- nominations ------------------------------------------------------------------------------------------------

def _check_window(competition: Competition) -> None:
    phase = competition.phase(PhaseKind.COMMENDATION)
    if phase and phase.closes_at and timezone.now() > phase.closes_at:
        local = timezone.localtime(phase.closes_at)
        raise ValidationError(f"已超过推荐截止时间（{local.year}年{local.month}月{local.day}日 {local:%H:%M}），"
                              f"不能再推荐或修改。")


def _check_nominee(award: AwardType, division: Division, data: dict, exclude_pk=None) -> None:
    entry = data.get("entry")
    if entry is None or entry.division_id != division.pk or entry.status != Entry.Status.REGISTERED:
        raise ValidationError({"entry": "请选择本赛区登记的参赛单位。"})
    kind = award.nominee_kind
    if kind == AwardType.NomineeKind.UNIT:
        clash = Nomination.objects.filter(award_type=award, entry=entry).exclude(pk=exclude_pk)
        if clash.exists():
            raise ValidationError({"entry": f"“{entry.organisation.name}”已被推荐为{award.name}，不能重复推荐。"})
    if kind == AwardType.NomineeKind.TEAM:
        errors = {}
        if not (data.get("team_name") or "").strip():
            errors["team_name"] = "请填写班组（车间、工段）名称。"
        if not data.get("team_size"):
            errors["team_size"] = "请填写人数。"
        if errors:
            raise ValidationError(errors)
    if kind == AwardType.NomineeKind.INDIVIDUAL:
        required = {"person_name": "姓名", "gender": "性别", "ethnicity": "民族", "post": "职务/岗位"}
        errors = {k: f"请填写{label}。" for k, label in required.items() if not (data.get(k) or "").strip()}
        if data.get("frontline") is None:
            errors["frontline"] = "请选择是否一线职工。"
        if errors:
            raise ValidationError(errors)


def _clean_for_kind(kind: str, data: dict) -> dict:
    """Keep only the fields the nominee kind has, so a unit never carries a stray person's name."""
    team = kind == AwardType.NomineeKind.TEAM
    person = kind == AwardType.NomineeKind.INDIVIDUAL
    return {
        "entry": data.get("entry"), "achievements": (data.get("achievements") or "").strip(),
        "team_name": (data.get("team_name") or "").strip() if team else "",
        "team_size": data.get("team_size") if team else None,
        "person_name": (data.get("person_name") or "").strip() if person else "",
        "gender": data.get("gender") or "" if person else "",
        "ethnicity": (data.get("ethnicity") or "").strip() if person else "",
        "post": (data.get("post") or "").strip() if person else "",
        "frontline": data.get("frontline") if person else None,
    }


def _lock_quota(award: AwardType, division: Division) -> int:
    quota = NominationQuota.objects.select_for_update().filter(award_type=award, division=division).first()
    if not award.quotas_published:
        raise ValidationError(MSG_NOT_PUBLISHED)
    return quota.count if quota else 0


@transaction.atomic
def nomination_create(*, award_type: AwardType, division: Division, data: dict, by) -> Nomination:
    """A draft nomination; it takes one of the division's places at once, so drafts never exceed the quota."""
    award = AwardType.objects.select_related("competition").prefetch_related("competition__phases").get(
        pk=award_type.pk)
    if award.competition_id != division.competition_id:
        raise ValidationError("表彰项目与赛区不属于同一竞赛。")
    quota = _lock_quota(award, division)
    _check_window(award.competition)
    used = Nomination.objects.filter(award_type=award, division=division).count()
    if used >= quota:
        raise ValidationError(over_quota_message(award, quota))
    values = _clean_for_kind(award.nominee_kind, data)
    _check_nominee(award, division, values)
    nomination = Nomination(competition_id=award.competition_id, award_type=award, division=division,
                            created_by=by, **values)
    nomination.full_clean()
    nomination.save()
    audit_record(actor=by, action="commendation.nominate", target=nomination,
                 after=snapshot(nomination, NOMINATION_FIELDS))
    return nomination


def _locked_nomination(nomination: Nomination) -> tuple[Nomination, AwardType]:
    award = AwardType.objects.select_related("competition").prefetch_related("competition__phases").get(
        pk=nomination.award_type_id)
    _lock_quota(award, nomination.division)
    fresh = Nomination.objects.select_for_update().get(pk=nomination.pk)
    return fresh, award


@transaction.atomic
def nomination_update(*, nomination: Nomination, data: dict, by) -> Nomination:
    fresh, award = _locked_nomination(nomination)
    if not fresh.editable:
        raise ValidationError(MSG_LOCKED)
    _check_window(award.competition)
    values = _clean_for_kind(award.nominee_kind, data)
    _check_nominee(award, fresh.division, values, exclude_pk=fresh.pk)
    before = snapshot(fresh, NOMINATION_FIELDS)
    for key, value in values.items():
        setattr(fresh, key, value)
    fresh.full_clean()
    fresh.save(update_fields=[*values.keys(), "updated_at"])
    audit_record(actor=by, action="commendation.nomination_update", target=fresh, before=before,
                 after=snapshot(fresh, NOMINATION_FIELDS))
    return fresh


@transaction.atomic
def nomination_submit(*, nomination: Nomination, by) -> Nomination:
    fresh, award = _locked_nomination(nomination)
    if not fresh.editable:
        raise ValidationError(MSG_LOCKED)
    _check_window(award.competition)
    values = _clean_for_kind(award.nominee_kind, {f: getattr(fresh, f) for f in
                                                  ["entry", "team_name", "team_size", "person_name", "gender",
                                                   "ethnicity", "post", "frontline", "achievements"]})
    _check_nominee(award, fresh.division, values, exclude_pk=fresh.pk)
    if not fresh.achievements.strip():
        raise ValidationError({"achievements": "请填写主要事迹。"})
    before = snapshot(fresh, NOMINATION_FIELDS)
    fresh.status, fresh.submitted_at = Nomination.Status.SUBMITTED, timezone.now()
    fresh.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(actor=by, action="commendation.nomination_submit", target=fresh, before=before,
                 after=snapshot(fresh, NOMINATION_FIELDS))
    return fresh


@transaction.atomic
def nomination_delete(*, nomination: Nomination, by) -> None:
    fresh, _award = _locked_nomination(nomination)
    if not fresh.editable:
        raise ValidationError(MSG_LOCKED)
    audit_record(actor=by, action="commendation.nomination_delete", target=fresh,
                 before=snapshot(fresh, NOMINATION_FIELDS))
    fresh.delete()


@transaction.atomic
def nomination_return(*, nomination: Nomination, reason: str, by) -> Nomination:
    """The secretariat sends a submitted nomination back for revision; it also leaves the selection."""
    if not reason.strip():
        raise ValidationError("请填写退回原因。")
    award = AwardType.objects.select_for_update().get(pk=nomination.award_type_id)
    _check_honours_open(award.competition_id)
    fresh = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if fresh.status != Nomination.Status.SUBMITTED:
        raise ValidationError("只有已提交的推荐才能退回。")
    before = snapshot(fresh, NOMINATION_FIELDS + SELECTION_FIELDS)
    fresh.status, fresh.return_reason = Nomination.Status.RETURNED, reason.strip()
    fresh.selected = fresh.escalated = False
    fresh.save(update_fields=["status", "return_reason", "selected", "escalated", "updated_at"])
    audit_record(actor=by, action="commendation.nomination_return", target=fresh, before=before,
                 after=snapshot(fresh, NOMINATION_FIELDS + SELECTION_FIELDS), reason=reason.strip())
    notify(recipients=division_officers(fresh.division), kind=NotificationKind.COMMENDATION,
           competition=fresh.competition, title=f"“{fresh.award_type.name}”推荐已退回修改",
           url=reverse("commendation:nomination", args=[fresh.pk]),
           body=f"{fresh.competition.title}：{fresh.division.name}推荐的“{fresh.award_type.name}”"
                f"（{fresh.person_name or fresh.team_name or fresh.entry}）已被大赛秘书处退回修改。原因：{reason.strip()}")
    return fresh


# ---- supporting files -----------------------------------------------------------------------------------------

FILE_TYPES = ("pdf", "jpg", "png")
MAX_FILES = 10


@atomic_with_files()
def nomination_file_add(*, nomination: Nomination, upload, by) -> NominationFile:
    fresh, _award = _locked_nomination(nomination)
    if not fresh.editable:
        raise ValidationError(MSG_LOCKED)
    if fresh.files.count() >= MAX_FILES:
        raise ValidationError(f"每个推荐最多上传{MAX_FILES}个证明材料。")
    checked = upload_check(upload, allowed=FILE_TYPES)
    doc = NominationFile(nomination=fresh)
    stored_file_fill(doc, upload, checked, by=by)
    doc.save()
    audit_record(actor=by, action="commendation.file_add", target=fresh,
                 after={"size": doc.size, "sha256": doc.sha256, "original_name": doc.original_name},
                 competition_id=fresh.competition_id)
    return doc


@transaction.atomic
def nomination_file_delete(*, document: NominationFile, by) -> None:
    fresh, _award = _locked_nomination(document.nomination)
    if not fresh.editable:
        raise ValidationError(MSG_LOCKED)
    audit_record(actor=by, action="commendation.file_delete", target=fresh,
                 before={"original_name": document.original_name, "sha256": document.sha256},
                 competition_id=fresh.competition_id)
    document.delete()
    delete_after_commit(document.file)


# ---- selection ------------------------------------------------------------------------------------------------

@transaction.atomic
def nomination_select(*, nomination: Nomination, selected: bool, escalated: bool, reason: str = "",
                      by) -> Nomination:
    """入选 up to the award's total and 择优申报 up to its escalation count; the award row is locked so two
    secretaries cannot overfill it. Removing a selection needs a reason."""
    award = AwardType.objects.select_for_update().get(pk=nomination.award_type_id)
    _check_honours_open(award.competition_id)
    fresh = Nomination.objects.select_for_update().get(pk=nomination.pk)
    reason = reason.strip()
    if (fresh.selected and not selected or fresh.escalated and not escalated) and not reason:
        raise ValidationError(MSG_REASON_REQUIRED)
    if selected and fresh.status != Nomination.Status.SUBMITTED:
        raise ValidationError(MSG_NOT_SUBMITTED)
    if escalated and not selected:
        raise ValidationError(MSG_ESCALATE_UNSELECTED)
    others = Nomination.objects.filter(award_type=award).exclude(pk=fresh.pk)
    if selected and not fresh.selected and others.filter(selected=True).count() >= award.total:
        raise ValidationError(over_total_message(award))
    if escalated and not fresh.escalated and others.filter(escalated=True).count() >= award.escalation_count:
        if award.escalation_count == 0:
            raise ValidationError(f"“{award.name}”没有设置择优申报荣誉。")
        raise ValidationError(over_escalation_message(award))
    before = snapshot(fresh, SELECTION_FIELDS)
    fresh.selected, fresh.escalated = selected, escalated
    if reason:
        fresh.selection_reason = reason
    fresh.save(update_fields=["selected", "escalated", "selection_reason", "updated_at"])
    audit_record(actor=by, action="commendation.select", target=fresh, before=before,
                 after=snapshot(fresh, SELECTION_FIELDS), reason=reason)
    return fresh


# ---- 通报表扬: publish and withdraw ---------------------------------------------------------------------------

def _check_honours_open(competition_id: int) -> None:
    """Selection changes wait while the 通报表扬 is published. Publishing locks the notice row first and each
    selection change reads it after locking its award row, so the two never interleave."""
    if HonoursNotice.objects.filter(competition_id=competition_id, published_at__isnull=False).exists():
        raise ValidationError(MSG_HONOURS_PUBLISHED)


def _locked_notice(competition: Competition) -> HonoursNotice:
    HonoursNotice.objects.get_or_create(competition=competition)
    notice = HonoursNotice.objects.select_for_update().get(competition=competition)
    # every award row too: a selection in flight finishes before the list is published, or waits for it
    list(AwardType.objects.select_for_update().filter(competition=competition).values_list("pk", flat=True))
    return notice


def _selected(competition: Competition) -> list[Nomination]:
    return list(Nomination.objects.filter(competition=competition, selected=True)
                .select_related("award_type", "division", "entry__organisation")
                .order_by("award_type__order", "award_type_id", "division__order", "division_id", "id"))


@transaction.atomic
def honours_publish(*, competition: Competition, confirmed: bool, doc_number: str = "", by) -> HonoursNotice:
    if not confirmed:
        raise ValidationError({"confirmed": "请确认发布：发布后评选结果锁定，相关赛区和受表扬单位将收到通知。"})
    notice = _locked_notice(competition)
    if notice.is_published:
        raise ValidationError("通报表扬已发布。")
    selected = _selected(competition)
    if not selected:
        raise ValidationError("尚无入选的先进单位、班组或个人，不能发布通报表扬。")
    before = snapshot(notice, ["doc_number", "published_at"])
    notice.doc_number, notice.published_at, notice.published_by = doc_number.strip(), timezone.now(), by
    notice.withdrawn_at, notice.withdraw_reason = None, ""
    notice.full_clean()
    notice.save()
    audit_record(actor=by, action="commendation.honours_publish", target=notice, competition_id=competition.pk,
                 before=before, after={**snapshot(notice, ["doc_number", "published_at"]), "selected": len(selected),
                                       "escalated": sum(n.escalated for n in selected)})
    _honours_published_notify(competition, selected)
    return notice


def _honours_published_notify(competition: Competition, selected: list[Nomination]) -> None:
    """Each division concerned: its officers, with the count of its entries in the list; each commended
    enterprise with an account: one notification naming its honours."""
    url = reverse("commendation:honours_published", args=[competition.pk])
    title = "通报表扬名单已发布"
    by_division: dict = {}
    by_organisation: dict = {}
    for n in selected:
        by_division.setdefault(n.division_id, (n.division, []))[1].append(n)
        by_organisation.setdefault(n.entry.organisation_id, (n.entry.organisation, []))[1].append(n)
    for division, items in by_division.values():
        notify(recipients=division_officers(division), kind=NotificationKind.COMMENDATION, competition=competition,
               title=title, url=url,
               body=f"{competition.title}通报表扬名单已发布，{division.name}推荐的{len(items)}个先进单位、班组或个人入选。")
    for organisation, items in by_organisation.values():
        honours = "、".join(dict.fromkeys(f"{n.award_type.name}（{n.nominee}）" for n in items))
        notify(recipients=organisation_users(organisation), kind=NotificationKind.COMMENDATION,
               competition=competition, title=title, url=url,
               body=f"{competition.title}通报表扬名单已发布，{organisation.name}入选：{honours}。")


@transaction.atomic
def honours_withdraw(*, competition: Competition, reason: str, by) -> HonoursNotice:
    """Withdraw the published 通报表扬 (to correct it): the selection reopens; the divisions concerned are told why."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写撤回发布的原因。"})
    notice = _locked_notice(competition)
    if not notice.is_published:
        raise ValidationError("通报表扬尚未发布。")
    before = snapshot(notice, ["published_at", "withdrawn_at", "withdraw_reason"])
    notice.published_at = notice.published_by = None
    notice.withdrawn_at, notice.withdraw_reason = timezone.now(), reason.strip()
    notice.save(update_fields=["published_at", "published_by", "withdrawn_at", "withdraw_reason"])
    audit_record(actor=by, action="commendation.honours_withdraw", target=notice, competition_id=competition.pk,
                 before=before, after=snapshot(notice, ["published_at", "withdrawn_at", "withdraw_reason"]),
                 reason=reason.strip())
    for division in Division.objects.filter(nominations__competition=competition,
                                            nominations__selected=True).distinct():
        notify(recipients=division_officers(division), kind=NotificationKind.COMMENDATION, competition=competition,
               title="通报表扬名单已撤回", url=reverse("commendation:division", args=[division.pk]),
               body=f"{competition.title}通报表扬名单已由大赛秘书处撤回，待修正后重新发布。原因：{reason.strip()}")
    return notice
