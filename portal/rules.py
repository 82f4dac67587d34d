"""Who may manage a competition's 通知公告: its secretariat (or the platform's)."""

import rules

from competitions.rules import is_competition_secretariat


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


rules.add_perm("portal.manage_notices", is_competition_secretariat)
rules.add_perm("portal.manage_tokens", is_signed_in)
