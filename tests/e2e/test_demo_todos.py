"""After seed_demo, every demo account logs in to a 待办 that leads to its work (issue 10, item 12)."""

import pytest

from greencomp.seed.accounts import ACCOUNTS, DEMO_PASSWORD
from greencomp.seed.demo import seed_all

from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Per account: a 待办 it must have (by its text) and the heading of the page that 待办 leads to.
WORK = {
    "secretariat": ("推荐名单待接收", "推荐汇总 · 各省辖市推荐情况"),
    "union-zhengzhou": ("参赛名单尚未报送", "郑州市赛区 · 参赛单位"),
    "miit-zhengzhou": ("个申报待审核", "郑州市 · 申报审核与推荐"),
    "eco-zhengzhou": ("企业清单待报送备案", "郑州市 · 重点行业绩效分级提升企业清单"),
    "enterprise-demo": ("被退回", "（清洁生产技术、节能降碳技术、资源高效利用技术）申报表"),
    "supplier-demo": ("尚未提交", "（服务工业绿色低碳发展典型案例）申报表"),
}
EXPERT_WORK = ("份评分表待提交", "评审任务")


def test_each_demo_account_has_work_waiting_on_its_home_page(page, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the seed notices carry attachments
    seed_all()
    for username, _full_name, _org, _sec in ACCOUNTS:
        login(username, DEMO_PASSWORD)
        todos = page.locator(".card:has(.card-header:has-text('待办事项')) li a")
        assert todos.count() >= 1, f"{username} has nothing to do"
        screenshot(page, f"todo-{username}")
        text, heading = WORK.get(username, EXPERT_WORK)
        with page.expect_navigation() as navigation:
            todos.filter(has_text=text).first.click()
        assert navigation.value.status == 200, username
        assert heading in page.locator("h1").inner_text(), username
        page.context.clear_cookies()
