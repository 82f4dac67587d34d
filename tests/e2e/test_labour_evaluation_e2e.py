"""Browser path of issue 12 items 6–7: a division officer records the plan, the summary and the indicators of an
entry whose enterprise has no account, then reads its year-end evaluation on the division's pages."""

import pytest

from greencomp.seed.accounts import DEMO_PASSWORD, seed_accounts
from tests.factories import CompetitionFactory, EntryFactory, labour_division

from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VALUES = {
    "baseline": {"year": "2025", "unit_consumption": "420", "unit_consumption_unit": "kgce/t", "energy_saved": "500"},
    "target": {"year": "2026", "unit_consumption": "400", "unit_consumption_unit": "kgce/t", "energy_saved": "600"},
    "contest": {"year": "2026", "unit_consumption": "395", "unit_consumption_unit": "kgce/t", "energy_saved": "650"},
    "industry": {"year": "2026", "unit_consumption": "405", "unit_consumption_unit": "kgce/t"},
}


@pytest.fixture
def entry(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    users = seed_accounts()
    competition = CompetitionFactory(title="2019年焦作市“三比两降”节能减排劳动竞赛")
    division = labour_division(users["union-zhengzhou"], competition, quota=9, name="沁阳市")
    return EntryFactory(division=division, created_by=users["union-zhengzhou"], project="氧化铝焙烧炉余热利用")


def test_officer_records_for_an_enterprise_without_account_and_reads_the_evaluation(page, login, entry, tmp_path):
    plan = tmp_path / "实施方案.pdf"
    plan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    login("union-zhengzhou", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/labour/divisions/{entry.division_id}/reports/")
    page.click("#reports >> text=查看 / 填报")
    assert "该参赛企业没有平台账号" in page.locator("#on-behalf-note").inner_text()
    for kind in ("plan", "summary"):
        page.set_input_files(f"form[action$='/documents/{kind}/'] input[type=file]", str(plan))
        page.click(f"form[action$='/documents/{kind}/'] button")
        page.wait_for_load_state("networkidle")
    for period, values in VALUES.items():
        page.goto(f"{page.base_url}/labour/entries/{entry.pk}/indicators/{period}/")
        for name, value in values.items():
            page.fill(f"#id_{name}", value)
        page.click("main form button.btn-primary[type=submit]")
        page.wait_for_load_state("networkidle")
    assert page.locator("#conclusion").inner_text() == "绩效评估结论：达标"
    row = page.locator("#evaluation tbody tr").nth(1).inner_text().split("\t")
    # 主要产品单耗: (395 − 420) / 420 = −5.95 %; (395 − 405) / 405 = −2.47 %
    assert row == ["主要产品单耗", "kgce/t", "420.00", "400.00", "395.00", "-5.95", "完成", "405.00", "-2.47",
                   "优于平均水平"]
    screenshot(page, "labour_entry_evaluation")
    page.goto(f"{page.base_url}/labour/divisions/{entry.division_id}/reports/")
    cells = page.locator("#reports tbody tr").first.inner_text().split("\t")
    assert cells[3:7] == ["已上传", "已上传", "已填报", "达标"]
    screenshot(page, "labour_division_reports")
