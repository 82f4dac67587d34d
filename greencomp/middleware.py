import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone


class ContentSecurityPolicyMiddleware:
    """Django 5.2 has no built-in CSP; one strict header for every response (no inline scripts)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class AbsoluteSessionLimitMiddleware:
    """Ends a session SESSION_ABSOLUTE_SECONDS after login, however active it was (MLPS)."""

    KEY = "_login_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(self.KEY, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, "登录已超过最长有效时间，请重新登录。")
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class PasswordRotationMiddleware:
    """With PASSWORD_MAX_AGE_DAYS > 0, a user whose password is older is sent to change it (MLPS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        days = settings.PASSWORD_MAX_AGE_DAYS
        user = request.user
        if days and user.is_authenticated and request.path not in (reverse("password_change"), reverse("logout")):
            changed = user.password_changed_at or user.date_joined
            if changed < timezone.now() - timedelta(days=days):
                messages.warning(request, f"您的密码已超过{days}天未修改，请先修改密码。")
                return redirect("password_change")
        return self.get_response(request)
