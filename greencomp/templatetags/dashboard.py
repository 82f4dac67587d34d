"""Cells of the dashboard's tables: numbers with separators (right-aligned), moments as in every table."""

import datetime
from decimal import Decimal

from django import template

from .dates import table_time

register = template.Library()


@register.filter
def is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@register.filter
def dashboard_cell(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.date):
        return table_time(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)
