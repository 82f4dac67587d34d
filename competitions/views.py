from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from greencomp.views import paginate

from .selectors import competitions_for, divisions_for


@login_required
def competition_list(request):
    competitions = competitions_for(request.user).prefetch_related("phases")
    return render(request, "competitions/competition_list.html", {"page": paginate(request, competitions)})


@login_required
def competition_detail(request, pk):
    competition = get_object_or_404(competitions_for(request.user).prefetch_related("phases"), pk=pk)
    divisions = divisions_for(request.user, competition)
    return render(request, "competitions/competition_detail.html", {
        "competition": competition, "divisions": divisions,
    })
