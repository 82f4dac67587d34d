"""The top bar and the sidebar follow the page: a page of a competition makes it the current one. And the
layout's own links and static files, each resolved once per process (base.html is on every page)."""

from functools import lru_cache

from django import template
from django.templatetags.static import static

from competitions.models import Competition

from .. import navigation
from ..selectors import follow_competition

register = template.Library()

# Context names under which pages pass the object they show; the competition is the object's own or its
# `competition` attribute.
PAGE_OBJECTS = ("competition", "division", "application", "track", "table", "entry", "sheet", "rlist", "nomination",
                "campaign")


@register.simple_tag(takes_context=True)
def follow_page_competition(context) -> str:
    """Placed first in base.html, before anything reads the current competition (the context processor's
    values are lazy, so they are computed after this)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    for name in PAGE_OBJECTS:
        value = context.get(name)
        competition = value if isinstance(value, Competition) else getattr(value, "competition", None)
        if isinstance(competition, Competition):
            follow_competition(request, competition)
            break
    return ""


@register.simple_tag
def competition_tools(competition) -> list[dict]:
    """The competition page's 本竞赛的工作 links (the navigation's, which reads other apps: competitions' own
    views stay free of them)."""
    return navigation.competition_tools(competition)


@lru_cache(maxsize=64)
def _asset(path: str) -> str:
    return static(path)


@register.simple_tag
def asset(path: str) -> str:
    """{% static path %} for base.html's stylesheets and scripts, looked up in the manifest once per process (the
    manifest does not change while the process runs)."""
    return _asset(path)


@register.simple_tag
def layout_url(name: str) -> str:
    """{% url name %} for base.html's argument-less links (navigation.link_url: reversed once per process)."""
    return navigation.link_url(name)
