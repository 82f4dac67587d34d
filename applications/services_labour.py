"""Writes of labour-competition registration. Every service that touches a division's list first locks that
division's quota row (select_for_update), so registering, importing, editing, withdrawing and submitting
one division are serialised: the count, the deadline and the submitted flag are read under the lock."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from competitions.enums import PhaseKind
from competitions.models import Division
from greencomp.audit import audit_event, audit_record, audit_record_all, snapshot
from greencomp.enums import OrganisationKind
from greencomp.imports import ImportRow, missing_warning, rows_recheck
from greencomp.models import Organisation
from greencomp.services import lost_organisation_race, organisation_get_or_create
from greencomp.uploads import atomic_with_files, delete_after_commit, stored_file_fill, upload_check
from greencomp.validators import validate_credit_code, validate_phone
from notifications.enums import NotificationKind
from notifications.recipients import division_officers
from notifications.services import notify
from quotas.models import Quota

from .models import DivisionSubmission, Entry, EntryDocument, EntryIndicator, SubmissionPlan

ENTRY_FIELDS = ["project", "project_address", "contact_name", "contact_phone", "industry", "status"]
SUBMISSION_FIELDS = ["status", "leader_name", "filled_on", "filler_name", "filler_phone", "submitted_at",
                     "reopened_at", "reopen_reason"]
DOCUMENT_TYPES = ("pdf", "doc", "docx")
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


def _check_open(division: Division, *, now=None, submitted: bool | None = None) -> None:
    """Refuse any change after the deadline (Asia/Shanghai, the division's extension counts) or once submitted
    (`submitted` when the caller has read it already under the lock)."""
    deadline = division.deadline(PhaseKind.REGISTRATION)
    if deadline and (now or timezone.now()) > deadline:
        raise ValidationError(deadline_message(deadline))
    if submitted is None:
        submission = _submission(division)
        submitted = bool(submission and submission.is_submitted)
    if submitted:
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
                  contact_phone, industry, by, savepoint: bool = True) -> Entry:
    events = []  # a new organisation's creation and the registration: one insert of the audit trail
    organisation = organisation_get_or_create(name=organisation_name.strip(), kind=OrganisationKind.ENTERPRISE,
                                              credit_code=credit_code, city=division.city, by=by,
                                              savepoint=savepoint, events=events)
    entry = Entry(competition_id=division.competition_id, division=division, organisation=organisation,
                  project=project.strip(), project_address=project_address.strip(),
                  contact_name=contact_name.strip(), contact_phone=contact_phone.strip(),
                  industry=industry.strip(), created_by=by)
    # The foreign keys are rows just read or created (no existence queries); the constraint is caught below.
    # The unique constraint (one registration per organisation and competition) raises IntegrityError at the
    # insert; the callers turn it into the message (_duplicate_refusal) once the transaction is rolled back.
    entry.full_clean(exclude=["competition", "division", "organisation", "created_by"], validate_constraints=False)
    entry.save()
    events.append(audit_event(actor=by, action="labour_entry_register", target=entry,
                              after={"organisation": organisation.name, "credit_code": credit_code,
                                     **snapshot(entry, ENTRY_FIELDS), "division": division.name}))
    audit_record_all(events)
    return entry


def _duplicate_refusal(division: Division, code: str) -> ValidationError:
    """The Chinese message for a registration the unique constraint refused (read after the rollback)."""
    name = _existing_division_name(division.competition_id, code) or "其他"
    return ValidationError({"credit_code": duplicate_message(code, name)})


def _register_lock(division: Division) -> tuple[Division, int, int, bool]:
    """The quota row locked (FOR UPDATE of that row only, its `entries` read as a value: the entry inserted next
    references the division and competition rows, so locking them would deadlock against that foreign-key
    check). Then, in one statement started after the lock was granted (so it sees every registration, extension
    and submission committed meanwhile), the division's extension, the registered count and whether the list is
    submitted. Returns the caller's division with that extension (its competition and phases as the caller read
    them: phases are edited under the competition's lock, not this one), the quota, the count, the flag."""
    try:
        quota = Quota.objects.select_for_update().filter(division_id=division.pk).values_list(
            "entries", flat=True).get()
    except Quota.DoesNotExist:
        raise ValidationError(MSG_NO_QUOTA) from None
    extended_until, registered, submitted = Division.objects.filter(pk=division.pk).values_list(
        "extended_until",
        Subquery(Entry.objects.filter(division_id=OuterRef("pk"), status=Entry.Status.REGISTERED).order_by()
                 .values("division_id").annotate(n=Count("pk")).values("n")),  # order_by(): GROUP BY division only
        Exists(DivisionSubmission.objects.filter(division=OuterRef("pk"),
                                                 status=DivisionSubmission.Status.SUBMITTED))).get()
    division.extended_until = extended_until
    return division, quota, registered or 0, submitted


def entry_register(*, division: Division, organisation_name: str, credit_code: str, project: str,
                   project_address: str, contact_name: str, contact_phone: str, industry: str, by) -> Entry:
    code = _normalise_code(credit_code)
    for attempt in range(2):
        try:
            return _entry_register(division=division, organisation_name=organisation_name, credit_code=code,
                                   project=project, project_address=project_address, contact_name=contact_name,
                                   contact_phone=contact_phone, industry=industry, by=by)
        except IntegrityError as exc:
            # No look-ups first and no savepoints: the unique constraints decide and the whole registration is
            # rolled back. The same new organisation created meanwhile elsewhere exists now: register again
            # (once); an organisation registered in this competition already gets the message.
            if attempt == 0 and lost_organisation_race(exc):
                continue
            raise _duplicate_refusal(division, code) from None


@transaction.atomic
def _entry_register(*, division: Division, credit_code: str, **values) -> Entry:
    division, quota, registered, submitted = _register_lock(division)  # two officers at the last place wait here
    _check_open(division, submitted=submitted)
    if registered >= quota:
        raise ValidationError(over_quota_message(quota))
    try:
        validate_credit_code(credit_code)
    except ValidationError as exc:
        raise ValidationError({"credit_code": exc.messages}) from None
    return _create_entry(division=division, credit_code=credit_code, savepoint=False, **values)


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

def import_rows_check(*, division: Division, rows: list[ImportRow], quota: int | None = None) -> list[str]:
    """Add each row's errors in place; return the errors of the batch as a whole (quota, lock, deadline). A row
    without a credit code (the seed's own 附件2 has no such column) is matched by the unit's name instead."""
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
    for row in rows:
        row.values["credit_code"] = _normalise_code(row.values.get("credit_code", ""))
        _check_import_values(row)
    _fill_known_codes(rows)
    _check_import_duplicates(division, rows)
    left = max(quota - _registered(division), 0)
    if len(rows) > left:
        batch.append(f"本次导入{len(rows)}家，本赛区剩余名额{left}个，{over_quota_message(quota)}")
        for row in rows[left:]:
            row.errors.append(f"超出本赛区参赛名额（{quota}个）")
    return batch


def _check_import_values(row: ImportRow) -> None:
    for key, check in (("credit_code", validate_credit_code), ("contact_phone", validate_phone)):
        if row.values.get(key):
            try:
                check(row.values[key])
            except ValidationError as exc:
                row.errors.extend(exc.messages)
    for key, limit in (("name", 200), ("project", 200), ("project_address", 200), ("contact_name", 50),
                       ("industry", 100)):
        if len(row.values.get(key, "")) > limit:
            row.errors.append(f"内容过长（不超过{limit}字）")


def _fill_known_codes(rows: list[ImportRow]) -> None:
    """A row without a code whose unit the platform already knows by name (one organisation of that name, with a
    code) takes that code, so the entry joins the known organisation instead of a nameless twin."""
    names = {r.values.get("name", "").strip() for r in rows if not r.values["credit_code"]}
    known = {}
    for name, code in Organisation.objects.filter(name__in=names).exclude(credit_code="").values_list(
            "name", "credit_code"):
        known[name] = None if name in known else code  # two organisations of one name: leave it to the officer
    for row in rows:
        code = known.get(row.values.get("name", "").strip())
        if not row.values["credit_code"] and code:
            row.values["credit_code"] = code
            row.warnings.remove(missing_warning("统一社会信用代码"))


def _check_import_duplicates(division: Division, rows: list[ImportRow]) -> None:
    """The same unit twice in the sheet, or already registered in this competition: by code, else by name."""
    codes = [r.values["credit_code"] for r in rows if r.values["credit_code"]]
    names = [r.values.get("name", "").strip() for r in rows if not r.values["credit_code"]]
    registered = Entry.objects.filter(competition_id=division.competition_id, status=Entry.Status.REGISTERED)
    taken_codes = dict(registered.filter(organisation__credit_code__in=codes)
                       .values_list("organisation__credit_code", "division__name"))
    taken_names = dict(registered.filter(organisation__name__in=names).values_list("organisation__name",
                                                                                   "division__name"))
    first_line = {}
    for row in rows:
        code, name = row.values["credit_code"], row.values.get("name", "").strip()
        key = ("code", code) if code else ("name", name)
        label = "统一社会信用代码" if code else "参赛单位"
        if (code or name) and key in first_line:
            row.errors.append(f"{label}与第{first_line[key]}行重复")
        first_line.setdefault(key, row.line)
        division_name = taken_codes.get(code) if code else taken_names.get(name)
        if division_name:
            row.errors.append(f"该单位已在“{division_name}”赛区登记")


@transaction.atomic
def entries_import(*, division: Division, rows: list[dict], by) -> int:
    """Create every row or none: the quota row is locked, and every check is made again under the lock."""
    division, quota = _lock(division)
    items = rows_recheck(rows, lambda items: import_rows_check(division=division, rows=items, quota=quota.entries))
    for item in items:
        v = item.values
        try:
            with transaction.atomic():  # a registration made meanwhile elsewhere: the constraint decides
                _create_entry(division=division, organisation_name=v["name"], credit_code=v["credit_code"],
                              project=v["project"], project_address=v["project_address"],
                              contact_name=v["contact_name"], contact_phone=v["contact_phone"],
                              industry=v.get("industry", ""), by=by)
        except IntegrityError:
            raise _duplicate_refusal(division, v["credit_code"]) from None
    audit_record(actor=by, action="labour_entries_import", target=division, after={"count": len(items)},
                 competition_id=division.competition_id)
    return len(items)


# ---- submitting the list, extension, reopening ---------------------------------------------------------------

@atomic_with_files()
def submission_submit(*, division: Division, leader_name: str, filled_on: datetime.date, filler_name: str,
                      filler_phone: str, plan_file=None, by) -> DivisionSubmission:
    division, _quota = _lock(division)
    _check_open(division)
    if _registered(division) == 0:
        raise ValidationError("尚未登记参赛单位，不能报送。")
    submission = _submission(division) or DivisionSubmission(division=division)
    before = _submission_snapshot(submission) if submission.pk else None
    plan = getattr(submission, "plan", None) if submission.pk else None
    if plan_file is None and plan is None:
        raise ValidationError({"plan_file": "请上传竞赛方案（PDF、DOC 或 DOCX）。"})
    checked = upload_check(plan_file, allowed=DOCUMENT_TYPES, field="plan_file") if plan_file else None
    submission.leader_name, submission.filled_on = leader_name.strip(), filled_on
    submission.filler_name, submission.filler_phone = filler_name.strip(), filler_phone.strip()
    submission.status = DivisionSubmission.Status.SUBMITTED
    submission.submitted_at, submission.submitted_by = timezone.now(), by
    submission.full_clean()
    submission.save()
    if checked:
        _plan_replace(submission, plan, plan_file, checked, by=by)
    audit_record(actor=by, action="labour_list_submit", target=submission, before=before,
                 after=_submission_snapshot(submission), competition_id=division.competition_id)
    notify(recipients=division_officers(division), kind=NotificationKind.LABOUR, competition=division.competition,
           title=f"{division.name}赛区参赛名单已报送", url=reverse("labour:division", args=[division.pk]),
           body=f"{division.competition.title}：{division.name}赛区的参赛单位名单（{_registered(division)}家）已报送大赛秘书处受理。")
    return submission


def _plan_replace(submission: DivisionSubmission, old: SubmissionPlan | None, upload, checked, *, by) -> None:
    plan = old or SubmissionPlan(submission=submission)
    if old:
        delete_after_commit(old.file)
    stored_file_fill(plan, upload, checked, by=by)
    plan.save()
    submission.plan = plan


def _submission_snapshot(submission: DivisionSubmission) -> dict:
    plan = getattr(submission, "plan", None) if submission.pk else None
    return snapshot(submission, SUBMISSION_FIELDS) | {"plan_file": plan.file.name if plan else ""}


@transaction.atomic
def submission_reopen(*, division: Division, reason: str, by) -> DivisionSubmission:
    division, _quota = _lock(division)
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回修改的原因。"})
    submission = _submission(division)
    if not (submission and submission.is_submitted):
        raise ValidationError("该赛区参赛名单尚未报送，无需退回。")
    before = _submission_snapshot(submission)
    submission.status = DivisionSubmission.Status.DRAFT
    submission.reopened_at, submission.reopen_reason = timezone.now(), reason.strip()
    submission.save(update_fields=["status", "reopened_at", "reopen_reason"])
    audit_record(actor=by, action="labour_list_reopen", target=submission, before=before,
                 after=_submission_snapshot(submission), reason=reason.strip(),
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


# ---- the enterprise's own reporting, or the division officer's on its behalf ----------------------------------

def acting_on_behalf(entry: Entry, by) -> bool:
    """True when the person recording is not an account of the entry's enterprise (a division officer acting for
    an enterprise without an account): the row and its audit event say so."""
    return getattr(by, "organisation_id", None) != entry.organisation_id


def _behalf_note(entry: Entry, on_behalf: bool) -> dict:
    return {"on_behalf_of": entry.organisation.name} if on_behalf else {}


@atomic_with_files()
def entry_document_upload(*, entry: Entry, kind: str, upload, by) -> EntryDocument:
    checked = upload_check(upload, allowed=DOCUMENT_TYPES)
    document = EntryDocument.objects.select_for_update().filter(entry=entry, kind=kind).first()
    before = snapshot(document, ["original_name", "sha256", "on_behalf"]) if document else None
    if document:
        delete_after_commit(document.file)
    document = document or EntryDocument(entry=entry, kind=kind)
    stored_file_fill(document, upload, checked, by=by)
    document.on_behalf = acting_on_behalf(entry, by)
    document.save()
    audit_record(actor=by, action="labour_document_upload", target=document, before=before,
                 after=snapshot(document, ["original_name", "sha256", "on_behalf"])
                 | _behalf_note(entry, document.on_behalf), competition_id=entry.competition_id)
    return document


@transaction.atomic
def entry_indicator_save(*, entry: Entry, period: str, values: dict, by) -> EntryIndicator:
    if period not in EntryIndicator.Period.values:
        raise ValidationError("指标期间不正确。")
    indicator = EntryIndicator.objects.select_for_update().filter(entry=entry, period=period).first()
    before = snapshot(indicator, INDICATOR_FIELDS + ["on_behalf"]) if indicator else None
    indicator = indicator or EntryIndicator(entry=entry, period=period)
    for name in INDICATOR_FIELDS:
        setattr(indicator, name, values.get(name))
    indicator.unit_consumption_unit = indicator.unit_consumption_unit or ""
    indicator.recorded_by, indicator.on_behalf = by, acting_on_behalf(entry, by)
    indicator.full_clean()
    indicator.save()
    audit_record(actor=by, action="labour_indicator_save", target=indicator, before=before,
                 after=snapshot(indicator, INDICATOR_FIELDS + ["on_behalf"]) | _behalf_note(entry, indicator.on_behalf),
                 competition_id=entry.competition_id)
    return indicator
