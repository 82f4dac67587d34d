"""Per-address limits (issue 14) on failed sign-ins, enterprise registration, password reset and the public
objection form: counted in the database (every application server shares them), refused with a Chinese 429."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from greencomp.models import Organisation, RequestCounter, User
from reviews.models import Objection, ResultNotice

pytestmark = pytest.mark.django_db

REFUSED = re.compile(r"您所在网络地址的请求次数已超过限制，请 \d+ 分钟后再试。")


@pytest.fixture
def tight_limits(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (3, 900), "register": (2, 3600),
                            "password_reset": (2, 3600), "objection": (2, 3600)}


def _registration(n):
    return {"organisation_name": f"郑州限流测试{n}有限公司", "kind": "enterprise", "credit_code": "bad",
            "city": "郑州市", "contact_name": "张三", "contact_phone": "13812345678",
            "email": f"r{n}@example.com", "username": f"ratelimit{n}", "password1": "x", "password2": "x"}


def test_failed_sign_ins_are_limited_per_address_whatever_the_username(client, enterprise, password, tight_limits):
    for name in ("a1", "a2", "a3"):
        assert client.post(reverse("login"), {"username": name, "password": "wrong"}).status_code == 200
    response = client.post(reverse("login"), {"username": "enterprise", "password": password})
    assert response.status_code == 429
    assert REFUSED.search(response.content.decode())
    assert "_auth_user_id" not in client.session
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    assert elsewhere.post(reverse("login"), {"username": "enterprise", "password": password}).url == reverse("home")


def test_forwarded_for_counts_only_behind_a_trusted_proxy(enterprise, password, tight_limits, settings):
    spoofing = Client(REMOTE_ADDR="10.0.0.1")
    for n in range(3):
        spoofing.post(reverse("login"), {"username": "x", "password": "wrong"}, HTTP_X_FORWARDED_FOR=f"1.1.1.{n}")
    assert spoofing.post(reverse("login"), {"username": "x", "password": "wrong"},
                         HTTP_X_FORWARDED_FOR="1.1.1.9").status_code == 429
    settings.TRUSTED_PROXY_COUNT = 1
    proxied = Client(REMOTE_ADDR="10.0.0.1")
    response = proxied.post(reverse("login"), {"username": "enterprise", "password": password},
                            HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert response.url == reverse("home")
    assert sorted(RequestCounter.objects.values_list("key", flat=True)) == ["login:10.0.0.1"]


def test_registration_is_limited_per_address(client, tight_limits):
    for n in range(2):
        assert "统一社会信用代码" in client.post(reverse("register"), _registration(n)).content.decode()
    response = client.post(reverse("register"), {**_registration(9), "credit_code": "91410100MA3X5Y7K29",
                                                 "password1": "Green-pass-2026", "password2": "Green-pass-2026"})
    assert (response.status_code, bool(REFUSED.search(response.content.decode()))) == (429, True)
    assert not User.objects.filter(username="ratelimit9").exists()
    assert not Organisation.objects.filter(name__startswith="郑州限流测试").exists()
    assert client.get(reverse("register")).status_code == 200  # reading the form stays free


def test_password_reset_is_limited_per_address(client, enterprise, tight_limits, mailoutbox):
    for _ in range(2):
        client.post(reverse("password_reset"), {"email": enterprise.email})
    response = client.post(reverse("password_reset"), {"email": enterprise.email})
    assert (response.status_code, bool(REFUSED.search(response.content.decode()))) == (429, True)
    assert len(mailoutbox) == 2


def test_public_objections_are_limited_per_address(client, competition, tight_limits):
    today = timezone.localdate()
    ResultNotice.objects.create(competition=competition, opens_on=today, closes_on=today + datetime.timedelta(days=7),
                                published_at=timezone.now())
    url = reverse("review:public", args=[competition.pk])
    objection = {"name": "王五", "phone": "0371-65512345", "text": "对本次评审结果有异议，请秘书处核实。"}
    for _ in range(2):
        assert client.post(url, objection).status_code == 302
    response = client.post(url, objection)
    assert (response.status_code, bool(REFUSED.search(response.content.decode()))) == (429, True)
    assert Objection.objects.count() == 2
    assert Client(REMOTE_ADDR="10.0.0.8").post(url, objection).status_code == 302


def test_a_new_window_starts_counting_afresh(client, tight_limits):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 59, tzinfo=datetime.UTC), tick=False) as clock:
        responses = [client.post(reverse("register"), _registration(n)) for n in range(3)]
        assert [r.status_code for r in responses] == [200, 200, 429]
        assert "请 1 分钟后再试。" in responses[2].content.decode()  # the hourly window turns at 10:00
        clock.shift(datetime.timedelta(minutes=2))
        assert client.post(reverse("register"), _registration(6)).status_code == 200


def test_malformed_rate_stops_start_up():
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "RATE_LIMIT_LOGIN"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=root, capture_output=True, text=True,
                            env={**env, "DEBUG": "true", "RATE_LIMIT_LOGIN": "30 per minute"})
    assert result.returncode == 1
    assert "RATE_LIMIT_LOGIN='30 per minute' is not a rate: use N/M (N requests per M minutes)." in result.stderr
