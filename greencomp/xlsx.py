"""The one Excel writer every export uses (SPEC G): the 附件N label, a merged title, bold bordered header,
widths fitted to Chinese text, frozen header, A4 print set-up (orientation per table, one page wide, header
row repeated), dates with a date format, write-only streaming, and user text that never becomes a formula.

Write-only sheets serialise their properties, views and columns when the first row is appended, so every
sheet-level setting is made before that; the page set-up, merges and print titles are written at close."""

import collections
import copy
import datetime
import itertools
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@")
WIDTH_SAMPLE_ROWS = 200
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
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


def _cell(ws, value, *, bold=False, border=False, wrap=False, center=False):
    value = excel_value(value)
    cell = WriteOnlyCell(ws, value=value)
    number_format = (DATETIME_FORMAT if isinstance(value, datetime.datetime)
                     else DATE_FORMAT if isinstance(value, datetime.date) else None)
    key = (bold, border, wrap, center, number_format)
    if any(key):
        # Setting a style object hashes it on every cell (most of the time of a 10,000-row export); the
        # resulting style indices are reused per workbook instead.
        cache = ws.parent.__dict__.setdefault("_greencomp_styles", {})
        if key in cache:
            cell._style = copy.copy(cache[key])
        else:
            if bold:
                cell.font = Font(bold=True, size=11)
            if border:
                cell.border = BORDER
            if wrap or center:
                cell.alignment = Alignment(wrap_text=wrap, vertical="center",
                                           horizontal="center" if center else None)
            if number_format:
                cell.number_format = number_format
            cache[key] = copy.copy(cell._style)
    if isinstance(cell.value, str):
        # Strings are always data: "=1+1" stays the text "=1+1", never a formula.
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    return cell


def _page_setup(ws, sheet: Sheet) -> None:
    """A4 in the notice's orientation, one page wide, as many pages tall as needed."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{sheet.header_row}:{sheet.header_row}"


def _line(ws, text, line: int, last: str, **style):
    ws.append([_cell(ws, text, **style)])
    ws.merged_cells.add(f"A{line}:{last}{line}")


def _write_sheet(wb: Workbook, sheet: Sheet) -> None:
    ws = wb.create_sheet(title=(sheet.name or sheet.title)[:31])
    ncols = len(sheet.headers)
    last = get_column_letter(max(ncols, 1))
    rows = iter(sheet.rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    for i, header in enumerate(sheet.headers, start=1):
        width = max([text_width(header)] + [text_width(excel_value(r[i - 1])) for r in sample])
        width = max(width, sheet.min_widths.get(i, 0))
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 6), 60)
    header_row = sheet.header_row
    ws.freeze_panes = f"A{header_row + 1}"
    _page_setup(ws, sheet)  # before the first row: the write-only sheet writes its properties with it

    line = 1
    if sheet.label:
        ws.append([_cell(ws, sheet.label)])
        line += 1
    title_cell = _cell(ws, sheet.title, center=True)
    title_cell.font = Font(bold=True, size=16)
    ws.append([title_cell])
    ws.merged_cells.add(f"A{line}:{last}{line}")
    line += 1
    if sheet.heading:
        _line(ws, sheet.heading, line, last, bold=True, center=True)
        line += 1
    for text in sheet.preamble:
        _line(ws, text, line, last)
        line += 1
    ws.append([_cell(ws, h, bold=True, border=True, center=True) for h in sheet.headers])

    for row, total in mark_totals(itertools.chain(sample, rows), sheet.total_rows):
        ws.append([_cell(ws, v, border=True, bold=total) for v in row])
    for text in sheet.footer:
        ws.append([_cell(ws, text)])
    for index, first, end in sheet.spans:
        at = header_row + 1 + index
        ws.merged_cells.add(f"{get_column_letter(first)}{at}:{get_column_letter(end)}{at}")
    for top, bottom, column in sheet.column_spans:
        letter = get_column_letter(column)
        ws.merged_cells.add(f"{letter}{header_row + 1 + top}:{letter}{header_row + 1 + bottom}")


def write_xlsx(sheets: Sheet | Sequence[Sheet], target) -> None:
    """Write the sheets into a path or binary file object. Rows are consumed once, never held."""
    wb = Workbook(write_only=True)
    for sheet in [sheets] if isinstance(sheets, Sheet) else sheets:
        _write_sheet(wb, sheet)
    wb.save(target)


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
