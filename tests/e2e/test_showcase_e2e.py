"""成果展示与银企对接 in Chromium (issue 16): the public gallery with its filters and charts at 1366×768 and
390 px; a bank registers, is approved by the secretariat, expresses interest; the applicant accepts; the
secretariat's 对接清单 export lists it."""

import io

import openpyxl
import pytest

from greencomp.seed.accounts import DEMO_PASSWORD
from greencomp.seed.demo import seed_all
from showcase.models import FinancingInterest

from ..factories import valid_credit_code
from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BANK = "豫东示范银行股份有限公司郑州分行"
PROJECT = "永磁同步电机系统节能改造技术"  # enterprise-demo's first prize in the demo results (greencomp.seed.showcase)
PASSWORD = "Bank-pass-2025!x"


def _cards(page) -> list[str]:
    return page.locator(".gc-project h2").all_inner_texts()


def test_gallery_filters_and_charts_at_desktop_and_phone_width(page):
    seed_all()
    page.goto(page.base_url + "/showcase/")
    assert page.locator("h1").inner_text() == "绿色低碳发展创新大赛成果展示"
    assert len(_cards(page)) == 8
    assert "未经同意的推荐项目（不展示）" not in page.content()
    assert page.locator("#chart-tracks svg").count() == 1 and page.locator("#chart-cities svg").count() == 1
    screenshot(page, "showcase-gallery-1366")
    page.select_option("#id_track", "2")
    page.click("#gallery-filters button")
    page.wait_for_load_state("networkidle")
    assert _cards(page) == [PROJECT, "工业窑炉余热梯级回收利用技术", "光伏玻璃窑炉全氧燃烧节能技术"]
    assert page.locator("#table-cities tbody tr").all_inner_texts()[0].split("\t")[:3] == ["1", "郑州市", "1"]
    screenshot(page, "showcase-gallery-1366-track2")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/showcase/?city=洛阳市")
    assert _cards(page) == ["工业窑炉余热梯级回收利用技术"]
    assert page.locator("#chart-cities svg").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "showcase-gallery-390")


def test_bank_registers_is_approved_expresses_interest_applicant_accepts_and_list_shows_it(page, login):
    seed_all()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(page.base_url + "/showcase/banks/register/")
    for field, value in (("organisation_name", BANK), ("credit_code", valid_credit_code(4242)), ("county", "金水区"),
                         ("contact_name", "吴经理"), ("contact_phone", "13700371234"), ("email", "wu@bank.example.cn"),
                         ("username", "bank-e2e"), ("password1", PASSWORD), ("password2", PASSWORD)):
        page.fill(f"#id_{field}", value)
    page.select_option("#id_city", "郑州市")
    page.click("form button.btn-primary")
    assert page.locator("h1").inner_text() == "注册申请已提交"

    login("secretariat", DEMO_PASSWORD)
    page.goto(page.base_url + "/accounts/approvals/")
    page.locator("tr", has_text=BANK).locator("button[value=approve]").click()
    page.wait_for_load_state("networkidle")
    assert BANK not in page.locator("table").inner_text()
    page.context.clear_cookies()

    login("bank-e2e", PASSWORD)
    page.goto(page.base_url + "/showcase/")
    card = page.locator(".gc-project", has_text=PROJECT)
    assert "融资需求（万元）：3,000" in card.inner_text()
    card.locator("a", has_text="表达对接意向").click()
    page.fill("#id_message", "我行可提供绿色信贷，期限最长5年。")
    page.click("form button.btn-primary")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "我的对接意向"
    assert "待回复" in page.locator("table").inner_text()
    screenshot(page, "showcase-bank-interests")
    page.context.clear_cookies()

    login("enterprise-demo", DEMO_PASSWORD)
    page.goto(page.base_url + "/showcase/mine/")
    row = page.locator("tr", has_text=BANK)
    row.locator("input[name=reply]").fill("欢迎来访洽谈")
    row.locator("button[value=accept]").click()
    page.wait_for_load_state("networkidle")
    assert "已同意对接" in page.locator("tr", has_text=BANK).inner_text()
    screenshot(page, "showcase-applicant")
    page.context.clear_cookies()

    login("bank-e2e", PASSWORD)
    page.goto(page.base_url + "/showcase/banks/interests/")
    assert "联系电话：13803711234" in page.locator("tr", has_text=PROJECT).inner_text()
    page.context.clear_cookies()

    login("secretariat", DEMO_PASSWORD)
    page.goto(page.base_url + "/showcase/matchmaking/")
    page.select_option("#id_status", "accepted")
    page.click("form button.btn-primary")
    page.wait_for_load_state("networkidle")
    assert BANK in page.locator("#matchmaking").inner_text()
    screenshot(page, "showcase-matchmaking")
    with page.expect_download() as download:
        page.click("text=导出Excel")
    with open(download.value.path(), "rb") as workbook:
        book = openpyxl.load_workbook(io.BytesIO(workbook.read()))
    rows = [r for r in book["对接清单"].iter_rows(values_only=True) if r and r[1] == BANK]
    assert [(r[2], r[9], r[12]) for r in rows] == [(PROJECT, "已同意对接", "13803711234")]
    assert FinancingInterest.objects.get(bank__name=BANK).status == "accepted"
