"""After seed_demo, every demo account logs in to a 待办 that leads to its work (issue 10, item 12)."""

import pytest

from greencomp.seed.accounts import ACCOUNTS, DEMO_PASSWORD
from greencomp.seed.demo import seed_all

from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The page each account's first 待办 leads to (its heading), so a link to the wrong place fails too.
FIRST_TODO_LEADS_TO = {
    "secretariat": "推荐汇总 · 各省辖市推荐情况",
    "union-zhengzhou": "郑州市赛区 · 参赛单位",
    "miit-zhengzhou": "郑州市 · 申报审核与推荐",
    "eco-zhengzhou": "郑州市 · 重点行业绩效分级提升企业清单",
    "enterprise-demo": "（清洁生产技术、节能降碳技术、资源高效利用技术）申报表",
    "supplier-demo": "（服务工业绿色低碳发展典型案例）申报表",
}


def test_each_demo_account_has_work_waiting_on_its_home_page(page, login):
    seed_all()
    for username, _full_name, _org, _sec in ACCOUNTS:
        login(username, DEMO_PASSWORD)
        todos = page.locator(".card:has(.card-header:has-text('待办事项')) li a")
        assert todos.count() >= 1, f"{username} has nothing to do"
        screenshot(page, f"todo-{username}")
        with page.expect_navigation() as navigation:
            todos.first.click()
        assert navigation.value.status == 200, username
        expected = FIRST_TODO_LEADS_TO.get(username, "评审任务")
        assert expected in page.locator("h1").inner_text(), username
        page.context.clear_cookies()
