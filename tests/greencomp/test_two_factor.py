"""Two-factor sign-in (issue 14): required for platform and competition secretariat accounts when
OTP_REQUIRED_FOR_SECRETARIAT is on (production), optional for everyone else; no page without the second factor."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from competitions.enums import Role
from greencomp.models import AuditEvent
from greencomp.two_factor import recovery_codes_issue

from ..factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
SETUP, VERIFY = "/auth/two-factor/", "/auth/two-factor/verify/"
# pages a secretariat uses, and the admin: none of them before the second factor
PAGES = ["/", "/accounts/", "/accounts/approvals/", "/audit/", "/competitions/", "/quota-tables/",
         "/auth/password/change/", "/auth/two-factor/recovery-codes/", "/django-admin/"]


@pytest.fixture
def otp_required(settings):
    settings.OTP_REQUIRED_FOR_SECRETARIAT = True


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _code(device) -> str:
    device.refresh_from_db()
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def _sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def _verified_client(user) -> Client:
    """A session that has already passed its second factor (an enrolled authenticator)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.create(user=user, name="手机", confirmed=True).persistent_id
    session.save()
    return client


def _enrol(client, user, clock) -> list[str]:
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"token": _code(device)})
    assert response.url == "/auth/two-factor/recovery-codes/"
    html = client.get(response.url).content.decode()
    clock.shift(60)  # a TOTP code is accepted once: the next one comes from a later time step
    return re.findall(r'<li class="col">([a-z2-7]{8})</li>', html)


def test_secretariat_must_enrol_before_any_page(client, secretariat, password, otp_required, clock):
    response = _sign_in(client, "secretariat", password)
    assert client.get(response.url).url == f"{SETUP}?next=%2F"
    for url in PAGES:
        assert client.get(url).url.startswith(SETUP), url
    assert client.post("/accounts/new/", {"username": "intruder"}).url == SETUP
    html = client.get(SETUP).content.decode()
    assert "秘书处账号须使用“密码 + 动态验证码”两种方式登录" in html
    assert "<svg" in html and "<path" in html  # the QR code, drawn on the server
    assert 'class="gc-sidebar' not in html  # nothing of the portal before the second factor
    response = client.post(SETUP, {"token": "000000"})
    assert "验证码不正确或已过期" in response.content.decode()
    assert TOTPDevice.objects.filter(user=secretariat, confirmed=True).count() == 0


def test_enrolment_shows_recovery_codes_once_then_the_portal_opens(client, secretariat, password, otp_required,
                                                                   clock):
    _sign_in(client, "secretariat", password)
    codes = _enrol(client, secretariat, clock)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(StaticToken.objects.filter(device__user=secretariat).values_list("token", flat=True)) == sorted(codes)
    again = client.get("/auth/two-factor/recovery-codes/").content.decode()
    assert not any(code in again for code in codes)
    assert "恢复码只在生成时显示一次" in again
    assert "您好，秘书处" in client.get("/").content.decode()
    assert list(AuditEvent.objects.filter(action="two_factor_enrol").values_list("actor__username", flat=True)) == [
        "secretariat"]


def test_next_sign_in_asks_for_the_code_on_every_page(client, secretariat, password, otp_required, clock):
    _sign_in(client, "secretariat", password)
    _enrol(client, secretariat, clock)
    client.post(reverse("logout"))
    response = client.post(reverse("login") + "?next=/audit/",
                           {"username": "secretariat", "password": password, "next": "/audit/"})
    assert client.get(response.url).url == f"{VERIFY}?next=%2Faudit%2F"
    for url in [*PAGES, SETUP]:
        assert client.get(url).url.startswith(VERIFY), url
    html = client.get(VERIFY + "?next=/audit/").content.decode()
    assert "请打开手机上绑定的身份验证器应用" in html and 'class="gc-sidebar' not in html
    wrong = client.post(VERIFY, {"token": "123456", "next": "/audit/"})
    assert "验证码不正确或已过期" in wrong.content.decode()
    clock.shift(60)  # past django-otp's throttle delay after a failure
    device = TOTPDevice.objects.get(user=secretariat)
    assert client.post(VERIFY, {"token": _code(device), "next": "/audit/"}).url == "/audit/"
    assert client.get("/audit/").status_code == 200
    assert "操作记录" in client.get("/audit/").content.decode()


def test_a_recovery_code_works_once(client, secretariat, password, otp_required, clock):
    _sign_in(client, "secretariat", password)
    codes = _enrol(client, secretariat, clock)
    for attempt in range(2):
        client.post(reverse("logout"))
        _sign_in(client, "secretariat", password)
        response = client.post(VERIFY, {"token": codes[0].upper()})
        clock.shift(60)
        if attempt == 0:
            assert response.url == "/"
            assert client.get("/").status_code == 200
        else:
            assert "验证码不正确或已过期" in response.content.decode()
            assert client.get("/").url.startswith(VERIFY)
    assert StaticToken.objects.filter(device__user=secretariat).count() == 9


def test_competition_secretariat_is_also_required(client, competition, password, otp_required):
    user = UserFactory(username="comp_secretariat")
    MembershipFactory(user=user, role=Role.SECRETARIAT, competition=competition)
    client.force_login(user)
    assert client.get("/").url == f"{SETUP}?next=%2F"


def test_password_alone_cannot_replace_an_enrolled_authenticator(client, secretariat, password, otp_required, clock):
    _sign_in(client, "secretariat", password)
    _enrol(client, secretariat, clock)
    client.post(reverse("logout"))
    _sign_in(client, "secretariat", password)
    assert client.get(SETUP).url.startswith(VERIFY)
    assert client.post(SETUP, {"token": "123456"}).url.startswith(VERIFY)
    assert client.post("/auth/two-factor/remove/").url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=secretariat).count() == 1


def test_secretariat_cannot_switch_it_off(client, secretariat, password, otp_required, clock):
    _sign_in(client, "secretariat", password)
    _enrol(client, secretariat, clock)
    response = client.post("/auth/two-factor/remove/", follow=True)
    assert "秘书处账号必须启用两步验证，不能停用。" in response.content.decode()
    assert TOTPDevice.objects.filter(user=secretariat, confirmed=True).count() == 1


def test_other_accounts_sign_in_with_the_password_and_may_opt_in(client, officer, password, otp_required, clock):
    response = _sign_in(client, "officer", password)
    assert response.url == reverse("home") and client.get("/").status_code == 200
    assert "启用两步验证后" in client.get(SETUP).content.decode()
    _enrol(client, officer, clock)
    client.post(reverse("logout"))
    _sign_in(client, "officer", password)
    assert client.get("/").url.startswith(VERIFY)
    client.post(VERIFY, {"token": _code(TOTPDevice.objects.get(user=officer))})
    clock.shift(60)
    response = client.post("/auth/two-factor/remove/", follow=True)
    assert "两步验证已停用，今后登录只需输入密码。" in response.content.decode()
    client.post(reverse("logout"))
    _sign_in(client, "officer", password)
    assert client.get("/").status_code == 200


def test_demo_setting_off_lets_the_secretariat_in_with_the_password(client, secretariat, password, settings):
    settings.OTP_REQUIRED_FOR_SECRETARIAT = False
    _sign_in(client, "secretariat", password)
    assert "您好，秘书处" in client.get("/").content.decode()


def test_new_recovery_codes_void_the_old_ones(secretariat):
    old = recovery_codes_issue(user=secretariat)
    new = recovery_codes_issue(user=secretariat)
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(new)
    assert not set(old) & set(new)


@pytest.mark.parametrize(("debug", "expected"), [("false", "True"), ("true", "False")])
def test_required_by_default_in_production_only(debug, expected):
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "OTP_REQUIRED_FOR_SECRETARIAT")}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c",
         "from django.conf import settings; print(settings.OTP_REQUIRED_FOR_SECRETARIAT)"],
        cwd=root, env={**env, "DEBUG": debug, "SECRET_KEY": "prod-" + "k3y-" * 15}, capture_output=True, text=True)
    assert result.stdout.strip() == expected, result.stderr


def test_secretariat_resets_a_lost_phone_and_the_account_enrols_again(client, secretariat, competition, password,
                                                                      otp_required, clock):
    user = UserFactory(username="comp_secretariat")
    MembershipFactory(user=user, role=Role.SECRETARIAT, competition=competition)
    _sign_in(client, "comp_secretariat", password)
    _enrol(client, user, clock)
    client.post(reverse("logout"))
    _sign_in(client, "comp_secretariat", password)  # the phone is lost: stuck at the code
    admin = _verified_client(secretariat)
    detail = admin.get(reverse("accounts:detail", args=[user.pk])).content.decode()
    assert "两步验证</dt><dd class=\"col-8\">已启用" in detail
    response = admin.post(reverse("accounts:two_factor_reset", args=[user.pk]), {"reason": "手机丢失"}, follow=True)
    assert "已重置 comp_secretariat 的两步验证，该账号下次登录时需重新绑定。" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).count() == 0
    assert list(AuditEvent.objects.filter(action="two_factor_remove").values_list("actor__username", "reason")) == [
        ("secretariat", "手机丢失")]
    # the waiting session is sent to set up a new authenticator
    assert client.get("/").url.startswith(VERIFY)
    assert client.get(VERIFY).url == SETUP
    assert client.get("/").url.startswith(SETUP)


def test_reset_command_for_the_last_secretariat(secretariat, capsys):
    recovery_codes_issue(user=secretariat)
    call_command("two_factor_reset", "secretariat")
    assert capsys.readouterr().out.strip() == "已重置 secretariat 的两步验证，下次登录时需重新绑定。"
    assert StaticToken.objects.count() == 0
