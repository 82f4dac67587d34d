from django.utils.functional import SimpleLazyObject

from .navigation import sidebar
from .selectors import current_competition, visible_competitions


def portal(request):
    """Lazy, so that base.html's {% follow_page_competition %} can first make the page's competition current."""
    user = request.user
    if not user.is_authenticated:
        return {"platform_name": "绿色发展竞赛管理平台"}
    return {
        "platform_name": "绿色发展竞赛管理平台",
        "current_competition": SimpleLazyObject(lambda: current_competition(request)),
        "switchable_competitions": SimpleLazyObject(lambda: visible_competitions(request)),
        "sidebar": SimpleLazyObject(lambda: sidebar(user, current_competition(request))),
    }
