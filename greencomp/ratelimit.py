"""Per-address limits on the actions a stranger can repeat: failed sign-ins, second factors, registration,
password reset and public objections. Limits are `RATE_LIMITS` in settings (N requests per M minutes)."""

import functools
import math
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.shortcuts import render
from django.utils import timezone

from .models import RequestCounter


def client_ip(request) -> str:
    """The client's address; behind TRUSTED_PROXY_COUNT proxies, the one the outermost proxy saw.

    Also django-axes' AXES_CLIENT_IP_CALLABLE, so lock-outs and limits agree on who the client is."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _window(scope: str):
    limit, seconds = settings.RATE_LIMITS[scope]
    now = timezone.now()
    start = now - timedelta(seconds=now.timestamp() % seconds)
    return limit, start.replace(microsecond=0)


def _key(request, scope: str, who: str = "") -> str:
    return f"{scope}:{who or client_ip(request)}"[:120]


def limit_reached(request, scope: str) -> bool:
    limit, start = _window(scope)
    hits = RequestCounter.objects.filter(key=_key(request, scope), window_start=start).values_list("hits", flat=True)
    return next(iter(hits), 0) >= limit


@transaction.atomic
def limit_count(request, scope: str, who: str = "") -> int:
    """Count one request of the client address (or of `who`, e.g. an API token); returns the hits in the current
    window, this one included."""
    _, start = _window(scope)
    counter, created = RequestCounter.objects.select_for_update().get_or_create(
        key=_key(request, scope, who), window_start=start, defaults={"hits": 1})
    if created:
        RequestCounter.objects.filter(window_start__lt=start - timedelta(days=1)).delete()
        return 1
    RequestCounter.objects.filter(pk=counter.pk).update(hits=F("hits") + 1)
    return counter.hits + 1


def too_many_requests(request, scope: str):
    """The Chinese 429 page, with the minutes until the client's window turns."""
    _, start = _window(scope)
    left = start + timedelta(seconds=settings.RATE_LIMITS[scope][1]) - timezone.now()
    return render(request, "429.html", {"minutes": math.ceil(left.total_seconds() / 60)}, status=429)


def limit_posts(scope: str):
    """Refuse a client's POSTs to the view beyond the scope's limit with a Chinese 429 page; GETs stay free."""
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and limit_count(request, scope) > settings.RATE_LIMITS[scope][0]:
                return too_many_requests(request, scope)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator
