"""Role lookups — "the divisions / competitions this user acts for" — used by every app's selectors. They read the
memberships cached on the user (competitions.rules.memberships), so they cost no query after the first."""

from django.db.models import F, Prefetch, Q
from django.shortcuts import get_object_or_404

from greencomp.models import AuditEvent

from . import rules as roles
from .enums import Role
from .models import Competition, Division, Membership, Phase


def officer_division_ids(user) -> set:
    """The divisions the user is officer of, in every competition."""
    return {m.division_id for m in roles.memberships(user) if m.role == Role.OFFICER and m.division_id}


def officer_divisions_of_kind(user, kind) -> list:
    """The divisions (model instances, from the cache) the user is officer of in competitions of `kind`."""
    return [m.division for m in roles.memberships(user)
            if m.role == Role.OFFICER and m.division_id and m.competition and m.competition.kind == kind]


def secretariat_competition_ids(user) -> set:
    """The competitions the user is the competition-scoped 秘书处 of (the platform secretariat sees all anyway)."""
    return {m.competition_id for m in roles.memberships(user) if m.role == Role.SECRETARIAT and m.competition_id}


def member_competition_ids(user, roles_held=(Role.SECRETARIAT, Role.OFFICER, Role.EXPERT)) -> set:
    """The competitions the user holds one of `roles_held` in."""
    return {m.competition_id for m in roles.memberships(user) if m.role in roles_held and m.competition_id}


def competitions_held_by(user, kind=None, roles_held=(Role.SECRETARIAT,)):
    """The competitions (of `kind`, if given) in which the user holds one of `roles_held`; every one for the
    platform's 秘书处."""
    qs = Competition.objects.all() if kind is None else Competition.objects.filter(kind=kind)
    if roles.is_platform_secretariat(user):
        return qs
    return qs.filter(pk__in=member_competition_ids(user, roles_held))


def member_competition_kinds(user, role) -> set:
    return {m.competition.kind for m in roles.memberships(user) if m.role == role and m.competition_id}


def officer_cities(user) -> set:
    """The cities of the divisions the user is officer of (registrations of those cities are theirs to approve)."""
    cities = {m.division.city for m in roles.memberships(user) if m.role == Role.OFFICER and m.division_id}
    cities.discard("")
    return cities


def divisions_for(user, competition):
    """Divisions of a competition the user may see: all for its secretariat, their own for an officer."""
    qs = Division.objects.filter(competition=competition).select_related("parent")
    if roles.is_competition_secretariat(user, competition):
        return qs
    return qs.filter(pk__in=officer_division_ids(user))


def divisions_with_officers(competition):
    """A competition's divisions as its division pages list them: parent, organisation, quota and officers."""
    officers = Membership.objects.filter(role=Role.OFFICER).select_related("user")
    return (Division.objects.filter(competition=competition)
            .select_related("parent", "organisation")
            .annotate(quota_entries=F("quota__entries"))
            .prefetch_related(Prefetch("memberships", queryset=officers, to_attr="officers"))
            .order_by("order", "id"))


def competitions_for(user):
    """Competitions the user holds a role in, or whose entries involve their organisation."""
    qs = Competition.objects.all()
    if roles.is_platform_secretariat(user):
        return qs
    visible = Q(pk__in=member_competition_ids(user))
    if roles.is_applicant_user(user):
        visible |= Q(status="active")  # an enterprise may take part in any running competition
    return qs.filter(visible)


def competition_for(user, pk, **_):
    """The competition of the URL if the user may see it (404 otherwise): the views' permission object."""
    return get_object_or_404(competitions_for(user), pk=pk)


def division_named_participants(division_ids) -> dict[int, list[str]]:
    """Per division id, the participants its notice names (the latest record of
    `services.division_named_participants_record`); one query."""
    events = (AuditEvent.objects.filter(action="division_named_participants", division_id__in=list(division_ids))
              .order_by("division_id", "-at", "-id").values_list("division_id", "after"))
    named = {}
    for division_id, after in events:
        named.setdefault(division_id, (after or {}).get("市直参赛企业", []))
    return named


def phases_of(path: str = "") -> Prefetch:
    """The prefetch of a competition's phases (the competition at `path`, e.g. "division__competition"), in their
    order within one competition but without the join to the competition that the model's ordering (competition
    first, then its own ordering) adds to the query."""
    return Prefetch(f"{path}__phases" if path else "phases", queryset=Phase.objects.order_by("closes_at", "id"))
