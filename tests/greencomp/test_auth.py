import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from greencomp.middleware import AbsoluteSessionLimitMiddleware


def test_login_locked_after_five_failures(client, enterprise, password):
    for _ in range(5):
        client.post(reverse("login"), {"username": "enterprise", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "enterprise", "password": password})
    assert response.status_code == 429
    assert "该账号已被锁定 15 分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_success_and_failure_are_logged(client, enterprise, password, caplog):
    with caplog.at_level(logging.INFO, logger="greencomp.security"):
        client.post(reverse("login"), {"username": "enterprise", "password": "wrong"})
        client.post(reverse("login"), {"username": "enterprise", "password": password})
    assert [r.getMessage().split(" ip=")[0] for r in caplog.records if r.name == "greencomp.security"] == [
        "login failure user=enterprise", "login success user=enterprise"]


def test_session_settings_meet_mlps():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False  # IdleSessionMiddleware slides the expiry each minute
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 3600


def test_session_ends_after_absolute_limit(client, enterprise, password):
    client.post(reverse("login"), {"username": "enterprise", "password": password})
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[AbsoluteSessionLimitMiddleware.KEY] = session[AbsoluteSessionLimitMiddleware.KEY] - 13 * 3600
    session.save()
    response = client.get(reverse("home"))
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_new_session_key_at_login(client, enterprise, password):
    client.get(reverse("login"))
    client.cookies["sessionid"] = "attacker-chosen"
    client.post(reverse("login"), {"username": "enterprise", "password": password})
    assert client.cookies["sessionid"].value != "attacker-chosen"


@pytest.mark.parametrize("url", ["/accounts/", "/audit/", "/competitions/"])  # "/" is the public portal for them
def test_anonymous_users_are_sent_to_login(client, url, db):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_security_headers(client, db):
    response = client.get(reverse("login"))
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_chinese_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404


def test_password_rotation_sends_old_passwords_to_change(client, enterprise, password, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    enterprise.password_changed_at = timezone.now() - timedelta(days=91)
    enterprise.save(update_fields=["password_changed_at"])
    client.force_login(enterprise)
    assert client.get(reverse("home")).url == reverse("password_change")
    client.post(reverse("password_change"), {"old_password": password, "new_password1": "Fresh-pass-2026",
                                             "new_password2": "Fresh-pass-2026"})
    enterprise.refresh_from_db()
    assert enterprise.password_changed_at > timezone.now() - timedelta(minutes=1)
    assert client.get(reverse("home")).status_code == 200
