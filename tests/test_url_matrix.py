"""Walks the URL resolver: every route must be listed here with who may reach it, so that a new page cannot
ship without a decision on its access. Detailed foreign-object tests (each named user × another's object →
404, nothing written) live with each app's tests; this matrix guards the outer wall:
anonymous users are sent to the login page and an outsider (a user with no role) is refused."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PUBLIC = "public"  # no login needed
ANY_USER = "any_user"  # any logged-in user (shows only the user's own things)
RESTRICTED = "restricted"  # needs a role; an outsider gets 403 or 404

MATRIX = {
    "home": ANY_USER,
    "competition_switch": ANY_USER,
    "login": PUBLIC,
    "logout": ANY_USER,
    "register": PUBLIC,
    "password_change": ANY_USER,
    "password_change_done": ANY_USER,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    "audit:list": RESTRICTED,
    "accounts:list": RESTRICTED,
    "accounts:create": RESTRICTED,
    "accounts:import": RESTRICTED,
    "accounts:import_template": RESTRICTED,
    "accounts:detail": RESTRICTED,
    "accounts:toggle_active": RESTRICTED,
    "accounts:membership_revoke": RESTRICTED,
    "accounts:approvals": RESTRICTED,
    "accounts:approval_decide": RESTRICTED,
    "accounts:organisation": RESTRICTED,
    "competitions:list": ANY_USER,
    "competitions:detail": RESTRICTED,
    # innovation routes (issue 4), added on the reviews branch so the matrix passes after merging main
    "innovation:list": RESTRICTED,
    "innovation:create": RESTRICTED,
    "innovation:detail": RESTRICTED,
    "innovation:edit": RESTRICTED,
    "innovation:submit": RESTRICTED,
    "innovation:pdf": RESTRICTED,
    "innovation:version": RESTRICTED,
    "innovation:attachment_upload": RESTRICTED,
    "innovation:attachment_download": RESTRICTED,
    "innovation:attachment_delete": RESTRICTED,
    "review:tasks": ANY_USER,
    "review:sheet": RESTRICTED,
    "review:sheet_conflict": RESTRICTED,
    "review:sheet_attachment": RESTRICTED,
    "review:sheet_application_pdf": RESTRICTED,
    "review:sheet_pdf": RESTRICTED,
    "review:index": RESTRICTED,
    "review:manage": RESTRICTED,
    "review:experts": RESTRICTED,
    "review:expert_import": RESTRICTED,
    "review:expert_edit": RESTRICTED,
    "review:expert_import_template": RESTRICTED,
    "review:progress": RESTRICTED,
    "review:remind": RESTRICTED,
    "review:awards": RESTRICTED,
    "review:awards_xlsx": RESTRICTED,
    "review:awards_pdf": RESTRICTED,
    "review:organisation_awards_xlsx": RESTRICTED,
    "review:notice": RESTRICTED,
    "review:objection_answer": RESTRICTED,
    "review:rubric": RESTRICTED,
    "review:assign": RESTRICTED,
    "review:ranking": RESTRICTED,
    "review:summary_xlsx": RESTRICTED,
    "review:prizes": RESTRICTED,
    "review:prize_adjust": RESTRICTED,
    "review:assignment_remove": RESTRICTED,
    "review:sheet_reopen": RESTRICTED,
    "review:public": PUBLIC,  # 404 until the results are published
    "labour:my_divisions": RESTRICTED,
    "labour:register": RESTRICTED,
    "labour:division": RESTRICTED,
    "labour:entry_create": RESTRICTED,
    "labour:import": RESTRICTED,
    "labour:import_template": ANY_USER,  # the empty 附件2 template, no data
    "labour:submit": RESTRICTED,
    "labour:reopen": RESTRICTED,
    "labour:extend": RESTRICTED,
    "labour:plan_download": RESTRICTED,
    "labour:division_xlsx": RESTRICTED,
    "labour:division_pdf": RESTRICTED,
    "labour:division_indicators": RESTRICTED,
    "labour:entry": RESTRICTED,
    "labour:entry_edit": RESTRICTED,
    "labour:entry_withdraw": RESTRICTED,
    "labour:document_upload": RESTRICTED,
    "labour:indicator_edit": RESTRICTED,
    "labour:document_download": RESTRICTED,
    "labour:my_entries": RESTRICTED,
    "labour:fill_rate_current": RESTRICTED,
    "labour:fill_rate": RESTRICTED,
    "labour:fill_rate_xlsx": RESTRICTED,
    "labour:competition_xlsx": RESTRICTED,
    "labour:competition_pdf": RESTRICTED,
    "labour:competition_indicators": RESTRICTED,
    **{f"commendation:{name}": RESTRICTED for name in (
        "mine", "division", "nomination_create", "division_pdf", "nomination", "nomination_edit", "nomination_submit",
        "nomination_delete", "file_upload", "file_download", "file_delete", "awards_current", "awards", "awards_load", "award_create",
        "quotas_xlsx", "quotas_pdf", "honours_xlsx", "honours_pdf", "award_edit", "quotas", "selection",
        "nomination_select", "nomination_return")},
    **{f"competitions:{name}": RESTRICTED for name in (
        "copy", "create", "division_create", "division_edit", "division_move", "divisions", "edit", "officer_assign",
        "officer_revoke",
    )},
    **{f"quota_tables:{name}": RESTRICTED for name in (
        "edit", "export_pdf", "export_xlsx", "import",
    )},
    **{f"recommend:{name}": RESTRICTED for name in (
        "aggregate", "application", "application_move", "application_recommend", "application_return", "application_unrecommend", "attachment", "division",
        "division_export", "index", "list_accept", "list_send_back", "list_waive", "matrix", "publicity", "publicity_manage",
        "publicity_withdraw", "summary", "summary_pdf", "summary_xlsx", "track", "track_reorder", "track_submit",
    )},
    **{f"grading:{name}": RESTRICTED for name in (
        "ab_list", "assessment_create", "assessment_detail", "assessment_list", "dashboard", "dashboard_export", "disclosure_publish", "document_download",
        "enterprise_create", "enterprise_detail", "enterprise_edit", "enterprise_export", "enterprise_import", "enterprise_list", "enterprise_template", "industry_add",
        "industry_branches", "item_create", "item_delete", "item_edit", "item_import", "item_template", "list", "list_export",
        "list_reopen", "list_submit", "province_ab_list", "province_list_export", "spot_check", "start", "targets", "violation_create",
    )},
    "grading:public": PUBLIC,  # 404 until the province publishes the levels
    "recommend:public": PUBLIC,  # 404 until the 公示 is published
    # 消息中心 and 下载中心: every user's own messages and exports; the mail log and failed jobs: secretariat
    **{f"notifications:{name}": ANY_USER for name in (
        "list", "open", "read", "read_all", "settings", "downloads", "export_status", "export_download")},
    "notifications:recommendation_zip": RESTRICTED,
    "notifications:mail_log": RESTRICTED,
    "notifications:failed_jobs": RESTRICTED,
}
SKIPPED_NAMESPACES = {"admin"}  # Django's own admin: staff only, guarded by Django


def _routes(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from _routes(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, pattern


def _url(name, pattern):
    kwargs = {key: ("x" if key in ("uidb64", "token") else 999999) for key in pattern.pattern.regex.groupindex}
    return reverse(name, kwargs=kwargs)


ROUTES = dict(_routes())


def test_every_route_is_in_the_matrix():
    assert sorted(set(ROUTES) - set(MATRIX)) == []
    assert sorted(set(MATRIX) - set(ROUTES)) == []


@pytest.mark.parametrize("name", sorted(n for n in MATRIX if MATRIX[n] != PUBLIC))
def test_anonymous_is_sent_to_login(client, db, name):
    response = client.get(_url(name, ROUTES[name]))
    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(n for n in MATRIX if MATRIX[n] == RESTRICTED))
def test_outsider_is_refused(client, outsider, name):
    client.force_login(outsider)
    url = _url(name, ROUTES[name])
    assert client.get(url).status_code in (403, 404, 405)
    assert client.post(url, {}).status_code in (403, 404)
