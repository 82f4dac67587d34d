"""The one permission path: every app's rules.py is autodiscovered, the view decorator answers 404 through the
scoped getter and 403 through the rules, and templates show actions through has_perm with state predicates."""

import importlib

import pytest
import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from greencomp.permissions import permission_required
from quotas.models import QuotaTable

pytestmark = pytest.mark.django_db


def test_every_app_has_a_rules_module_and_its_permissions_are_registered():
    for app in ("competitions", "quotas", "applications", "reviews", "greencomp"):
        assert importlib.import_module(f"{app}.rules").__name__ == f"{app}.rules"
    expected = ["applications.edit_grading_city", "applications.edit_improvement_list", "greencomp.manage_accounts",
                "quotas.publish_quota_table", "reviews.manage_review", "reviews.select_nomination"]
    assert [p for p in expected if rules.perm_exists(p)] == expected


def _view(request, obj, **kwargs):
    return HttpResponse(f"{obj}|{kwargs['pk']}")


def _getter(user, pk, **_):
    if pk != 1:
        raise Http404
    return "第1号"


def test_decorator_404_through_the_getter_403_through_the_rules_else_the_view_gets_the_object(officer, secretariat):
    view = permission_required("competitions.manage_platform", _getter)(_view)
    request = RequestFactory().get("/")
    request.user = secretariat
    assert view(request, pk=1).content.decode() == "第1号|1"
    with pytest.raises(Http404):
        view(request, pk=2)
    request.user = officer
    with pytest.raises(PermissionDenied):
        view(request, pk=1)


def test_publish_button_follows_the_quota_table_state(client, secretariat, quota_table):
    client.force_login(secretariat)
    url = f"/quota-tables/{quota_table.competition_id}/"
    QuotaTable.objects.filter(pk=quota_table.pk).update(status=QuotaTable.Status.DRAFT)
    assert "保存并发布" in client.get(url).content.decode()
    QuotaTable.objects.filter(pk=quota_table.pk).update(status=QuotaTable.Status.PUBLISHED)
    assert "保存并发布" not in client.get(url).content.decode()
