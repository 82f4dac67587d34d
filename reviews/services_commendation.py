"""Writes of commendation selection (先进单位/班组/个人), the secretariat's setup: the award types (表彰项目) and
the nomination quotas of the divisions — the largest-remainder proposal, setting them by hand, publishing them.
The AwardType row is locked before its quotas are counted. Nominations are in services_nomination, selection
and 通报表扬 in services_honours."""

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
from notifications.enums import NotificationKind
from notifications.recipients import division_officers
from notifications.services import notify

from .models import AwardType, Nomination, NominationQuota

AWARD_FIELDS = ["name", "nominee_kind", "total", "escalation_name", "escalation_count"]

MEASURES = {
    "entries": "登记参赛企业数",
    "summaries": "提交年底总结和绩效评估的参赛企业数",
    "achieved": "年底绩效评估达标的参赛企业数",
    "score": "竞赛开展情况评分",
}
TIE_RULE = "余数相同时，依次按测算依据数值较大、赛区排序在前者优先。"


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
