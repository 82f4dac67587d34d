"""Reads of the grading assessments, scoped to the user through the cities they may see (secretariat every city
of its campaigns, an officer their own), so a foreign assessment or document is a 404."""

from django.shortcuts import get_object_or_404

from applications.selectors_grading import visible_divisions

from .filters_grading import AssessmentFilter
from .models import Assessment, AssessmentDocument


def assessments_for(user):
    return Assessment.objects.filter(enterprise__division__in=visible_divisions(user)).select_related(
        "batch__competition", "enterprise__division", "industry", "recorded_by")


def assessment_filter(division, batches, params) -> AssessmentFilter:
    """The city's assessments, newest first, of the chosen batch (of `batches`, the campaign's)."""
    assessments = (Assessment.objects.filter(enterprise__division=division)
                   .select_related("batch", "enterprise", "industry").order_by("-assessed_on", "-id"))
    return AssessmentFilter(params, queryset=assessments, batches=batches)


def assessment_for(user, pk, **_):
    return get_object_or_404(assessments_for(user), pk=pk)


def assessment_document_for(user, pk, **_):
    return get_object_or_404(AssessmentDocument.objects.filter(
        assessment__enterprise__division__in=visible_divisions(user)).select_related("assessment__enterprise"), pk=pk)
