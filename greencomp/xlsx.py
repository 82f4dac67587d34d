"""The one Excel writer every export uses (SPEC G): merged title, bold bordered header, widths fitted to
Chinese text, frozen header, A4 print set-up repeating the header, write-only streaming, and user text
that never becomes a formula."""

import copy
import datetime
import itertools
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@")
WIDTH_SAMPLE_ROWS = 200
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    name: str = ""
    preamble: Sequence[str] = ()  # lines between title and header, e.g. "赛区：郑州市"
    footer: Sequence[str] = ()  # lines after the table, e.g. "填表人："
    landscape: bool = False
    min_widths: dict = field(default_factory=dict)


def text_width(value) -> int:
    """Display width: CJK and full-width characters count double."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def excel_value(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def _cell(ws, value, *, bold=False, border=False, wrap=False, center=False):
    cell = WriteOnlyCell(ws, value=excel_value(value))
    key = (bold, border, wrap, center)
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
            cache[key] = copy.copy(cell._style)
    if isinstance(cell.value, str):
        # Strings are always data: "=1+1" stays the text "=1+1", never a formula.
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    return cell


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _write_sheet(wb: Workbook, sheet: Sheet) -> None:
    ws = wb.create_sheet(title=(sheet.name or sheet.title)[:31])
    ncols = len(sheet.headers)
    rows = iter(sheet.rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    for i, header in enumerate(sheet.headers, start=1):
        width = max([text_width(header)] + [text_width(excel_value(r[i - 1])) for r in sample])
        width = max(width, sheet.min_widths.get(i, 0))
        ws.column_dimensions[_column_letter(i)].width = min(max(width + 2, 6), 60)

    header_row = 2 + len(sheet.preamble)
    ws.freeze_panes = f"A{header_row + 1}"  # write-only sheets take the view before the first row
    title_cell = _cell(ws, sheet.title, center=True)
    title_cell.font = Font(bold=True, size=16)
    ws.append([title_cell])
    ws.merged_cells.add(f"A1:{_column_letter(ncols)}1")
    ws.row_dimensions[1].height = 30
    line = 2
    for text in sheet.preamble:
        ws.append([_cell(ws, text)])
        ws.merged_cells.add(f"A{line}:{_column_letter(ncols)}{line}")
        line += 1
    ws.append([_cell(ws, h, bold=True, border=True, center=True) for h in sheet.headers])
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True

    for row in itertools.chain(sample, rows):
        ws.append([_cell(ws, v, border=True) for v in row])
    for text in sheet.footer:
        ws.append([_cell(ws, text)])


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


class Exporter:
    """One subclass per export: `filename`, `title`, `headers`, `rows()`; `sheets()` for multi-sheet books."""

    filename = "export"
    title = ""
    headers: Sequence[str] = ()
    preamble: Sequence[str] = ()
    footer: Sequence[str] = ()
    landscape = False

    def rows(self) -> Iterable[Sequence]:
        raise NotImplementedError

    def sheets(self) -> list[Sheet]:
        return [Sheet(title=self.title, headers=self.headers, rows=self.rows(), preamble=self.preamble,
                      footer=self.footer, landscape=self.landscape)]

    def response(self) -> FileResponse:
        return render_xlsx(self.sheets(), self.filename)
