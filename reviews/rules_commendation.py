"""Who may act on commendation objects they can see (scoping itself is done by the selectors → 404)."""

import rules

from competitions.rules import is_competition_secretariat, is_division_officer

rules.add_perm("reviews.nominate_commendation", is_division_officer)
rules.add_perm("reviews.manage_commendation", is_competition_secretariat)
