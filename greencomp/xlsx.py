"""The one Excel writer every export uses (SPEC G): the 附件N label, a merged title, bold bordered header,
widths fitted to Chinese text, frozen header, A4 print set-up (orientation per table, one page wide, header
row repeated), dates with a date format, streaming rows, and user text that never becomes a formula.

Written with XlsxWriter in its constant-memory mode (each row goes to disk once the next one starts): three
times faster than openpyxl's write-only mode on a 50,000-row table, memory flat. openpyxl stays the reader of
uploads (greencomp/imports.py). A table with cells merged down a column (`column_spans`, a small table) is
written in XlsxWriter's normal mode, which may still merge rows already written."""

import collections
import datetime
import decimal
import itertools
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@")
WIDTH_SAMPLE_ROWS = 200
DATE_FORMAT = "yyyy-mm-dd"  # STYLE.md: 2025-06-30 in tables
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass
class Sheet:
    """One table as the notice prints it. The same Sheet feeds the Excel writer and the PDF template."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    name: str = ""
    label: str = ""  # the notice's attachment label above the title, e.g. "附件2"
    preamble: Sequence[str] = ()  # lines between title and header, e.g. "赛区：郑州市"
    footer: Sequence[str] = ()  # lines after the table, e.g. "填表人："; "" is an empty line
    landscape: bool = False
    min_widths: dict = field(default_factory=dict)
    # Merged ranges among the data rows as (row index from 0, first column from 1, last column), e.g. the
    # 合计 label across the columns before the total; Excel merges them, the PDF spans them.
    spans: Sequence[tuple[int, int, int]] = ()
    # Cells merged down a column over data rows, as (first row index, last row index, column from 1): a value
    # shared by a group of rows, e.g. a group's target beside its industries (附件1 of seed 003). Excel only.
    column_spans: Sequence[tuple[int, int, int]] = ()
    total_rows: int = 0  # trailing rows (合计, 评选总数) printed bold
    pdf_widths: Sequence[int] = ()  # PDF column widths in % (fixed layout: names do not wrap mid-word)
    heading: str = ""  # a second heading under the title (the award in a 通报表扬 list)

    @property
    def header_row(self) -> int:
        return 2 + bool(self.label) + bool(self.heading) + len(self.preamble)


def text_width(value) -> int:
    """Display width: CJK and full-width characters count double."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def mark_totals(rows: Iterable[Sequence], count: int) -> Iterator[tuple[Sequence, bool]]:
    """Each row with whether it is one of the last `count` (合计, 评选总数): streamed rows are only known to be
    last once the next ones are out, so this looks `count` rows ahead."""
    pending: collections.deque = collections.deque()
    for row in rows:
        pending.append(row)
        if len(pending) > count:
            yield pending.popleft(), False
    for row in pending:
        yield row, True


def excel_value(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


class _Writer:
    """One workbook: its formats made once per kind of cell, its sheet names kept unique."""

    def __init__(self, target, constant_memory: bool):
        self.book = xlsxwriter.Workbook(target, {
            "constant_memory": constant_memory, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False, "default_date_format": DATE_FORMAT})
        self.formats: dict = {}
        self.names: set = set()

    def format(self, *, bold=False, border=False, wrap=False, center=False, size=11, num_format=None, quote=False):
        key = (bold, border, wrap, center, size, num_format, quote)
        if key not in self.formats:
            properties = {"bold": bold, "font_size": size, "quote_prefix": quote}
            if border:
                properties["border"] = 1
            if wrap or center:
                properties.update(text_wrap=wrap, valign="vcenter")
            if center:
                properties["align"] = "center"
            if num_format:
                properties["num_format"] = num_format
            self.formats[key] = self.book.add_format(properties)
        return self.formats[key]

    def cell(self, ws, row: int, col: int, value, **style) -> None:
        """Write one value by its type: text always as text ("=1+1" stays the text "=1+1", never a formula, and
        keeps its leading sign when opened), dates and times with their formats, 是/否 for booleans."""
        value = excel_value(value)
        if value is None or value == "":
            ws.write_blank(row, col, None, self.format(**style))
        elif isinstance(value, str):
            ws.write_string(row, col, value, self.format(quote=value.startswith(FORMULA_PREFIXES), **style))
        elif isinstance(value, datetime.datetime | datetime.date):
            number_format = DATETIME_FORMAT if isinstance(value, datetime.datetime) else DATE_FORMAT
            ws.write_datetime(row, col, value, self.format(num_format=number_format, **style))
        elif isinstance(value, int | float | decimal.Decimal):
            ws.write_number(row, col, value, self.format(**style))
        else:
            ws.write_string(row, col, str(value), self.format(**style))

    def body_row(self, ws, row: int, values, bold: bool) -> None:
        """A table row: `cell` for each value, with the common types (text, whole and decimal numbers) written
        straight from two formats made once — a 100,000-row export writes a million cells."""
        plain, quoted = self.format(border=True, bold=bold), self.format(border=True, bold=bold, quote=True)
        for col, value in enumerate(values):
            kind = type(value)
            if kind is str and value:
                ws.write_string(row, col, value, quoted if value.startswith(FORMULA_PREFIXES) else plain)
            elif kind is int or kind is float:  # not bool (是/否) nor Decimal: `cell` handles those
                ws.write_number(row, col, value, plain)
            else:
                self.cell(ws, row, col, value, border=True, bold=bold)

    def line(self, ws, row: int, last: int, text, **style) -> None:
        """A line across the table's width (title, label, preamble)."""
        if last:
            ws.merge_range(row, 0, row, last, "", self.format(**style))
        self.cell(ws, row, 0, text, **style)

    def sheet_name(self, sheet: Sheet) -> str:
        base = name = (sheet.name or sheet.title)[:31]
        for n in itertools.count(1):
            if name not in self.names:
                break
            name = f"{base[:31 - len(str(n))]}{n}"
        self.names.add(name)
        return name


def _page_setup(ws, sheet: Sheet) -> None:
    """A4 in the notice's orientation, one page wide, as many pages tall as needed, the header row repeated."""
    ws.set_paper(9)
    if sheet.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.repeat_rows(sheet.header_row - 1)


def _write_sheet(writer: _Writer, sheet: Sheet) -> None:
    ws = writer.book.add_worksheet(writer.sheet_name(sheet))
    last = max(len(sheet.headers), 1) - 1
    rows = iter(sheet.rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    for i, header in enumerate(sheet.headers):
        width = max([text_width(header)] + [text_width(excel_value(r[i])) for r in sample])
        width = max(width, sheet.min_widths.get(i + 1, 0))
        ws.set_column(i, i, min(max(width + 2, 6), 60))
    header_row = sheet.header_row - 1  # from 0 from here on
    ws.freeze_panes(header_row + 1, 0)
    _page_setup(ws, sheet)

    line = 0
    if sheet.label:
        writer.cell(ws, line, 0, sheet.label)
        line += 1
    writer.line(ws, line, last, sheet.title, bold=True, center=True, size=16)
    line += 1
    if sheet.heading:
        writer.line(ws, line, last, sheet.heading, bold=True, center=True)
        line += 1
    for text in sheet.preamble:
        writer.line(ws, line, last, text)
        line += 1
    for col, header in enumerate(sheet.headers):
        writer.cell(ws, header_row, col, header, bold=True, border=True, center=True)

    spans = collections.defaultdict(list)
    for index, first, end in sheet.spans:
        spans[index].append((first - 1, end - 1))
    tops = {(top, column - 1): None for top, _bottom, column in sheet.column_spans}  # their values, as written
    at = header_row
    for index, (row, total) in enumerate(mark_totals(itertools.chain(sample, rows), sheet.total_rows)):
        at = header_row + 1 + index
        writer.body_row(ws, at, row, total)
        for col, value in enumerate(row) if tops else ():
            if (index, col) in tops:
                tops[index, col] = value
        for first, end in spans.get(index, ()):  # the row is still open: merge it before the next one starts
            ws.merge_range(at, first, at, end, "", writer.format(border=True, bold=total))
            writer.cell(ws, at, first, row[first], border=True, bold=total)
    for offset, text in enumerate(sheet.footer, start=1):
        writer.cell(ws, at + offset, 0, text)
    for top, bottom, column in sheet.column_spans:
        ws.merge_range(header_row + 1 + top, column - 1, header_row + 1 + bottom, column - 1, "",
                       writer.format(border=True))
        writer.cell(ws, header_row + 1 + top, column - 1, tops[top, column - 1], border=True)


def write_xlsx(sheets: Sheet | Sequence[Sheet], target) -> None:
    """Write the sheets into a path or binary file object. Rows are consumed once, never held."""
    sheets = [sheets] if isinstance(sheets, Sheet) else list(sheets)
    writer = _Writer(target, constant_memory=not any(sheet.column_spans for sheet in sheets))
    for sheet in sheets:
        _write_sheet(writer, sheet)
    writer.book.close()


def render_xlsx(sheets: Sheet | Sequence[Sheet], filename: str) -> FileResponse:
    """An attachment response streamed from a temporary file, so memory stays flat for large tables."""
    tmp = tempfile.TemporaryFile()
    write_xlsx(sheets, tmp)
    tmp.seek(0)
    if not filename.endswith(".xlsx"):
        filename += ".xlsx"
    return FileResponse(
        tmp, as_attachment=True, filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
