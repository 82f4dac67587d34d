from django.db.models import Q

from competitions import rules as roles
from competitions.models import Competition

from .models import AuditEvent, Organisation, User


def competitions_for(user):
    """Competitions the user holds a role in, or whose entries involve their organisation."""
    qs = Competition.objects.all()
    if roles.is_platform_secretariat(user):
        return qs
    visible = Q(pk__in={m.competition_id for m in roles.memberships(user) if m.competition_id})
    if roles.is_applicant_user(user):
        visible |= Q(status="active")  # an enterprise may take part in any running competition
    return qs.filter(visible)


def current_competition(request):
    """The competition chosen in the top bar (kept in the session), else the newest one visible."""
    if hasattr(request, "_current_competition"):
        return request._current_competition
    visible = visible_competitions(request)
    chosen = request.session.get("competition_id")
    competition = next((c for c in visible if c.pk == chosen), visible[0] if visible else None)
    request._current_competition = competition
    return competition


def follow_competition(request, competition) -> None:
    """The page shows this competition: it becomes the current one (top bar, sidebar, and the next pages),
    if the user may see it at all."""
    if competition.pk not in {c.pk for c in visible_competitions(request)}:
        return
    request._current_competition = competition
    if request.session.get("competition_id") != competition.pk:
        request.session["competition_id"] = competition.pk


def visible_competitions(request) -> list:
    """competitions_for(user), evaluated once per request (top-bar switcher and current competition)."""
    if not hasattr(request, "_visible_competitions"):
        request._visible_competitions = list(competitions_for(request.user))
    return request._visible_competitions


def users_for_management():
    return User.objects.select_related("organisation").prefetch_related(
        "memberships__competition", "memberships__division"
    ).order_by("username")


def organisations_pending_for(user):
    """Self-registered organisations awaiting approval: all for the secretariat, own city for officers."""
    qs = Organisation.objects.filter(status="pending").order_by("created_at")
    if roles.is_platform_secretariat(user):
        return qs
    cities = {m.division.city for m in roles.memberships(user) if m.role == "officer" and m.division_id}
    cities.discard("")
    return qs.filter(city__in=cities)


def audit_events():
    return AuditEvent.objects.select_related("actor", "target_type")
