"""Browser path of a division officer (issue 3 acceptance): register a firm, import more from Excel, be refused
past the quota with the message naming it, submit the list, download the 附件2 Excel and PDF."""

import io
import subprocess

import pytest
from openpyxl import load_workbook

from greencomp.seed.accounts import DEMO_PASSWORD, seed_accounts
from tests.factories import CompetitionFactory, labour_division, valid_credit_code, xlsx_upload

from .conftest import SCREENSHOTS, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_division(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    users = seed_accounts()
    competition = CompetitionFactory(title="2026年全省重点行业绿色发展竞赛")
    division = labour_division(users["union-zhengzhou"], competition, quota=3)
    return division


def fill_entry(page, n, name):
    page.fill("#id_organisation_name", name)
    page.fill("#id_credit_code", valid_credit_code(800 + n))
    page.fill("#id_industry", "钢铁")
    page.fill("#id_project", f"烧结烟气余热回收项目{n}")
    page.fill("#id_project_address", "郑州市上街区工业路1号")
    page.fill("#id_contact_name", "张三")
    page.fill("#id_contact_phone", "0371-65512345")
    page.click("button:has-text('保存')")
    page.wait_for_load_state("networkidle")


def test_officer_registers_imports_is_refused_past_quota_submits_and_downloads(page, login, demo_division, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    login("union-zhengzhou", DEMO_PASSWORD)
    page.click("nav >> text=参赛单位登记")
    assert page.locator("h1").inner_text() == "郑州市赛区 · 参赛单位"

    page.click("text=新增")
    fill_entry(page, 1, "郑州钢铁测试有限公司")
    assert page.locator(".alert-success").inner_text().strip() == "已登记参赛单位：郑州钢铁测试有限公司。"
    screenshot(page, "labour-01-registered")

    page.click("text=批量导入")
    upload = xlsx_upload([[1, f"导入企业{n}有限公司", valid_credit_code(900 + n), "化工", f"节能改造{n}", "郑州市",
                           "李四", "13912345678"] for n in (1, 2)])
    path = tmp_path / "参赛单位.xlsx"
    path.write_bytes(upload.read())
    page.set_input_files("#id_file", str(path))
    page.click("button:has-text('上传并预览')")
    assert page.locator("#preview .card-header").inner_text().strip() == "预览（2 行）"
    screenshot(page, "labour-02-import-preview")
    page.click("button:has-text('确认导入')")
    page.wait_for_load_state("networkidle")
    assert page.locator(".alert-success").inner_text().strip() == "已导入 2 家参赛单位。"
    assert page.locator("#quota-summary").inner_text() == "3 / 3 / 0"

    page.click("text=新增")
    fill_entry(page, 4, "超额企业有限公司")
    assert page.locator(".alert-danger li").first.inner_text() == "已超出本赛区参赛名额（3个），不能再登记。"
    assert page.locator("#id_organisation_name").input_value() == "超额企业有限公司"  # typed values kept
    screenshot(page, "labour-03-over-quota")

    page.click("text=取消")
    page.click("text=报送名单")
    page.fill("#id_leader_name", "王分管")
    page.fill("#id_filled_on", "2026-06-01")
    page.fill("#id_filler_name", "李填表")
    page.fill("#id_filler_phone", "0371-65512345")
    plan = tmp_path / "郑州市竞赛方案.pdf"
    plan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.set_input_files("#id_plan_file", str(plan))
    screenshot(page, "labour-04-submit-form")
    page.click("button:has-text('提交')")
    page.wait_for_load_state("networkidle")
    assert page.locator(".alert-success").inner_text().strip() == "参赛名单已报送，名单已锁定。"
    assert page.locator("text=新增").count() == 0
    screenshot(page, "labour-05-submitted")

    with page.expect_download() as info:
        page.click("text=导出Excel")
    ws = load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    rows = list(ws.iter_rows(values_only=True))
    assert [rows[0][0], rows[1][0]] == ["附件2", "2026年全省重点行业绿色发展竞赛参赛单位汇总表"]
    assert [r[0] for r in rows[2:5]] == ["赛区：郑州市", "分管领导签名：", "填报日期：      年    月    日"]
    assert rows[5] == ("序号", "参赛单位", "参赛项目", "项目地址", "联系人", "联系电话")
    assert [r[1] for r in rows[6:9]] == ["郑州钢铁测试有限公司", "导入企业1有限公司", "导入企业2有限公司"]
    assert [r[0] for r in rows[-2:]] == ["填表人：李填表", "联系电话：0371-65512345"]

    with page.expect_download() as info:
        page.click("text=导出PDF")
    pdf = SCREENSHOTS / "labour-06-summary.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(SCREENSHOTS / "labour-06-summary")],
                   check=True)


def test_officer_withdraws_an_entry_after_confirming(page, login, demo_division):
    page.on("dialog", lambda dialog: dialog.accept())
    login("union-zhengzhou", DEMO_PASSWORD)
    page.goto(page.base_url + f"/labour/divisions/{demo_division.pk}/entries/new/")
    fill_entry(page, 7, "待撤回测试有限公司")
    assert page.locator("#quota-summary").inner_text() == "3 / 1 / 2"
    page.click("#entries button:has-text('撤回')")
    page.wait_for_load_state("networkidle")
    assert page.locator(".alert-success").inner_text().strip() == "已撤回参赛单位：待撤回测试有限公司。"
    assert page.locator("#quota-summary").inner_text() == "3 / 0 / 3"
