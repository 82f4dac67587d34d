"""Reads of labour-competition registration, already scoped to the user: a foreign object is not in the
queryset, so views answer 404 for it."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from competitions import rules as roles
from competitions.enums import CompetitionKind, PhaseKind, Role
from competitions.models import Division
from competitions.selectors import (
    competitions_for,
    member_competition_ids,
    officer_division_ids,
    secretariat_competition_ids,
)

from .models import DivisionSubmission, Entry, EntryIndicator


def labour_divisions_for(user):
    """Divisions of labour competitions: every one for the secretariat, their own for an officer."""
    qs = Division.objects.filter(competition__kind=CompetitionKind.LABOUR).select_related(
        "competition", "quota", "labour_submission")
    if roles.is_platform_secretariat(user):
        return qs
    return qs.filter(Q(competition_id__in=secretariat_competition_ids(user))
                     | Q(pk__in=officer_division_ids(user)))


def officer_divisions(user):
    return labour_divisions_for(user).filter(pk__in=officer_division_ids(user)).order_by(
        "-competition__year", "competition_id", "order", "id")


def entries_for(user):
    """Registered entries the user may see: secretariat all of its competitions, officers their divisions,
    an enterprise its own organisation's."""
    qs = Entry.objects.filter(status=Entry.Status.REGISTERED).select_related(
        "organisation", "division", "competition")
    if roles.is_platform_secretariat(user):
        return qs
    visible = Q(competition_id__in=secretariat_competition_ids(user)) | Q(division_id__in=officer_division_ids(user))
    if getattr(user, "organisation_id", None):
        visible |= Q(organisation_id=user.organisation_id)
    return qs.filter(visible)


def division_entries(division):
    return (Entry.objects.filter(division=division, status=Entry.Status.REGISTERED)
            .select_related("organisation").order_by("id"))


def registered_count(division) -> int:
    return Entry.objects.filter(division=division, status=Entry.Status.REGISTERED).count()


def submission_of(division) -> DivisionSubmission:
    """The division's submission record (unsaved draft if none yet)."""
    try:
        return division.labour_submission
    except DivisionSubmission.DoesNotExist:
        return DivisionSubmission(division=division)


def is_late(division, deadline, submission, now=None) -> bool:
    """未按要求报相关资料: the deadline has passed and the list was not submitted."""
    now = now or timezone.now()
    return bool(deadline and now > deadline and not (submission and submission.is_submitted))


def fill_rate_rows(user, competition, *, status: str = "", q: str = ""):
    """One row per visible division: quota, registered, submitted, late — from one query."""
    phase_deadline = next((p.closes_at for p in competition.phases.all() if p.kind == PhaseKind.REGISTRATION), None)
    qs = (labour_divisions_for(user).filter(competition=competition)
          .annotate(registered=Count("labour_entries", filter=Q(labour_entries__status=Entry.Status.REGISTERED)))
          .order_by("order", "id"))
    if q:
        qs = qs.filter(name__icontains=q)
    now = timezone.now()
    rows = []
    for d in qs:
        submission = getattr(d, "labour_submission", None) if _has_submission(d) else None
        quota = d.quota.entries if _has_quota(d) else 0
        deadline = d.extended_until if d.extended_until and (not phase_deadline or d.extended_until > phase_deadline) \
            else phase_deadline
        row = {
            "division": d, "quota": quota, "registered": d.registered,
            "percent": min(100, round(d.registered * 100 / quota)) if quota else 0,
            "submitted": bool(submission and submission.is_submitted),
            "submitted_at": submission.submitted_at if submission else None,
            "deadline": deadline, "late": is_late(d, deadline, submission, now),
        }
        if status == "submitted" and not row["submitted"] or status == "pending" and row["submitted"] \
                or status == "late" and not row["late"]:
            continue
        rows.append(row)
    return rows


def _has_submission(division) -> bool:
    try:
        division.labour_submission  # noqa: B018 — select_related: no query
    except DivisionSubmission.DoesNotExist:
        return False
    return True


def _has_quota(division) -> bool:
    from quotas.models import Quota

    try:
        division.quota  # noqa: B018
    except Quota.DoesNotExist:
        return False
    return True


def indicators_for_entries(entries):
    """Entries with their indicators prefetched (baseline and contest)."""
    from django.db.models import Prefetch

    return entries.prefetch_related(Prefetch("indicators", queryset=EntryIndicator.objects.order_by("period")),
                                    "documents")


# ---- one object of the URL, for the views' permission check (404 when the user cannot see it) ---------------

def labour_division_for(user, pk, **_):
    return get_object_or_404(labour_divisions_for(user).prefetch_related("competition__phases"), pk=pk)


def labour_entry_for(user, pk, **_):
    return get_object_or_404(entries_for(user).select_related("division__competition", "division__quota"), pk=pk)


def labour_competition_for(user, pk, **_):
    """A labour competition whose secretariat or officer the user is (404 for everyone else)."""
    qs = competitions_for(user).filter(kind=CompetitionKind.LABOUR).prefetch_related("phases")
    if not roles.is_platform_secretariat(user):
        qs = qs.filter(pk__in=member_competition_ids(user, (Role.SECRETARIAT, Role.OFFICER)))
    return get_object_or_404(qs, pk=pk)


def managed_labour_competition_for(user, pk, **_):
    """A labour competition the user runs as 秘书处 (404 for everyone else)."""
    qs = competitions_for(user).filter(kind=CompetitionKind.LABOUR).prefetch_related("phases")
    if not roles.is_platform_secretariat(user):
        qs = qs.filter(pk__in=secretariat_competition_ids(user))
    return get_object_or_404(qs, pk=pk)
