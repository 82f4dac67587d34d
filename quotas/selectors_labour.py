"""Reads for labour quota tables (分配表)."""

from django.db.models import F

from competitions.models import Division

from .models import QuotaTable


def quota_table_of(competition) -> QuotaTable:
    """The competition's table, or an unsaved draft one (saved by the first change) — a GET never writes."""
    table = QuotaTable.objects.filter(competition=competition).first()
    if table is None:
        table = QuotaTable(competition=competition, notice_total=competition.total_quota or 0)
    table.competition = competition
    return table


def quota_lines(competition):
    """Every division of the competition in table order: the columns the table, its export and its import read
    (pk, name, kind), with `parent_name` and `quota_entries` (None when not yet set)."""
    return (Division.objects.filter(competition=competition).only("id", "name", "kind")
            .annotate(quota_entries=F("quota__entries"), parent_name=F("parent__name"))
            .order_by("order", "id"))
