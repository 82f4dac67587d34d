import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from greencomp.seed.accounts import DEMO_PASSWORD, seed_accounts

from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secretariat_enrols_then_signs_in_with_a_recovery_code(page, login, settings):
    settings.OTP_REQUIRED_FOR_SECRETARIAT = True
    seed_accounts()
    login("secretariat", DEMO_PASSWORD)
    assert page.locator("h1").inner_text() == "两步验证"
    assert page.locator(".gc-qr svg").count() == 1
    assert page.locator(".gc-sidebar").count() == 0
    screenshot(page, "two-factor-setup")
    device = TOTPDevice.objects.get(user__username="secretariat", confirmed=False)
    page.fill("#id_token", f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}")
    page.click("button:has-text('确认绑定')")
    page.wait_for_url("**/auth/two-factor/recovery-codes/")
    codes = page.locator(".gc-codes li").all_inner_texts()
    assert len(codes) == 10
    screenshot(page, "two-factor-codes")
    page.click("text=我已保存，进入首页")
    assert page.locator("h1").inner_text() == "您好，省级秘书处"
    page.goto(page.base_url + "/auth/two-factor/")
    assert "剩余可用恢复码 10 个" in page.locator(".card-body").first.inner_text()
    assert page.locator("button:has-text('停用两步验证')").count() == 0  # required for the secretariat
    screenshot(page, "two-factor-enrolled")
    page.click("button.dropdown-toggle")
    page.click("button:has-text('退出登录')")
    page.wait_for_url("**/auth/login/")
    login("secretariat", DEMO_PASSWORD)
    assert page.locator("h2").inner_text() == "两步验证"
    screenshot(page, "two-factor-verify")
    page.fill("#id_token", "000000")
    page.click("button:has-text('验证并登录')")
    assert "验证码不正确或已过期" in page.locator(".invalid-feedback, .text-danger").first.inner_text()
    page.fill("#id_token", codes[0])
    page.click("button:has-text('验证并登录')")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "您好，省级秘书处"
