"""Reads of the innovation contest's applications, already scoped to the user (404 for everyone else)."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from competitions import rules as roles
from competitions.enums import CompetitionKind, CompetitionStatus
from competitions.models import Competition, Track
from competitions.selectors import officer_division_ids, phases_of, secretariat_competition_ids
from greencomp.pages import local_text, row_url

from .models import Application, ApplicationVersion, Attachment

SUBMITTED_ONCE = Q(version__gte=1)  # submitted, returned after a submission, recommended, withdrawn


def _base():
    return Application.objects.select_related("competition", "track", "division", "organisation")


def applications_visible_to(user):
    """Applicants: their organisation's applications. The competition's secretariat: every application that
    was submitted at least once. A division's officer: those of their division that were submitted."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    visible = Q(pk__in=[])
    if user.organisation_id and roles.is_applicant_user(user):
        visible |= Q(organisation_id=user.organisation_id)
    if roles.is_platform_secretariat(user):
        visible |= SUBMITTED_ONCE
    secretariat_of = secretariat_competition_ids(user)
    if secretariat_of:
        visible |= SUBMITTED_ONCE & Q(competition_id__in=secretariat_of)
    officer_of = officer_division_ids(user)
    if officer_of:
        visible |= SUBMITTED_ONCE & Q(division_id__in=officer_of)
    return _base().filter(visible)


def application_for_detail(user):
    """For one application's page: its attachments and versions in two extra queries."""
    return applications_visible_to(user).prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by").order_by("category", "id")),
        Prefetch("versions", queryset=ApplicationVersion.objects.select_related("submitted_by").order_by("-number")),
        "division__competition__phases",
    )


def applications_of_applicant(user):
    """The 我的申报 list: the user's organisation's applications with what each row shows (deadline)."""
    if not user.organisation_id:
        return Application.objects.none()
    return _base().filter(organisation_id=user.organisation_id).prefetch_related(
        "division__competition__phases").order_by("-updated_at", "-id")


@dataclass
class ApplicantRow:
    """A row of 我的申报, computed once: what it shows and its links (编辑 only while the application is editable)."""
    number: str
    title: str
    competition: str
    track: str
    division: str
    status: str
    status_label: str
    version: str
    deadline: str
    saved: str
    url: str
    edit_url: str
    pdf_url: str


def applicant_list_of(user):
    """The 我的申报 page's applications with the columns its rows show: the division's competition in the join, so
    that the phases that give each row's deadline are one prefetch; neither the form data nor the organisation."""
    return applications_of_applicant(user).select_related(None).select_related(
        "competition", "track", "division__competition").only(
        "title", "status", "version", "updated_at", "competition__title", "track__number", "track__name",
        "division__name", "division__extended_until", "division__competition_id", "division__competition__id")


def applicant_rows(applications, start: int) -> list[ApplicantRow]:
    detail_url, edit_url, pdf_url = row_url("innovation:detail"), row_url("innovation:edit"), row_url("innovation:pdf")
    return [ApplicantRow(
        number=str(start + i), title=a.title or "（未填写名称）", competition=a.competition.title,
        track=f"{a.track.number}. {a.track.name}", division=a.division.name, status=a.status,
        status_label=a.get_status_display(), version=str(a.version), deadline=local_text(a.division.deadline()),
        saved=local_text(a.updated_at), url=detail_url(a.pk), edit_url=edit_url(a.pk) if a.is_editable else "",
        pdf_url=pdf_url(a.pk)) for i, a in enumerate(applications)]


def open_innovation_competitions():
    """Innovation contests that take applications now, with their tracks and phases."""
    return Competition.objects.filter(kind=CompetitionKind.INNOVATION, status=CompetitionStatus.ACTIVE).prefetch_related(
        Prefetch("tracks", queryset=Track.objects.order_by("number")), "phases", "divisions").order_by("-year", "-id")


def drafts_due(user, limit: int = 10):
    """Drafts (and returned applications) not yet (re)submitted, for the home page's tasks."""
    if not user.organisation_id:
        return []
    return list(applications_of_applicant(user).filter(
        status__in=[Application.Status.DRAFT, Application.Status.RETURNED],
        competition__status=CompetitionStatus.ACTIVE)[:limit])


# ---- one application of the URL, for the views' permission check (404 when the user cannot see it) ----------

def own_application_for(user, pk, **_):
    """With the division's competition in the join and its phases (the window checks); attachments are read
    only where a page shows them (not by a draft save)."""
    return get_object_or_404(applications_of_applicant(user).select_related("division__competition"), pk=pk)


def own_application_to_write_for(user, pk, **_):
    """The same application (404 alike) as a write's view needs it before the service locks and re-reads the
    row: its track (the form) and its division with the competition and phases (the window check) — not its
    competition again or its organisation, which the locked read brings."""
    return get_object_or_404(applications_of_applicant(user).select_related(None).select_related(
        "track", "division__competition").prefetch_related(None).prefetch_related(phases_of("division__competition")),
        pk=pk)


def detail_application_for(user, pk, **_):
    return get_object_or_404(application_for_detail(user), pk=pk)


def visible_application_for(user, pk, **_):
    return get_object_or_404(applications_visible_to(user), pk=pk)
