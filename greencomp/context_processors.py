from .navigation import sidebar
from .selectors import current_competition, visible_competitions


def portal(request):
    user = request.user
    if not user.is_authenticated:
        return {"platform_name": "绿色发展竞赛管理平台"}
    competition = current_competition(request)
    return {
        "platform_name": "绿色发展竞赛管理平台",
        "current_competition": competition,
        "switchable_competitions": visible_competitions(request),
        "sidebar": sidebar(user, competition),
    }
