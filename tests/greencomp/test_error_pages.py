"""The error pages are the platform's own, in Chinese, never Django's defaults (one of which says 请设置选项DEBUG＝True)."""

import re

from django.template.loader import render_to_string
from django.test import Client


def _text(response) -> str:
    body = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()


def test_csrf_failure_page_is_chinese(db):
    response = Client(enforce_csrf_checks=True).post("/auth/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    text = _text(response)
    assert text == ("403 - 绿色发展竞赛管理平台 403 页面已过期或请求来源无法验证，本次提交未被处理。 "
                    "请返回上一页，刷新页面后重新提交；如果浏览器禁用了 Cookie，请先启用。 返回首页")
    assert "DEBUG" not in response.content.decode()


def test_bad_request_page_is_chinese(db):
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example.com")  # DisallowedHost
    assert response.status_code == 400
    assert _text(response) == "400 - 绿色发展竞赛管理平台 400 请求无效，无法处理。 请检查填写的内容或返回上一页重试。 返回首页"


def test_not_found_page_is_chinese(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert _text(response) == "404 - 绿色发展竞赛管理平台 404 您访问的页面不存在，或您无权查看。 返回首页"


def test_server_error_page_renders_without_context():
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", render_to_string("500.html"))).strip()
    assert text == "500 - 绿色发展竞赛管理平台 500 服务器内部错误，我们已记录该问题，请稍后再试。 返回首页"
