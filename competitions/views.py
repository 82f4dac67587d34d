from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from greencomp.pages import form_submitted, paginate
from greencomp.permissions import permission_required

from . import services
from .forms import (
    DivisionForm,
)
from .models import Division
from .selectors import competition_for, competitions_for, divisions_for, divisions_with_officers


@login_required
def competition_list(request):
    competitions = competitions_for(request.user).prefetch_related("phases")
    return render(request, "competitions/competition_list.html", {
        "page": paginate(request, competitions),
        "can_add": request.user.has_perm("competitions.add_competition"),
    })


@login_required
def competition_detail(request, pk):
    """The competition's hub: its notice data, phases, divisions and links to what the user may run."""
    competition = get_object_or_404(competitions_for(request.user).prefetch_related("phases"), pk=pk)
    divisions = divisions_for(request.user, competition).annotate(quota_entries=F("quota__entries"))
    return render(request, "competitions/competition_detail.html", {
        "competition": competition, "divisions": divisions,
        "table": getattr(competition, "quota_table", None),  # reverse one-to-one: None when there is none
        "can_manage": request.user.has_perm("competitions.manage_competition", competition),
        "can_add": request.user.has_perm("competitions.add_competition"),
    })


# ---- divisions ----------------------------------------------------------------------------------------------

@permission_required("competitions.manage_competition", competition_for)
def division_list(request, competition, pk):
    return render(request, "competitions/division_list.html", {
        "competition": competition, "divisions": divisions_with_officers(competition),
    })


@permission_required("competitions.manage_competition", competition_for)
def division_create(request, competition, pk):
    form = DivisionForm(request.POST or None, competition=competition)
    if form_submitted(request, form, lambda: services.division_create(
            competition=competition, data=form.cleaned_data, by=request.user),
            success=lambda division: f"已新增赛区“{division.name}”。"):
        return redirect("competitions:divisions", pk=competition.pk)
    return render(request, "competitions/division_form.html", {"form": form, "competition": competition})


@permission_required("competitions.manage_competition", competition_for)
def division_edit(request, competition, pk, division_pk):
    division = get_object_or_404(divisions_with_officers(competition), pk=division_pk)
    form = DivisionForm(request.POST or None, instance=division, competition=competition)
    if form_submitted(request, form, lambda: services.division_update(
            division=division, data=form.cleaned_data, by=request.user),
            success="赛区信息已保存。"):
        return redirect("competitions:divisions", pk=competition.pk)
    return render(request, "competitions/division_form.html", {
        "form": form, "competition": competition, "division": division,
    })


@require_POST
@permission_required("competitions.manage_competition", competition_for)
def division_move(request, competition, pk, division_pk):
    division = get_object_or_404(Division.objects.filter(competition=competition), pk=division_pk)
    services.division_move(division=division, step=-1 if request.POST.get("direction") == "up" else 1,
                           by=request.user)
    return redirect("competitions:divisions", pk=competition.pk)


