from .navigation import sidebar
from .selectors import competitions_for, current_competition


def portal(request):
    user = request.user
    if not user.is_authenticated:
        return {"platform_name": "绿色发展竞赛管理平台"}
    competition = current_competition(request)
    return {
        "platform_name": "绿色发展竞赛管理平台",
        "current_competition": competition,
        "switchable_competitions": competitions_for(user),
        "sidebar": sidebar(user, competition),
    }
