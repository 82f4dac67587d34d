"""The one export path (STYLE.md): an exporter owns its table once — title, 附件N label, headers, rows,
preamble and footer lines — and renders it as Excel (`render_xlsx`) and as PDF (`render_pdf`) from the same
`Sheet`s. Views only pick the exporter and the format (`exporter.response(request.GET.get("format"))`)."""

import datetime
import itertools
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

from .pdf import pdf_bytes, pdf_response, render_pdf, write_pdf_parts
from .xlsx import Sheet, mark_totals, render_xlsx


def text_date(value) -> str:
    """A day or moment in running text (STYLE.md): 2025年6月30日, or 2025年6月30日 14:00 in Beijing time."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"


def pdf_value(value) -> str:
    """A cell as the PDF prints it: dates as 2025-06-30 (STYLE.md, tables), times in Beijing time."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, Decimal | float):
        return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
    return str(value)


def pdf_rows(sheet: Sheet) -> Iterator[dict]:
    """The sheet's rows with their cells as text, the spans Excel merges and the 合计 rows marked."""
    spans = {index: (first, end) for index, first, end in sheet.spans}
    for index, (row, total) in enumerate(mark_totals(sheet.rows, sheet.total_rows)):
        cells, column = [], 1
        for value in row:
            if column > len(sheet.headers):
                break
            first, end = spans.get(index, (0, 0))
            if first < column <= end:
                column += 1
                continue
            span = end - first + 1 if column == first else 1
            cells.append({"value": pdf_value(value), "span": span,
                          "num": isinstance(value, int | float | Decimal) and not isinstance(value, bool)})
            column += 1
        yield {"cells": cells, "total": total}


PDF_PART_ROWS = 1200  # table rows laid out at once (greencomp/pdf.py: a part's layout is held in memory)
# A background job lays out its parts in JOB_PDF_WORKERS child processes: parts small enough that a province
# table (~1,000 rows) is two of them, one per child, and each child holds one part's layout at a time.
JOB_PDF_PART_ROWS = 600
JOB_PDF_WORKERS = min(2, os.cpu_count() or 1)  # one child per core, at most 2 (each adds ~100 MB)
TABLE_TEMPLATE = "pdf/table.html"


def pdf_parts(sheets: Iterable[Sheet], context: dict, part_rows: int | None = None) -> Iterator[dict]:
    """The sheets cut into contexts of at most `part_rows` rows for `write_pdf_parts`. Whole sheets are
    grouped while they fit, and a sheet that does not fit what is left starts the next part (each sheet starts
    a new page anyway, so joining changes nothing on paper). Only a sheet longer than a part is cut, every
    `part_rows` rows: its label, title and preamble on its first piece, its footer on its last, the header row
    on every page as before."""
    part_rows = part_rows or PDF_PART_ROWS
    batch, size = [], 0
    for sheet in sheets:
        head = True
        for chunk, last in _pieces(pdf_rows(sheet), part_rows):
            if batch and size + max(len(chunk), 1) > part_rows:
                yield {**context, "sheets": batch}
                batch, size = [], 0
            batch.append({"sheet": sheet, "rows": chunk, "head": head, "foot": last})
            size, head = size + max(len(chunk), 1), False
    if batch:
        yield {**context, "sheets": batch}


def _pieces(rows: Iterator, n: int) -> Iterator[tuple[list, bool]]:
    """(up to n rows, whether they are the last) — an empty sheet is one empty last piece."""
    chunk = list(itertools.islice(rows, n))
    while True:
        following = list(itertools.islice(rows, n))
        yield chunk, not following
        if not following:
            return
        chunk = following


class Exporter:
    """One subclass per export: `filename`, `title`, `headers`, `rows()` (or `sheets()` for several tables),
    optionally the notice's `label` (附件N), `preamble` and `footer` lines, orientation and PDF widths."""

    filename = "export"
    label = ""
    title = ""
    headers: Sequence[str] = ()
    preamble: Sequence[str] = ()
    footer: Sequence[str] = ()
    landscape = False
    pdf_widths: Sequence[int] = ()
    pdf_template = TABLE_TEMPLATE
    empty_text = "（无）"

    def rows(self) -> Iterable[Sequence]:
        raise NotImplementedError

    def sheets(self) -> list[Sheet]:
        return [Sheet(title=self.title, label=self.label, headers=self.headers, rows=self.rows(),
                      preamble=self.preamble, footer=self.footer, landscape=self.landscape,
                      pdf_widths=self.pdf_widths)]

    def render_xlsx(self):
        return render_xlsx(self.sheets(), self.filename)

    def pdf_context(self) -> dict:
        sheets = self.sheets()
        return {"title": self.title or sheets[0].title, "empty_text": self.empty_text,
                "sheets": [{"sheet": s, "rows": pdf_rows(s), "head": True, "foot": True} for s in sheets]}

    def render_pdf(self) -> HttpResponse:
        """A short table as one document; a long one (more than PDF_PART_ROWS rows) in parts, streamed from
        a temporary file."""
        if self.pdf_template != TABLE_TEMPLATE:
            return render_pdf(self.pdf_template, self.pdf_context(), self.filename)
        parts = self._pdf_parts()
        first, second = next(parts), next(parts, None)
        if second is None:
            return render_pdf(TABLE_TEMPLATE, first, self.filename)
        tmp = tempfile.TemporaryFile()
        write_pdf_parts(TABLE_TEMPLATE, itertools.chain([first, second], parts), tmp)
        tmp.seek(0)
        return pdf_response(tmp, self.filename)

    def write_pdf(self, target) -> None:
        """The PDF into an open binary file (background jobs): in parts whatever its length, laid out side by
        side by JOB_PDF_WORKERS child processes."""
        if self.pdf_template != TABLE_TEMPLATE:
            target.write(pdf_bytes(self.pdf_template, self.pdf_context()))
        else:
            write_pdf_parts(TABLE_TEMPLATE, self._pdf_parts(JOB_PDF_PART_ROWS), target, workers=JOB_PDF_WORKERS)

    def _pdf_parts(self, part_rows: int | None = None) -> Iterator[dict]:
        sheets = self.sheets()
        context = {"title": self.title or (sheets[0].title if sheets else ""), "empty_text": self.empty_text}
        return pdf_parts(sheets, context, part_rows)

    def response(self, fmt: str | None = "xlsx"):
        """The view's one call: `fmt` is "pdf" for the PDF, anything else the Excel workbook."""
        return self.render_pdf() if fmt == "pdf" else self.render_xlsx()
