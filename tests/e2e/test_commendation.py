"""Browser path of commendation (issue 6 acceptance): union-zhengzhou nominates in the demo competition, is refused
beyond its quota, submits; the secretariat selects, marks an escalation and exports the 通报表扬 list."""

import io
import subprocess

import pytest
from openpyxl import load_workbook

from greencomp.seed.accounts import DEMO_PASSWORD, seed_accounts
from greencomp.seed.commendation import seed_commendation_demo
from greencomp.seed.labour import seed_entries_demo
from tests.factories import CompetitionFactory, DivisionFactory, labour_division

from .conftest import SCREENSHOTS, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    users = seed_accounts()
    competition = CompetitionFactory(title="2026年全省重点行业绿色发展竞赛（演示）", doc_number="豫工文〔2022〕32号")
    labour_division(users["union-zhengzhou"], competition, quota=70, order=1)
    DivisionFactory(competition=competition, name="开封市", order=2, city="开封市")
    seed_entries_demo(users, competition)
    seed_commendation_demo(users, competition)
    return competition


def test_officer_nominates_secretariat_selects_and_exports(page, login, demo, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    login("union-zhengzhou", DEMO_PASSWORD)
    page.click("nav >> text=先进推荐")
    assert page.locator("h1").inner_text() == "郑州市赛区 · 先进推荐"
    unit_card = page.locator(".card", has_text="绿色发展竞赛先进单位").first
    unit_card.locator("text=新增推荐").click()
    page.select_option("#id_entry", label="河南豫中水泥集团有限公司")
    page.fill("#id_achievements", "实施水泥窑协同处置与低氮燃烧改造，年节约标准煤5600吨，氮氧化物排放下降38%。")
    page.click("button:has-text('保存草稿')")
    assert "已保存推荐草稿：河南豫中水泥集团有限公司" in page.inner_text(".alert-success")
    page.goto(page.base_url + f"/commendation/divisions/{demo.divisions.get(name='郑州市').pk}/")
    screenshot(page, "commendation_officer_division")
    assert page.locator(".card", has_text="绿色发展竞赛先进单位").first.locator("text=新增推荐").count() == 0
    award_pk = demo.award_types.get(nominee_kind="unit").pk
    page.goto(page.base_url + f"/commendation/divisions/{demo.divisions.get(name='郑州市').pk}/awards/{award_pk}/new/")
    page.select_option("#id_entry", label="郑州新材料化工股份有限公司")
    page.fill("#id_achievements", "第三个推荐")
    page.click("button:has-text('保存草稿')")
    assert "已超出本赛区“绿色发展竞赛先进单位”推荐名额（2个），不能再推荐。" in page.inner_text("main")
    screenshot(page, "commendation_over_quota")
    for name in ("郑州绿源装备制造有限公司", "河南豫中水泥集团有限公司"):
        page.goto(page.base_url + f"/commendation/divisions/{demo.divisions.get(name='郑州市').pk}/")
        page.locator("tr", has_text=name).locator("text=查看").click()
        page.click("button:has-text('提交')")
        assert f"已提交推荐：{name}。" in page.inner_text(".alert-success")
    screenshot(page, "commendation_nomination_submitted")

    page.context.clear_cookies()
    login("secretariat", DEMO_PASSWORD)
    page.click("nav >> text=评比表彰")
    screenshot(page, "commendation_awards")
    page.locator("tr", has_text="绿色发展竞赛先进单位").locator("text=评选").click()
    for name in ("郑州绿源装备制造有限公司", "河南豫中水泥集团有限公司"):
        row = page.locator("#nominations tr", has_text=name)
        row.locator("input[name=selected]").check()
        if name.startswith("河南"):
            row.locator("input[name=escalated]").check()
        row.locator("button:has-text('保存')").click()
        page.wait_for_load_state("networkidle")
    assert page.inner_text("#selected-count") == "2 / 20"
    assert page.inner_text("#escalated-count") == "1 / 3"
    screenshot(page, "commendation_selection")

    with page.expect_download() as info:
        page.click("text=导出PDF")
    pdf = tmp_path / "honours.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "2026年全省重点行业绿色发展竞赛（演示）通报表扬名单" in text
    assert "河南豫中水泥集团有限公司" in text and "按程序申报河南省五一劳动奖状（1个）" in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                    str(SCREENSHOTS / "commendation_honours_pdf")], check=True)
    with page.expect_download() as info:
        page.click("text=导出通报表扬名单Excel")
    xlsx = tmp_path / "honours.xlsx"
    info.value.save_as(xlsx)
    wb = load_workbook(io.BytesIO(xlsx.read_bytes()))
    rows = [[c.value for c in r] for r in wb["1.绿色发展竞赛先进单位"].iter_rows()]
    assert rows[-2:] == [[1, "郑州绿源装备制造有限公司", "郑州市"], [2, "河南豫中水泥集团有限公司", "郑州市"]]
