"""`Cache-Control: private, no-store` on every signed-in response and every download (issue 14), so that no
shared proxy or browser disk cache keeps a page or a file only its user may see."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from greencomp.middleware import PrivateCacheMiddleware

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/accounts/", "/audit/", "/competitions/", "/auth/two-factor/"])
def test_signed_in_pages_are_private_and_not_stored(client, secretariat, url):
    client.force_login(secretariat)
    response = client.get(url)
    assert (response.status_code, response["Cache-Control"]) == (200, "private, no-store")


def test_export_download_is_private_and_not_stored(client, secretariat):
    client.force_login(secretariat)
    response = client.get(reverse("accounts:import_template"))
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "zhangsan" in [cell for row in sheet.iter_rows(values_only=True) for cell in row]


def test_refusals_for_signed_in_users_too(client, enterprise):
    client.force_login(enterprise)
    response = client.get("/accounts/")
    assert (response.status_code, response["Cache-Control"]) == (403, "private, no-store")


def test_download_without_sign_in_is_private_too():
    request = RequestFactory().get("/anything.pdf")
    request.user = AnonymousUser()
    file_response = PrivateCacheMiddleware(
        lambda r: FileResponse(io.BytesIO(b"%PDF"), as_attachment=True, filename="公示.pdf"))(request)
    page = PrivateCacheMiddleware(lambda r: HttpResponse("公示", headers={"Cache-Control": "max-age=600"}))(request)
    assert file_response["Cache-Control"] == "private, no-store"
    assert page["Cache-Control"] == "max-age=600"  # public pages keep what the view says


def test_public_page_for_anonymous_visitors_is_left_alone(client, db):
    response = client.get(reverse("register"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
