"""The city officer opens a submitted 技术类, 产品类 (track 4) and 服务案例 (track 5) application: the review page shows
the official sections with Chinese labels, option texts and the proofs by name (screenshots at 1366 wide)."""

import pytest

from applications.models import Application
from applications.services_innovation import application_submit

from ..applications.filled_forms import filled
from ..factories import TEST_PASSWORD
from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADINGS = {
    2: ["封面", "一、申报单位基本情况", "二、申报技术基本情况", "三、依托项目/案例情况", "四、承诺申明", "证明材料"],
    4: ["封面", "一、申报单位基本情况", "二、申报产品基本情况", "四、承诺申明", "证明材料"],
    5: ["封面", "一、申报单位基本情况", "二、服务案例基本情况", "三、承诺申明", "证明材料"],
}
SHOT = {2: "display-officer-technology", 4: "display-officer-product", 5: "display-officer-service"}


def test_officer_review_page_of_each_form(page, login, zz_officer, enterprise, supplier, tracks, make_application):
    login(zz_officer.username, TEST_PASSWORD)
    for user, number in ((enterprise, 2), (enterprise, 4), (supplier, 5)):
        data = filled(tracks[number].form_type)
        application = make_application(user, tracks[number], name=data["name"])
        Application.objects.filter(pk=application.pk).update(data=data)
        application_submit(application=Application.objects.get(pk=application.pk), by=user)
        page.goto(f"{page.base_url}/recommend/application/{application.pk}/")
        display = page.locator("#application-display")
        assert display.locator(".card-header").all_inner_texts()[:len(HEADINGS[number])] == HEADINGS[number]
        first = display.locator(".gc-form-section").first.locator("th")
        assert first.all_inner_texts()[:3] == ["单位名称", "统一社会信用代码", "单位地址"]
        assert display.locator("#proofs tbody tr").first.locator("td").nth(1).inner_text().startswith("申报单位营业执照")
        assert "org_" not in display.inner_text()
        screenshot(page, SHOT[number])
