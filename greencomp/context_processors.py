from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from . import two_factor
from .markup import html_format
from .navigation import sidebar
from .selectors import current_competition, visible_competitions

PLATFORM_NAME = "绿色发展竞赛管理平台"


def _short(text: str, length: int) -> str:
    """Truncator(text).chars(length) as it reads in zh-hans (the catalogue's "..."), without Truncator's cost: more
    than the rest of the picker."""
    return text if len(text) <= length else text[:length - 3] + "..."


def _switch_options(request) -> str:
    """The top bar's competition picker, as its <option>s: built once per request, although base.html shows the
    picker twice (top bar, and the sidebar on small screens). Written with html_format, not format_html_join: it
    is on every signed-in page."""
    competitions = visible_competitions(request)
    if not competitions:
        return ""
    current = current_competition(request)
    chosen = current.pk if current is not None else None
    return mark_safe("\n    ".join(html_format('<option value="{}" {}>{} · {}</option>', c.pk,
                                                "selected" if c.pk == chosen else "", c.year, _short(c.title, 28))
                                    for c in competitions))


def _sidebar(request, user) -> list[dict]:
    groups = sidebar(user, current_competition(request))
    for group in groups:
        for link in group["links"]:
            link["active"] = link["url"] == request.path
    return groups


# The sidebar's markup (base.html shows it on every signed-in page: written once here, not by a loop of small
# template lookups per link, and with html_format rather than format_html_join).
NAV_GROUP = '\n      <div class="gc-nav-group">{}</div>\n      <ul class="nav flex-column">{}\n      </ul>'
NAV_LINK = ('\n        <li class="nav-item"><a class="nav-link {}" href="{}"><i class="bi {} me-2"></i>{}</a>'
            "</li>")


def _sidebar_html(groups) -> str:
    return mark_safe("".join(html_format(NAV_GROUP, group["title"], mark_safe("".join(
        html_format(NAV_LINK, "active" if link["active"] else "", link["url"], link["icon"], link["label"])
        for link in group["links"]))) for group in groups))


def portal(request):
    """Lazy, so that base.html's {% follow_page_competition %} can first make the page's competition current."""
    user = getattr(request, "user", None)  # absent when a request fails before the middleware (400 page)
    if user is None or not user.is_authenticated:
        return {"platform_name": PLATFORM_NAME}
    if request.session.get(two_factor.SESSION_KEY) and not user.is_verified():
        # Only the second-factor pages render here: show nothing of the portal yet.
        return {"platform_name": PLATFORM_NAME, "second_factor_pending": True}
    groups = SimpleLazyObject(lambda: _sidebar(request, user))
    return {
        "platform_name": PLATFORM_NAME,
        "current_competition": SimpleLazyObject(lambda: current_competition(request)),
        "competition_options": SimpleLazyObject(lambda: _switch_options(request)),
        "sidebar": groups,
        "sidebar_html": SimpleLazyObject(lambda: _sidebar_html(groups)),
    }
