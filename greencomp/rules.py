"""Permissions of the project package's pages (accounts, approvals, audit trail, organisation profile).
Loaded by rules.apps.AutodiscoverRulesConfig."""

import rules

from competitions.enums import CompetitionKind
from competitions.rules import (
    is_applicant_user,
    is_competition_officer,
    is_competition_secretariat,
    is_division_officer,
    is_platform_secretariat,
    memberships,
)


@rules.predicate
def is_any_officer(user) -> bool:
    return any(m.role == "officer" for m in memberships(user))


@rules.predicate
def is_another_account(user, account) -> bool:
    """The account a page acts on is not the one signed in: nobody switches off, or resets the second factor of,
    the account they are using."""
    return account is not None and account.pk != user.pk


rules.add_perm("greencomp.manage_accounts", is_platform_secretariat)
rules.add_perm("greencomp.switch_account", is_platform_secretariat & is_another_account)
rules.add_perm("greencomp.view_audit", is_platform_secretariat)
rules.add_perm("greencomp.approve_registrations", is_platform_secretariat | is_any_officer)
rules.add_perm("greencomp.edit_organisation_profile", is_applicant_user)
# The competition dashboard: its secretariat (every division) and its division officers (their own division).
rules.add_perm("greencomp.view_dashboard", is_competition_secretariat | is_competition_officer)


@rules.predicate
def is_any_secretariat(user) -> bool:
    return any(m.role == "secretariat" for m in memberships(user))


@rules.predicate
def reports_contacts(user, obj) -> bool:
    """Seed 002 八（一）: the innovation contest's cities report their 参赛组织负责人 and 联络员."""
    competition = getattr(obj, "competition", obj)
    return getattr(competition, "kind", None) == CompetitionKind.INNOVATION


# People of a competition (greencomp/views_people.py): officers are appointed by the competition's secretariat;
# a city's officer (or the secretariat) reports the city's contacts, which the secretariat lists.
rules.add_perm("greencomp.manage_officers", is_competition_secretariat)
rules.add_perm("greencomp.search_accounts", is_platform_secretariat | is_any_secretariat)
rules.add_perm("greencomp.report_contacts", (is_division_officer | is_competition_secretariat) & reports_contacts)
rules.add_perm("greencomp.view_contacts", is_competition_secretariat & reports_contacts)
