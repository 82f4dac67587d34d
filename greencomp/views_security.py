"""Sign-in pages around Django's own: the per-address limit on failed logins, the lock-out page, and the
second factor (set-up, recovery codes, verification)."""

from axes.helpers import get_cool_off, get_failure_limit
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import two_factor
from .forms import LoginForm, SecondFactorForm
from .pages import next_url
from .ratelimit import limit_count, limit_posts, limit_reached, too_many_requests

CODES_SESSION_KEY = "_recovery_codes"


class LoginView(auth_views.LoginView):
    """Django's login, with failed attempts also counted per client address (RATE_LIMITS["login"])."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if limit_reached(request, "login"):
            return too_many_requests(request, "login")
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        limit_count(self.request, "login")
        return super().form_invalid(form)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lock-out response (AXES_LOCKOUT_CALLABLE): states the configured lock time."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    return render(request, "registration/locked_out.html",
                  {"minutes": minutes, "failure_limit": get_failure_limit(request, credentials)}, status=429)


@login_required
def two_factor_setup(request):
    user = request.user
    if two_factor.is_enrolled(user) and not user.is_verified():
        return redirect("two_factor_verify")
    device = two_factor.totp_device_pending(user=user)
    form = SecondFactorForm(request.POST or None)
    form.fields["token"].help_text = "扫码后，身份验证器应用显示的6位数字。"
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.totp_device_confirm(device=device, token=form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc.message_dict["token"])
        else:
            otp_login(request, device)
            request.session[CODES_SESSION_KEY] = codes
            messages.success(request, "两步验证已启用。今后登录时，输入密码后还需输入身份验证器上的验证码。")
            return redirect("two_factor_codes")
    return render(request, "registration/two_factor_setup.html", {
        "form": form, "qr_svg": two_factor.qr_svg(device), "secret": two_factor.secret_for_typing(device),
        "enrolled": user.is_verified(), "required": two_factor.second_factor_required(user),
        "codes_left": two_factor.recovery_codes_left(user) if user.is_verified() else 0,
    })


@login_required
def two_factor_codes(request):
    """Shows freshly issued recovery codes once; a POST issues a new set (the old one stops working)."""
    if not request.user.is_verified():
        return redirect("two_factor_setup")
    if request.method == "POST":
        request.session[CODES_SESSION_KEY] = two_factor.recovery_codes_issue(user=request.user)
        return redirect("two_factor_codes")
    codes = request.session.pop(CODES_SESSION_KEY, None)
    return render(request, "registration/two_factor_codes.html", {"codes": codes})


@login_required
@limit_posts("two_factor")
def two_factor_verify(request):
    if request.user.is_verified():
        return redirect(next_url(request, "home"))
    if not two_factor.is_enrolled(request.user):  # reset by the secretariat since this session signed in
        state = request.session[two_factor.SESSION_KEY] = two_factor.second_factor_state(request.user)
        return redirect("two_factor_setup" if state == two_factor.ENROL else next_url(request, "home"))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.second_factor_verify(request, form.cleaned_data["token"]):
            return redirect(next_url(request, "home"))
        form.add_error("token", "验证码不正确或已过期。多次输错后需等待片刻才能再试。")
    return render(request, "registration/two_factor_verify.html",
                  {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")})


@login_required
@require_POST
def two_factor_remove(request):
    user = request.user
    if not user.is_verified():
        return redirect("two_factor_setup")
    if two_factor.second_factor_required(user):
        messages.error(request, "秘书处账号必须启用两步验证，不能停用。")
        return redirect("two_factor_setup")
    two_factor.second_factor_remove(user=user, by=user)
    request.session[two_factor.SESSION_KEY] = ""
    messages.success(request, "两步验证已停用，今后登录只需输入密码。")
    return redirect("two_factor_setup")
