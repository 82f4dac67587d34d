"""The page helpers every view uses (greencomp/pages.py) and the ListFilter base (greencomp/filters.py)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from greencomp.filters_accounts import AccountFilter
from greencomp.models import User
from greencomp.pages import Done, chosen_among, form_submitted, run_action, run_form_action
from tests.factories import UserFactory


def _request(method="post", data=None, get=None):
    factory = RequestFactory()
    request = factory.post("/", data or {}) if method == "post" else factory.get("/", get or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _texts(request):
    return [(m.level_tag, m.message) for m in get_messages(request)]


class ReasonForm(forms.Form):
    reason = forms.CharField(error_messages={"required": "请填写原因。"})


def _refused():
    raise ValidationError(["名单已锁定", "不能修改"])


def test_run_action_returns_the_result_and_says_the_success_computed_from_it():
    request = _request()
    done = run_action(request, lambda: 3, lambda n: f"已生成 {n} 条。")
    assert done == Done(3)
    assert _texts(request) == [("success", "已生成 3 条。")]


def test_run_action_shows_the_services_refusal_joined():
    request = _request()
    assert run_action(request, _refused, "不会出现") is None
    assert _texts(request) == [("error", "名单已锁定；不能修改")]


def test_run_form_action_refuses_an_invalid_form_without_running_the_action():
    request = _request()
    ran = []
    assert run_form_action(request, ReasonForm({}), lambda: ran.append(1), "已退回。", invalid="请填写退回原因。") is None
    assert ran == [] and _texts(request) == [("error", "请填写退回原因。")]
    request = _request()
    assert run_form_action(request, ReasonForm({}), lambda: ran.append(1), "已退回。") is None
    assert _texts(request) == [("error", "请填写原因。")]
    request = _request()
    assert run_form_action(request, ReasonForm({"reason": "x"}), _refused, "已退回。") is None
    assert _texts(request) == [("error", "名单已锁定；不能修改")]


def test_form_submitted_puts_the_refusal_on_the_form_and_is_none_on_get():
    request = _request(data={"reason": "x"})
    form = ReasonForm(request.POST)
    assert form_submitted(request, form, _refused, success="已保存。") is None
    assert form.non_field_errors() == ["名单已锁定", "不能修改"] and _texts(request) == []
    request = _request(data={"reason": "x"})
    assert form_submitted(request, ReasonForm(request.POST), lambda: "row", success="已保存。") == Done("row")
    assert _texts(request) == [("success", "已保存。")]
    get = _request("get")
    assert form_submitted(get, ReasonForm(None), lambda: pytest.fail("ran on GET")) is None


def test_chosen_among_ignores_a_bogus_or_foreign_value():
    rows = [type("Row", (), {"pk": pk})() for pk in (4, 7)]
    assert chosen_among(_request("get", get={"division": "7"}), rows, "division") is rows[1]
    assert chosen_among(_request("get", get={"division": "xyz"}), rows, "division", default=rows[0]) is rows[0]
    assert chosen_among(_request("get", get={"division": "99"}), rows, "division") is None


@pytest.mark.django_db
def test_account_filter_searches_username_or_name_and_describes_itself():
    UserFactory(username="zhangsan", full_name="张三")
    UserFactory(username="lisi", full_name="李四")
    filters = AccountFilter({"q": " 张 "}, queryset=User.objects.order_by("username"))
    assert [u.username for u in filters.rows] == ["zhangsan"]
    assert filters.scope() == "搜索：张"
    assert [u.username for u in AccountFilter({"q": "lis"}, queryset=User.objects.all()).rows] == ["lisi"]


@pytest.mark.django_db
def test_user_list_search(client, secretariat):
    UserFactory(username="zhangsan", full_name="张三")
    client.force_login(secretariat)
    response = client.get(reverse("accounts:list"), {"q": "张三"})
    assert [row["username"] for row in response.context["rows"]] == ["zhangsan"]
    assert 'value="张三"' in response.content.decode()
