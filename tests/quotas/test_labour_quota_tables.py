import io
import shutil
import subprocess

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from competitions.enums import DivisionKind
from greencomp.models import AuditEvent
from quotas import services_labour as services
from quotas.forms_labour import QuotaInput, QuotaTableForm
from quotas.imports_labour import quota_rows_read
from quotas.models import Quota, QuotaTable
from quotas.selectors_labour import quota_lines

from ..competitions.test_notice_tables import JIAOZUO_NAMED
from ..factories import DivisionFactory, xlsx_file


def _xlsx(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def _upload(rows, name="分配表.xlsx"):
    return xlsx_file(rows, name=name)


def _entries(table):
    return dict(Quota.objects.filter(table=table).values_list("division__name", "entries"))


# ---- export in the layout of 附件1 -------------------------------------------------------------------------

def test_export_xlsx_reproduces_henan_annex_1(client, secretariat, henan_2022):
    client.force_login(secretariat)
    response = client.get(reverse("quota_tables:export_xlsx", args=[henan_2022.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ws = _xlsx(response)
    assert ws["A1"].value == "附件1"
    assert ws["A2"].value == "2022年全省重点行业绿色发展竞赛参赛企业分配表"
    assert [c.value for c in ws[3]] == ["赛区", "参赛企业数", "赛区", "参赛企业数"]
    assert [c.value for c in ws[4]] == ["郑州市", 70, "驻马店市", 40]
    assert [c.value for c in ws[5]] == ["开封市", 40, "济源示范区", 15]
    assert [c.value for c in ws[18]] == ["信阳市", 30, "省重点赛区示范点", 40]
    assert [c.value for c in ws[19]] == ["周口市", 50, None, None]
    assert [c.value for c in ws[20]] == ["合计", None, None, 1000]
    assert "A20:C20" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.max_row == 20


def test_export_xlsx_reproduces_jiaozuo_annex(client, secretariat, jiaozuo_2019):
    client.force_login(secretariat)
    ws = _xlsx(client.get(reverse("quota_tables:export_xlsx", args=[jiaozuo_2019.pk])))
    assert ws["A1"].value == "附件"
    assert ws["A2"].value == "焦作市重点企业节能减排竞赛活动参赛企业名额分配表"
    assert [c.value for c in ws[3]] == ["赛 区", "参赛企业数", "市直参赛企业"]
    assert [c.value for c in ws[4]] == ["沁阳市", 9, "中铝中州铝业有限公司"]
    assert [c.value for c in ws[16]] == ["建设", 4, "焦煤集团"]
    assert [c.value for c in ws[17]] == ["合计", None, 80]
    assert ws.max_row == 17


def test_export_pdf_has_title_and_total(client, secretariat, henan_2022):
    client.force_login(secretariat)
    response = client.get(reverse("quota_tables:export_pdf", args=[henan_2022.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_exported_excel_imports_back_unchanged(client, secretariat, jiaozuo_2019):
    client.force_login(secretariat)
    data = b"".join(client.get(reverse("quota_tables:export_xlsx", args=[jiaozuo_2019.pk])).streaming_content)

    rows = quota_rows_read(SimpleUploadedFile("焦作.xlsx", data))
    entries = services.quota_import_check(table=jiaozuo_2019.quota_table, rows=rows)
    assert [r.errors for r in rows if r.errors] == []
    # 13 area rows and the one 市直参赛企业 row counting the 13 names of the third column
    assert rows[-1].values == {"division": "市直参赛企业", "entries": "13"}
    assert len(entries) == 14 and sum(entries.values()) == 80


# ---- edit and publish --------------------------------------------------------------------------------------

def test_publish_refused_while_total_differs(quota_table, secretariat, division):
    services.quota_table_update(table=quota_table, entries={division.pk: 50}, by=secretariat)
    with pytest.raises(ValidationError) as exc:
        services.quota_table_publish(table=quota_table, by=secretariat)
    assert exc.value.messages == ["名额合计 90 与通知规定的总数 100 不一致，不能发布。"]
    quota_table.refresh_from_db()
    assert quota_table.status == QuotaTable.Status.DRAFT


def test_update_is_audited_with_before_and_after(quota_table, secretariat, division):
    services.quota_table_update(table=quota_table, entries={division.pk: 55}, by=secretariat)
    event = AuditEvent.objects.get(action="quota_table_update")
    assert (event.before, event.after, event.actor) == ({"郑州市": 60}, {"郑州市": 55}, secretariat)


def test_page_shows_running_total_and_saves(client, secretariat, quota_table, division, other_division):
    client.force_login(secretariat)
    url = reverse("quota_tables:edit", args=[quota_table.competition_id])
    page = client.get(url).content.decode()
    assert 'id="quota-total">100<' in page
    response = client.post(url, {f"d{division.pk}": "70", f"d{other_division.pk}": "20", "action": "save"})
    assert response.status_code == 302
    assert _entries(quota_table) == {"郑州市": 70, "开封市": 20}


def test_page_publish_with_wrong_total_shows_message_and_keeps_values(client, secretariat, quota_table, division,
                                                                    other_division):
    client.force_login(secretariat)
    url = reverse("quota_tables:edit", args=[quota_table.competition_id])
    response = client.post(url, {f"d{division.pk}": "70", f"d{other_division.pk}": "40", "action": "publish"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "名额合计 110 与通知规定的总数 100 不一致，不能发布。" in page
    assert f'name="d{division.pk}" value="70"' in page
    quota_table.refresh_from_db()
    assert quota_table.status == QuotaTable.Status.DRAFT


def test_page_publish_with_right_total(client, secretariat, quota_table, division, other_division):
    client.force_login(secretariat)
    url = reverse("quota_tables:edit", args=[quota_table.competition_id])
    client.post(url, {f"d{division.pk}": "50", f"d{other_division.pk}": "50", "action": "publish"})
    quota_table.refresh_from_db()
    assert quota_table.status == QuotaTable.Status.PUBLISHED
    assert AuditEvent.objects.filter(action="quota_table_publish").count() == 1


def test_page_negative_number_refused_in_chinese(client, secretariat, quota_table, division, other_division):
    client.force_login(secretariat)
    url = reverse("quota_tables:edit", args=[quota_table.competition_id])
    response = client.post(url, {f"d{division.pk}": "-5", f"d{other_division.pk}": "4.5", "action": "save"})
    assert response.context["form"].errors == {f"d{division.pk}": ["不能为负数"],
                                               f"d{other_division.pk}": ["请输入整数"]}
    html = response.content.decode()  # the typed values come back, marked, with the message under each
    assert (f'<input type="number" name="d{division.pk}" value="-5" class="form-control form-control-sm text-end" '
            f'data-quota-input="" min="0" step="1" max="100000" required aria-invalid="true" '
            f'aria-describedby="id_d{division.pk}_error" id="id_d{division.pk}">'
            '<div class="invalid-feedback d-block">不能为负数</div>') in html
    assert f'name="d{other_division.pk}" value="4.5"' in html
    assert html.count('<tr class="table-danger">') == 2
    assert _entries(quota_table) == {"郑州市": 60, "开封市": 40}


def test_published_table_cannot_be_changed_to_a_wrong_total(quota_table, secretariat, division):
    quota_table.status = QuotaTable.Status.PUBLISHED
    quota_table.save()
    with pytest.raises(ValidationError) as exc:
        services.quota_table_update(table=quota_table, entries={division.pk: 61}, by=secretariat)
    assert exc.value.messages == ["分配表已发布，修改后名额合计 101 与通知规定的总数 100 不一致，未保存。"]
    assert _entries(quota_table) == {"郑州市": 60, "开封市": 40}


# ---- import ------------------------------------------------------------------------------------------------

def test_import_preview_lists_row_errors_and_saves_nothing(client, secretariat, quota_table):
    client.force_login(secretariat)
    upload = _upload([
        ["2026年分配表"],
        ["赛区", "参赛企业数", "赛区", "参赛企业数"],
        ["郑州市", "65", "开封市", -3],
        ["洛阳市", 10, "郑州市", 7.5],
        ["合计", None, None, 100],
    ])
    url = reverse("quota_tables:import", args=[quota_table.competition_id])
    response = client.post(url, {"file": upload})
    rows = response.context["rows"]
    assert [(r.line, r.values["division"], r.errors) for r in rows] == [
        (3, "郑州市", []),
        (3, "开封市", ["参赛企业数不能为负数（“-3”）"]),
        (4, "洛阳市", ["未找到赛区“洛阳市”（须与本竞赛的赛区名称一致）"]),
        (4, "郑州市", ["赛区“郑州市”在表中重复出现", "参赛企业数须为整数（“7.5”）"]),
    ]
    assert "token" not in response.context
    assert _entries(quota_table) == {"郑州市": 60, "开封市": 40}


def test_import_numbers_as_text_then_confirm(client, secretariat, quota_table):
    client.force_login(secretariat)
    url = reverse("quota_tables:import", args=[quota_table.competition_id])
    upload = _upload([["赛区", "参赛企业数"], ["郑 州 市", " 55 "], ["开封市", "45.0"]])
    response = client.post(url, {"file": upload})
    assert [r.errors for r in response.context["rows"]] == [[], []]
    assert response.context["new_total"] == 100
    client.post(url, {"token": response.context["token"]})
    assert _entries(quota_table) == {"郑州市": 55, "开封市": 45}
    assert AuditEvent.objects.get(action="quota_table_update").reason == "Excel 导入"


def test_import_wrong_file_gets_chinese_message(client, secretariat, quota_table):
    client.force_login(secretariat)
    url = reverse("quota_tables:import", args=[quota_table.competition_id])
    response = client.post(url, {"file": SimpleUploadedFile("a.xlsx", b"not a zip")})
    assert response.context["form"].errors == {"file": ["无法读取该文件：文件已损坏或不是 Excel 表格。"]}
    response = client.post(url, {"file": _upload([["名称", "数量"], ["郑州市", 1]])})
    assert response.context["form"].errors == {"file": [
        "表头不符合模板：应包含“赛区”“参赛企业数”两列（可左右并列两组）。请先导出当前分配表，按其格式填写。"]}


def test_import_confirm_is_all_or_nothing_when_data_changed(client, secretariat, quota_table, division):
    client.force_login(secretariat)
    url = reverse("quota_tables:import", args=[quota_table.competition_id])
    response = client.post(url, {"file": _upload([["赛区", "参赛企业数"], ["郑州市", 1], ["开封市", 2]])})
    token = response.context["token"]
    division.name = "郑州市赛区"
    division.save()
    response = client.post(url, {"token": token}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["数据已发生变化，未导入任何数据，请重新上传并预览。"]
    assert _entries(quota_table) == {"郑州市赛区": 60, "开封市": 40}


# ---- permissions: officer / enterprise / expert / outsider ---------------------------------------------------

URLS = ["quota_tables:edit", "quota_tables:import", "quota_tables:export_xlsx", "quota_tables:export_pdf"]


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("username,status", [("officer", 403), ("other_officer", 403), ("expert", 403),
                                             ("enterprise", 403), ("outsider", 404)])
def test_non_secretariat_is_refused_and_nothing_written(client, named_users, quota_table, division, name, username,
                                                        status):
    client.force_login(named_users[username])
    url = reverse(name, args=[quota_table.competition_id])
    assert client.get(url).status_code == status
    assert client.post(url, {f"d{division.pk}": "1", "action": "publish"}).status_code == status
    assert _entries(quota_table) == {"郑州市": 60, "开封市": 40}
    assert quota_table.status == QuotaTable.Status.DRAFT
    assert not AuditEvent.objects.filter(action__startswith="quota").exists()


def test_unknown_competition_is_404(client, secretariat):
    client.force_login(secretariat)
    assert client.get(reverse("quota_tables:edit", args=[999999])).status_code == 404


# ---- query counts ---------------------------------------------------------------------------------------------

def _divisions(competition, n):
    table = QuotaTable.objects.create(competition=competition, notice_total=100)
    for i in range(n):
        Quota.objects.create(table=table, entries=i, division=DivisionFactory(
            competition=competition, name=f"赛区{i}", kind=DivisionKind.COUNTY, order=i))


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("name", ["quota_tables:edit", "quota_tables:export_xlsx", "quota_tables:export_pdf"])
def test_query_count_does_not_grow(client, secretariat, competition, django_assert_num_queries, n, name):
    _divisions(competition, n)
    client.force_login(secretariat)
    url = reverse(name, args=[competition.pk])
    with django_assert_num_queries(10 if name == "quota_tables:edit" else 9):
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200


def test_home_page_task_until_published(client, secretariat, officer, quota_table):
    client.force_login(secretariat)
    url = reverse("quota_tables:edit", args=[quota_table.competition_id])
    task = {"role": "秘书处", "title": "2026年全省重点行业绿色发展竞赛：名额分配表尚未发布", "url": url}
    assert task in client.get(reverse("home")).context["tasks"]
    services.quota_table_publish(table=quota_table, by=secretariat)
    assert task not in client.get(reverse("home")).context["tasks"]
    client.force_login(officer)
    assert [t for t in client.get(reverse("home")).context["tasks"] if t["role"] == "秘书处"] == []


def test_pdf_text_reproduces_jiaozuo_annex(client, secretariat, jiaozuo_2019, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    client.force_login(secretariat)
    path = tmp_path / "q.pdf"
    path.write_bytes(client.get(reverse("quota_tables:export_pdf", args=[jiaozuo_2019.pk])).content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert lines[0] == "附件"
    assert lines[1] == "焦作市重点企业节能减排竞赛活动参赛企业名额分配表"
    assert lines[2].replace(" ", "") == "赛区参赛企业数市直参赛企业"
    assert lines[3] == "沁阳市 9 中铝中州铝业有限公司"
    assert "合计 80" in lines


def test_sidebar_links_the_current_quota_table(client, secretariat, quota_table):
    client.force_login(secretariat)
    groups = client.get(reverse("home")).context["sidebar"]
    links = {link["label"]: link["url"] for group in groups for link in group["links"]}
    assert links["名额分配表"] == reverse("quota_tables:edit", args=[quota_table.competition_id])


def test_import_jiaozuo_layout_with_padded_names(client, secretariat, jiaozuo_2019):
    client.force_login(secretariat)
    url = reverse("quota_tables:import", args=[jiaozuo_2019.pk])
    upload = _upload([
        ["焦作市重点企业节能减排竞赛活动参赛企业名额分配表"],
        ["赛 区", "参赛企业数", "市直参赛企业"],
        ["温 县", "7", JIAOZUO_NAMED[0]],
        ["交 通", 2, JIAOZUO_NAMED[1]],
        *[[None, None, name] for name in JIAOZUO_NAMED[2:]],
        ["合 计", None, 80],
        ["(此页无正文)", None, None],
    ])
    response = client.post(url, {"file": upload})
    assert [(r.values, r.errors) for r in response.context["rows"]] == [
        ({"division": "温 县", "entries": "7"}, []),
        ({"division": "交 通", "entries": "2"}, []),
        ({"division": "市直参赛企业", "entries": "13"}, []),  # the named column counts into the one division
    ]
    assert response.context["new_total"] == 80
    client.post(url, {"token": response.context["token"]})
    assert _entries(jiaozuo_2019.quota_table)["温县"] == 7
    assert _entries(jiaozuo_2019.quota_table)["交通"] == 2
    assert _entries(jiaozuo_2019.quota_table)["市直参赛企业"] == 13


def test_seed_annex_1_as_typed_imports_with_both_column_pairs_and_the_total(client, secretariat, henan_2022):
    """Seed 000 附件1 typed by hand: the 附件 1 label, the spaced title, two 赛区 | 参赛企业数 pairs, 合 计 below."""
    seed = [("郑州市", 70, "驻马店市", 40), ("开封市", 40, "济源示范区", 15), ("洛阳市", 60, "郑州铁路局", 10),
            ("平顶山市", 50, "黄委会系统", 5), ("安阳市", 40, "财贸轻纺系统", 30), ("鹤壁市", 30, "机械冶金建材系统", 30),
            ("新乡市", 40, "农业交通建设系统", 40), ("焦作市", 50, "能源化学地质系统", 40), ("濮阳市", 40, "电力系统", 30),
            ("许昌市", 50, "河南油田", 10), ("漯河市", 30, "中原油田", 15), ("三门峡市", 20, "大唐河南发电有限公司", 5),
            ("南阳市", 50, "中电投河南分公司", 5), ("商丘市", 30, "华能国际河南分公司", 5), ("信阳市", 30, "省重点赛区示范点", 40),
            ("周口市", 50, None, None)]
    upload = _upload([["附件 1"], [], ["2022 年全省重点行业绿色发展竞赛参赛企业 分 配 表"],
                      ["赛区", "参赛企业数", "赛区", "参赛企业数"], *[list(r) for r in seed], ["合 计", None, None, 1000]])
    Quota.objects.filter(table=henan_2022.quota_table).update(entries=0)
    client.force_login(secretariat)
    url = reverse("quota_tables:import", args=[henan_2022.pk])
    response = client.post(url, {"file": upload})
    assert [r.errors for r in response.context["rows"] if r.errors] == []
    assert (len(response.context["rows"]), response.context["new_total"]) == (31, 1000)
    client.post(url, {"token": response.context["token"]})
    expected = {name: n for r in seed for name, n in (r[:2], r[2:]) if name}
    assert _entries(henan_2022.quota_table) == expected


@pytest.mark.parametrize("value", [None, 0, 12, "abc", '"><script>'])
@pytest.mark.parametrize("extra", [{}, {"aria-invalid": "true", "required": True, "disabled": False}])
def test_quota_input_renders_as_number_input(value, extra):
    """The table's input is written without the form renderer; the HTML must be NumberInput's, typed values
    (after an error) and the error state included."""
    attrs = {"class": "form-control form-control-sm text-end", "data-quota-input": "", "min": 0, "step": 1}
    extra_attrs = {"id": "id_d7", "max": 100000, **extra}
    fast = QuotaInput(attrs=attrs).render("d7", value, attrs=extra_attrs)
    assert fast == forms.NumberInput(attrs=attrs).render("d7", value, attrs=extra_attrs)


def test_table_rows_of_a_get_are_the_bound_fields_html(competition):
    """Unbound, the rows write each input from its widget (no BoundField per row): the same HTML, kinds and
    parents as the form's fields would give."""
    parent = DivisionFactory(competition=competition, name="郑州市", kind=DivisionKind.CITY, order=1)
    child = DivisionFactory(competition=competition, name="中原区", kind=DivisionKind.COUNTY, parent=parent, order=2)
    table = QuotaTable.objects.create(competition=competition, notice_total=10)
    Quota.objects.create(table=table, division=child, entries=7)
    form = QuotaTableForm(None, lines=list(quota_lines(competition)))
    assert [(r["name"], r["kind"], r["parent"], r["id"], r["input"], list(r["errors"])) for r in form.table_rows()] == [
        (d.name, d.get_kind_display(), str(d.parent) if d.parent else "—", f"id_d{d.pk}", str(form[f"d{d.pk}"]), [])
        for d in (parent, child)]
    assert 'value="7"' in form.table_rows()[1]["input"]
