"""Two-factor sign-in: a TOTP authenticator app plus single-use recovery codes (django-otp).

Required for secretariat accounts when OTP_REQUIRED_FOR_SECRETARIAT is on; optional for everyone else. What a
session still owes is worked out once, at sign-in, and kept in the session, so pages cost no extra query."""

import io
from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from competitions.enums import Role
from competitions.rules import memberships

from .audit import audit_record

SESSION_KEY = "_second_factor"
VERIFY = "verify"  # the account has an authenticator: the session must present a code
ENROL = "enrol"  # the account must set one up before anything else
DEVICE_NAME = "身份验证器"
CODES_NAME = "恢复码"


def second_factor_required(user) -> bool:
    return settings.OTP_REQUIRED_FOR_SECRETARIAT and (
        user.is_superuser or any(m.role == Role.SECRETARIAT for m in memberships(user)))


def second_factor_state(user) -> str:
    """VERIFY, ENROL, or "" when a password is enough."""
    if is_enrolled(user):
        return VERIFY
    return ENROL if second_factor_required(user) else ""


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device_pending(*, user) -> TOTPDevice:
    """The unconfirmed authenticator being set up; the confirmed one (if any) stays until this one is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn on the server (no CDN, no script)."""
    out = io.BytesIO()
    qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(out)
    return out.getvalue().decode().split("?>", 1)[-1]


def secret_for_typing(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for an app that cannot scan."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the new authenticator with its first code; replaces any older one and issues fresh recovery codes."""
    if not device.verify_token(token.strip()):
        raise ValidationError({"token": "验证码不正确或已过期，请输入身份验证器当前显示的6位数字。"})
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=device.user, action="two_factor_enrol", target=device.user)
    return recovery_codes_issue(user=device.user)


@transaction.atomic
def recovery_codes_issue(*, user) -> list[str]:
    """A new set of recovery codes; the old set stops working. Only the holder sees them, once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.OTP_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_remove(*, user, by, reason: str = "") -> None:
    """Drop the authenticator and recovery codes (the user, when optional; the secretariat, for a lost phone)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(actor=by, action="two_factor_remove", target=user, reason=reason)


def second_factor_verify(request, token: str) -> bool:
    """Check a code from the authenticator (6 digits) or a recovery code; on success the session is verified.

    Each device throttles its own failures (django-otp), so guessing gets slower and slower; a code goes only to
    the device of its kind, so a mistyped 6-digit code does not hold up a recovery code."""
    token = token.strip().replace(" ", "").lower()
    model = TOTPDevice if (len(token) == 6 and token.isdigit()) else StaticDevice
    for device in model.objects.filter(user=request.user, confirmed=True):
        if django_otp.verify_token(request.user, device.persistent_id, token):
            django_otp.login(request, device)
            return True
    return False


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()
