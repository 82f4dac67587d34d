"""The shared import reader against hostile files (issue 14): each crafted file is built here, byte by byte, and
refused with a Chinese message before it can cost time or memory; files within the limits still read. Timing
and peak memory are measured by scripts/import_limits_probe.py (figures in the lead's note), not asserted."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Entry, ImprovementItem
from greencomp.imports import Sheet, is_note_line, parse_date, read_table
from quotas.models import Quota

from . import crafted_xlsx as crafted

COLUMNS = {"赛区": "division", "参赛企业数": "entries"}

UNPACKED = "文件解压后内容过大或压缩比异常（{}），不能导入。请在 Excel 中新建表格，只复制需要导入的内容后另存再上传。"
DTD = "文件中含有不允许的 XML 实体或文档类型声明，不能导入。请在 Excel 中另存为新的 .xlsx 文件后再上传。"
ROWS = "表格超过 {} 行（空白行也计入），请删除多余的行或分批导入。"


def upload(data: bytes, name="分配表.xlsx"):
    return SimpleUploadedFile(name, data)


def refusal(data: bytes) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        read_table(upload(data), COLUMNS)
    return exc.value.messages


@pytest.fixture(scope="module")
def dimension_bomb():
    return crafted.dimension_bomb()  # ~8 MB, 1,048,000 rows in column A, declared A1:XFD1048001


def test_dimension_bomb_is_refused_before_reading(dimension_bomb):
    assert len(dimension_bomb) > 7_000_000
    assert refusal(dimension_bomb) == [UNPACKED.format("xl/worksheets/sheet1.xml 解压后 53 MB，上限 20 MB")]


@pytest.mark.parametrize(("build", "message"), [
    (lambda: crafted.column_xfd_rows(45000), ROWS.format(20000)),  # 94 KB-class file, one XFD cell per row
    (lambda: crafted.huge_shared_string(64), UNPACKED.format("xl/sharedStrings.xml 解压后 64 MB，上限 20 MB")),
    (crafted.external_entity, DTD),
    (crafted.billion_laughs, DTD),
    (crafted.far_row, ROWS.format(20000)),  # a million blank rows implied by one cell on the last row
    (lambda: crafted.long_cell(40000), "第2行有单元格超过 32767 个字符，不能导入。"),
    (lambda: crafted.wide_row(20000), "表格中有一行的单元格超过 16384 个（Excel 最多 16384 列），文件可能已损坏，不能导入。"),
])
def test_crafted_files_are_refused_with_a_chinese_message(build, message):
    assert refusal(build()) == [message]


def test_too_many_shared_strings_are_refused_before_openpyxl_loads_them(settings):
    settings.IMPORT_MAX_STRINGS = 50
    assert refusal(crafted.many_shared_strings(51)) == ["表格中不同的文字内容超过 50 条，请删除多余的行或分批导入。"]
    assert [r.values for r in read_table(upload(crafted.many_shared_strings(50)), COLUMNS)] == [
        {"division": "0", "entries": "1"}]


def test_huge_shared_string_is_refused_by_its_ratio_when_the_size_would_pass(settings):
    settings.IMPORT_MAX_MEMBER_MB = settings.IMPORT_MAX_TOTAL_MB = 2000
    assert refusal(crafted.huge_shared_string(8)) == [UNPACKED.format("xl/sharedStrings.xml 压缩比超过 100 倍")]


def test_declared_dimension_is_ignored_and_only_the_template_columns_are_read():
    rows = [crafted.QUOTA_HEADER] + [
        crafted.row(n, crafted.inline(f"A{n}", "郑州市"), f'<c r="B{n}"><v>{n}</v></c>', f'<c r="XFD{n}"><v>9</v></c>')
        for n in (2, 3, 4)]
    data = crafted.build(crafted.sheet_xml(rows, dimension="A1:XFD1048001"))
    assert [(r.line, r.values) for r in read_table(upload(data), COLUMNS)] == [
        (2, {"division": "郑州市", "entries": "2"}), (3, {"division": "郑州市", "entries": "3"}),
        (4, {"division": "郑州市", "entries": "4"})]
    with Sheet(upload(data)) as sheet:
        assert [len(values) for _line, values in sheet.lines(first=2, width=2)] == [2, 2, 2]


def test_blank_rows_count_toward_the_cap(settings):
    settings.IMPORT_MAX_ROWS = 5
    data_rows = [crafted.row(n, crafted.inline(f"A{n}", "郑州市"), f'<c r="B{n}"><v>1</v></c>') for n in (2, 3)]
    blank = [f'<row r="{n}"/>' for n in range(4, 12)]
    assert refusal(crafted.build(crafted.sheet_xml([crafted.QUOTA_HEADER, *data_rows, *blank]))) == [ROWS.format(5)]
    gap = crafted.row(40, crafted.inline("A40", "开封市"), '<c r="B40"><v>1</v></c>')  # rows 4-39 implied
    settings.IMPORT_MAX_ROWS = 30
    assert refusal(crafted.build(crafted.sheet_xml([crafted.QUOTA_HEADER, *data_rows, gap]))) == [ROWS.format(30)]
    settings.IMPORT_MAX_ROWS = 5
    assert len(read_table(upload(crafted.build(crafted.sheet_xml([crafted.QUOTA_HEADER, *data_rows]))), COLUMNS)) == 2


@pytest.mark.parametrize(("setting", "value", "message"), [
    ("IMPORT_SECONDS", -1, "文件内容过多，-1 秒内未能读完，请删除多余的行、列或分批导入。"),
    ("IMPORT_MAX_MEMBERS", 3, UNPACKED.format("包含 9 个部件")),
    ("IMPORT_MAX_TOTAL_MB", 0, UNPACKED.format("合计 0 MB，上限 0 MB")),
    ("IMPORT_MAX_UPLOAD_MB", 0, "文件过大：导入文件不能超过 0 MB，请删除多余内容或分批导入。"),
])
def test_each_limit_is_a_setting(settings, setting, value, message):
    setattr(settings, setting, value)
    data = crafted.build(crafted.sheet_xml([crafted.QUOTA_HEADER, crafted.row(
        2, crafted.inline("A2", "郑州市"), '<c r="B2"><v>1</v></c>')]))
    assert refusal(data) == [message]


@pytest.mark.parametrize("text", ["2021年9月30日", "2021 年 9 月 30 日", "2021.9.30", "2021/9/30", "2021-09-30",
                                  "2021-09-30 00:00:00", "20210930", " 2021年09月30日 "])
def test_chinese_date_styles_are_read(text):
    assert parse_date(text) == datetime.date(2021, 9, 30)


@pytest.mark.parametrize("text", ["2021年X月X日", "2021年2月30日", "九月底", "2021.9"])
def test_what_is_not_a_date_is_a_value_error(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(("cells", "note"), [
    (["填表人：张三", "", ""], True), (["", "联系电话：0371-65512345"], True), (["注：1. 重点行业类型…"], True),
    (["赛区：郑州市"], True), (["郑州市", "70"], False), (["填表人：张三", "13812345678"], False), (["张三"], False),
])
def test_the_notices_footer_lines_are_not_data(cells, note):
    assert is_note_line(cells) is note


# ---- every import page answers a hostile file with the message at the field, and writes nothing --------------

@pytest.mark.django_db
def test_labour_import_page_refuses_an_external_entity(client, registration_open, division, officer):
    client.force_login(officer)
    response = client.post(reverse("labour:import", args=[division.pk]),
                           {"file": upload(crafted.external_entity(), "参赛单位.xlsx")})
    assert (response.status_code, response.context["form"].errors) == (200, {"file": [DTD]})
    assert Entry.objects.count() == 0


@pytest.mark.django_db
def test_quota_import_page_refuses_a_column_xfd_file(client, secretariat, quota_table):
    client.force_login(secretariat)
    before = list(Quota.objects.values_list("division_id", "entries"))
    response = client.post(reverse("quota_tables:import", args=[quota_table.competition_id]),
                           {"file": upload(crafted.column_xfd_rows(45000))})
    assert response.context["form"].errors == {"file": [ROWS.format(20000)]}
    assert list(Quota.objects.values_list("division_id", "entries")) == before


@pytest.mark.django_db
def test_grading_import_page_refuses_the_dimension_bomb(client, g_city, g_officer, dimension_bomb):
    client.force_login(g_officer)
    response = client.post(reverse("grading:item_import", args=[g_city.pk]), {"file": upload(dimension_bomb, "清单.xlsx")})
    assert response.context["form"].errors == {
        "file": [UNPACKED.format("xl/worksheets/sheet1.xml 解压后 53 MB，上限 20 MB")]}
    assert ImprovementItem.objects.count() == 0


@pytest.mark.django_db
def test_account_import_page_refuses_billion_laughs(client, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("accounts:import"), {"file": upload(crafted.billion_laughs(), "accounts.xlsx")})
    assert response.context["form"].errors == {"file": [DTD]}


@pytest.mark.parametrize(("build", "message"), [
    (crafted.external_entity, DTD),
    (lambda: crafted.wide_row(20000), "表格中有一行的单元格超过 16384 个（Excel 最多 16384 列），文件可能已损坏，不能导入。"),
])
def test_a_sheet_under_another_name_is_checked_all_the_same(build, message):
    moved = crafted.renamed(build(), crafted.SHEET, "xl/data/part7.bin")
    assert "xl/data/part7.bin" in zipfile.ZipFile(io.BytesIO(moved)).namelist()
    assert refusal(moved) == [message]


def test_an_image_inside_the_workbook_does_not_stop_the_import():
    data = crafted.build(crafted.sheet_xml([crafted.QUOTA_HEADER, crafted.row(
        2, crafted.inline("A2", "郑州市"), '<c r="B2"><v>7</v></c>')]))
    data = crafted.with_member(data, "xl/media/image1.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    assert [r.values for r in read_table(upload(data), COLUMNS)] == [{"division": "郑州市", "entries": "7"}]
