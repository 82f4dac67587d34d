"""Who may run the expert review, the commendations and the grading assessments. Experts never get a permission
on someone else's sheet: what they see is scoped by the selectors to their own score sheets
(selectors_review.sheets_of_expert), so anything else is a 404. Loaded by rules.apps.AutodiscoverRulesConfig."""

import rules

from competitions.rules import is_competition_expert, is_competition_secretariat, is_division_officer

is_review_secretariat = is_competition_secretariat

# expert review
rules.add_perm("reviews.manage_review", is_review_secretariat)
rules.add_perm("reviews.score", is_competition_expert)
# commendations (先进推荐 / 评比表彰)
rules.add_perm("reviews.nominate_commendation", is_division_officer)
rules.add_perm("reviews.manage_commendation", is_competition_secretariat)
# grading assessments, violations and 公示
rules.add_perm("reviews.record_assessment", is_division_officer)
rules.add_perm("reviews.review_assessment", is_competition_secretariat)
rules.add_perm("reviews.record_violation", is_division_officer | is_competition_secretariat)
rules.add_perm("reviews.publish_disclosure", is_competition_secretariat)
# A grading document is downloaded by whoever sees its city (selectors_grading.assessment_document_for scopes it).
rules.add_perm("reviews.download_assessment_document", rules.always_allow)
