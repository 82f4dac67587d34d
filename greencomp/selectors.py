from competitions import rules as roles
from competitions.selectors import competitions_for, officer_cities

from .enums import OrganisationKind
from .filters_accounts import AccountFilter
from .filters_audit import AuditEventFilter
from .models import AuditEvent, Organisation, User


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


def division_of_current_competition(request, divisions):
    """The one of `divisions` in the competition chosen in the top bar, else the first; None when empty."""
    competition = current_competition(request)
    return (divisions.filter(competition=competition).first() if competition else None) or divisions.first()


def visible_competitions(request) -> list:
    """competitions_for(user), evaluated once per request (top-bar switcher and current competition)."""
    if not hasattr(request, "_visible_competitions"):
        request._visible_competitions = list(competitions_for(request.user))
    return request._visible_competitions


def users_for_management():
    return User.objects.select_related("organisation").prefetch_related(
        "memberships__competition", "memberships__division"
    ).order_by("username")


def accounts_filter(params) -> AccountFilter:
    """账号管理 with its search (username or name) applied."""
    return AccountFilter(params, queryset=users_for_management())


def organisations_pending_for(user):
    """Self-registered organisations awaiting approval: all for the secretariat, own city for officers (financial
    institutions are approved by the secretariat only)."""
    qs = Organisation.objects.filter(status="pending").order_by("created_at")
    if roles.is_platform_secretariat(user):
        return qs
    return qs.filter(city__in=officer_cities(user)).exclude(kind=OrganisationKind.BANK)


def audit_events():
    return AuditEvent.objects.select_related("actor", "target_type")


def audit_filter(params) -> AuditEventFilter:
    """操作记录 with the chosen competition, division, actor, action and dates applied."""
    return AuditEventFilter(params, queryset=audit_events())


def roles_held(user) -> list:
    """The user's memberships, for the home page's list of roles (cached on the user: no query)."""
    return list(roles.memberships(user))


def is_applicant(user) -> bool:
    """Whether the home page shows the applicant's section (the role, read without a permission query)."""
    return bool(roles.is_applicant_user(user))
