"""Reads of the people pages, scoped to the user: an object they may not see is a 404."""

import datetime

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from competitions import rules as roles
from competitions.enums import CompetitionKind, Role
from competitions.models import Division, Membership
from competitions.selectors import officer_division_ids, secretariat_competition_ids

from .models import User

OPTIONS_LIMIT = 20  # a search box shows the first matches; typing more narrows them


def division_for(user, division_pk, **_):
    """A division the user acts for: their own as officer, any of a competition they are the secretariat of."""
    qs = Division.objects.select_related("competition")
    if not roles.is_platform_secretariat(user):
        qs = qs.filter(Q(pk__in=officer_division_ids(user)) | Q(competition_id__in=secretariat_competition_ids(user)))
    return get_object_or_404(qs, pk=division_pk)


def division_officers(division):
    return (Membership.objects.filter(division=division, role=Role.OFFICER)
            .select_related("user__organisation").order_by("created_at", "pk"))


def divisions_with_officers(competition):
    officers = Membership.objects.filter(role=Role.OFFICER).select_related("user").order_by("created_at", "pk")
    return (Division.objects.filter(competition=competition).order_by("order", "id")
            .prefetch_related(Prefetch("memberships", queryset=officers, to_attr="officers")))


def contact_rows(competition):
    """The divisions of the competition with what they reported (参赛组织负责人, 联络员), in the notice's order."""
    return Division.objects.filter(competition=competition).order_by("order", "id")


def account_options(query: str):
    """Active accounts matching a search box's text (name, username, phone, organisation)."""
    query = query.strip()
    if not query:
        return User.objects.none()
    return (User.objects.filter(is_active=True)
            .filter(Q(full_name__icontains=query) | Q(username__icontains=query) | Q(phone__icontains=query)
                    | Q(organisation__name__icontains=query))
            .select_related("organisation").order_by("full_name", "username")[:OPTIONS_LIMIT])


def contacts_due(competition) -> datetime.date | None:
    """Seed 002 八（一）: the cities report by 6月10日 of the contest's year."""
    return datetime.date(competition.year, 6, 10) if competition.kind == CompetitionKind.INNOVATION else None
