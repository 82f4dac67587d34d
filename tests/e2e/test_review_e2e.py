"""The secretariat assigns the demo entries automatically; expert1 scores one over two sittings, submits and can
no longer edit; the ranking and the 获奖名单 appear."""

import json

import pytest

from greencomp.seed.accounts import DEMO_PASSWORD, seed_accounts
from greencomp.seed.fixtures_innovation import load_innovation
from greencomp.seed.innovation import seed_innovation_demo
from greencomp.seed.review import seed_review_demo
from reviews.models import ScoreSheet

from ..factories import FIXTURE
from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logout(page, name):
    page.click(f"header >> text={name}")
    page.click("button:has-text('退出登录')")
    page.wait_for_url("**/auth/login/")


def test_assign_score_submit_rank_and_award(page, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    users = seed_accounts()
    load_innovation(json.loads(FIXTURE.read_text(encoding="utf-8")))
    demo = seed_innovation_demo(users)
    seed_review_demo(users)
    track = demo.tracks.get(number=2)
    page.on("dialog", lambda dialog: dialog.accept())

    # the secretariat: 评审管理 → 专家分配 → 自动分配（预览） → 确认分配
    login("secretariat", DEMO_PASSWORD)
    page.click("nav >> text=评审管理")
    page.click(f".list-group >> text={demo.title}")
    page.click(f"tr:has-text('{track.name}') >> text=专家分配")
    page.click("button:has-text('自动分配（预览）')")
    assert page.locator("input[name=pair]:checked").count() == 3 * 5
    screenshot(page, "review-1-assignment-preview")
    page.click("button:has-text('确认分配')")
    assert "已确认分配，新增评分表 15 份。" in page.locator(".alert-success").inner_text()
    assert ScoreSheet.objects.filter(track=track).count() == 15
    logout(page, "省级秘书处")

    # expert1, first sitting: scores part of one entry and saves a draft
    login("expert1", DEMO_PASSWORD)
    page.click("nav >> text=评审任务")
    page.click("tr:has-text('节能降碳') >> text=评分 >> nth=0")
    sheet_url = page.url
    page.check("#sheet-form label:text-is('通过') >> nth=0")  # the form's notes also say 通过
    page.fill("input[aria-label='技术成熟度得分']", "22")
    page.fill("input[aria-label='技术创新点得分']", "27.5")
    page.fill("#comment", "技术路线清晰，节能效果有第三方检测报告支持。")
    screenshot(page, "review-2-sheet-draft")
    page.click("button:has-text('保存草稿')")
    assert "已保存草稿" in page.locator(".alert-success").inner_text()
    logout(page, "王建国")

    # second sitting: the draft is there; a missing score is refused; then submit → locked
    login("expert1", DEMO_PASSWORD)
    page.goto(sheet_url)
    assert page.input_value("input[aria-label='技术创新点得分']") == "27.5"
    page.click("button:has-text('提交')")
    assert "请判定“技术知识产权清晰”是否通过。" in page.locator(".alert-danger").inner_text()
    assert page.input_value("input[aria-label='技术成熟度得分']") == "22"
    page.check("#" + page.locator("input[type=radio][value=pass]").nth(1).get_attribute("id"))
    page.fill("input[aria-label='经济效益得分']", "21")
    page.fill("input[aria-label='推广潜力得分']", "16")
    page.click("button:has-text('提交')")
    assert "评分表已提交并锁定。" in page.locator(".alert-success").inner_text()
    assert page.locator("input[aria-label='技术成熟度得分']").is_disabled()
    assert page.locator("button:has-text('提交')").count() == 0
    assert "86.50" in page.locator("#sheet-total").inner_text()
    screenshot(page, "review-3-sheet-locked")
    logout(page, "王建国")

    # the secretariat: ranking, prizes, 获奖名单
    login("secretariat", DEMO_PASSWORD)
    page.goto(page.base_url + f"/review/tracks/{track.pk}/ranking/")
    first = page.locator("tbody tr").first
    assert first.locator("td").first.inner_text() == "1"
    assert "86.50" in first.inner_text()
    screenshot(page, "review-4-ranking")
    page.click("a:has-text('奖项')")
    page.click("button:has-text('生成获奖建议')")
    assert "已按排名生成获奖建议（1 个项目）。" in page.locator(".alert-success").inner_text()
    page.goto(page.base_url + f"/review/competitions/{demo.pk}/")
    page.click(".nav-pills >> text=获奖名单")
    card = page.locator(".card", has_text=track.name)
    assert "一等奖" in card.inner_text()
    screenshot(page, "review-5-awards")
