"""What one gallery card / project page shows, built from the application's own form data and filtered by the
applicant's consent. The one place that decides which value of an application leaves for the public or a bank:
base fields always; optional fields, contact data and financing needs only as consented (contact data also
to a bank whose interest the applicant accepted)."""

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist

from applications.display_innovation import value_text
from applications.form_specs import MULTI, spec_for

from .enums import BENEFIT_KEYS, CONTACT_KEYS, CONTACT_LABELS, OPTIONAL_KEYS, SUMMARY_KEY, InterestStatus


def number_text(value) -> str:
    """12600.50 → 12,600.5 (STYLE.md: numbers with separators)."""
    text = f"{value or 0:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def consent_of(application):
    try:
        return application.showcase_consent
    except ObjectDoesNotExist:
        return None


def prize_label(application) -> str:
    """The prize, only once the competition's results 公示 is published."""
    try:
        prize, notice = application.prize, application.competition.result_notice
    except ObjectDoesNotExist:
        return ""
    if prize.level == "none" or notice.published_at is None:
        return ""
    return prize.get_level_display()


def optional_fields(application) -> list[tuple[str, str]]:
    """(key, label) of every field the applicant may choose to show, in the order of the form."""
    spec = spec_for(application.track.form_type)
    return [(key, spec.field(key).label) for key in OPTIONAL_KEYS.get(application.track.form_type, ())]


def _text(spec, key, data) -> str:
    f = spec.field(key)
    if f.kind == MULTI:
        return "、".join(v for v in data.get(key) or [] if v)
    return value_text(f, data)


@dataclass
class ProjectView:
    pk: int
    title: str
    track: str
    track_number: int
    prize: str
    applicant: str
    city: str
    industry: str
    competition: str
    summary: tuple | None = None
    shown: list = field(default_factory=list)  # (label, text) of the consented optional fields
    benefits: list = field(default_factory=list)  # (label, text) of the consented 节能量 / 节水量 / 减排量
    contact: list = field(default_factory=list)
    financing: dict | None = None
    interest: object = None


def project_view(application, *, bank_viewer: bool = False, interest=None) -> ProjectView:
    data, spec = application.data or {}, spec_for(application.track.form_type)
    consent = consent_of(application)
    chosen = set(consent.shown_fields or []) if consent and consent.show_in_gallery else set()
    view = ProjectView(
        pk=application.pk, title=application.title or data.get("name", ""), track=application.track.name,
        track_number=application.track.number, prize=prize_label(application),
        applicant=data.get("org_name") or application.organisation.name, city=application.division.name,
        industry=getattr(application, "industry", "") or data.get("org_industry") or application.organisation.industry,
        competition=application.competition.title, interest=interest)
    for key, label in optional_fields(application):
        text = _text(spec, key, data) if key in chosen else ""
        if not text:
            continue
        if key == SUMMARY_KEY.get(application.track.form_type):
            view.summary = (label, text)
        elif key in BENEFIT_KEYS:
            view.benefits.append((label, text))
        else:
            view.shown.append((label, text))
    accepted = interest is not None and interest.status == InterestStatus.ACCEPTED
    if consent and consent.show_in_gallery and consent.contact_public or accepted:
        view.contact = [(CONTACT_LABELS[k], data.get(k)) for k in CONTACT_KEYS if data.get(k)]
    if bank_viewer and consent and consent.financing_shared:
        view.financing = {"need": number_text(consent.financing_need), "purpose": consent.financing_purpose,
                          "stage": consent.get_financing_stage_display()}
    return view
