import pytest

from competitions.models import Competition
from greencomp.seed.accounts import DEMO_PASSWORD, seed_accounts
from greencomp.seed.fixtures import load_all

from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_competition_pages_show_each_content_item_with_its_label(page, login):
    seed_accounts()
    load_all()
    login("secretariat", DEMO_PASSWORD)
    expected = {"innovation": "大赛时间：2025年6-7月", "grading": "动员部署阶段：", "labour": "比管理水平。"}
    for kind, first in expected.items():
        competition = Competition.objects.filter(kind=kind).order_by("-year").first()
        page.goto(f"{page.base_url}/competitions/{competition.pk}/")
        items = page.locator(".card:has(.card-header:text-is('竞赛内容')) li").all_inner_texts()
        assert items and items[0].startswith(first)
        assert not any(i.strip() in ("", "。") or i.strip().startswith("。") for i in items)
        screenshot(page, f"competition-contents-{kind}")
