"""The competition dashboard (one page per competition, every kind): the secretariat sees every division, a
division officer only their own (greencomp/selectors_dashboard.py scopes every number)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from competitions.selectors import competitions_for

from .exporters_dashboard import DashboardPanelExporter
from .permissions import permission_required
from .selectors import follow_competition
from .selectors_dashboard import dashboard_of


def dashboard_competition_for(user, pk, **_):
    """The competition of the URL with its phases (the timeline and the deadlines read them): 404 when the user
    holds no role in it."""
    return get_object_or_404(competitions_for(user).prefetch_related("phases"), pk=pk)


@permission_required("greencomp.view_dashboard", dashboard_competition_for)
def dashboard(request, competition, pk):
    follow_competition(request, competition)
    board = dashboard_of(request.user, competition)
    return render(request, "dashboard/dashboard.html", {"competition": competition, "board": board})


@permission_required("greencomp.view_dashboard", dashboard_competition_for)
def dashboard_export(request, competition, pk, panel):
    board = dashboard_of(request.user, competition)
    chosen = board.panel(panel)
    if chosen is None:
        raise Http404
    return DashboardPanelExporter(board=board, panel=chosen).response(request.GET.get("format"))
