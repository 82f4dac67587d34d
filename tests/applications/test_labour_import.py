"""Excel import in the 附件2 layout: preview with every row's errors, all-or-nothing, malformed files."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications import services_labour
from applications.models import Entry
from greencomp.models import Organisation
from tests.factories import valid_credit_code, xlsx_file, xlsx_upload

pytestmark = pytest.mark.django_db


def row(n, **kw):
    values = {"no": n, "name": f"导入测试{n}有限公司", "code": valid_credit_code(7000 + n), "industry": "化工",
              "project": f"节能改造项目{n}", "address": "郑州市金水区1号", "contact": "王五", "phone": "13912345678"}
    values.update(kw)
    return list(values.values())


def preview(client, division, upload):
    return client.post(reverse("labour:import", args=[division.pk]), {"file": upload})


def row_errors(response):
    return {r.line: r.errors for r in response.context["rows"]}


def test_valid_file_previews_then_imports_all_rows(client, registration_open, division, officer):
    client.force_login(officer)
    response = preview(client, division, xlsx_upload([row(1), row(2, phone=13812345678), row(3)]))
    assert response.status_code == 200
    assert row_errors(response) == {3: [], 4: [], 5: []}
    assert Entry.objects.count() == 0  # the preview saves nothing
    token = response.context["token"]
    response = client.post(reverse("labour:import", args=[division.pk]), {"token": token}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["已导入 3 家参赛单位。"]
    assert list(Entry.objects.order_by("id").values_list("organisation__name", "contact_phone")) == [
        ("导入测试1有限公司", "13912345678"), ("导入测试2有限公司", "13812345678"), ("导入测试3有限公司", "13912345678")]


def test_every_row_error_is_listed_and_nothing_is_saved(client, registration_open, division, other_division, officer,
                                                        make_labour_entry):
    taken = make_labour_entry(other_division)
    client.force_login(officer)
    rows = [
        row(1, code="91410100MA3X5Y7K20"),  # wrong check character
        row(2, phone="12345"),
        row(3, project=""),
        row(4, code=valid_credit_code(7001)),  # same as row 1? no: row 1 has a wrong code; duplicate of row 5
        row(5, code=valid_credit_code(7001)),
        row(6, code=taken.organisation.credit_code),
    ]
    response = preview(client, division, xlsx_upload(rows))
    errors = row_errors(response)
    assert errors == {
        3: ["统一社会信用代码校验位不正确，请核对后重新填写。"],
        4: ["请填写正确的电话号码：手机号11位（如13812345678），固定电话如0371-65512345。"],
        5: ["“参赛项目”不能为空"],
        6: [],
        7: ["统一社会信用代码与第6行重复"],
        8: ["该单位已在“开封市”赛区登记", "超出本赛区参赛名额（5个）"],
    }
    assert response.context["batch_errors"] == ["本次导入6家，本赛区剩余名额5个，已超出本赛区参赛名额（5个），不能再登记。"]
    assert "token" not in response.context
    assert Entry.objects.filter(division=division).count() == 0
    assert not Organisation.objects.filter(name__startswith="导入测试").exists()


def test_batch_over_the_remaining_quota_is_refused(client, registration_open, division, officer, make_labour_entry):
    for _ in range(3):
        make_labour_entry(division)
    client.force_login(officer)
    response = preview(client, division, xlsx_upload([row(1), row(2), row(3)]))
    assert response.context["batch_errors"] == [
        "本次导入3家，本赛区剩余名额2个，已超出本赛区参赛名额（5个），不能再登记。"]
    assert row_errors(response)[5] == ["超出本赛区参赛名额（5个）"]
    assert Entry.objects.filter(division=division).count() == 3


def test_confirm_rechecks_under_the_lock_and_saves_nothing_if_things_changed(client, registration_open, division, officer,
                                                                              make_labour_entry):
    client.force_login(officer)
    response = preview(client, division, xlsx_upload([row(1), row(2)]))
    token = response.context["token"]
    for _ in range(4):
        make_labour_entry(division)  # meanwhile, the quota filled up
    response = client.post(reverse("labour:import", args=[division.pk]), {"token": token}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "数据已发生变化，未导入任何数据，请重新上传并预览。本次导入2家，本赛区剩余名额1个，已超出本赛区参赛名额（5个），不能再登记。"]
    assert Entry.objects.filter(division=division).count() == 4


def test_forged_token_is_refused(client, registration_open, division, officer):
    client.force_login(officer)
    response = client.post(reverse("labour:import", args=[division.pk]), {"token": "forged"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["导入预览已失效，请重新上传文件。"]
    assert Entry.objects.count() == 0


def test_a_token_signed_for_one_division_is_refused_by_another(client, registration_open, division, other_division,
                                                                officer, other_officer):
    client.force_login(officer)
    token = preview(client, division, xlsx_upload([row(1)])).context["token"]
    client.force_login(other_officer)
    response = client.post(reverse("labour:import", args=[other_division.pk]), {"token": token}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["导入预览已失效，请重新上传文件。"]
    assert Entry.objects.count() == 0


def test_numbers_as_text_and_empty_rows_and_merged_cells(client, registration_open, division, officer):
    client.force_login(officer)
    rows = [row(1, phone=13912345678), [None] * 8, row(2, phone="0371-65512345"), row(3)]
    # row 3's 项目地址 and 联系人 merged: only the first cell keeps a value, the other is empty
    upload = xlsx_upload(rows, merge="F6:G6")
    response = preview(client, division, upload)
    assert row_errors(response) == {3: [], 5: [], 6: ["“联系人”不能为空"]}


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("名单.xls", b"\xd0\xcf\x11\xe0 old excel"),
     "请上传 Excel 文件（.xlsx 格式）。如为 .xls 或 WPS 格式，请另存为 .xlsx 后再上传。"),
    (SimpleUploadedFile("名单.xlsx", b"this is not a zip"), "无法读取该文件：文件已损坏或不是 Excel 表格。"),
    (xlsx_upload([row(1)], headers=["序号", "单位", "项目"]),
     "表头不符合模板：应包含以下列 参赛单位、参赛项目、项目地址、联系人、联系电话（统一社会信用代码、所属行业可有可无）。"
     "请下载模板后按模板填写。"),
    (xlsx_upload([]), "表格中没有数据行。"),
])
def test_malformed_excel_gets_a_chinese_message(client, registration_open, division, officer, upload, message):
    client.force_login(officer)
    response = preview(client, division, upload)
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert Entry.objects.count() == 0


def test_template_download_has_the_import_columns(client, registration_open, officer):
    client.force_login(officer)
    response = client.get(reverse("labour:import_template"))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in ws[2]] == ["序号", "参赛单位", "统一社会信用代码", "所属行业", "参赛项目", "项目地址",
                                        "联系人", "联系电话"]
    assert re.match(r"attachment; filename", response["Content-Disposition"])


def test_import_after_the_deadline_is_refused_as_a_whole(client, registration_open, division, officer):
    registration_open["phase"].opens_at = timezone.now() - datetime.timedelta(days=30)
    registration_open["phase"].closes_at = timezone.now() - datetime.timedelta(minutes=1)
    registration_open["phase"].save()
    client.force_login(officer)
    response = preview(client, division, xlsx_upload([row(1)]))
    deadline = timezone.localtime(registration_open["phase"].closes_at)
    assert response.context["batch_errors"] == [
        f"已超过报送截止时间（{deadline.year}年{deadline.month}月{deadline.day}日 {deadline:%H:%M}），"
        "不能再登记、修改或报送。如需延期，请联系秘书处。"]
    assert "token" not in response.context
    assert Entry.objects.count() == 0


# ---- the notices' own layouts (issue 13): seed 000 附件2 as an officer types it, and our own export ----------

def seed_annex_2(rows, division_name="郑州市"):
    """Seed 000 附件2 exactly: title, 赛区：/分管领导签名：/填报日期： lines, the six columns, 填表人：/联系电话： below."""
    return xlsx_file([
        ["2022 年全省重点行业绿色发展竞赛参赛单位汇总表"], [f"赛区：{division_name}"], ["分管领导签名："],
        ["填报日期：      年    月    日"], ["序号", "参赛单位", "参赛项目", "项目地址", "联系人", "联系电话"],
        *rows,
        [],
        ["填表人：李填表"],
        [None, "联系电话：0371-65512345"],  # typed one column to the right: still a footer line
    ], name="附件2.xlsx")


def test_seed_annex_2_with_its_six_columns_imports_with_warnings(client, registration_open, division, officer):
    client.force_login(officer)
    upload = seed_annex_2([[1, "郑州示范钢铁有限公司", "烧结烟气余热回收", "郑州市上街区工业路1号", "张三", 13812345678],
                           [2, "郑州示范化工有限公司", "蒸汽管网保温改造", "郑州市中牟县2号", "李四", "0371-65512345"]])
    response = preview(client, division, upload)
    assert [(r.line, r.errors, r.warnings) for r in response.context["rows"]] == [
        (6, [], ["未填写“统一社会信用代码”", "未填写“所属行业”"]),
        (7, [], ["未填写“统一社会信用代码”", "未填写“所属行业”"])]
    assert "2 行有未填写的内容，可以导入，导入后请补充：第6、7行。" in response.content.decode()
    response = client.post(reverse("labour:import", args=[division.pk]), {"token": response.context["token"]},
                           follow=True)
    assert [str(m) for m in response.context["messages"]] == ["已导入 2 家参赛单位。"]
    assert list(Entry.objects.order_by("id").values_list(
        "organisation__name", "organisation__credit_code", "industry", "project", "contact_phone")) == [
        ("郑州示范钢铁有限公司", "", "", "烧结烟气余热回收", "13812345678"),
        ("郑州示范化工有限公司", "", "", "蒸汽管网保温改造", "0371-65512345")]


def test_without_credit_codes_duplicates_are_found_by_name(client, registration_open, division, other_division,
                                                            officer, make_labour_entry):
    taken = make_labour_entry(other_division)
    client.force_login(officer)
    line = [1, "郑州示范钢铁有限公司", "项目", "郑州市1号", "张三", "13812345678"]
    response = preview(client, division, seed_annex_2([line, [2, *line[1:]], [3, taken.organisation.name, *line[2:]]]))
    assert row_errors(response) == {6: [], 7: ["参赛单位与第6行重复"], 8: ["该单位已在“开封市”赛区登记"]}
    assert "token" not in response.context


def test_the_portals_own_annex_2_export_imports_again(client, registration_open, division, officer, make_labour_entry):
    entries = [make_labour_entry(division) for _ in range(2)]
    client.force_login(officer)
    exported = b"".join(client.get(reverse("labour:division_xlsx", args=[division.pk])).streaming_content)
    for entry in entries:
        services_labour.entry_withdraw(entry=entry, by=officer)
    response = preview(client, division, SimpleUploadedFile("附件2-郑州市.xlsx", exported))
    # the units are known by name: their codes are taken from the platform, only 所属行业 is left to fill in
    assert [(r.values["name"], r.values["credit_code"], r.values["project"], r.errors, r.warnings)
            for r in response.context["rows"]] == [
        (e.organisation.name, e.organisation.credit_code, e.project, [], ["未填写“所属行业”"]) for e in entries]
    client.post(reverse("labour:import", args=[division.pk]), {"token": response.context["token"]})
    assert sorted(Entry.objects.filter(division=division, status=Entry.Status.REGISTERED)
                  .values_list("organisation_id", flat=True)) == sorted(e.organisation_id for e in entries)
