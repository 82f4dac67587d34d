import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from . import two_factor


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


class IdleSessionMiddleware:
    """The idle timeout (SESSION_COOKIE_AGE from the last save) slides with activity without a session UPDATE on
    every request: a session nothing changed is saved again only when its last save is SAVE_EVERY seconds old.
    So a session ends between SESSION_COOKIE_AGE − 1 minute and SESSION_COOKIE_AGE after its last request:
    exact to the minute, never longer (MLPS), and a burst of requests writes it once a minute at most."""

    KEY = "_saved_at"
    SAVE_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        if session.is_empty():
            return response
        now = int(time.time())
        if session.modified or now - session.get(self.KEY, 0) >= self.SAVE_EVERY:
            session[self.KEY] = now  # marks it modified: SessionMiddleware saves it, with a new expiry
        return response


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


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every signed-in page and every download, so that neither a shared
    proxy nor the browser's disk keeps a copy of what only this user may see."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        download = response.has_header("Content-Disposition") or getattr(response, "streaming", False)
        if download or request.user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-store"
        return response


class SecondFactorMiddleware:
    """A signed-in session that still owes its second factor reaches only the verify (or set-up) page and
    logout. What it owes is decided at sign-in (`greencomp.signals`) and kept in the session."""

    OPEN = {two_factor.VERIFY: ("two_factor_verify", "logout"), two_factor.ENROL: ("two_factor_setup", "logout")}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            state = request.session.get(two_factor.SESSION_KEY)
            if state is None:  # a session opened before two-factor sign-in existed
                state = request.session[two_factor.SESSION_KEY] = two_factor.second_factor_state(user)
            if state and request.path not in {reverse(name) for name in self.OPEN[state]}:
                target = reverse(self.OPEN[state][0])
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.get_full_path()})
                return redirect(target)
        return self.get_response(request)
