import datetime
import io
import subprocess
import zoneinfo

import pytest
from openpyxl import load_workbook

from greencomp.pdf import BlockedURL, pdf_bytes, static_path
from greencomp.xlsx import Sheet, write_xlsx

HEADERS = ["序号", "参赛单位", "参赛项目", "项目地址", "联系人", "联系电话"]
ROWS = [
    [1, "中铝中州铝业有限公司", "氧化铝焙烧炉余热回收", "焦作市修武县", "张三", "0391-1234567"],
    [2, "=1+1", "+SUM(A1)", "-2", "@cmd", "13812345678"],
]


def _book(sheet: Sheet):
    buffer = io.BytesIO()
    write_xlsx(sheet, buffer)
    buffer.seek(0)
    return load_workbook(buffer)


def test_render_xlsx_round_trips_chinese_table_with_layout():
    wb = _book(Sheet(title="2022 年全省重点行业绿色发展竞赛参赛单位汇总表", headers=HEADERS, rows=ROWS,
                     preamble=["赛区：焦作市"], footer=["填表人：", "联系电话："]))
    ws = wb.active
    assert ws["A1"].value == "2022 年全省重点行业绿色发展竞赛参赛单位汇总表"
    assert sorted(str(r) for r in ws.merged_cells.ranges) == ["A1:F1", "A2:F2"]
    assert ws["A2"].value == "赛区：焦作市"
    assert [c.value for c in ws[3]] == HEADERS
    assert ws["B3"].font.b is True and ws["B3"].border.left.style == "thin"
    assert [c.value for c in ws[4]] == ROWS[0]
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws["A6"].value == "填表人：" and ws["A7"].value == "联系电话："
    # Chinese text counts double: "中铝中州铝业有限公司" is 10 characters → width 20 + padding = 22, which the
    # file stores as Excel does (22.71: the shown width plus the default font's cell margin).
    assert round(ws.column_dimensions["B"].width) == 23 and 22 < ws.column_dimensions["B"].width


def test_user_text_never_becomes_a_formula():
    ws = _book(Sheet(title="t", headers=HEADERS, rows=ROWS)).active
    row = list(ws[4])
    assert [c.value for c in row[1:5]] == ["=1+1", "+SUM(A1)", "-2", "@cmd"]
    assert [c.data_type for c in row[1:5]] == ["s", "s", "s", "s"]


def test_aware_datetimes_are_written_in_shanghai_time():
    moment = datetime.datetime(2022, 6, 8, 15, 59, tzinfo=datetime.UTC)
    ws = _book(Sheet(title="t", headers=["时间"], rows=[[moment]])).active
    assert ws["A3"].value == datetime.datetime(2022, 6, 8, 23, 59)
    assert moment.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai")).hour == 23


@pytest.fixture(scope="module")
def sample_pdf():
    return pdf_bytes("greencomp/pdf/sample.html", {
        "title": "参赛单位汇总表", "division": "郑州市", "headers": HEADERS, "rows": ROWS,
    })


def test_render_pdf_embeds_a_cjk_font_and_shows_chinese(sample_pdf, tmp_path):
    path = tmp_path / "sample.pdf"
    path.write_bytes(sample_pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Sans-CJK-SC" in fonts  # embedded (subset) CJK font
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "参赛单位汇总表" in text
    assert "中铝中州铝业有限公司" in text
    assert "第1页共1页" in text.replace(" ", "")


def test_pdf_fetcher_refuses_external_urls():
    with pytest.raises(BlockedURL):
        static_path("http://169.254.169.254/latest/meta-data")
    with pytest.raises(BlockedURL):
        static_path("file:///etc/passwd")
    assert static_path("https://greencomp.invalid/static/css/pdf.css").endswith("static/css/pdf.css")


def test_pdf_with_external_image_still_renders_without_fetching(sample_pdf):
    data = pdf_bytes("greencomp/pdf/sample.html", {"title": "外部图片", "headers": [], "rows": [],
                                                     "external": "http://example.com/x.png"})
    assert data.startswith(b"%PDF")
