"""City officer returns one submission, recommends three and submits the list; the secretariat sees the matrix,
accepts the list and publishes the 公示; the public page shows it without login."""

import datetime

import pytest
from django.utils import timezone

from applications.models import Application, ApplicationVersion, RecommendationList
from competitions.models import Competition, Division, Membership, Phase, Track
from greencomp.models import Organisation
from greencomp.seed.accounts import DEMO_PASSWORD, seed_accounts
from greencomp.seed.recommend import TRACKS

from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def make_contest(users):
    now = timezone.now()
    contest = Competition.objects.create(kind="innovation", title="2025年河南省工业绿色低碳发展创新大赛", year=2025,
                                         status="active")
    Phase.objects.create(competition=contest, kind="recommendation", name="推荐",
                         opens_at=now - datetime.timedelta(days=5), closes_at=now + datetime.timedelta(days=5))
    for number, name, form in TRACKS:
        Track.objects.create(competition=contest, number=number, name=name, form_type=form)
    zhengzhou = Division.objects.create(competition=contest, name="郑州市", city="郑州市", kind="city", order=0)
    Division.objects.create(competition=contest, name="开封市", city="开封市", kind="city", order=1)
    Membership.objects.create(user=users["miit-zhengzhou"], role="officer", competition=contest, division=zhengzhou)
    track = contest.tracks.get(number=1)
    titles = ["燃气锅炉烟气余热深度回收技术", "低氮燃烧与SCR协同脱硝技术", "挥发性有机物沸石转轮浓缩焚烧技术",
              "高效永磁同步电机系统节能改造"]
    for i, title in enumerate(titles):
        org = Organisation.objects.create(name=f"郑州示范企业{i + 1}有限公司", kind="enterprise", city="郑州市")
        data = {"title": title, "contact_name": f"联系人{i + 1}", "contact_phone": f"1390371000{i + 1}"}
        app = Application.objects.create(competition=contest, track=track, division=zhengzhou, organisation=org,
                                         created_by=users["enterprise-demo"], title=title, status="submitted",
                                         data=data, version=1, submitted_at=now - datetime.timedelta(hours=4 - i))
        ApplicationVersion.objects.create(application=app, number=1, data=data, submitted_at=app.submitted_at,
                                          submitted_by=users["enterprise-demo"])
    return contest, titles


def open_application(page, title):
    page.click("#applications >> text=" + title)
    page.wait_for_load_state("networkidle")


def test_city_review_to_public_notice(page, login, browser, live_server):
    users = seed_accounts()
    contest, titles = make_contest(users)
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)

    login("miit-zhengzhou", DEMO_PASSWORD)
    page.click("text=推荐审核")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "郑州市 · 申报审核与推荐"
    assert page.locator("#applications tbody tr").count() == 4
    screenshot(page, "recommend-01-city-list")

    open_application(page, titles[3])
    page.click("#btn-return-open")
    page.locator("#return-box.show").wait_for()  # the collapse has finished opening
    page.fill("#id_reason", "缺少用户使用报告（证明材料6），请补充后重新提交。")
    with page.expect_navigation():
        page.click("#btn-return")
    assert page.locator(".alert-success").inner_text().startswith(f"已退回“{titles[3]}”")
    for title in titles[:3]:
        page.goto(page.base_url + "/recommend/")
        open_application(page, title)
        page.click("#btn-recommend")
        page.wait_for_load_state("networkidle")
        assert page.locator(".alert-success").inner_text().startswith(f"已推荐“{title}”")
    screenshot(page, "recommend-02-application")

    page.click("text=推荐审核")
    page.wait_for_load_state("networkidle")
    page.click("#track-overview tbody a >> nth=0")
    page.wait_for_load_state("networkidle")
    assert page.locator("#recommended tbody tr").count() == 3
    page.click("#btn-submit-list")
    page.wait_for_load_state("networkidle")
    assert dialogs[-1].startswith("确定向大赛秘书处提交“清洁生产技术创新成果”赛道推荐名单（3个项目）吗？")
    assert page.locator(".alert-success").inner_text().startswith("“清洁生产技术创新成果”赛道推荐名单已提交大赛秘书处。")
    screenshot(page, "recommend-03-list-submitted")
    assert RecommendationList.objects.get(division__name="郑州市", track__number=1).status == "submitted"

    page.click("text=" + users["miit-zhengzhou"].full_name)
    page.click("button:has-text('退出登录')")
    page.wait_for_url("**/auth/login/")

    login("secretariat", DEMO_PASSWORD)
    page.click("text=推荐汇总")
    page.wait_for_load_state("networkidle")
    first_row = page.locator("#matrix tbody tr").first
    assert first_row.locator("td").nth(1).inner_text().startswith("郑州市")
    assert first_row.locator("td").nth(2).inner_text().split("\n")[0] == "4 / 3"
    assert page.locator("#matrix tfoot td").last.inner_text().split("\n")[0] == "4 / 3"
    screenshot(page, "recommend-04-matrix")
    first_row.locator("td").nth(2).locator("a").click()
    page.wait_for_load_state("networkidle")
    page.click("#btn-accept")
    page.wait_for_load_state("networkidle")
    assert page.locator(".alert-success").inner_text().startswith("已接收郑州市“清洁生产技术创新成果”赛道推荐名单。")

    page.click("text=公示管理")
    page.wait_for_load_state("networkidle")
    assert page.locator("#publicity-count").inner_text() == "3"
    page.fill("#id_starts_on", "2025-07-06")
    page.fill("#id_ends_on", "2025-07-12")
    page.click("#btn-publish")
    page.wait_for_load_state("networkidle")
    assert dialogs[-1] == "发布后将对公众可见（无需登录）。确定发布公示吗？"
    assert page.locator(".alert-success").first.inner_text().startswith("公示已发布")
    screenshot(page, "recommend-05-publicity-manage")

    anonymous = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    public = anonymous.new_page()
    public.goto(f"{live_server.url}/recommend/public/{contest.pk}/")
    assert public.locator("#window").inner_text() == "2025年7月6日 至 2025年7月12日"
    rows = [public.locator("#publicity tbody tr").nth(i).locator("td").all_inner_texts() for i in range(3)]
    assert rows == [[str(i + 1), "清洁生产技术创新成果", "郑州市", f"郑州示范企业{i + 1}有限公司", titles[i]]
                    for i in range(3)]
    screenshot(public, "recommend-06-public")
    anonymous.close()
