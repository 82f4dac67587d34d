import pytest

from greencomp.seed.accounts import ACCOUNTS, DEMO_PASSWORD, seed_accounts

from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_each_demo_account_logs_in_and_sees_its_home_page(page, login):
    seed_accounts()
    for username, full_name, _org, _sec in ACCOUNTS:
        login(username, DEMO_PASSWORD)
        assert page.locator("h1").inner_text() == f"您好，{full_name}"
        assert page.locator(".card-header").first.inner_text().strip() == "待办事项"
        screenshot(page, f"home-{username}")
        page.click("text=" + full_name)
        page.click("button:has-text('退出登录')")
        page.wait_for_url("**/auth/login/")


def test_wrong_password_shows_chinese_message(page, login):
    seed_accounts()
    login("secretariat", "wrong-password")
    assert "用户名或密码错误" in page.locator(".alert-danger").inner_text()
    assert page.locator("#id_username").input_value() == "secretariat"
