"""Writes of labour-competition registration. Every service that touches a division's list first locks that
division's quota row (select_for_update), so registering, importing, editing, withdrawing and submitting
one division are serialised: the count, the deadline and the submitted flag are read under the lock."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from competitions.enums import PhaseKind
from competitions.models import Division
from greencomp.audit import audit_record, snapshot
from greencomp.enums import OrganisationKind
from greencomp.imports import ImportRow
from greencomp.models import Organisation
from greencomp.services import organisation_get_or_create
from greencomp.validators import validate_credit_code, validate_phone
from notifications.enums import NotificationKind
from notifications.recipients import division_officers
from notifications.services import notify
from quotas.models import Quota

from .models import DivisionSubmission, Entry, EntryDocument, EntryIndicator
from .uploads_labour import check_document

ENTRY_FIELDS = ["project", "project_address", "contact_name", "contact_phone", "industry", "status"]
SUBMISSION_FIELDS = ["status", "leader_name", "filled_on", "filler_name", "filler_phone", "plan_file",
                     "submitted_at", "reopened_at", "reopen_reason"]
INDICATOR_FIELDS = ["year", "energy_total", "unit_consumption", "unit_consumption_unit", "industry_average",
                    "energy_saved", "water_saved", "co2_reduced", "so2", "nox", "particulates", "cod"]

MSG_NO_QUOTA = "本赛区尚未分配参赛名额，不能登记。"
MSG_SUBMITTED = "本赛区参赛名单已报送，不能再登记、修改或撤回。如需修改，请联系秘书处退回。"


def over_quota_message(quota: int) -> str:
    return f"已超出本赛区参赛名额（{quota}个），不能再登记。"


def format_deadline(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def deadline_message(moment: datetime.datetime) -> str:
    return f"已超过报送截止时间（{format_deadline(moment)}），不能再登记、修改或报送。如需延期，请联系秘书处。"


def duplicate_message(code: str, division_name: str) -> str:
    return f"统一社会信用代码 {code} 的单位已在“{division_name}”赛区登记，同一竞赛中不能重复登记。"


# ---- the division lock and the checks made under it ---------------------------------------------------------

def _lock(division: Division) -> tuple[Division, Quota]:
    """Lock the division's quota row, then re-read the division (extension, submission) under the lock."""
    quota = Quota.objects.select_for_update().filter(division_id=division.pk).first()
    if quota is None:
        raise ValidationError(MSG_NO_QUOTA)
    fresh = Division.objects.select_related("competition").prefetch_related("competition__phases").get(
        pk=division.pk)
    return fresh, quota


def _submission(division: Division) -> DivisionSubmission | None:
    return DivisionSubmission.objects.filter(division=division).first()


def _check_open(division: Division, *, now=None) -> None:
    """Refuse any change after the deadline (Asia/Shanghai, the division's extension counts) or once submitted."""
    deadline = division.deadline(PhaseKind.REGISTRATION)
    if deadline and (now or timezone.now()) > deadline:
        raise ValidationError(deadline_message(deadline))
    submission = _submission(division)
    if submission and submission.is_submitted:
        raise ValidationError(MSG_SUBMITTED)


def _registered(division: Division) -> int:
    return Entry.objects.filter(division=division, status=Entry.Status.REGISTERED).count()


def _existing_division_name(competition_id: int, code: str) -> str | None:
    return (Entry.objects.filter(competition_id=competition_id, organisation__credit_code=code,
                                 status=Entry.Status.REGISTERED)
            .values_list("division__name", flat=True).first())


def _normalise_code(code: str) -> str:
    return (code or "").strip().upper()


def _create_entry(*, division, organisation_name, credit_code, project, project_address, contact_name,
                  contact_phone, industry, by) -> Entry:
    try:
        with transaction.atomic():
            organisation = organisation_get_or_create(name=organisation_name.strip(),
                                                      kind=OrganisationKind.ENTERPRISE, credit_code=credit_code,
                                                      city=division.city, by=by)
    except IntegrityError:
        # Two divisions created the same new organisation at the same moment: use the one that won.
        organisation = Organisation.objects.get(credit_code=credit_code)
    entry = Entry(competition_id=division.competition_id, division=division, organisation=organisation,
                  project=project.strip(), project_address=project_address.strip(),
                  contact_name=contact_name.strip(), contact_phone=contact_phone.strip(),
                  industry=industry.strip(), created_by=by)
    entry.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        # Another division registered the same organisation at the same moment: the constraint decides.
        name = _existing_division_name(division.competition_id, credit_code) or "其他"
        raise ValidationError({"credit_code": duplicate_message(credit_code, name)}) from None
    audit_record(actor=by, action="labour_entry_register", target=entry,
                 after={"organisation": organisation.name, "credit_code": credit_code,
                        **snapshot(entry, ENTRY_FIELDS), "division": division.name})
    return entry


@transaction.atomic
def entry_register(*, division: Division, organisation_name: str, credit_code: str, project: str,
                   project_address: str, contact_name: str, contact_phone: str, industry: str, by) -> Entry:
    division, quota = _lock(division)  # before counting: two officers at the last place wait here
    _check_open(division)
    if _registered(division) >= quota.entries:
        raise ValidationError(over_quota_message(quota.entries))
    code = _normalise_code(credit_code)
    try:
        validate_credit_code(code)
    except ValidationError as exc:
        raise ValidationError({"credit_code": exc.messages}) from None
    taken_in = _existing_division_name(division.competition_id, code)
    if taken_in:
        raise ValidationError({"credit_code": duplicate_message(code, taken_in)})
    return _create_entry(division=division, organisation_name=organisation_name, credit_code=code,
                         project=project, project_address=project_address, contact_name=contact_name,
                         contact_phone=contact_phone, industry=industry, by=by)


@transaction.atomic
def entry_update(*, entry: Entry, project: str, project_address: str, contact_name: str, contact_phone: str,
                 industry: str, by) -> Entry:
    division, _quota = _lock(entry.division)
    _check_open(division)
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != Entry.Status.REGISTERED:
        raise ValidationError("该参赛单位已撤回，不能修改。")
    before = snapshot(entry, ENTRY_FIELDS)
    entry.project, entry.project_address = project.strip(), project_address.strip()
    entry.contact_name, entry.contact_phone, entry.industry = contact_name.strip(), contact_phone.strip(), \
        industry.strip()
    entry.full_clean(validate_constraints=False)
    entry.save(update_fields=["project", "project_address", "contact_name", "contact_phone", "industry",
                              "updated_at"])
    audit_record(actor=by, action="labour_entry_update", target=entry, before=before,
                 after=snapshot(entry, ENTRY_FIELDS))
    return entry


@transaction.atomic
def entry_withdraw(*, entry: Entry, reason: str = "", by) -> Entry:
    division, _quota = _lock(entry.division)
    _check_open(division)
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != Entry.Status.REGISTERED:
        raise ValidationError("该参赛单位已撤回。")
    before = snapshot(entry, ["status"])
    entry.status = Entry.Status.WITHDRAWN
    entry.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action="labour_entry_withdraw", target=entry, before=before,
                 after=snapshot(entry, ["status"]), reason=reason)
    return entry


# ---- Excel import (all or nothing) ---------------------------------------------------------------------------

def import_rows_check(*, division: Division, rows: list[ImportRow], quota: int | None = None,
                      registered: int | None = None) -> list[str]:
    """Add each row's errors in place; return the errors of the batch as a whole (quota, lock, deadline)."""
    batch = []
    try:
        _check_open(division)
    except ValidationError as exc:
        batch.extend(exc.messages)
    if quota is None:
        row = Quota.objects.filter(division_id=division.pk).first()
        if row is None:
            return batch + [MSG_NO_QUOTA]
        quota = row.entries
    registered = _registered(division) if registered is None else registered
    codes = [_normalise_code(r.values.get("credit_code", "")) for r in rows]
    taken = dict(Entry.objects.filter(competition_id=division.competition_id, organisation__credit_code__in=codes,
                                      status=Entry.Status.REGISTERED)
                 .values_list("organisation__credit_code", "division__name"))
    first_line = {}
    for row, code in zip(rows, codes, strict=True):
        row.values["credit_code"] = code
        for key, check in (("credit_code", validate_credit_code), ("contact_phone", validate_phone)):
            if row.values.get(key):
                try:
                    check(row.values[key])
                except ValidationError as exc:
                    row.errors.extend(exc.messages)
        if code and code in first_line:
            row.errors.append(f"统一社会信用代码与第{first_line[code]}行重复")
        first_line.setdefault(code, row.line)
        if code in taken:
            row.errors.append(f"该单位已在“{taken[code]}”赛区登记")
        for key, limit in (("name", 200), ("project", 200), ("project_address", 200), ("contact_name", 50),
                           ("industry", 100)):
            if len(row.values.get(key, "")) > limit:
                row.errors.append(f"内容过长（不超过{limit}字）")
    left = max(quota - registered, 0)
    if len(rows) > left:
        batch.append(f"本次导入{len(rows)}家，本赛区剩余名额{left}个，{over_quota_message(quota)}")
        for row in rows[left:]:
            row.errors.append(f"超出本赛区参赛名额（{quota}个）")
    return batch


@transaction.atomic
def entries_import(*, division: Division, rows: list[dict], by) -> int:
    """Create every row or none: the quota row is locked, and every check is made again under the lock."""
    division, quota = _lock(division)
    items = [ImportRow(line=i + 1, values=dict(v)) for i, v in enumerate(rows)]
    batch = import_rows_check(division=division, rows=items, quota=quota.entries)
    if batch or any(r.errors for r in items):
        raise ValidationError("数据已发生变化，未导入任何数据，请重新上传并预览。" + "".join(batch))
    for item in items:
        v = item.values
        _create_entry(division=division, organisation_name=v["name"], credit_code=v["credit_code"],
                      project=v["project"], project_address=v["project_address"], contact_name=v["contact_name"],
                      contact_phone=v["contact_phone"], industry=v["industry"], by=by)
    audit_record(actor=by, action="labour_entries_import", target=division, after={"count": len(items)},
                 competition_id=division.competition_id)
    return len(items)


# ---- submitting the list, extension, reopening ---------------------------------------------------------------

@transaction.atomic
def submission_submit(*, division: Division, leader_name: str, filled_on: datetime.date, filler_name: str,
                      filler_phone: str, plan_file=None, by) -> DivisionSubmission:
    division, _quota = _lock(division)
    _check_open(division)
    if _registered(division) == 0:
        raise ValidationError("尚未登记参赛单位，不能报送。")
    submission = _submission(division) or DivisionSubmission(division=division)
    before = snapshot(submission, SUBMISSION_FIELDS) if submission.pk else None
    if plan_file is not None:
        info = check_document(plan_file, "竞赛方案")
        submission.plan_file = plan_file
        submission.plan_original_name = info["original_name"]
        submission.plan_size, submission.plan_sha256 = info["size"], info["sha256"]
    elif not submission.plan_file:
        raise ValidationError({"plan_file": "请上传竞赛方案（PDF、DOC 或 DOCX）。"})
    submission.leader_name, submission.filled_on = leader_name.strip(), filled_on
    submission.filler_name, submission.filler_phone = filler_name.strip(), filler_phone.strip()
    submission.status = DivisionSubmission.Status.SUBMITTED
    submission.submitted_at, submission.submitted_by = timezone.now(), by
    submission.full_clean()
    submission.save()
    audit_record(actor=by, action="labour_list_submit", target=submission, before=before,
                 after=snapshot(submission, SUBMISSION_FIELDS), competition_id=division.competition_id)
    notify(recipients=division_officers(division), kind=NotificationKind.LABOUR, competition=division.competition,
           title=f"{division.name}赛区参赛名单已报送", url=reverse("labour:division", args=[division.pk]),
           body=f"{division.competition.title}：{division.name}赛区的参赛单位名单（{_registered(division)}家）已报送大赛秘书处受理。")
    return submission


@transaction.atomic
def submission_reopen(*, division: Division, reason: str, by) -> DivisionSubmission:
    division, _quota = _lock(division)
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回修改的原因。"})
    submission = _submission(division)
    if not (submission and submission.is_submitted):
        raise ValidationError("该赛区参赛名单尚未报送，无需退回。")
    before = snapshot(submission, SUBMISSION_FIELDS)
    submission.status = DivisionSubmission.Status.DRAFT
    submission.reopened_at, submission.reopen_reason = timezone.now(), reason.strip()
    submission.save(update_fields=["status", "reopened_at", "reopen_reason"])
    audit_record(actor=by, action="labour_list_reopen", target=submission, before=before,
                 after=snapshot(submission, SUBMISSION_FIELDS), reason=reason.strip(),
                 competition_id=division.competition_id)
    notify(recipients=division_officers(division), kind=NotificationKind.LABOUR, competition=division.competition,
           title=f"{division.name}赛区参赛名单已退回修改", url=reverse("labour:division", args=[division.pk]),
           body=f"{division.competition.title}：大赛秘书处已将{division.name}赛区的参赛名单退回修改，请修改后重新报送。"
                f"原因：{reason.strip()}")
    return submission


@transaction.atomic
def division_extend(*, division: Division, until: datetime.datetime, reason: str, by) -> Division:
    division, _quota = _lock(division)
    if not reason.strip():
        raise ValidationError({"reason": "请填写延期原因。"})
    if until <= timezone.now():
        raise ValidationError({"until": "延期截止时间须晚于当前时间。"})
    before = snapshot(division, ["extended_until"])
    division.extended_until = until
    division.save(update_fields=["extended_until"])
    audit_record(actor=by, action="labour_division_extend", target=division, before=before,
                 after=snapshot(division, ["extended_until"]), reason=reason.strip(),
                 competition_id=division.competition_id)
    notify(recipients=division_officers(division), kind=NotificationKind.LABOUR, competition=division.competition,
           title=f"{division.name}赛区报名截止时间已延期", url=reverse("labour:division", args=[division.pk]),
           body=f"{division.competition.title}：{division.name}赛区的参赛名单报送截止时间已延期至{format_deadline(until)}。")
    return division


# ---- the enterprise's own reporting ------------------------------------------------------------------------

@transaction.atomic
def entry_document_upload(*, entry: Entry, kind: str, upload, by) -> EntryDocument:
    label = EntryDocument.Kind(kind).label
    info = check_document(upload, label)
    document = EntryDocument.objects.select_for_update().filter(entry=entry, kind=kind).first()
    before = snapshot(document, ["original_name", "sha256"]) if document else None
    old_name = document.file.name if document else None
    document = document or EntryDocument(entry=entry, kind=kind)
    document.file = upload
    document.original_name, document.size, document.sha256 = info["original_name"], info["size"], info["sha256"]
    document.uploaded_by = by
    document.save()
    if old_name:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    audit_record(actor=by, action="labour_document_upload", target=document, before=before,
                 after=snapshot(document, ["original_name", "sha256"]), competition_id=entry.competition_id)
    return document


@transaction.atomic
def entry_indicator_save(*, entry: Entry, period: str, values: dict, by) -> EntryIndicator:
    indicator = EntryIndicator.objects.select_for_update().filter(entry=entry, period=period).first()
    before = snapshot(indicator, INDICATOR_FIELDS) if indicator else None
    indicator = indicator or EntryIndicator(entry=entry, period=period)
    for name in INDICATOR_FIELDS:
        setattr(indicator, name, values.get(name))
    indicator.unit_consumption_unit = indicator.unit_consumption_unit or ""
    indicator.full_clean()
    indicator.save()
    audit_record(actor=by, action="labour_indicator_save", target=indicator, before=before,
                 after=snapshot(indicator, INDICATOR_FIELDS), competition_id=entry.competition_id)
    return indicator
