from .navigation import sidebar
from .selectors import current_competition, visible_competitions


def portal(request):
    user = getattr(request, "user", None)  # absent when a request fails before the middleware (400 page)
    if user is None or not user.is_authenticated:
        return {"platform_name": "绿色发展竞赛管理平台"}
    competition = current_competition(request)
    return {
        "platform_name": "绿色发展竞赛管理平台",
        "current_competition": competition,
        "switchable_competitions": visible_competitions(request),
        "sidebar": sidebar(user, competition),
    }
