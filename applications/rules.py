"""Who may act on registration, application and grading-list objects they can see, and when. Scoping (which
division / entry / application a user sees) is done by the selectors, so a foreign object is a 404; these
predicates decide who may act on what they see (403). Loaded by rules.apps.AutodiscoverRulesConfig."""

import rules
from django.utils import timezone

from competitions.enums import PhaseKind
from competitions.rules import (
    is_applicant_user,
    is_competition_officer,
    is_competition_secretariat,
    is_division_officer,
    status_in,
)


@rules.predicate
def is_entry_enterprise(user, entry) -> bool:
    return entry is not None and getattr(user, "organisation_id", None) == entry.organisation_id


@rules.predicate
def entry_enterprise_has_no_account(user, entry) -> bool:
    """Seed 001: most participants of a city competition have no account; their division officer records the plan,
    summary and indicators for them. An enterprise with an active account reports for itself."""
    if entry is None:
        return False
    return not entry.organisation.users.filter(is_active=True).exists()


@rules.predicate
def list_editable(user, improvement_list) -> bool:
    """A city's 绩效提升企业清单 is open: not yet filed (备案) and its registration deadline not passed."""
    if improvement_list is None or improvement_list.status != "draft":
        return False
    deadline = improvement_list.division.deadline(PhaseKind.REGISTRATION)
    return deadline is None or timezone.now() <= deadline


@rules.predicate
def is_application_applicant(user, application) -> bool:
    """The application is the user's organisation's (its applicant's account, not an officer of its city)."""
    return application is not None and getattr(user, "organisation_id", None) == application.organisation_id


# 盖章扫描件 may be uploaded while the application is a draft, returned, or submitted and not yet recommended
stamped_upload_open = status_in("stamped_upload_open", "draft", "returned", "submitted")
list_filed = status_in("list_filed", "submitted")
application_awaiting_recommendation = status_in("application_awaiting_recommendation", "submitted")
# a submitted or recommended application can still be returned to its applicant
application_under_review = status_in("application_under_review", "submitted", "recommended")
recommendation_list_submitted = status_in("recommendation_list_submitted", "submitted")
# submitted or accepted: the secretariat may still send it back
recommendation_list_sent = status_in("recommendation_list_sent", "submitted", "accepted")


# labour-competition registration
rules.add_perm("applications.register_labour_entry", is_division_officer)
rules.add_perm("applications.manage_labour_division", is_competition_secretariat)
rules.add_perm("applications.report_labour_entry",
               is_entry_enterprise | (is_division_officer & entry_enterprise_has_no_account))
rules.add_perm("applications.view_labour_fill_rate", is_competition_secretariat | is_competition_officer)
rules.add_perm("applications.export_labour_summary", is_competition_secretariat)
# innovation applications and the cities' recommendation
rules.add_perm("applications.apply", is_applicant_user)
rules.add_perm("applications.edit_application", is_application_applicant)
rules.add_perm("applications.upload_stamped_application", is_application_applicant & stamped_upload_open)
rules.add_perm("applications.recommend_applications", is_division_officer)
rules.add_perm("applications.accept_recommendations", is_competition_secretariat)
# the city officer reorders, recommends and returns while its list of the track (saved or not yet) is not sent
rules.add_perm("applications.change_recommendations", is_division_officer & ~recommendation_list_sent)
rules.add_perm("applications.recommend_application", is_division_officer & application_awaiting_recommendation)
rules.add_perm("applications.return_application", is_division_officer & application_under_review)
rules.add_perm("applications.accept_recommendation_list", is_competition_secretariat & recommendation_list_submitted)
rules.add_perm("applications.send_back_recommendation_list", is_competition_secretariat & recommendation_list_sent)
# grading campaign: the city register and 绩效提升企业清单
rules.add_perm("applications.edit_grading_city", is_division_officer)
rules.add_perm("applications.edit_improvement_list", is_division_officer & list_editable)
rules.add_perm("applications.manage_grading", is_competition_secretariat)
rules.add_perm("applications.reopen_improvement_list", is_competition_secretariat & list_filed)
rules.add_perm("applications.downgrade_grading_enterprise", is_division_officer | is_competition_secretariat)
rules.add_perm("applications.view_grading_city", is_division_officer | is_competition_secretariat)
# Who sees an application at all is the selectors' scoping (own organisation, its city's officer, the
# secretariat once submitted); seeing it is the permission to read it.
rules.add_perm("applications.view_application", rules.always_allow)
