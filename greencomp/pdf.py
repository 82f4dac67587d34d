"""The one PDF renderer (SPEC G): WeasyPrint, A4, Noto Sans CJK, page numbers, and a URL fetcher that
serves only the project's own static files — user content can never make the server fetch a URL."""

from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

BASE_URL = "https://greencomp.invalid/"


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
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            return super().fetch("file://" + str(static_path(url)), headers)

    return StaticOnlyFetcher(allowed_protocols={"file"})


def pdf_bytes(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # slow import: only when a PDF is made

    html = render_to_string(template, context)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()


def render_pdf(template: str, context: dict, filename: str) -> HttpResponse:
    response = HttpResponse(pdf_bytes(template, context), content_type="application/pdf")
    if not filename.endswith(".pdf"):
        filename += ".pdf"
    from django.utils.http import content_disposition_header

    response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response
