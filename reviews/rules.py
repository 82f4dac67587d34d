"""Who may run the expert review, the commendations and the grading assessments. A score sheet is seen by its
expert and by the review's secretariat (selectors_review.sheet_for, anything else is a 404); only its expert
scores it. Loaded by rules.apps.AutodiscoverRulesConfig."""

import rules

from competitions.rules import (
    is_competition_secretariat,
    is_division_officer,
    status_in,
)

is_review_secretariat = is_competition_secretariat


@rules.predicate
def is_sheet_expert(user, sheet) -> bool:
    """The expert the sheet is assigned to (the secretariat sees the sheet but never scores it)."""
    return sheet is not None and sheet.expert.user_id == user.pk


@rules.predicate
def is_nomination_file_officer(user, document) -> bool:
    """The officer of the division whose nomination the file proves."""
    return document is not None and is_division_officer(user, document.nomination)

@rules.predicate
def nomination_editable(user, nomination) -> bool:
    """A nomination is changed while a draft or returned (提交 locks it until the secretariat returns it)."""
    return nomination is not None and nomination.editable


# only a submitted (locked) nomination is selected or returned by the secretariat
nomination_submitted = status_in("nomination_submitted", "submitted")


# expert review
rules.add_perm("reviews.manage_review", is_review_secretariat)
rules.add_perm("reviews.score", is_sheet_expert)
# commendations (先进推荐 / 评比表彰)
rules.add_perm("reviews.nominate_commendation", is_division_officer)
rules.add_perm("reviews.manage_commendation", is_competition_secretariat)
rules.add_perm("reviews.edit_nomination", is_division_officer & nomination_editable)
rules.add_perm("reviews.select_nomination", is_competition_secretariat & nomination_submitted)
rules.add_perm("reviews.return_nomination", is_competition_secretariat & nomination_submitted)
rules.add_perm("reviews.view_commendation", is_division_officer | is_competition_secretariat)
rules.add_perm("reviews.edit_nomination_file", is_nomination_file_officer)
# a proof file is read by whoever sees its nomination (selectors_commendation.nomination_file_for scopes it)
rules.add_perm("reviews.download_nomination_file", rules.always_allow)
# the published 通报表扬 is read by whoever the selector lets see it (selectors_commendation.honours_competition_for)
rules.add_perm("reviews.read_honours", rules.always_allow)
# grading assessments, violations and 公示
rules.add_perm("reviews.record_assessment", is_division_officer)
rules.add_perm("reviews.review_assessment", is_competition_secretariat)
rules.add_perm("reviews.record_violation", is_division_officer | is_competition_secretariat)
rules.add_perm("reviews.publish_disclosure", is_competition_secretariat)
# A grading document is downloaded by whoever sees its city (selectors_grading.assessment_document_for scopes it).
rules.add_perm("reviews.download_assessment_document", rules.always_allow)
