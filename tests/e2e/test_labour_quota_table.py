import pytest
from openpyxl import load_workbook

from competitions.models import Competition
from greencomp.seed.accounts import DEMO_PASSWORD, seed_accounts
from greencomp.seed.fixtures import load_all

from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secretariat_opens_2022_quota_table_and_downloads_excel(page, login, tmp_path):
    seed_accounts()
    load_all()
    henan = Competition.objects.get(doc_number="豫工文〔2022〕32号")
    login("secretariat", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/competitions/{henan.pk}/")
    page.click("a:has-text('名额分配表')")
    page.wait_for_url(f"**/quota-tables/{henan.pk}/")
    assert page.locator("#quota-title").inner_text() == "2022年全省重点行业绿色发展竞赛参赛企业分配表"
    assert page.locator("#quota-total-foot").inner_text() == "1000"
    assert page.locator("#quota-difference").inner_text() == "合计与通知规定总数一致"
    assert page.locator("input[data-quota-input]").count() == 31
    screenshot(page, "labour-quota-table-2022")

    first = page.locator("input[data-quota-input]").first
    first.fill("65")
    assert page.locator("#quota-total").inner_text() == "995"
    assert page.locator("#quota-difference").inner_text() == "尚差 5"
    first.fill("70")

    with page.expect_download() as download_info:
        page.click("a:has-text('导出Excel')")
    download = download_info.value
    assert download.suggested_filename == "2022年全省重点行业绿色发展竞赛参赛企业分配表.xlsx"
    path = tmp_path / "quota.xlsx"
    download.save_as(path)
    ws = load_workbook(path).active
    assert [ws["A1"].value, ws["A2"].value] == ["附件1", "2022年全省重点行业绿色发展竞赛参赛企业分配表"]
    assert [c.value for c in ws[4]] == ["郑州市", 70, "驻马店市", 40]
    assert [c.value for c in ws[20]] == ["合计", None, None, 1000]
