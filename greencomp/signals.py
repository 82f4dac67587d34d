"""Every login success and failure goes to the security log (MLPS); axes keeps its own tables too."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import two_factor

log = logging.getLogger("greencomp.security")


def _ip(request):
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    log.info("login success user=%s ip=%s", user.get_username(), _ip(request))


@receiver(user_logged_in)
def note_second_factor(sender, request, user, **kwargs):
    """Decide once per sign-in what the session still owes (see SecondFactorMiddleware)."""
    if request is not None and hasattr(request, "session"):
        request.session[two_factor.SESSION_KEY] = two_factor.second_factor_state(user)


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    log.warning("login failure user=%s ip=%s", credentials.get("username", "?"), _ip(request))


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    log.info("logout user=%s ip=%s", user.get_username() if user else "-", _ip(request))
