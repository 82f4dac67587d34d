"""Writes of the divisions' nominations for commendation: a nomination is drafted, edited, submitted or deleted
within the division's published quota and the 推荐 window, with its supporting files. The division's
NominationQuota row is locked before its nominations are counted. The secretariat's return, selection and
通报表扬 are in services_honours."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from applications.models import Entry
from competitions.enums import PhaseKind
from competitions.models import Competition, Division
from greencomp.audit import audit_changed, audit_record, snapshot
from greencomp.uploads import atomic_with_files, delete_after_commit, stored_file_fill, upload_check

from .models import AwardType, Nomination, NominationFile, NominationQuota

NOMINATION_FIELDS = ["entry_id", "team_name", "team_size", "person_name", "gender", "ethnicity", "post",
                     "frontline", "achievements", "status", "return_reason", "submitted_at"]

MSG_NOT_PUBLISHED = "推荐名额尚未公布，暂不能推荐。"
MSG_LOCKED = "推荐材料已提交并锁定，不能修改。如需修改，请联系秘书处退回。"


def over_quota_message(award_type: AwardType, quota: int) -> str:
    return f"已超出本赛区“{award_type.name}”推荐名额（{quota}个），不能再推荐。"


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


def _editable_nomination(nomination: Nomination) -> tuple[Nomination, AwardType]:
    """The nomination locked (behind its city's quota row) and its award, refused once it is locked for review."""
    award = AwardType.objects.select_related("competition").prefetch_related("competition__phases").get(
        pk=nomination.award_type_id)
    _lock_quota(award, nomination.division)
    fresh = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not fresh.editable:
        raise ValidationError(MSG_LOCKED)
    return fresh, award


@transaction.atomic
def nomination_update(*, nomination: Nomination, data: dict, by) -> Nomination:
    fresh, award = _editable_nomination(nomination)
    _check_window(award.competition)
    values = _clean_for_kind(award.nominee_kind, data)
    _check_nominee(award, fresh.division, values, exclude_pk=fresh.pk)
    audit_changed(fresh, fields=NOMINATION_FIELDS, save=[*values, "updated_at"], by=by,
                  action="commendation.nomination_update", **values)
    return fresh


@transaction.atomic
def nomination_submit(*, nomination: Nomination, by) -> Nomination:
    fresh, award = _editable_nomination(nomination)
    _check_window(award.competition)
    values = _clean_for_kind(award.nominee_kind, {f: getattr(fresh, f) for f in
                                                  ["entry", "team_name", "team_size", "person_name", "gender",
                                                   "ethnicity", "post", "frontline", "achievements"]})
    _check_nominee(award, fresh.division, values, exclude_pk=fresh.pk)
    if not fresh.achievements.strip():
        raise ValidationError({"achievements": "请填写主要事迹。"})
    audit_changed(fresh, fields=NOMINATION_FIELDS, save=["status", "submitted_at", "updated_at"], by=by,
                  action="commendation.nomination_submit", clean=False,
                  status=Nomination.Status.SUBMITTED, submitted_at=timezone.now())
    return fresh


@transaction.atomic
def nomination_delete(*, nomination: Nomination, by) -> None:
    fresh, _award = _editable_nomination(nomination)
    audit_record(actor=by, action="commendation.nomination_delete", target=fresh,
                 before=snapshot(fresh, NOMINATION_FIELDS))
    fresh.delete()


# ---- supporting files -----------------------------------------------------------------------------------------

FILE_TYPES = ("pdf", "jpg", "png")
MAX_FILES = 10


@atomic_with_files()
def nomination_file_add(*, nomination: Nomination, upload, by) -> NominationFile:
    fresh, _award = _editable_nomination(nomination)
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
    fresh, _award = _editable_nomination(document.nomination)
    audit_record(actor=by, action="commendation.file_delete", target=fresh,
                 before={"original_name": document.original_name, "sha256": document.sha256},
                 competition_id=fresh.competition_id)
    document.delete()
    delete_after_commit(document.file)
