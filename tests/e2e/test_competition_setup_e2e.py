"""Issue 12 acceptance, in Chromium: the secretariat sets up the 2026 provincial labour competition from the text
of seed 000 (its phases, then the 31 divisions with the 附件1 quotas from one paste), and copies 2025's innovation
contest into 2026 with its officers, rubrics and experts, then opens it for applications."""

import datetime

import pytest
from django.utils import timezone

from competitions.enums import PhaseKind, Role
from competitions.models import Competition, Division, Membership, Phase
from greencomp.models import User
from greencomp.seed.accounts import DEMO_PASSWORD, seed_accounts
from greencomp.seed.fixtures import load_all
from quotas.models import Quota, QuotaTable
from reviews.models import AwardType, Criterion, Expert
from tests.competitions.test_notice_tables import PROVINCE_2022, SEED_000

from ..factories import TEST_PASSWORD, UserFactory
from .conftest import appoint_by_excel, appoint_by_search, officer_sheet, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secretariat_sets_up_2026_labour_competition_from_seed_000(page, login, tmp_path):
    seed_accounts()
    load_all()
    luoyang_head = UserFactory(username="ly-union-2026", full_name="孙洛阳", phone="13903790001")
    page.on("dialog", lambda dialog: dialog.accept())
    login("secretariat", DEMO_PASSWORD)
    page.goto(page.base_url + "/competitions/")
    page.click("a:has-text('新建竞赛')")
    page.select_option("#id_kind", "labour")
    page.fill("#id_year", "2026")
    page.click("button:has-text('下一步')")
    page.wait_for_url("**/competitions/new/?kind=labour&year=2026")
    page.fill("#id_title", "2026年全省重点行业绿色发展竞赛")
    page.fill("#id_organisers", "河南省总工会、河南省发展和改革委员会、河南省生态环境厅")
    page.fill("#id_doc_number", "豫工文〔2026〕32号")
    page.fill("#id_issue_date", "2026-04-08")
    page.fill("#id_total_quota", "1000")
    page.fill("#id_scope", "全省石油、化工、钢铁、有色金属、电力、煤炭、水泥、建材、交通运输、机械、制药、造纸等重点行业。")
    page.fill("#id_contents_text", "比管理水平：积极贯彻绿色发展理念\n比技术创新：对标国际、国内同行业先进水平\n"
                                   "比岗位建功：组织引导职工立足岗位\n降能耗：主要产品单耗控制在全省同行业平均水平以内\n"
                                   "降排放：推进产业结构优化升级")
    page.fill("#id_phases-3-opens_at", "2026-12-01T00:00:00")
    page.fill("#id_phases-3-closes_at", "2026-12-31T23:59:59")
    assert page.locator("#phase-table tbody tr").count() == 6
    screenshot(page, "walk12-labour-2026-form")
    page.click("button:has-text('创建竞赛')")
    page.wait_for_url("**/divisions/from-notice/")
    competition = Competition.objects.get(title="2026年全省重点行业绿色发展竞赛")

    page.fill("#id_text", SEED_000)
    page.click("button:has-text('预览')")
    page.wait_for_selector("#preview-table")
    assert page.locator("#preview-table tbody tr").count() == 31
    assert page.locator("#preview-sum").inner_text() == "1000"
    screenshot(page, "walk12-labour-2026-paste-preview")
    assert Division.objects.filter(competition=competition).count() == 0
    page.click("button:has-text('确认生成 31 个赛区')")
    page.wait_for_url(f"**/competitions/{competition.pk}/divisions/")
    assert page.locator("table tbody tr").count() == 31
    screenshot(page, "walk12-labour-2026-divisions")

    quotas = Quota.objects.filter(division__competition=competition).select_related("division").order_by(
        "division__order")
    assert [(q.division.name, q.entries) for q in quotas] == PROVINCE_2022
    assert QuotaTable.objects.get(competition=competition).notice_total == 1000
    assert list(Phase.objects.filter(competition=competition).order_by("id").values_list("kind", "name")) == [
        ("registration", "报送竞赛方案和参赛企业名单"), ("plan", "参赛企业制定竞赛活动实施方案（年初）"),
        ("summary", "竞赛活动总结和绩效评估（年底）"),
        ("commendation", "总结选树：选树命名先进单位、先进班组（车间、工段）、先进个人")]
    assert competition.phase(PhaseKind.REGISTRATION).closes_at == timezone.make_aware(
        datetime.datetime(2026, 6, 8, 23, 59, 59))
    assert list(AwardType.objects.filter(competition=competition).values_list("name", flat=True)) == [
        "绿色发展竞赛先进单位", "绿色发展竞赛先进班组（车间、工段）", "绿色发展竞赛先进个人"]

    page.goto(f"{page.base_url}/quota-tables/{competition.pk}/")
    assert page.locator("#quota-total-foot").inner_text() == "1000"
    screenshot(page, "walk12-labour-2026-quota-table")

    luoyang = competition.divisions.get(name="洛阳市")
    page.goto(f"{page.base_url}/competitions/{competition.pk}/divisions/{luoyang.pk}/")
    appoint_by_search(page, "孙洛", "孙洛阳（ly-union-2026", "walk12-labour-2026-officer")
    assert page.locator("#division-officers .officer-name").all_inner_texts() == ["孙洛阳"]
    screenshot(page, "walk12-labour-2026-officer-appointed")
    appoint_by_excel(page, officer_sheet(tmp_path / "officers.xlsx", [
        ["开封市", "韩开封", "13703780002", "han@example.com", "开封市总工会", "经济技术部部长"]]), 1,
        "walk12-labour-2026-officer-import")
    screenshot(page, "walk12-labour-2026-officer-imported")
    han = User.objects.get(username="13703780002")
    assert (han.full_name, han.organisation.name) == ("韩开封", "开封市总工会")
    assert sorted(Membership.objects.filter(competition=competition).values_list(
        "user__username", "role", "division__name")) == [
        ("13703780002", Role.OFFICER, "开封市"), ("ly-union-2026", Role.OFFICER, "洛阳市")]
    assert list(luoyang_head.memberships.values_list("competition_id", flat=True)) == [competition.pk]

    page.context.clear_cookies()
    login("ly-union-2026", TEST_PASSWORD)
    page.click("nav >> text=参赛单位登记")
    assert page.locator("h1").inner_text() == "洛阳市赛区 · 参赛单位"
    assert page.locator("#quota-summary").inner_text() == "60 / 0 / 60"
    screenshot(page, "walk12-labour-2026-officer-registration")


def test_secretariat_copies_2025_innovation_contest_and_opens_it(page, login):
    users = seed_accounts()
    load_all()
    source = Competition.objects.get(kind="innovation", year=2025)
    zhengzhou = source.divisions.get(name="郑州市")
    Membership.objects.create(user=users["miit-zhengzhou"], role=Role.OFFICER, competition=source, division=zhengzhou)
    for number, username in enumerate(["expert1", "expert2"], start=1):
        expert = Expert.objects.create(competition=source, user=users[username], code=f"专家{number:03d}",
                                       city="郑州市")
        expert.tracks.set(source.tracks.all())
        Membership.objects.create(user=users[username], role=Role.EXPERT, competition=source)
    criteria = Criterion.objects.filter(track__competition=source).count()

    page.on("dialog", lambda dialog: dialog.accept())
    login("secretariat", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/competitions/{source.pk}/")
    page.click("a:has-text('复制为新一届')")
    assert page.locator("#id_year").input_value() == "2026"
    assert page.locator("#id_with_people").is_checked()
    screenshot(page, "walk12-innovation-copy-form")
    page.click("button:has-text('复制')")
    page.wait_for_url("**/competitions/*/")
    copy = Competition.objects.get(kind="innovation", year=2026)
    assert copy.title == "2026年河南省工业绿色低碳发展创新大赛"
    assert list(copy.memberships.filter(role=Role.OFFICER).values_list("user__username", "division__name")) == [
        ("miit-zhengzhou", "郑州市")]
    assert sorted(Expert.objects.filter(competition=copy).values_list("user__username", flat=True)) == [
        "expert1", "expert2"]
    assert Criterion.objects.filter(track__competition=copy).count() == criteria == 26
    assert copy.divisions.count() == source.divisions.count() == 19
    screenshot(page, "walk12-innovation-2026-copied")

    page.click("a:has-text('编辑')")
    page.select_option("#id_status", "active")
    registration = copy.phase(PhaseKind.REGISTRATION)
    row = next(i for i, p in enumerate(copy.phases.all()) if p.pk == registration.pk)
    closes = timezone.localtime() + datetime.timedelta(days=30)
    page.fill(f"#id_phases-{row}-closes_at", closes.strftime("%Y-%m-%dT23:59:59"))
    screenshot(page, "walk12-innovation-2026-open")
    page.click("button:has-text('保存')")
    page.wait_for_url(f"**/competitions/{copy.pk}/")
    copy.refresh_from_db()
    assert copy.status == "active"
    assert copy.phase(PhaseKind.REGISTRATION).is_open() is True
    screenshot(page, "walk12-innovation-2026-detail")
