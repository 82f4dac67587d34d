"""The quota table in the layout of 附件1 (Excel and PDF share one layout): the provincial table as two
column pairs 赛区 | 参赛企业数 side by side (left column first, top to bottom), a city table with named
市直参赛企业 as 赛 区 | 参赛企业数 | 市直参赛企业 (the third column lists the participants the notice names for the
one 市直参赛企业 division, whose quota counts them; that division has no line of its own); then the 合计 row
once, with the total in the last column.
The provincial notice (seed 000) prints it as 附件1 of two; the city notice (seed 001) as its only 附件."""

from dataclasses import dataclass

from competitions.enums import DivisionKind
from competitions.selectors import division_named_participants
from greencomp.exporters import Exporter
from greencomp.xlsx import Sheet

from .selectors_labour import quota_lines


@dataclass
class QuotaLayout:
    title: str
    headers: list
    rows: list
    total: int
    label: str = "附件1"

    @property
    def total_row(self) -> list:
        return ["合计"] + [None] * (len(self.headers) - 2) + [self.total]


def quota_layout(table, lines) -> QuotaLayout:
    lines = list(lines)
    enterprises = [d for d in lines if d.kind == DivisionKind.CITY_ENTERPRISE]
    others = [d for d in lines if d.kind != DivisionKind.CITY_ENTERPRISE]
    total = sum(d.quota_entries or 0 for d in lines)
    if enterprises:
        listed = division_named_participants([d.pk for d in enterprises])
        named = [name for d in enterprises for name in listed.get(d.pk) or [d.name]]
        rows = [[_name(others, i), _entries(others, i), named[i] if i < len(named) else None]
                for i in range(max(len(others), len(named)))]
        return QuotaLayout(table.display_title, ["赛 区", "参赛企业数", "市直参赛企业"], rows, total, label="附件")
    half = (len(lines) + 1) // 2
    left, right = lines[:half], lines[half:]
    rows = [[_name(left, i), _entries(left, i), _name(right, i), _entries(right, i)] for i in range(half)]
    return QuotaLayout(table.display_title, ["赛区", "参赛企业数", "赛区", "参赛企业数"], rows, total)


def _name(items, i):
    return items[i].name if i < len(items) else None


def _entries(items, i):
    return (items[i].quota_entries or 0) if i < len(items) else None


class QuotaTableExporter(Exporter):
    def __init__(self, table):
        self.table = table
        self.layout = quota_layout(table, quota_lines(table.competition))
        self.filename = self.layout.title
        self.title = self.layout.title

    def sheets(self) -> list[Sheet]:
        layout = self.layout
        ncols = len(layout.headers)
        return [Sheet(
            label=layout.label, title=layout.title, name="分配表", headers=layout.headers,
            rows=layout.rows + [layout.total_row], spans=[(len(layout.rows), 1, ncols - 1)], total_rows=1,
            min_widths={1: 14, 3: 20}, pdf_widths=(30, 20, 50) if ncols == 3 else (30, 20, 30, 20),
        )]
