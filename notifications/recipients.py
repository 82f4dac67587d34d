"""Who a notification goes to: the people holding a role for the object, never anyone else."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from competitions.enums import Role

User = get_user_model()


def division_officers(division):
    return User.objects.filter(is_active=True, memberships__role=Role.OFFICER,
                               memberships__division=division).distinct()


def secretariat_of(competition):
    """The competition's secretariat and the platform-wide one."""
    scope = Q(memberships__competition=competition) | Q(memberships__competition__isnull=True)
    return User.objects.filter(Q(is_active=True, memberships__role=Role.SECRETARIAT) & scope).distinct()


def organisation_users(organisation, *also):
    """The accounts of an applicant organisation (plus whoever created the object)."""
    users = list(User.objects.filter(is_active=True, organisation=organisation))
    return users + [u for u in also if u is not None]
