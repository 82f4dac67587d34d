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
from .models import Industry
from .selectors_grading import dashboard_of, targets_of

EXPORTERS = {
    "groups": exporters.GroupSharesExporter,
    "industries": exporters.IndustrySharesExporter,
    "cities": exporters.CitySharesExporter,
    "items": exporters.ItemProgressExporter,
    "attachment1": exporters.IndustryTargetsExporter,
    "attachment2": exporters.CityTargetsExporter,
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
    competition, divisions, division, secretariat = _scope(request, competition_pk)
    return render(request, "grading/dashboard.html", {
        "competition": competition, "divisions": divisions, "division": division, "is_secretariat": secretariat,
        **dashboard_of(competition, division),
    })


@login_required
def dashboard_export(request, competition_pk, table):
    if table not in EXPORTERS:
        raise Http404
    competition, _divisions, division, _sec = _scope(request, competition_pk)
    return EXPORTERS[table](competition=competition, division=division).response()


@login_required
def targets(request, competition_pk):
    competition = get_object_or_404(grading_competitions_for(request.user), pk=competition_pk)
    return render(request, "grading/targets.html", {
        "competition": competition, "is_secretariat": is_grading_secretariat(request.user, competition),
        **targets_of(competition),
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
