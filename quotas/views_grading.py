"""The grading dashboard (shares against the targets, gaps, D enterprises, list progress) and the targets page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from applications.selectors_grading import grading_competition_for, grading_divisions_for
from greencomp.pages import chosen_among, run_action
from greencomp.permissions import permission_required

from . import exporters_grading as exporters
from .models import Industry
from .selectors_grading import cities_of, dashboard_of, targets_of
from .services_grading import industry_branches_set, provincial_industry_add

EXPORTERS = {
    "groups": exporters.GroupSharesExporter,
    "industries": exporters.IndustrySharesExporter,
    "cities": exporters.CitySharesExporter,
    "items": exporters.ItemProgressExporter,
    "attachment1": exporters.IndustryTargetsExporter,
    "attachment2": exporters.CityTargetsExporter,
}


def _scope(request, competition, read=lambda divisions: divisions):
    """The city filter: an officer is always filtered to their own city. `read` adds to the cities' query what
    the page shows of them."""
    divisions = list(read(grading_divisions_for(request.user, competition)))
    secretariat = request.user.has_perm("quotas.manage_grading_targets", competition)
    if not divisions and not secretariat:  # a fresh campaign without cities: the secretariat sees an empty state
        raise Http404
    chosen = chosen_among(request, divisions, "division", default=None if secretariat else divisions[0])
    return competition, divisions, chosen, secretariat


@permission_required("quotas.view_grading_dashboard", grading_competition_for)
def dashboard(request, competition, **_):
    competition, divisions, division, secretariat = _scope(request, competition, cities_of)
    return render(request, "grading/dashboard.html", {
        "competition": competition, "divisions": divisions, "division": division, "is_secretariat": secretariat,
        **dashboard_of(competition, division, divisions),
    })


@permission_required("quotas.view_grading_dashboard", grading_competition_for)
def dashboard_export(request, competition, table, **_):
    if table not in EXPORTERS:
        raise Http404
    competition, _divisions, division, _sec = _scope(request, competition)
    return EXPORTERS[table](competition=competition, division=division).response()


@permission_required("quotas.view_grading_dashboard", grading_competition_for)
def targets(request, competition, **_):
    return render(request, "grading/targets.html", {
        "competition": competition, **targets_of(competition),
        "is_secretariat": request.user.has_perm("quotas.manage_grading_targets", competition),
    })


@require_POST
@permission_required("quotas.manage_grading_targets", grading_competition_for)
def industry_add(request, competition, **_):
    branches = request.POST.get("branches", "").replace("，", "、").replace(",", "、").split("、")
    run_action(request, lambda: provincial_industry_add(competition=competition, name=request.POST.get("name", ""),
                                                        branches=branches, by=request.user),
               lambda industry: f"已新增省级重点行业“{industry.name}”（序号 {industry.number}）。")
    return redirect("grading:targets", competition_pk=competition.pk)


@require_POST
@permission_required("quotas.manage_grading_targets", grading_competition_for)
def industry_branches(request, competition, industry_pk, **_):
    industry = get_object_or_404(Industry.objects.filter(group__competition=competition), pk=industry_pk)
    branches = request.POST.get("branches", "").replace("，", "、").replace(",", "、").split("、")
    industry_branches_set(industry=industry, branches=branches, by=request.user)
    messages.success(request, f"已更新“{industry.name}”的重点行业分支。")
    return redirect("grading:targets", competition_pk=competition.pk)
