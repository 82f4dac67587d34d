"""Who may do what in 成果展示与银企对接. The gallery itself is public (no rule). Loaded by
rules.apps.AutodiscoverRulesConfig."""

import rules

from competitions.rules import is_applicant_user, is_platform_secretariat, status_in
from greencomp.enums import OrganisationKind, OrganisationStatus

from .enums import InterestStatus


@rules.predicate
def is_bank_user(user) -> bool:
    """An account of an approved financial institution."""
    org = getattr(user, "organisation", None)
    return bool(org and org.kind == OrganisationKind.BANK and org.status == OrganisationStatus.APPROVED)


# a bank's interest not answered yet: once accepted or declined it cannot be changed
interest_pending = status_in("interest_pending", InterestStatus.PENDING)


rules.add_perm("showcase.express_interest", is_bank_user)
rules.add_perm("showcase.view_own_interests", is_bank_user)
rules.add_perm("showcase.manage_consent", is_applicant_user)
rules.add_perm("showcase.decide_interest", is_applicant_user & interest_pending)
rules.add_perm("showcase.view_matchmaking", is_platform_secretariat)
