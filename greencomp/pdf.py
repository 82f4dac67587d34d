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


def static_file_for(url: str) -> str:
    """The local path of one of the project's static files named by `url`; anything else is refused."""
    parsed = urlparse(url)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if parsed.scheme == "https" and parsed.netloc == "greencomp.invalid" and parsed.path.startswith(static_prefix):
        path = finders.find(parsed.path[len(static_prefix):])
        if path:
            return str(path)
    raise BlockedURL(f"PDF 渲染不允许访问外部地址：{url}")


def static_only_fetcher(url: str, *args, **kwargs):
    """URL fetcher for older WeasyPrint versions, which take a function."""
    from weasyprint import default_url_fetcher

    return default_url_fetcher("file://" + static_file_for(url), *args, **kwargs)


def _url_fetcher():
    """Newer WeasyPrint (70 is installed) takes a URLFetcher instance; older versions a function."""
    from weasyprint import urls

    if not hasattr(urls, "URLFetcher"):
        return static_only_fetcher

    class StaticOnlyFetcher(urls.URLFetcher):
        def fetch(self, url, headers=None):
            return super().fetch("file://" + static_file_for(url), headers)

    return StaticOnlyFetcher(allowed_protocols={"file"})


def pdf_bytes(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # slow import: only when a PDF is made

    html = render_to_string(template, context)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=_url_fetcher()).write_pdf()


def render_pdf(template: str, context: dict, filename: str) -> HttpResponse:
    response = HttpResponse(pdf_bytes(template, context), content_type="application/pdf")
    if not filename.endswith(".pdf"):
        filename += ".pdf"
    from django.utils.http import content_disposition_header

    response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response
