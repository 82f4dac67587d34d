from django.utils.functional import SimpleLazyObject

from . import two_factor
from .navigation import sidebar
from .selectors import current_competition, visible_competitions


def portal(request):
    """Lazy, so that base.html's {% follow_page_competition %} can first make the page's competition current."""
    user = getattr(request, "user", None)  # absent when a request fails before the middleware (400 page)
    if user is None or not user.is_authenticated:
        return {"platform_name": "绿色发展竞赛管理平台"}
    if request.session.get(two_factor.SESSION_KEY) and not user.is_verified():
        # Only the second-factor pages render here: show nothing of the portal yet.
        return {"platform_name": "绿色发展竞赛管理平台", "second_factor_pending": True}
    return {
        "platform_name": "绿色发展竞赛管理平台",
        "current_competition": SimpleLazyObject(lambda: current_competition(request)),
        "switchable_competitions": SimpleLazyObject(lambda: visible_competitions(request)),
        "sidebar": SimpleLazyObject(lambda: sidebar(user, current_competition(request))),
    }
