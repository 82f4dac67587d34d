"""Who may run the expert review. Experts never get a permission here: what they see is scoped by the
selectors to their own score sheets (selectors_review.sheets_of_expert), so anything else is a 404."""

import rules

from competitions.rules import is_competition_expert, is_competition_secretariat

is_review_secretariat = is_competition_secretariat

rules.add_perm("reviews.manage_review", is_review_secretariat)
rules.add_perm("reviews.score", is_competition_expert)
