"""The one PDF renderer (SPEC G): WeasyPrint, A4, Noto Sans CJK, page numbers, and a URL fetcher that
serves only the project's own static files — user content can never make the server fetch a URL.

Long documents are rendered in parts (`write_pdf_parts`): WeasyPrint keeps a document's whole layout in
memory and its time grows faster than the page count, so each part of a few hundred table rows is laid out
alone, written to a temporary file and dropped; pypdf joins the parts and stamps 第 N 页 共 M 页 from one
footer-only document of M pages (the total is known only once every part is laid out)."""

import collections
import contextlib
import functools
import gc
import itertools
import multiprocessing
import tempfile
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

BASE_URL = "https://greencomp.invalid/"
PAGE_NUMBERS_TEMPLATE = "pdf/page_numbers.html"


class BlockedURL(ValueError):
    pass


def static_path(url: str):
    """The file behind one of our own static URLs, else BlockedURL."""
    parsed = urlparse(url)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if parsed.scheme == "https" and parsed.netloc == "greencomp.invalid" and parsed.path.startswith(static_prefix):
        path = finders.find(parsed.path[len(static_prefix):])
        if path:
            return path
    raise BlockedURL(f"PDF 渲染不允许访问外部地址：{url}")


def _fetcher():
    from weasyprint.urls import URLFetcher  # noqa: PLC0415 — slow import: only when a PDF is made

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return super().fetch("file://" + str(static_path(url)), headers)

    return StaticOnlyFetcher(allowed_protocols={"file"})


_fonts = threading.local()


def _font_config():
    """One FontConfiguration per thread, reused by every document: WeasyPrint makes a new one (a Pango font
    map, native memory that is never given back) per document otherwise — ~0.25 MB lost per PDF, which a
    worker building 1,800 application PDFs into a ZIP would feel."""
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 — slow import: only when a PDF is made

    if getattr(_fonts, "config", None) is None:
        _fonts.config = FontConfiguration()
    return _fonts.config


# Rules of WeasyPrint's HTML user-agent sheet that match every element, each through a pseudo-element only some
# elements have: ::marker (list items; li is the only element the sheet or pdf.css makes one) and the footnote
# and note pseudo-elements (elements floated as footnotes or notes, which no template does). Matched as they are,
# they give every element six pseudo-element styles to cascade and compute — a third of the style time of a long
# table. The trimmed sheet keeps ::marker for li and drops the others.
UA_UNIVERSAL_RULES = (
    "::marker { font-variant-numeric: tabular-nums; white-space: pre; text-transform: none }",
    '::footnote-call { content: counter(footnote); vertical-align: super; font-size: smaller; line-height: inherit }',
    '::footnote-marker { content: counter(footnote) ". " }',
    "::note-call { content: counter(note); vertical-align: super; font-size: smaller; line-height: inherit }",
    '::note-marker { content: counter(note) ". " }',
    '::note-callback { content: "\u202f\u21a9" }',
)


def trimmed_ua(ua: str) -> str:
    """WeasyPrint's UA sheet without UA_UNIVERSAL_RULES (each must be there: a new WeasyPrint that changes them
    fails here, not silently), ::marker kept for li."""
    lines = ua.splitlines()
    for rule in UA_UNIVERSAL_RULES:
        if rule not in lines:
            raise LookupError(f"WeasyPrint's UA sheet has changed: {rule!r} not found")
        lines.remove(rule)
    return "\n".join([*lines, "li" + UA_UNIVERSAL_RULES[0]])


@functools.cache
def _html_class():
    from weasyprint import CSS, HTML  # noqa: PLC0415 — slow import: only when a PDF is made
    from weasyprint.html import UA, UA_COUNTER_STYLE, UA_FORM_STYLESHEET  # noqa: PLC0415

    ua_sheet = CSS(string=trimmed_ua(UA), counter_style=UA_COUNTER_STYLE)

    class TrimmedUAHTML(HTML):
        # The hook WeasyPrint's own tests use to give documents another UA sheet.
        def _ua_stylesheets(self, forms=False):
            return [ua_sheet, UA_FORM_STYLESHEET] if forms else [ua_sheet]

    return TrimmedUAHTML


@contextlib.contextmanager
def _no_gc():
    """The cyclic garbage collector paused: laying out a long table allocates hundreds of thousands of
    long-lived boxes, and the collections they trigger walk them again and again (a quarter of the render
    time). The caller collects once afterwards (WeasyPrint's boxes hold reference cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _document(template: str, context: dict):
    html = render_to_string(template, context)
    with _no_gc():
        return _html_class()(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).render(
            font_config=_font_config())


def pdf_bytes(template: str, context: dict) -> bytes:
    document = _document(template, context)
    with _no_gc():
        return document.write_pdf()


def _render_html(html: str, target) -> list[tuple[float, float]]:
    """Lay out one HTML document, write it into `target` (a binary file) and drop its layout; its page
    sizes (CSS px)."""
    with _no_gc():
        document = _html_class()(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).render(
            font_config=_font_config())
        document.write_pdf(target)
    sizes = [(page.width, page.height) for page in document.pages]
    del document
    gc.collect()  # WeasyPrint's boxes hold reference cycles: free this layout before the next
    return sizes


def _render_file(html: str, path: str) -> list[tuple[float, float]]:
    """One part into the file at `path` (run in a child process of the pool): its page sizes."""
    with open(path, "wb") as target:
        return _render_html(html, target)


def _child_start():
    # Each child makes its own FontConfiguration (Pango objects are not shared across a fork).
    _fonts.config = None


class _Renderer:
    """Renders HTML documents into files of `folder`, in this process (workers=1) or in a pool of forked
    children: WeasyPrint is single-threaded Python, so parts laid out side by side use the host's cores.
    The children only lay out HTML strings the parent rendered — they never touch the database — and each
    keeps at most one part's layout in memory (the bench measures the process tree's memory, children included)."""

    def __init__(self, folder: str, workers: int):
        self.folder, self.count = folder, 0
        self.pool = None
        if workers > 1:
            _html_class()  # import WeasyPrint and parse the UA sheet once, before the fork
            # The parent's objects out of the collector's reach while the children live: a child's collection
            # would otherwise write to every inherited object and so copy all the parent's memory (~100 MB).
            gc.freeze()
            self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_child_start)

    def submit(self, html: str):
        self.count += 1
        path = str(Path(self.folder) / f"{self.count:05d}.pdf")
        if self.pool is None:
            future = Future()
            future.set_result(_render_file(html, path))
        else:
            future = self.pool.submit(_render_file, html, path)
        return path, future

    def close(self):
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            gc.unfreeze()


def write_pdf_parts(template: str, parts: Iterable[dict], target, workers: int = 1) -> None:
    """Render `template` once per context of `parts` (each with `numbered=False`: no page-number footer),
    join the parts into `target` (a binary file) and number the joined pages. With `workers` > 1 the parts
    are laid out by that many child processes, at most two parts per child queued ahead (the parent renders
    each part's HTML as the previous ones are laid out, so the rows are read as before)."""
    parts = iter(parts)
    first, second = next(parts), next(parts, None)
    if second is None:  # one part: one document, numbered by WeasyPrint itself
        target.write(pdf_bytes(template, first))
        return
    with tempfile.TemporaryDirectory(prefix="greencomp-pdf-") as folder:
        renderer = _Renderer(folder, workers)
        try:
            files, sizes, pending = [], [], collections.deque()
            for context in itertools.chain([first, second], parts):
                pending.append(renderer.submit(render_to_string(template, {**context, "numbered": False})))
                if len(pending) > 2 * workers:
                    path, future = pending.popleft()
                    sizes += future.result()
                    files.append(path)
            for path, future in pending:
                sizes += future.result()
                files.append(path)
            number_files = []
            for path, future in [renderer.submit(html) for html in _numbers_html(sizes, workers)]:
                future.result()
                number_files.append(path)
        finally:
            renderer.close()
        _join(files, number_files, target)


def _numbers_html(sizes: list[tuple[float, float]], pieces: int) -> Iterator[str]:
    """Documents of empty pages of the given sizes (CSS px) carrying only the 第 N 页 共 M 页 footer, the
    pages cut into `pieces` documents (each prints its pages' own numbers, so they are laid out side by side)."""
    total = len(sizes)
    step = -(-total // pieces)
    for start in range(0, total, step):
        pages = [(n, w > h) for n, (w, h) in enumerate(sizes[start:start + step], start=start + 1)]
        yield render_to_string(PAGE_NUMBERS_TEMPLATE, {"pages": pages, "total": total})


def _join(files: list[str], number_files: list[str], target) -> None:
    """The parts' pages in order, each with its page number stamped over it, into `target`."""
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 — slow import: only when a PDF is made

    with contextlib.ExitStack() as stack:
        def pages(paths):
            for path in paths:
                yield from PdfReader(stack.enter_context(open(path, "rb"))).pages  # noqa: SIM115 — closed by the stack

        writer = PdfWriter()
        for page, number in zip(pages(files), pages(number_files), strict=True):
            joined = writer.add_page(page)
            joined.merge_page(number)
            joined.compress_content_streams()  # merging leaves the page's content uncompressed (4× the file)
        writer.compress_identical_objects()
        writer.write(target)


def render_pdf(template: str, context: dict, filename: str) -> HttpResponse:
    return pdf_response(pdf_bytes(template, context), filename)


def pdf_response(content, filename: str) -> HttpResponse:
    """`content` as bytes, or an open binary file (streamed, closed after the response)."""
    if not filename.endswith(".pdf"):
        filename += ".pdf"
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type="application/pdf")
    else:
        response = FileResponse(content, content_type="application/pdf")
    response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response
