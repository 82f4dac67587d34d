"""Login lock-outs a stranger cannot extend (issue 14): the lock runs from the fifth failure, failures during
the lock are not counted, a password reset lifts it at once, and the pages state the configured time."""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def one_minute_lock(settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=1)


def _login(client, password):
    return client.post(reverse("login"), {"username": "enterprise", "password": password})


def _signed_in(response, client) -> bool:
    return response.status_code == 302 and response.url == reverse("home") and "_auth_user_id" in client.session


def test_wrong_attempts_every_40_s_do_not_extend_the_lock(client, enterprise, password, one_minute_lock):
    owner = Client()
    with time_machine.travel(START, tick=False) as clock:
        statuses = [_login(client, "wrong").status_code for _ in range(6)]
        assert statuses == [200, 200, 200, 200, 429, 429]  # locked from the fifth failure
        assert list(AccessAttempt.objects.values_list("failures_since_start", "attempt_time")) == [(5, START)]
        results = []
        for step in range(1, 5):  # a wrong attempt every 40 s for 3 × the lock time (180 s)
            clock.shift(40)
            _login(client, "wrong")
            response = _login(owner, password)
            results.append((step * 40, _signed_in(response, owner)))
            if results[-1][1]:
                owner.post(reverse("logout"))
    # 40 s: still within the first lock; 80 s: the first lock has expired and was never extended
    assert results == [(40, False), (80, True), (120, True), (160, True)]


def test_lock_page_states_the_configured_time(client, enterprise, one_minute_lock):
    first = _login(client, "wrong")
    assert "用户名或密码错误。连续失败5次将锁定1分钟。" in first.content.decode()
    for _ in range(4):
        response = _login(client, "wrong")
    html = response.content.decode()
    assert response.status_code == 429
    assert "该账号已被锁定 1 分钟" in html
    assert "15 分钟" not in html
    assert "锁定期间的登录尝试不会延长锁定时间" in html


def test_password_reset_lifts_the_lock_at_once(client, enterprise, password):
    for _ in range(5):
        _login(client, "wrong")
    assert _login(client, password).status_code == 429
    client.post(reverse("password_reset"), {"email": enterprise.email})
    link = re.search(r"/auth/password/reset/[^/]+/[^/]+/", mail.outbox[0].body).group(0)
    set_password_url = client.get(link).url
    response = client.post(set_password_url, {"new_password1": "Fresh-pass-2026", "new_password2": "Fresh-pass-2026"})
    assert response.url == reverse("password_reset_complete")
    assert AccessAttempt.objects.filter(username="enterprise").count() == 0
    assert _signed_in(_login(client, "Fresh-pass-2026"), client)


def test_sign_in_below_the_limit_clears_the_failures(client, enterprise, password):
    """A successful sign-in below the limit clears the failures (AXES_RESET_ON_SUCCESS)."""
    for _ in range(4):
        _login(client, "wrong")
    assert _signed_in(_login(client, password), client)
    assert AccessAttempt.objects.count() == 0
