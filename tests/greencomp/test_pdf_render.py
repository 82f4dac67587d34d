"""The renderer's own speed-ups (greencomp/pdf.py) keep what a document shows."""

import gc
import io

import pytest
from pypdf import PdfReader

from greencomp import pdf


def test_the_trimmed_ua_sheet_drops_only_the_universal_pseudo_element_rules():
    from weasyprint.html import UA  # noqa: PLC0415

    trimmed = pdf.trimmed_ua(UA).splitlines()
    assert not set(pdf.UA_UNIVERSAL_RULES) & set(trimmed)
    assert "li" + pdf.UA_UNIVERSAL_RULES[0] in trimmed
    assert len(trimmed) == len(UA.splitlines()) - len(pdf.UA_UNIVERSAL_RULES) + 1


def test_a_changed_ua_sheet_fails_loudly():
    with pytest.raises(LookupError):
        pdf.trimmed_ua("html { display: block }")


def test_list_markers_still_render_and_the_collector_is_back_on():
    html = '<ol><li>甲</li><li>乙</li></ol>'
    data = pdf._html_class()(string=html, base_url=pdf.BASE_URL, url_fetcher=pdf._fetcher()).write_pdf(
        font_config=pdf._font_config())
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "1." in text and "2." in text
    with pdf._no_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
