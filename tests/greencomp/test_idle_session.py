"""The idle timeout without a session write per request (greencomp.middleware.IdleSessionMiddleware): a session
is saved again at most once a minute, and ends between 29 and 30 minutes after its last request."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)

SIGNED_IN_PAGE = "notifications:list"  # "/" is the public portal for visitors: a page that needs a session


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def at(minutes: float):
    return time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False)


def test_unchanged_session_is_saved_at_most_once_a_minute(client, enterprise, password):
    with at(0):
        client.post(reverse("login"), {"username": "enterprise", "password": password})
        client.get(reverse(SIGNED_IN_PAGE))  # the first request after login stamps the absolute limit's start
        first = expiry(client)
        assert first == START + datetime.timedelta(minutes=30)
    with at(0.5):
        assert client.get(reverse(SIGNED_IN_PAGE)).status_code == 200
        assert expiry(client) == first
    with at(1):
        assert client.get(reverse(SIGNED_IN_PAGE)).status_code == 200
        assert expiry(client) == START + datetime.timedelta(minutes=31)


def active_until_5_30(client, password):
    """Signed in at 0:00, requests at 5:00 (saved: the session now ends at 35:00) and 5:30 (not saved)."""
    with at(0):
        client.post(reverse("login"), {"username": "enterprise", "password": password})
    for minute in (5, 5.5):
        with at(minute):
            assert client.get(reverse(SIGNED_IN_PAGE)).status_code == 200


@pytest.mark.parametrize(("minute", "signed_in"), [(34 + 59 / 60, True), (35 + 1 / 60, False)])
def test_idle_session_ends_within_the_minute_before_30_idle_minutes(client, enterprise, password, minute, signed_in):
    active_until_5_30(client, password)
    with at(minute):  # idle 29:29 → still signed in; idle 29:31 → signed out (never more than 30:00)
        response = client.get(reverse(SIGNED_IN_PAGE))
    assert (response.status_code == 200) == signed_in
    if not signed_in:
        assert response.url.startswith(reverse("login"))
