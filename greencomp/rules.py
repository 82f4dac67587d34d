"""Permissions of the project package's pages (accounts, approvals, audit trail, organisation profile).
Loaded by rules.apps.AutodiscoverRulesConfig."""

import rules

from competitions.rules import (
    is_applicant_user,
    is_competition_officer,
    is_competition_secretariat,
    is_platform_secretariat,
    memberships,
)


@rules.predicate
def is_any_officer(user) -> bool:
    return any(m.role == "officer" for m in memberships(user))


rules.add_perm("greencomp.manage_accounts", is_platform_secretariat)
rules.add_perm("greencomp.view_audit", is_platform_secretariat)
rules.add_perm("greencomp.approve_registrations", is_platform_secretariat | is_any_officer)
rules.add_perm("greencomp.edit_organisation_profile", is_applicant_user)
# The competition dashboard: its secretariat (every division) and its division officers (their own division).
rules.add_perm("greencomp.view_dashboard", is_competition_secretariat | is_competition_officer)
