"""Writes of the innovation contest's applications (seed 002): create, save a draft, submit, attachments.

Every function runs in one transaction, locks the application (or the organisation, whose titles must stay
unique across tracks) before it checks, and records an audit event. Deadlines are the registration phase of
the competition as extended for the applicant's division, compared in aware datetimes (Asia/Shanghai)."""

import copy

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from competitions.enums import CompetitionKind, CompetitionStatus, FormType, PhaseKind
from competitions.models import Division
from greencomp.audit import audit_event, audit_record, audit_record_all
from greencomp.enums import OrganisationKind, OrganisationStatus
from greencomp.models import AuditEvent, Organisation
from greencomp.uploads import atomic_with_files, delete_after_commit, stored_file_fill, upload_check
from notifications.enums import NotificationKind
from notifications.recipients import organisation_users
from notifications.services import notify

from .form_specs import STAMPED_SCAN, clean_data, profile_data, spec_for, validate_data
from .models import Application, ApplicationVersion, Attachment

MSG_MANUFACTURER_ONLY = "“%(track)s”赛道的参赛对象为在河南省注册成立的制造业企业，贵单位不能申报该赛道。"
MSG_SUPPLIER_ONLY = "“%(track)s”赛道的参赛对象为服务河南工业绿色低碳发展的绿色制造服务供应商，贵单位不能申报该赛道。"
MSG_NOT_APPLICANT = "只有审核通过的企业或绿色制造服务供应商可以申报。"
MSG_NOT_OPEN = "本次大赛当前不接受申报。"
MSG_CLOSED = "申报截止时间（%(deadline)s）已过，不能再修改或提交。"
MSG_NOT_STARTED = "申报尚未开始（%(opens)s开始）。"
MSG_NOT_EDITABLE = "该申报已提交，不能再修改；被退回后方可修改。"
MSG_SAME_TITLE = "同一技术只能选择一个赛道：“%(title)s”已在“%(track)s”赛道申报。"
MSG_NO_DIVISION = "贵单位所在省辖市（%(city)s）不在本次大赛的推荐单位中，请先在“单位信息”中填写正确的省辖市。"
MSG_NO_TITLE = "请填写%(label)s。"
MSG_BAD_CATEGORY = "未知的证明材料类别。"
AIRPORT_DIVISION = "航空港区"
# The foreign keys of a locked application are rows just read with it: full_clean need not query their existence.
LOCKED_KEYS = ["competition", "track", "division", "organisation", "created_by"]
SHARED_KEYS = ("competition", "track", "division")  # rows an application refers to that no applicant's write changes


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y年%-m月%-d日 %H:%M")


def track_eligibility_error(track, organisation) -> str:
    """The Chinese reason why this organisation may not enter this track (seed 002 五、参赛范围), or ""."""
    if track.form_type == FormType.SERVICE:
        if organisation.kind != OrganisationKind.SUPPLIER:
            return MSG_SUPPLIER_ONLY % {"track": track.name}
    elif organisation.kind != OrganisationKind.ENTERPRISE or not organisation.is_henan:
        return MSG_MANUFACTURER_ONLY % {"track": track.name}
    return ""


def applicant_division(*, competition, organisation) -> Division:
    """The city that recommends the applicant: its 省辖市; 航空港区 for firms registered in the 航空港区."""
    divisions = {d.name: d for d in competition.divisions.all()}
    if AIRPORT_DIVISION in (organisation.county or "") and AIRPORT_DIVISION in divisions:
        return divisions[AIRPORT_DIVISION]
    division = divisions.get(organisation.city)
    if division is None:
        raise ValidationError(MSG_NO_DIVISION, code="division", params={"city": organisation.city or "未填写"})
    return division


def check_submission_window(division, at=None) -> None:
    at = at or timezone.now()
    phase = division.competition.phase(PhaseKind.REGISTRATION)
    if phase and phase.opens_at and at < phase.opens_at:
        raise ValidationError(MSG_NOT_STARTED, code="not_started", params={"opens": _local(phase.opens_at)})
    deadline = division.deadline(PhaseKind.REGISTRATION)
    if deadline and at > deadline:
        raise ValidationError(MSG_CLOSED, code="closed", params={"deadline": _local(deadline)})


def _check_applicant(organisation) -> None:
    if not organisation or not organisation.is_applicant_kind or organisation.status != OrganisationStatus.APPROVED:
        raise ValidationError(MSG_NOT_APPLICANT, code="applicant")


def _check_unique_title(*, application=None, competition, organisation, track, title) -> None:
    key = "".join(title.split())
    if not key:
        return
    # Titles and track names only: an organisation's other applications, not their form data.
    others = Application.objects.filter(competition=competition, organisation=organisation).exclude(
        status=Application.Status.WITHDRAWN)
    if application is not None:
        others = others.exclude(pk=application.pk)
    clash = next((name for other, name in others.values_list("title", "track__name")
                  if "".join(other.split()) == key), None)
    if clash:
        raise ValidationError({"name": ValidationError(MSG_SAME_TITLE, code="same_title",
                                                       params={"title": title, "track": clash})})


def _locked(application, by, *, organisation: bool = False) -> Application:
    """The application row locked for update, after checking that `by` acts for its organisation (and with
    `organisation` that organisation's row too, locked in the same statement: a submission's title check)."""
    # FOR UPDATE of the application row only (not of the competition, track and division rows it refers to:
    # those are shared by every applicant, and nothing an applicant writes changes them). The ones the caller
    # read with the application (the view's selector: the division with its competition and phases, for the
    # window check) are taken from it; only the others are joined.
    cached = {name: getattr(application, name) for name in SHARED_KEYS
              if Application._meta.get_field(name).is_cached(application)}
    if "competition" not in cached and "division" in cached and Division.competition.is_cached(cached["division"]):
        cached["competition"] = cached["division"].competition  # an application's division is of its competition
    related = [path for path in ("competition", "track", "division__competition") if path.split("__")[0] not in cached]
    of = ["self"]
    if organisation:
        related.append("organisation")
        of.append("organisation")
    rows = Application.objects.select_for_update(of=of)
    locked = (rows.select_related(*related) if related else rows).get(pk=application.pk)  # (): every foreign key
    if by.organisation_id != locked.organisation_id:
        raise PermissionDenied
    for name, row in cached.items():
        if getattr(locked, f"{name}_id") == row.pk:
            setattr(locked, name, row)
    return locked


def check_editable(application) -> None:
    if not application.is_editable:
        raise ValidationError(MSG_NOT_EDITABLE, code="not_editable")
    check_submission_window(application.division)


@transaction.atomic
def application_create(*, competition, track, title: str, by) -> Application:
    _check_applicant(by.organisation)
    organisation = Organisation.objects.select_for_update().get(pk=by.organisation_id)
    if (competition.kind != CompetitionKind.INNOVATION or competition.status != CompetitionStatus.ACTIVE
            or track.competition_id != competition.pk):
        raise ValidationError(MSG_NOT_OPEN, code="not_open")
    reason = track_eligibility_error(track, organisation)
    if reason:
        raise ValidationError({"track": ValidationError(reason, code="eligibility")})
    division = applicant_division(competition=competition, organisation=organisation)
    check_submission_window(division)
    spec = spec_for(track.form_type)
    title = title.strip()
    if not title:
        label = spec.field(spec.name_key).label
        raise ValidationError({"name": ValidationError(MSG_NO_TITLE, code="required", params={"label": label})})
    _check_unique_title(competition=competition, organisation=organisation, track=track, title=title)
    data = clean_data(spec, {**profile_data(spec, organisation), spec.name_key: title})
    application = Application(competition=competition, track=track, division=division, organisation=organisation,
                              created_by=by, title=title[:200], data=data)
    application.full_clean()
    application.save()
    audit_record(actor=by, action="innovation.application.create", target=application,
                 after={"track": track.name, "division": division.name, "title": application.title})
    return application


DRAFT_FIELDS = ["data", "title", "updated_at"]


def _draft_set(application, data: dict, by) -> AuditEvent:
    """Set what was typed on the locked application, without validating it (the caller saves DRAFT_FIELDS);
    the audit event is returned for the caller to record."""
    spec = spec_for(application.track.form_type)
    before = {"title": application.title}
    application.data = clean_data(spec, data)
    application.title = application.data.get(spec.name_key, "")[:200]
    application.full_clean(exclude=LOCKED_KEYS)
    return audit_event(actor=by, action="innovation.application.save_draft", target=application, before=before,
                       after={"title": application.title})


@transaction.atomic
def application_save_draft(*, application, data: dict, by) -> Application:
    """Store whatever was typed, without validating it (nothing typed is ever lost)."""
    application = _locked(application, by)
    check_editable(application)
    event = _draft_set(application, data, by)
    application.save(update_fields=DRAFT_FIELDS)
    audit_record_all([event])
    return application


def attachment_manifest(attachments) -> list[dict]:
    return [{"category": a.category, "name": a.original_name, "sha256": a.sha256, "size": a.size}
            for a in attachments]


def application_submit(*, application, by, data: dict | None = None) -> Application:
    """Validate everything, then freeze a snapshot (form data + attachment checksums) as a new version. With
    `data` (the form as typed, no files chosen) the draft is stored under the same lock, in the same UPDATE: it
    stays saved when the submission is refused for its content (that ValidationError comes after the commit)."""
    refusal = None
    with transaction.atomic():
        application = _locked(application, by, organisation=True)
        check_editable(application)
        events = [] if data is None else [_draft_set(application, data, by)]
        try:
            attachments = _submit_check(application)
        except ValidationError as exc:
            if data is None:
                raise
            refusal = exc
            application.save(update_fields=DRAFT_FIELDS)
        else:
            events.append(_submit_write(application, attachments, by, also=DRAFT_FIELDS if events else []))
        audit_record_all(events)
    if refusal is not None:
        raise refusal
    return application


def _submit_check(application) -> list[Attachment]:
    """The locked application complete and its title unique (nothing written yet); returns its attachments."""
    spec = spec_for(application.track.form_type)
    attachments = list(application.attachments.order_by("category", "id"))
    validate_data(spec, application.data, {a.category for a in attachments})
    _check_unique_title(application=application, competition=application.competition,
                        organisation=application.organisation, track=application.track, title=application.title)
    return attachments


def _submit_write(application, attachments, by, also: list[str]) -> AuditEvent:
    """Submit the checked application (saving the `also` fields set on it with the submission)."""
    now = timezone.now()
    before = {"status": application.status, "version": application.version}
    if application.return_reason and application.version:
        application.versions.filter(number=application.version, return_reason="").update(
            return_reason=application.return_reason)
    application.version += 1
    application.status = Application.Status.SUBMITTED
    application.submitted_at = now
    application.return_reason = ""
    application.full_clean(exclude=LOCKED_KEYS)
    application.save(update_fields=list(dict.fromkeys(
        ["version", "status", "submitted_at", "return_reason", "updated_at", *also])))
    ApplicationVersion.objects.create(application=application, number=application.version,
                                      data=copy.deepcopy(application.data),
                                      attachments=attachment_manifest(attachments), submitted_at=now,
                                      submitted_by=by)
    notify(recipients=organisation_users(application.organisation, by), kind=NotificationKind.APPLICATION,
           competition=application.competition, title=f"申报“{application.title}”已提交（回执）",
           url=reverse("innovation:detail", args=[application.pk]),
           body=f"您在“{application.track.name}”赛道的申报“{application.title}”（第{application.version}版）已于"
                f"{_local(now)}提交，等待{application.division.name}工业和信息化主管部门审核。")
    return audit_event(actor=by, action="innovation.application.submit", target=application, before=before,
                       after={"status": application.status, "version": application.version})


def _check_may_attach(application, category: str) -> None:
    stamped_after_submit = (category == STAMPED_SCAN.code
                            and application.status == Application.Status.SUBMITTED)
    if not (application.is_editable or stamped_after_submit):
        raise ValidationError(MSG_NOT_EDITABLE, code="not_editable")
    check_submission_window(application.division)


def _proof_label(proof) -> str:
    """The proof's name as the trail shows it: its label without the bracketed instructions."""
    return proof.label.split("（")[0].rstrip("。")


@atomic_with_files()
def attachment_add(*, application, category: str, upload, by) -> Attachment:
    application = _locked(application, by)
    spec = spec_for(application.track.form_type)
    proof = STAMPED_SCAN if category == STAMPED_SCAN.code else spec.proof(category)
    if proof is None:
        raise ValidationError(MSG_BAD_CATEGORY, code="category")
    _check_may_attach(application, category)
    info = upload_check(upload, allowed=proof.types)
    attachment = Attachment(application=application, category=category)
    stored_file_fill(attachment, upload, info, by=by)
    attachment.full_clean()
    attachment.save()
    audit_record(actor=by, action="innovation.attachment.add", target=application,
                 after={"category": _proof_label(proof), "name": info.original_name, "sha256": info.sha256, "size": info.size})
    return attachment


@transaction.atomic
def attachment_delete(*, attachment, by) -> None:
    application = _locked(attachment.application, by)
    if not application.is_editable:
        raise ValidationError(MSG_NOT_EDITABLE, code="not_editable")
    check_submission_window(application.division)
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk, application=application)
    spec = spec_for(application.track.form_type)
    proof = STAMPED_SCAN if attachment.category == STAMPED_SCAN.code else spec.proof(attachment.category)
    before = {"category": _proof_label(proof) if proof else attachment.category, "name": attachment.original_name,
              "sha256": attachment.sha256}
    attachment.delete()
    delete_after_commit(attachment.file)
    audit_record(actor=by, action="innovation.attachment.delete", target=application, before=before)
