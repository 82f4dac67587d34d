"""The grading dashboard (shares against the targets, gaps, D enterprises, list progress) and the targets page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from applications.selectors_grading import (
    grading_competitions_for,
    grading_divisions_for,
    is_grading_secretariat,
)

from . import exporters_grading as exporters
from .models import CityTarget, GradingGoal, Industry, IndustryGroup
from .selectors_grading import city_shares, group_shares, industry_shares, item_progress, overall_share

EXPORTERS = {
    "groups": exporters.GroupSharesExporter,
    "industries": exporters.IndustrySharesExporter,
    "cities": exporters.CitySharesExporter,
    "items": exporters.ItemProgressExporter,
}


def _scope(request, competition_pk):
    """The campaign and the city filter: an officer is always filtered to their own city."""
    competition = get_object_or_404(grading_competitions_for(request.user), pk=competition_pk)
    divisions = list(grading_divisions_for(request.user, competition))
    if not divisions:
        raise Http404
    secretariat = is_grading_secretariat(request.user, competition)
    chosen = next((d for d in divisions if str(d.pk) == request.GET.get("division")), None)
    if chosen is None and not secretariat:
        chosen = divisions[0]
    return competition, divisions, chosen, secretariat


@login_required
def dashboard(request, competition_pk):
    from reviews.models import AssessmentBatch, Disclosure

    competition, divisions, division, secretariat = _scope(request, competition_pk)
    return render(request, "grading/dashboard.html", {
        "competition": competition, "divisions": divisions, "division": division, "is_secretariat": secretariat,
        "overall": overall_share(competition, division), "groups": group_shares(competition, division),
        "industries": industry_shares(competition, division), "cities": city_shares(competition, division),
        "items": item_progress(competition, division),
        "batches": AssessmentBatch.objects.filter(competition=competition).order_by("number"),
        "published": set(Disclosure.objects.filter(division__competition=competition)
                         .values_list("division_id", flat=True)),
    })


@login_required
def dashboard_export(request, competition_pk, table):
    if table not in EXPORTERS:
        raise Http404
    competition, _divisions, division, _sec = _scope(request, competition_pk)
    return EXPORTERS[table](competition=competition, division=division).response()


@login_required
def targets(request, competition_pk):
    from reviews.models import AssessmentBatch

    competition = get_object_or_404(grading_competitions_for(request.user), pk=competition_pk)
    return render(request, "grading/targets.html", {
        "competition": competition,
        "groups": IndustryGroup.objects.filter(competition=competition).order_by("order").prefetch_related("industries"),
        "industries": Industry.objects.filter(group__competition=competition).select_related("group")
        .order_by("number"),
        "cities": CityTarget.objects.filter(division__competition=competition).select_related("division")
        .order_by("number"),
        "goal": GradingGoal.objects.filter(competition=competition).first(),
        "batches": AssessmentBatch.objects.filter(competition=competition).order_by("number"),
        "phases": competition.phases.all(),
        "is_secretariat": is_grading_secretariat(request.user, competition),
    })


@login_required
@require_POST
def industry_add(request, competition_pk):
    from django.contrib import messages
    from django.core.exceptions import ValidationError

    from .services_grading import provincial_industry_add

    competition = get_object_or_404(grading_competitions_for(request.user), pk=competition_pk)
    if not is_grading_secretariat(request.user, competition):
        raise PermissionDenied
    branches = request.POST.get("branches", "").replace("，", "、").replace(",", "、").split("、")
    try:
        industry = provincial_industry_add(competition=competition, name=request.POST.get("name", ""),
                                           branches=branches, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已新增省级重点行业“{industry.name}”（序号 {industry.number}）。")
    return redirect("grading:targets", competition_pk=competition.pk)


@login_required
@require_POST
def industry_branches(request, competition_pk, industry_pk):
    from django.contrib import messages

    from .services_grading import industry_branches_set

    competition = get_object_or_404(grading_competitions_for(request.user), pk=competition_pk)
    if not is_grading_secretariat(request.user, competition):
        raise PermissionDenied
    industry = get_object_or_404(Industry.objects.filter(group__competition=competition), pk=industry_pk)
    branches = request.POST.get("branches", "").replace("，", "、").replace(",", "、").split("、")
    industry_branches_set(industry=industry, branches=branches, by=request.user)
    messages.success(request, f"已更新“{industry.name}”的重点行业分支。")
    return redirect("grading:targets", competition_pk=competition.pk)
