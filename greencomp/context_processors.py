from . import two_factor
from .navigation import sidebar
from .selectors import current_competition, visible_competitions


def portal(request):
    user = request.user
    if not user.is_authenticated:
        return {"platform_name": "绿色发展竞赛管理平台"}
    if request.session.get(two_factor.SESSION_KEY) and not user.is_verified():
        # Only the second-factor pages render here: show nothing of the portal yet.
        return {"platform_name": "绿色发展竞赛管理平台", "second_factor_pending": True}
    competition = current_competition(request)
    return {
        "platform_name": "绿色发展竞赛管理平台",
        "current_competition": competition,
        "switchable_competitions": visible_competitions(request),
        "sidebar": sidebar(user, competition),
    }
