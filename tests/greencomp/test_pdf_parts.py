"""Long table PDFs are rendered in parts and joined (greencomp/pdf.py write_pdf_parts)."""

import io

import pytest
from pypdf import PdfReader

from greencomp import exporters
from greencomp.exporters import Exporter, pdf_parts
from greencomp.xlsx import Sheet

# Rendering a PDF has been seen to reach the database in some worker orders (a database-backed lookup during
# the render): allowed here, so the result never depends on which test ran before in the same worker.
pytestmark = pytest.mark.django_db

HEADERS = ["序号", "参赛单位", "参赛项目"]


def _sheet(title, n):
    return Sheet(title=title, label="附件2", headers=HEADERS, rows=[[i, f"单位{i}", f"项目{i}"] for i in range(1, n + 1)],
                 preamble=["赛区：郑州市"], footer=["填表人："])


def _shape(parts):
    return [[(s["sheet"].title, [r["cells"][0]["value"] for r in s["rows"]], s["head"], s["foot"]) for s in p["sheets"]]
            for p in parts]


def test_sheets_are_grouped_into_parts_and_only_a_long_one_is_cut():
    parts = list(pdf_parts([_sheet("甲", 5), _sheet("乙", 2), _sheet("丙", 0)], {"title": "t"}, part_rows=3))
    assert _shape(parts) == [
        [("甲", ["1", "2", "3"], True, False)],
        [("甲", ["4", "5"], False, True)],  # 乙 does not fit what is left: it starts the next part whole
        [("乙", ["1", "2"], True, True), ("丙", [], True, True)],
    ]


class _Long(Exporter):
    title = "合成竞赛参赛单位汇总表"
    filename = "汇总表"

    def sheets(self):
        return [_sheet(self.title, 7)]


def test_a_long_pdf_is_joined_from_parts_with_header_and_page_numbers_on_each_page(monkeypatch):
    monkeypatch.setattr(exporters, "PDF_PART_ROWS", 3)
    response = _Long().render_pdf()
    data = b"".join(response.streaming_content)
    response.close()
    assert response["Content-Type"] == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    assert len(pages) == 3
    for number, text in enumerate(pages, start=1):
        assert "参赛单位" in text  # the header row on every page
        assert f"第 {number} 页 共 3 页" in text
    assert ["附件2" in text for text in pages] == [True, False, False]
    assert ["填表人" in text for text in pages] == [False, False, True]
    assert ["单位7" in text for text in pages] == [False, False, True]


def test_a_short_pdf_stays_one_document(monkeypatch):
    monkeypatch.setattr(exporters, "PDF_PART_ROWS", 30)
    response = _Long().render_pdf()
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    assert len(pages) == 1
    assert "第 1 页 共 1 页" in pages[0]


def test_a_background_job_lays_out_its_parts_in_child_processes_in_order(monkeypatch):
    monkeypatch.setattr(exporters, "JOB_PDF_PART_ROWS", 2)
    monkeypatch.setattr(exporters, "JOB_PDF_WORKERS", 2)
    target = io.BytesIO()
    _Long().write_pdf(target)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(target.getvalue())).pages]
    assert len(pages) == 4
    for number, text in enumerate(pages, start=1):
        assert "参赛单位" in text
        assert f"第 {number} 页 共 4 页" in text
        assert f"单位{2 * number - 1}" in text  # the parts joined in order, whichever child finished first
