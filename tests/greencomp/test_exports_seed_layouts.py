"""Every export that reproduces a seed attachment, built through its view and read back as a user would: the
workbook with openpyxl and its sheet XML (fitToPage, orientation, print titles, merges, date formats), the
PDF with pdftotext / pdfinfo (labels, lines, A4 orientation, 合计 once, footer lines kept together).
Set EXPORT_ARTIFACTS=<dir> to keep the files for looking at them."""

import datetime
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications import services_recommend
from applications.exporters_labour import CompetitionSummaryExporter
from applications.selectors_labour import fill_rate_rows
from applications.selectors_recommend import recommending_body
from competitions.enums import Role
from reviews.models import Criterion, NominationQuota
from tests.factories import (
    DivisionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    assign,
    full_marks,
    score,
)

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")

A4_PORTRAIT, A4_LANDSCAPE = "595.276 x 841.89", "841.89 x 595.276"


def _keep(name: str, data: bytes) -> None:
    target = os.environ.get("EXPORT_ARTIFACTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        (Path(target) / name).write_bytes(data)


class Book:
    """A downloaded workbook: openpyxl's view and the raw XML of its parts."""

    def __init__(self, response, name: str):
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        self.data = b"".join(response.streaming_content)
        _keep(name, self.data)
        self.wb = load_workbook(io.BytesIO(self.data))
        self.zip = zipfile.ZipFile(io.BytesIO(self.data))

    def xml(self, n=1) -> str:
        return self.zip.read(f"xl/worksheets/sheet{n}.xml").decode()

    def rows(self, ws=None):
        return [list(r) for r in (ws or self.wb.active).iter_rows(values_only=True)]


def assert_print_layout(book: Book, *, header_row: int, landscape: bool, n=1, ws=None):
    ws = ws or book.wb.worksheets[n - 1]
    xml = book.xml(n)
    assert '<pageSetUpPr fitToPage="1"/>' in xml  # fit to one page wide, in the sheet XML itself
    setup = re.search(r"<pageSetup [^>]*>", xml).group()
    # one page wide (fitToWidth's default in the schema is 1), as many pages tall as needed
    assert 'fitToHeight="0"' in setup and re.search(r'fitToWidth="(?!1")', setup) is None
    assert f'orientation="{"landscape" if landscape else "portrait"}"' in xml and 'paperSize="9"' in xml
    assert ws.print_title_rows == f"${header_row}:${header_row}"  # header row repeated on every page
    return xml


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def pdf_pages(response, name: str, tmp_path) -> tuple[list[list[str]], str]:
    """The PDF's pages as lists of lines (runs of spaces kept) and its page size."""
    assert response["Content-Type"] == "application/pdf"
    _keep(name, response.content)
    path = tmp_path / name
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+ x [\d.]+)", info).group(1)
    pages = [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")]
    return [p for p in pages if p], size


def squeeze(line: str) -> str:
    return re.sub(r"\s+", "", line)


# ---- seed 000 附件1: the quota table -------------------------------------------------------------------------

def test_annex1_quota_table(client, secretariat, henan_2022, tmp_path):
    client.force_login(secretariat)
    book = Book(client.get(reverse("quota_tables:export_xlsx", args=[henan_2022.pk])), "附件1.xlsx")
    ws = book.wb.active
    assert [ws["A1"].value, ws["A2"].value] == ["附件1", "2022年全省重点行业绿色发展竞赛参赛企业分配表"]
    assert {"A2:D2", "A20:C20"} <= merged(ws)  # merged title; 合计 across the columns before the total
    assert [c.value for c in ws[3]] == ["赛区", "参赛企业数", "赛区", "参赛企业数"]
    assert [r[0] for r in book.rows()].count("合计") == 1 and book.rows()[-1] == ["合计", None, None, 1000]
    assert ws["A20"].font.b is True and ws["A19"].font.b is not True  # 合计 bold, the rows above not
    assert_print_layout(book, header_row=3, landscape=False)

    pages, size = pdf_pages(client.get(reverse("quota_tables:export_pdf", args=[henan_2022.pk])), "附件1.pdf",
                            tmp_path)
    assert size == A4_PORTRAIT and len(pages) == 1
    assert pages[0][:2] == ["附件1", "2022年全省重点行业绿色发展竞赛参赛企业分配表"]
    assert squeeze(pages[0][2]) == "赛区参赛企业数赛区参赛企业数"
    assert squeeze(pages[0][3]) == "郑州市70驻马店市40"
    assert [squeeze(line) for line in pages[0] if "合计" in line] == ["合计1000"]


# ---- seed 000 附件2: a division's 参赛单位汇总表 ---------------------------------------------------------------------

@pytest.fixture
def seventy_entries(registration_open, division, make_labour_entry, submit_labour_list):
    registration_open["table"].quotas.filter(division=division).update(entries=70)
    for i in range(1, 71):
        make_labour_entry(division, project=f"余热回收改造项目{i}", contact_name="刘建军" if i % 2 else "欧阳明",
                          contact_phone=f"0371-6551{i:04d}")
    submit_labour_list(division)


def test_annex2_division_summary(client, officer, division, seventy_entries, tmp_path):
    client.force_login(officer)
    book = Book(client.get(reverse("labour:division_xlsx", args=[division.pk])), "附件2.xlsx")
    rows = book.rows()
    assert [r[0] for r in rows[:5]] == ["附件2", "2026年全省重点行业绿色发展竞赛参赛单位汇总表", "赛区：郑州市",
                                        "分管领导签名：", "填报日期：      年    月    日"]
    assert rows[5] == ["序号", "参赛单位", "参赛项目", "项目地址", "联系人", "联系电话"]
    assert len([r for r in rows if isinstance(r[0], int)]) == 70
    assert [r[0] for r in rows[-2:]] == ["填表人：李填表", "联系电话：0371-65512345"]
    assert {"A2:F2", "A3:F3", "A4:F4", "A5:F5"} <= merged(book.wb.active)
    assert_print_layout(book, header_row=6, landscape=True)

    pages, size = pdf_pages(client.get(reverse("labour:division_pdf", args=[division.pk])), "附件2.pdf", tmp_path)
    assert size == A4_LANDSCAPE and len(pages) >= 3
    first = pages[0]
    assert first[:4] == ["附件2", "2026年全省重点行业绿色发展竞赛参赛单位汇总表", "赛区：郑州市", "分管领导签名："]
    assert re.fullmatch(r"填报日期：\s{3,}年\s+月\s+日", first[4])  # blank date, the spaces kept (not one)
    body = [line for page in pages for line in page]
    assert re.search(r"联系人\s+联系电话$", first[5])
    assert all(re.search(r"联系人\s+联系电话$", p[0]) for p in pages[1:])  # header repeated, 联系人 on one line
    names = [line for line in body if re.match(r"\d+\s+测试企业", line)]
    assert len(names) == 70 and all(re.search(r"(刘建军|欧阳明)\s+0371-6551\d{4}$", line) for line in names)
    last = pages[-1]
    assert [squeeze(line) for line in last if line.startswith(("填表人", "联系电话"))] == ["填表人：李填表",
                                                                                        "联系电话：0371-65512345"]
    assert any(re.match(r"\d+\s+测试企业", line) for line in last)  # the footer is never alone on a page


# ---- seed 003 附件3 and 附件4 -------------------------------------------------------------------------------------

def test_annex3_improvement_list_and_annex4(client, g_city, g_officer, make_enterprise, make_item, grading, tmp_path):
    e = make_enterprise(g_city, "郑州宏达印刷有限公司", ["包装印刷"], "C", county="新郑市")
    make_item(e, "包装印刷", target="B", due=datetime.date(2021, 9, 30), by=g_officer)
    client.force_login(g_officer)
    book = Book(client.get(f"/grading/cities/{g_city.pk}/list/export.xlsx"), "附件3.xlsx")
    ws = book.wb.active
    assert [ws["A1"].value, ws["A2"].value] == ["附件3", "重点行业绩效分级提升企业清单"]
    assert ws["A3"].value.startswith("日期：") and "A2:M2" in merged(ws)
    assert [c.value for c in ws[4]][:4] == ["序号", "省辖市", "县（市、区）", "企业名称"]
    due = ws["L5"]
    assert (due.value, due.number_format) == (datetime.datetime(2021, 9, 30), "yyyy-mm-dd")
    assert_print_layout(book, header_row=4, landscape=True)  # 13 columns: landscape, one page wide


# ---- seed 002: the city's 推荐汇总表 --------------------------------------------------------------------------------

def test_city_recommendation_summary(client, make_recommend_application, division, track, officer, tmp_path):
    for _ in range(2):
        app = make_recommend_application(division=division, track=track)
        services_recommend.application_recommend(application=app, by=officer)
    body = officer.organisation.name
    client.force_login(officer)
    url = reverse("recommend:division_export", args=[division.pk])
    book = Book(client.get(url), "推荐汇总表.xlsx")
    rows = book.rows()
    assert rows[0][0] == "2025年河南省工业绿色低碳发展创新大赛郑州市推荐汇总表"
    assert [rows[1][0], rows[2][0]] == [f"推荐单位（盖章）：{body}", "填报日期：      年    月    日"]
    assert rows[3][0] == "序号" and rows[-1][0] == "填表人：                        联系电话："
    assert_print_layout(book, header_row=4, landscape=True)

    pages, size = pdf_pages(client.get(url, {"format": "pdf"}), "推荐汇总表.pdf", tmp_path)
    text = [line for page in pages for line in page]
    assert size == A4_LANDSCAPE
    assert f"推荐单位（盖章）：{body}" in text and "工业和信息化主管部门" not in "".join(text)
    assert squeeze(text[-1]).startswith("填表人：联系电话：") or any(squeeze(t) == "填表人：联系电话：" for t in text)


def test_recommending_body_falls_back_to_the_notice_wording(division):
    assert recommending_body(division) == "郑州市工业和信息化主管部门"
    user = UserFactory(organisation=OrganisationFactory(name="郑州市工业和信息化局", credit_code=""))
    MembershipFactory(user=user, role=Role.OFFICER, competition=division.competition, division=division)
    assert recommending_body(division) == "郑州市工业和信息化局"


# ---- seed 000/001: 推荐名额分配表 and 通报表扬 -----------------------------------------------------------------------

def test_commendation_quota_table_total_once(client, secretariat, commendation, competition, tmp_path):
    for i in range(40):  # enough divisions for three pages
        d = DivisionFactory(competition=competition, name=f"测试赛区{i:02d}", order=10 + i)
        for award in (commendation["unit"], commendation["team"], commendation["person"]):
            NominationQuota.objects.create(award_type=award, division=d, count=1)
    client.force_login(secretariat)
    book = Book(client.get(reverse("commendation:quotas_xlsx", args=[competition.pk])), "推荐名额分配表.xlsx")
    assert [r[1] for r in book.rows()[-2:]] == ["合计", "评选总数"]
    assert_print_layout(book, header_row=2, landscape=True)

    pages, size = pdf_pages(client.get(reverse("commendation:quotas_pdf", args=[competition.pk])),
                            "推荐名额分配表.pdf", tmp_path)
    assert len(pages) >= 2
    lines = [line for page in pages for line in page]
    totals = [line for line in lines if squeeze(line).startswith("合计")]
    assert len(totals) == 1 and totals[0] in pages[-1]  # once, at the end — not repeated on each page
    assert all(squeeze(p[1 if p is pages[0] else 0]).startswith("序号赛区") for p in pages)  # header repeated


def test_honours_workbook_and_pdf(client, secretariat, commendation, competition, division, nominate, tmp_path):
    team = commendation["team"]
    nominate(team, commendation["entries"][division.pk][0], selected=True, escalated=True)
    client.force_login(secretariat)
    book = Book(client.get(reverse("commendation:honours_xlsx", args=[competition.pk])), "通报表扬.xlsx")
    ws = book.wb["2.绿色发展竞赛先进班组（车间、工段）"]
    assert [ws["A1"].value, ws["A2"].value] == ["2026年全省重点行业绿色发展竞赛通报表扬名单",
                                                "绿色发展竞赛先进班组（车间、工段）（1个）"]
    assert {"A1:D1", "A2:D2"} <= merged(ws)
    assert book.wb["4.河南省工人先锋号"]["A2"].value == "按程序申报河南省工人先锋号（1个）"
    assert_print_layout(book, header_row=3, landscape=False, n=2)

    pages, size = pdf_pages(client.get(reverse("commendation:honours_pdf", args=[competition.pk])), "通报表扬.pdf",
                            tmp_path)
    text = [line for page in pages for line in page]
    assert size == A4_PORTRAIT and text[0] == "2026年全省重点行业绿色发展竞赛通报表扬名单"
    assert "按程序申报河南省工人先锋号（1个）" in text
    assert "择优申报" not in "".join(text) and "先进集体" not in "".join(text)


# ---- seed 002 附件2: the expert's 评分表, and the 评分汇总表 ----------------------------------------------------------

def test_score_sheet_pdf_has_the_rubric_sections(client, expert, pool, track2, make_review_entry, tmp_path):
    sheet = assign(make_review_entry(track2, title="余热梯级利用技术"), pool["expert"])
    score(sheet, full_marks(track2), submit=False)
    client.force_login(expert)
    pages, size = pdf_pages(client.get(reverse("review:sheet_pdf", args=[sheet.pk])), "评分表.pdf", tmp_path)
    text = [line for page in pages for line in page]
    assert size == A4_PORTRAIT
    assert text[:2] == ["清洁生产、节能降碳、资源高效利用技术创新成果评比细则", "草稿（尚未提交）"]
    assert "一、基本要求" in text and "二、评比细则" in text
    assert text.index("一、基本要求") < text.index("二、评比细则")
    gates = Criterion.objects.filter(track=track2, is_gate=True).count()
    assert len([t for t in text if t.endswith("通过/不通过    通过") or squeeze(t).endswith("通过/不通过通过")]) == gates
    assert "评审专家（签名）：" in text and squeeze(text[-2] if "页" in text[-1] else text[-1]).startswith("日期：")


def test_score_summary_is_landscape_one_page_wide(client, secretariat, pool, track2, make_review_entry):
    sheet = assign(make_review_entry(track2), pool["expert"])
    score(sheet, full_marks(track2))
    client.force_login(secretariat)
    book = Book(client.get(reverse("review:summary_xlsx", args=[track2.pk])), "评分汇总表.xlsx")
    ws = book.wb.active
    assert ws["A1"].value == f"{track2.competition.title}  {track2.name}  评分汇总表"
    assert f"A1:{ws.cell(3, ws.max_column).column_letter}1" in merged(ws)
    assert_print_layout(book, header_row=3, landscape=True)


# ---- dates in every workbook ----------------------------------------------------------------------------------

def test_fill_rate_dates_have_a_date_format(client, secretariat, registration_open, division, competition,
                                            submit_labour_list):
    submit_labour_list(division)
    client.force_login(secretariat)
    book = Book(client.get(reverse("labour:fill_rate_xlsx", args=[competition.pk])), "填报进度.xlsx")
    ws = book.wb.active
    header = [c.value for c in ws[2]]
    submitted, deadline = ws.cell(3, header.index("报送时间") + 1), ws.cell(3, header.index("截止时间") + 1)
    assert isinstance(submitted.value, datetime.datetime) and submitted.number_format == "yyyy-mm-dd hh:mm"
    assert isinstance(deadline.value, datetime.datetime) and deadline.number_format == "yyyy-mm-dd hh:mm"
    local = timezone.localtime(registration_open["phase"].closes_at).replace(tzinfo=None, second=0, microsecond=0)
    assert deadline.value.replace(second=0, microsecond=0) == local


def test_competition_summary_pdf_has_an_annex2_per_division(client, secretariat, registration_open, division,
                                                            other_division, make_labour_entry, tmp_path):
    make_labour_entry(division)
    make_labour_entry(other_division, contact_name="欧阳明")
    # the page queues this one as a background job (下载中心); the job renders it through the same exporter
    exporter = CompetitionSummaryExporter(division.competition, fill_rate_rows(secretariat, division.competition))
    pages, size = pdf_pages(exporter.render_pdf(), "附件2-全部.pdf", tmp_path)
    assert pages[0][0] == "2026年全省重点行业绿色发展竞赛参赛单位汇总表"  # the totals sheet first
    annexes = [p for p in pages if p[0] == "附件2"]
    assert [p[2] for p in annexes] == ["赛区：郑州市", "赛区：开封市"]
    assert all("分管领导签名：" in p and any(squeeze(line) == "填表人：" for line in p) for p in annexes)
