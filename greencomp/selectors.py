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
    visible = competitions_for(request.user)
    chosen = request.session.get("competition_id")
    competition = (visible.filter(pk=chosen).first() if chosen else None) or visible.first()
    request._current_competition = competition
    return competition


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
