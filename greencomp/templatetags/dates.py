"""Dates in tables (STYLE.md): a moment in Beijing time as 2025-06-30 14:00, or 2025-06-30 when it is the start
of a day (a phase that opens on 2022年4月8日 shows 2022-04-08, never 2022-04-08 00:00)."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def table_time(value) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local:%Y-%m-%d}" if local.time() == datetime.time() else f"{local:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    return str(value)
