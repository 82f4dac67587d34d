"""Writes of 成果展示与银企对接: the applicant's consent, a bank's registration and interest, the applicant's
answer. Each one audited and notified through the 消息中心."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from greencomp.audit import audit_record, snapshot
from greencomp.enums import OrganisationKind
from greencomp.services import decision_check, enterprise_register
from notifications.enums import NotificationKind
from notifications.recipients import organisation_users, secretariat_of
from notifications.services import notify

from .display import optional_fields
from .enums import CONTACT_LABELS, InterestStatus
from .models import FinancingInterest, ShowcaseConsent
from .rules import is_bank_user

CONSENT_FIELDS = ["show_in_gallery", "shown_fields", "contact_public", "financing_shared", "financing_need",
                  "financing_purpose", "financing_stage"]


def _consent_snapshot(consent: ShowcaseConsent, labels: dict[str, str]) -> dict:
    """The shown fields by their labels on the form: the audit trail is read by people, not by the form."""
    data = snapshot(consent, CONSENT_FIELDS)
    data["shown_fields"] = [labels.get(key, key) for key in data["shown_fields"]]
    return data


@transaction.atomic
def consent_record(*, application: Application, show_in_gallery: bool, shown_fields: list[str],
                   contact_public: bool, financing_shared: bool, financing_need: Decimal | None,
                   financing_purpose: str, financing_stage: str, by) -> ShowcaseConsent:
    """The applicant's choice, recorded with its time; the previous choice stays in the audit trail."""
    allowed = {key for key, _ in optional_fields(application)}
    unknown = set(shown_fields) - allowed
    if unknown:
        raise ValidationError({"shown_fields": "所选展示内容不属于本申报表。"})
    consent = ShowcaseConsent.objects.select_for_update().filter(application=application).first()
    labels = dict(optional_fields(application))
    before = _consent_snapshot(consent, labels) if consent else None
    consent = consent or ShowcaseConsent(application=application)
    consent.show_in_gallery, consent.contact_public = show_in_gallery, contact_public
    consent.shown_fields = [key for key, _ in optional_fields(application) if key in shown_fields]
    consent.financing_shared = financing_shared
    consent.financing_need = financing_need if financing_shared else None
    consent.financing_purpose = financing_purpose.strip() if financing_shared else ""
    consent.financing_stage = financing_stage if financing_shared else ""
    consent.consented_at, consent.consented_by = timezone.now(), by
    consent.full_clean()
    consent.save()
    audit_record(actor=by, action="showcase_consent", target=consent, before=before,
                 after=_consent_snapshot(consent, labels), competition_id=application.competition_id,
                 division_id=application.division_id)
    return consent


@transaction.atomic
def bank_register(*, organisation_name: str, credit_code: str, city: str, county: str, contact_name: str,
                  contact_phone: str, username: str, email: str, password: str):
    """A financial institution registers itself; it stays 待审核 until the secretariat approves it."""
    user = enterprise_register(
        organisation_name=organisation_name, kind=OrganisationKind.BANK, credit_code=credit_code, city=city,
        county=county, contact_name=contact_name, contact_phone=contact_phone, username=username, email=email,
        password=password)
    notify(recipients=secretariat_of(None), kind=NotificationKind.FINANCING, url=reverse("accounts:approvals"),
           title=f"金融机构注册待审核：{organisation_name}",
           body=f"“{organisation_name}”（{city}）申请注册为银企对接平台的金融机构，请在“单位注册审核”中审核。")
    return user


@transaction.atomic
def interest_express(*, application: Application, message: str, by) -> FinancingInterest:
    if not is_bank_user(by):
        raise ValidationError("只有已通过审核的金融机构可以表达对接意向。")
    if not message.strip():
        raise ValidationError({"message": "请填写对接意向说明。"})
    if FinancingInterest.objects.filter(application=application, bank=by.organisation).exists():
        raise ValidationError("贵单位已对该项目表达过对接意向，请等待申报单位回复。")
    interest = FinancingInterest(application=application, bank=by.organisation, created_by=by,
                                 message=message.strip())
    interest.full_clean()
    interest.save()
    audit_record(actor=by, action="financing_interest", target=interest, competition_id=application.competition_id,
                 division_id=application.division_id, after={"bank": by.organisation.name, "message": interest.message})
    notify(recipients=organisation_users(application.organisation), kind=NotificationKind.FINANCING,
           competition=application.competition, url=reverse("showcase:mine"),
           title=f"{by.organisation.name}希望与贵单位对接项目“{application}”",
           body=f"{by.organisation.name}对项目“{application}”表达了对接意向：{interest.message}\n"
                "请在“成果展示与银企对接”中查看并选择同意或婉拒对接。同意后，对方可看到本项目的联系方式。")
    return interest


@transaction.atomic
def interest_decide(*, interest: FinancingInterest, accept: bool, reply: str, by) -> FinancingInterest:
    """Accepting reveals the application's contact data to this bank only; the answer cannot be changed."""
    interest = FinancingInterest.objects.select_for_update().select_related("application", "bank").get(pk=interest.pk)
    decision_check(status=interest.status, pending=InterestStatus.PENDING, accept=accept, reason=reply,
                   answered="该对接意向已回复，不能重复操作。", reason_required={"reply": "婉拒对接时请填写原因。"})
    before = snapshot(interest, ["status"])
    interest.status = InterestStatus.ACCEPTED if accept else InterestStatus.DECLINED
    interest.decided_at, interest.decided_by, interest.reply = timezone.now(), by, reply.strip()
    interest.full_clean()
    interest.save(update_fields=["status", "decided_at", "decided_by", "reply"])
    application = interest.application
    audit_record(actor=by, action="financing_interest_accept" if accept else "financing_interest_decline",
                 target=interest, before=before, after=snapshot(interest, ["status"]), reason=interest.reply,
                 competition_id=application.competition_id, division_id=application.division_id)
    contact = "、".join(f"{CONTACT_LABELS[k]}：{application.data.get(k)}" for k in CONTACT_LABELS
                       if application.data.get(k))
    notify(recipients=organisation_users(interest.bank), kind=NotificationKind.FINANCING,
           competition=application.competition, url=reverse("showcase:bank_interests"),
           title=f"“{application}”的申报单位{'同意' if accept else '婉拒'}了对接",
           body=(f"申报单位同意与贵单位对接项目“{application}”。{contact}" if accept else
                 f"申报单位婉拒了贵单位对项目“{application}”的对接意向。") + (f"\n回复：{interest.reply}"
                                                                          if interest.reply else ""))
    return interest
