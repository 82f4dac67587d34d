"""Walks the URL resolver: every route must be listed here with who may reach it, so that a new page cannot
ship without a decision on its access.

Three walls are probed. Anonymous users are sent to the login page; a user with no role is refused; and every
route with an object argument is called, GET and POST, by each user who has a role *next to* the object but
not on it (the officer of another division, another applicant, another expert, the secretariat of another
competition, an outsider) with a REAL object of the demo competitions that belongs to someone else. Each of
those calls must answer 403 or 404 and write no row anywhere (PostgreSQL's per-transaction tuple counters are
compared before and after). A route with an object argument that has no foreign object here fails the test."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from applications.models import (
    Application,
    ApplicationVersion,
    Attachment,
    EntryDocument,
    GradingEnterprise,
    ImprovementItem,
    ImprovementList,
)
from competitions.enums import Role
from competitions.models import Competition
from greencomp.models import User
from notifications.models import ExportJob, Notification
from portal.models import ApiToken, Notice, NoticeAttachment
from reviews.models import (
    Assessment,
    AssessmentBatch,
    AssessmentDocument,
    Expert,
    Nomination,
    NominationFile,
    Objection,
    Prize,
    ScoreSheet,
)
from showcase.models import FinancingInterest

from .factories import EntryFactory, MembershipFactory, OrganisationFactory, UserFactory

PUBLIC = "public"  # no login needed
ANY_USER = "any_user"  # any logged-in user (shows only the user's own things)
RESTRICTED = "restricted"  # needs a role; an outsider gets 403 or 404

MATRIX = {
    "home": PUBLIC,  # the public portal for visitors, the 待办 home for signed-in users
    "competition_switch": ANY_USER,
    "login": PUBLIC,
    "logout": ANY_USER,
    "two_factor_setup": ANY_USER,
    "two_factor_verify": ANY_USER,
    "two_factor_codes": ANY_USER,
    "two_factor_remove": ANY_USER,
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
    "accounts:two_factor_reset": RESTRICTED,
    "accounts:membership_revoke": RESTRICTED,
    "accounts:approvals": RESTRICTED,
    "accounts:approval_decide": RESTRICTED,
    "accounts:organisation": RESTRICTED,
    "competitions:list": ANY_USER,
    "competitions:detail": RESTRICTED,
    # the competition dashboard (看板): its secretariat and its division officers, each their own part
    "dashboard:competition": RESTRICTED,
    "dashboard:export": RESTRICTED,
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
    "labour:division_reports": RESTRICTED,
    "labour:division_evaluation": RESTRICTED,
    "labour:division_evaluation_xlsx": RESTRICTED,
    "labour:division_evaluation_pdf": RESTRICTED,
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
        "nomination_select", "nomination_return", "honours_publish", "honours_withdraw", "honours_published",
        "honours_published_pdf")},
    **{f"competitions:{name}": RESTRICTED for name in (
        "division_create", "division_edit", "division_move", "divisions",
    )},
    **{f"setup:{name}": RESTRICTED for name in (
        "copy", "create", "divisions_from_notice", "divisions_from_notice_import", "edit",
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
    # people of a competition (issue 12): officers, the searchable pickers' options, cities' contacts
    **{f"people:{name}": RESTRICTED for name in (
        "officers", "officer_remove", "officer_import", "officer_import_template", "contacts_table", "contacts_export",
        "contacts", "account_options", "division_options")},
    "grading:public": PUBLIC,  # 404 until the province publishes the levels
    "recommend:public": PUBLIC,  # 404 until the 公示 is published
    # 消息中心 and 下载中心: every user's own messages and exports; the mail log and failed jobs: secretariat
    **{f"notifications:{name}": ANY_USER for name in (
        "list", "open", "read", "read_all", "settings", "downloads", "export_status", "export_download")},
    "notifications:recommendation_zip": RESTRICTED,
    "notifications:mail_log": RESTRICTED,
    "notifications:failed_jobs": RESTRICTED,
    # 成果展示与银企对接 (issue 16): the gallery, a project page and the banks' registration are public
    "showcase:gallery": PUBLIC,
    "showcase:project": PUBLIC,  # 404 unless the project is in the gallery
    "showcase:bank_register": PUBLIC,
    **{f"showcase:{name}": RESTRICTED for name in (
        "interest_create", "bank_interests", "mine", "consent", "interest_decide", "matchmaking")},
}
# portal (issue 16): the public home, 通知公告 and competition pages (published things only); the secretariat's
# notice pages; every account's API tokens. The API answers 401 (not a login redirect) without a token, so
# its routes are listed as public here; tests/portal/test_api.py checks each token endpoint per role.
MATRIX.update({
    **{f"portal:{name}": PUBLIC for name in ("home", "notices", "notice", "notice_attachment", "competition")},
    **{f"portal:{name}": RESTRICTED for name in (
        "notice_manage", "notice_edit", "notice_publish", "notice_unpublish", "notice_attachment_manage",
        "notice_attachment_delete")},
    **{f"portal:{name}": ANY_USER for name in ("tokens", "token_revoke")},
    **{f"api:{name}": PUBLIC for name in (
        "docs", "schema", "competitions", "competition", "notices", "notice", "public_lists", "publicity", "results",
        "disclosure",
        "entries", "applications", "nominations", "grading_items", "track_ranking")},
})
SKIPPED_NAMESPACES = {"admin"}  # Django's own admin: staff only, guarded by Django


def _routes(resolver=None, namespace="", groups=()):
    """Each named route with the names of its URL arguments, those of the include() prefixes above it first."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        arguments = groups + tuple(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from _routes(pattern, f"{namespace}{ns}:" if ns else namespace, arguments)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, arguments


def _url(name, arguments):
    kwargs = {key: ("x" if key in ("uidb64", "token") else 999999) for key in arguments}
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


# ---- foreign objects ------------------------------------------------------------------------------------------
# For each namespace, which object of the world fills each URL argument; FOREIGN_ROUTE overrides it per route.
# Every object belongs to 开封市 (no demo account acts there), to another applicant or to another expert.
FOREIGN_NAMESPACE = {
    "accounts": {"pk": "kf_labour_officer", "membership_pk": "kf_labour_membership"},
    "competitions": {"pk": "labour", "division_pk": "labour_kf", "membership_pk": "kf_labour_membership"},
    "setup": {"pk": "labour"},
    "quota_tables": {"pk": "labour"},
    "labour": {"pk": "labour_kf", "kind": "document_kind", "period": "indicator_period"},
    "commendation": {"pk": "labour_kf", "award_pk": "award"},
    "innovation": {"pk": "application", "number": "version_number", "attachment_pk": "attachment"},
    "recommend": {"pk": "application", "division_pk": "innovation_kf", "track_pk": "track",
                  "competition_pk": "innovation"},
    "review": {"pk": "innovation", "attachment_pk": "attachment"},
    "notifications": {"pk": "notification"},
    "dashboard": {"pk": "past_labour", "panel": "panel_slug"},
    "people": {"pk": "labour", "division_pk": "labour_kf", "membership_pk": "kf_labour_membership"},
    "grading": {"pk": "g_enterprise", "competition_pk": "grading", "division_pk": "grading_kf",
                "industry_pk": "industry", "batch_pk": "batch", "table": "table_slug"},
    "portal": {"pk": "portal_notice", "competition_pk": "labour"},
    "showcase": {"pk": "application"},  # 开封市's application under review: in no gallery, of no demo account
}
# Pages every member of a competition may open (each sees their own part): probed with a past competition of
# the same kind, where the demo accounts hold no role.
MEMBER_PAGES = {"competitions:detail": "past_labour", "labour:fill_rate": "past_labour",
                "labour:fill_rate_xlsx": "past_labour", "labour:competition_indicators": "past_labour",
                "grading:dashboard": "past_grading", "grading:targets": "past_grading"}
FOREIGN_ROUTE = {
    "accounts:approval_decide": {"pk": "pending_organisation"},
    **{f"labour:{n}": {"pk": "entry"} for n in ("entry", "entry_edit", "entry_withdraw", "document_upload",
                                                 "indicator_edit")},
    "labour:document_download": {"pk": "entry_document"},
    **{f"labour:{n}": {"pk": "labour"} for n in ("fill_rate", "fill_rate_xlsx", "competition_xlsx",
                                                  "competition_pdf", "competition_indicators")},
    **{f"commendation:{n}": {"pk": "nomination"} for n in (
        "nomination", "nomination_edit", "nomination_submit", "nomination_delete", "file_upload",
        "nomination_select", "nomination_return")},
    **{f"commendation:{n}": {"pk": "nomination_file"} for n in ("file_download", "file_delete")},
    **{f"commendation:{n}": {"pk": "labour"} for n in (
        "awards", "awards_load", "award_create", "quotas_xlsx", "quotas_pdf", "honours_xlsx", "honours_pdf",
        "honours_publish", "honours_withdraw", "honours_published", "honours_published_pdf")},
    **{f"commendation:{n}": {"pk": "award"} for n in ("award_edit", "quotas", "selection")},
    "recommend:attachment": {"pk": "attachment"},
    **{f"review:{n}": {"pk": "sheet"} for n in (
        "sheet", "sheet_conflict", "sheet_attachment", "sheet_application_pdf", "sheet_pdf", "assignment_remove",
        "sheet_reopen")},
    "review:expert_edit": {"pk": "expert"},
    "review:objection_answer": {"pk": "objection"},
    **{f"review:{n}": {"pk": "track"} for n in ("rubric", "assign", "ranking", "summary_xlsx", "prizes")},
    "review:prize_adjust": {"pk": "prize"},
    **{f"grading:{n}": {"pk": "item"} for n in ("item_edit", "item_delete")},
    **{f"grading:{n}": {"pk": "assessment"} for n in ("assessment_detail", "spot_check")},
    "grading:document_download": {"pk": "assessment_document"},
    **{f"notifications:{n}": {"pk": "export_job"} for n in ("export_status", "export_download")},
    "notifications:recommendation_zip": {"competition_pk": "past_innovation", "track_pk": "past_track"},
    "showcase:interest_decide": {"pk": "financing_interest"},
    **{f"people:{n}": {"pk": "innovation"} for n in ("contacts_table", "contacts_export")},
    "people:contacts": {"division_pk": "innovation_kf"},
    **{name: {"pk": key, "competition_pk": key} for name, key in MEMBER_PAGES.items()},
    **{f"portal:{n}": {"pk": "portal_attachment"} for n in ("notice_attachment_manage", "notice_attachment_delete")},
    "portal:token_revoke": {"pk": "api_token"},
}
# Who probes: the demo account next to the object (its own division / applicant / expert elsewhere), the
# secretariat of another competition and an outsider.
INTRUDERS = {
    "labour": ("union-zhengzhou", "enterprise-demo", "expert1"),
    "innovation": ("miit-zhengzhou", "enterprise-demo", "supplier-demo", "expert1"),
    "grading": ("eco-zhengzhou", "enterprise-demo", "expert1"),
    "showcase": ("bank-demo", "enterprise-demo", "supplier-demo", "miit-zhengzhou", "expert1"),
}
NAMESPACE_KIND = {"accounts": "labour", "competitions": "labour", "setup": "labour", "quota_tables": "labour", "labour": "labour",
                  "commendation": "labour", "innovation": "innovation", "recommend": "innovation",
                  "review": "innovation", "grading": "grading", "notifications": "innovation",
                  "dashboard": "labour", "portal": "labour", "showcase": "showcase", "people": "labour"}
ALWAYS_INTRUDERS = ("other-secretariat", "outsider")
# Actions on objects that another role sees: the city's officer sees its own city's objects but may not take the
# secretariat's actions on them (probed with 郑州市, the demo officers' own city); the secretariat sees every
# division, application and score sheet but neither registers a division's entries, nor recommends for a city,
# nor scores an expert's sheet.
OWN_OBJECT_ACTIONS = {
    "labour:entry_create": ({"pk": "labour_kf"}, "secretariat"),
    "review:sheet": ({"pk": "sheet"}, "secretariat"),
    "review:sheet_conflict": ({"pk": "sheet"}, "secretariat"),
    "recommend:application_recommend": ({"pk": "application"}, "secretariat"),
    "recommend:track_submit": ({"division_pk": "innovation_kf", "track_pk": "track"}, "secretariat"),
    "labour:reopen": ({"pk": "labour_zz"}, "union-zhengzhou"),
    "labour:extend": ({"pk": "labour_zz"}, "union-zhengzhou"),
    "commendation:nomination_select": ({"pk": "zz_nomination"}, "union-zhengzhou"),
    "commendation:nomination_return": ({"pk": "zz_nomination"}, "union-zhengzhou"),
    "recommend:list_accept": ({"division_pk": "innovation_zz", "track_pk": "track"}, "miit-zhengzhou"),
    "recommend:list_send_back": ({"division_pk": "innovation_zz", "track_pk": "track"}, "miit-zhengzhou"),
    "recommend:list_waive": ({"division_pk": "innovation_zz", "track_pk": "track"}, "miit-zhengzhou"),
    "grading:list_reopen": ({"division_pk": "grading_zz"}, "eco-zhengzhou"),
    "grading:disclosure_publish": ({"division_pk": "grading_zz"}, "eco-zhengzhou"),
    "grading:spot_check": ({"pk": "zz_assessment"}, "eco-zhengzhou"),
}
IGNORED_TABLES = ("django_session",)  # the session may be saved on any request


def _object_args(arguments):
    return [k for k in arguments if k not in ("uidb64", "token")]


OBJECT_ROUTES = sorted(n for n, p in ROUTES.items() if MATRIX.get(n) != PUBLIC and _object_args(p))


def _foreign_kwargs(name, world):
    namespace = name.split(":")[0]
    spec = {**FOREIGN_NAMESPACE.get(namespace, {}), **FOREIGN_ROUTE.get(name, {})}
    kwargs = {}
    for key in _object_args(ROUTES[name]):
        value = world[spec[key]]
        kwargs[key] = getattr(value, "pk", value)
    return kwargs


def _writes() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
                       "WHERE n_tup_ins + n_tup_upd + n_tup_del > 0")
        return {table: n for table, n in cursor.fetchall() if table not in IGNORED_TABLES}


def _file(name="材料.pdf"):
    return ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", name=name)


@pytest.fixture
def world(db, settings, tmp_path):
    """The demo competitions, and in each an object of 开封市 / of another applicant / of another expert."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", force=True, stdout=io.StringIO())
    w = {u.username: u for u in User.objects.all()}
    active = Competition.objects.filter(status="active")
    labour, innovation, grading = (active.get(kind=k) for k in ("labour", "innovation", "grading"))
    w.update(labour=labour, innovation=innovation, grading=grading)
    past = Competition.objects.filter(status="closed").order_by("-year", "pk")
    w.update({f"past_{k}": past.filter(kind=k).first() for k in ("labour", "innovation", "grading")})
    w["labour_kf"] = labour.divisions.get(name="开封市")
    w["innovation_kf"] = innovation.divisions.get(name="开封市")
    w["grading_kf"] = grading.divisions.get(name="开封市")
    w.update({f"{kind}_zz": c.divisions.get(name="郑州市") for kind, c in (("labour", labour),
                                                                        ("innovation", innovation),
                                                                        ("grading", grading))})

    other_secretariat = UserFactory(username="other-secretariat")
    MembershipFactory(user=other_secretariat, role=Role.SECRETARIAT,  # of the 2019 焦作 competition
                      competition=past.filter(kind="labour").order_by("year").first())
    w.update({"other-secretariat": other_secretariat, "outsider": UserFactory(username="outsider")})
    kf = w["kf_labour_officer"] = UserFactory(username="kf-labour")
    w["kf_labour_membership"] = MembershipFactory(user=kf, role=Role.OFFICER, competition=labour,
                                                  division=w["labour_kf"])
    w["pending_organisation"] = OrganisationFactory(city="开封市", status="pending")

    # labour: an entry of 开封市 with its plan, a nomination with its file
    entry = w["entry"] = EntryFactory(division=w["labour_kf"], organisation=OrganisationFactory(city="开封市"),
                                      created_by=kf)
    w["entry_document"] = EntryDocument.objects.create(entry=entry, kind="plan", file=_file(), original_name="方案.pdf",
                                                       size=40, sha256="0" * 64, uploaded_by=kf)
    w["award"] = labour.award_types.order_by("pk").first()
    nomination = w["nomination"] = Nomination.objects.create(competition=labour, award_type=w["award"],
                                                             division=w["labour_kf"], entry=entry, created_by=kf)
    union_zz = w["union-zhengzhou"]
    w["zz_nomination"] = Nomination.objects.create(
        competition=labour, award_type=w["award"], division=w["labour_zz"], status="submitted",
        submitted_at=timezone.now(), entry=EntryFactory(division=w["labour_zz"], created_by=union_zz),
        created_by=union_zz)
    w["nomination_file"] = NominationFile.objects.create(nomination=nomination, file=_file(), original_name="事迹.pdf",
                                                         size=40, sha256="0" * 64, uploaded_by=kf)

    # innovation: an application of 开封市 with an attachment, a version, expert2's sheet, a prize, an objection
    application = w["application"] = Application.objects.filter(competition=innovation,
                                                                 division=w["innovation_kf"]).order_by("pk").first()
    w["track"] = application.track
    owner = application.created_by
    w["attachment"] = Attachment.objects.create(application=application, category="proof", file=_file(),
                                                original_name="证明.pdf", size=40, sha256="0" * 64,
                                                content_type="application/pdf", uploaded_by=owner)
    w["version_number"] = ApplicationVersion.objects.create(application=application, number=1, data={},
                                                            submitted_at=timezone.now(), submitted_by=owner).number
    w["expert"] = Expert.objects.get(competition=innovation, user__username="expert2")
    w["sheet"], _ = ScoreSheet.objects.get_or_create(application=application, track=application.track, expert=w["expert"])
    w["prize"] = Prize.objects.create(track=application.track, application=application, rank=1,
                                      proposed_level="first", level="first")
    w["objection"] = Objection.objects.create(competition=innovation, application=application, name="王先生",
                                              phone="13800000000", text="异议内容")

    # grading: a 开封市 enterprise, its improvement item, an assessment with its document
    enterprise = w["g_enterprise"] = GradingEnterprise.objects.filter(division=w["grading_kf"]).order_by("pk").first()
    industry = w["industry"] = enterprise.industries.order_by("pk").first()
    w["batch"] = AssessmentBatch.objects.filter(competition=grading).order_by("pk").first()
    w.update(table_slug="targets", document_kind="plan", indicator_period="contest", panel_slug="fill")
    g_kf = UserFactory(username="kf-grading")
    MembershipFactory(user=g_kf, role=Role.OFFICER, competition=grading, division=w["grading_kf"])
    improvement_list, _ = ImprovementList.objects.get_or_create(division=w["grading_kf"])
    w["item"] = ImprovementItem.objects.create(
        improvement_list=improvement_list, enterprise=enterprise, industry=industry, target_level="A",
        indicator="颗粒物排放浓度", problems="无组织排放", measures="密闭改造", due_date=datetime.date(2026, 12, 31),
        created_by=g_kf)
    assessment = w["assessment"] = Assessment.objects.create(
        batch=w["batch"], enterprise=enterprise, industry=industry, level="B", assessed_on=datetime.date(2026, 6, 1),
        reviewers="专家甲", recorded_by=g_kf)
    zz_enterprise = GradingEnterprise.objects.filter(division=w["grading_zz"]).order_by("pk").first()
    w["zz_assessment"] = Assessment.objects.create(
        batch=w["batch"], enterprise=zz_enterprise, industry=zz_enterprise.industries.order_by("pk").first(),
        level="B", assessed_on=datetime.date(2026, 6, 1), reviewers="专家乙", recorded_by=w["eco-zhengzhou"])
    w["assessment_document"] = AssessmentDocument.objects.create(
        assessment=assessment, file=_file(), original_name="评审.pdf", size=40, sha256="0" * 64,
        content_type="application/pdf", uploaded_by=g_kf)
    # 消息中心 and 下载中心: another user's notification and export; the ZIP of a contest the demo accounts hold
    # no role in (the 2025 contest of the fixtures)
    w["notification"] = Notification.objects.create(recipient=w["kf_labour_officer"], kind="labour", title="开封市的消息")
    w["export_job"] = ExportJob.objects.create(user=w["kf_labour_officer"], kind="labour_summary_xlsx", title="开封市的导出")
    w["past_innovation"] = Competition.objects.get(kind="innovation", title="2025年河南省工业绿色低碳发展创新大赛")
    w["past_track"] = w["past_innovation"].tracks.get(number=1)
    # portal: a draft notice of the labour competition with its attachment, another account's API token
    w["portal_notice"] = Notice.objects.create(competition=labour, title="开封市的通知（草稿）", body="正文")
    w["portal_attachment"] = NoticeAttachment.objects.create(
        notice=w["portal_notice"], file=_file(), original_name="附件.pdf", size=40, sha256="0" * 64,
        content_type="application/pdf", uploaded_by=kf)
    w["api_token"] = ApiToken.objects.create(user=kf, name="开封市的令牌", key_hash="f" * 64, prefix="gc_kf000")
    # 银企对接: bank-demo's interest in the 开封市 application (answered by its applicant only)
    w["financing_interest"] = FinancingInterest.objects.create(
        application=application, bank=w["bank-demo"].organisation, created_by=w["bank-demo"], message="意向")
    return w


def test_every_object_route_has_a_foreign_object():
    missing = []
    for name in OBJECT_ROUTES:
        namespace = name.split(":")[0]
        spec = {**FOREIGN_NAMESPACE.get(namespace, {}), **FOREIGN_ROUTE.get(name, {})}
        if namespace not in NAMESPACE_KIND or any(k not in spec for k in _object_args(ROUTES[name])):
            missing.append(name)
    assert missing == []


def _probe(client, world, name, url, usernames):
    """Each user, GET then POST: the refusals that did not happen, as readable lines."""
    leaks = []
    for username in usernames:
        client.force_login(world[username])
        for method in ("get", "post"):
            before = _writes()
            response = getattr(client, method)(url, {})
            if getattr(response, "file_to_stream", None):
                response.file_to_stream.close()  # a download that was not refused: close its file
            status = response.status_code
            written = {t: n - before.get(t, 0) for t, n in _writes().items() if n != before.get(t, 0)}
            refused = status in (403, 404) or (method == "get" and status == 405)
            if not refused or written:
                leaks.append(f"{name} {method.upper()} {url} as {username}: {status}, wrote {written}")
    return leaks


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's per-transaction tuple counters")
def test_foreign_objects_are_refused_and_nothing_is_written(client, world):
    leaks = []
    for name in OBJECT_ROUTES:
        url = reverse(name, kwargs=_foreign_kwargs(name, world))
        leaks += _probe(client, world, name, url, INTRUDERS[NAMESPACE_KIND[name.split(":")[0]]] + ALWAYS_INTRUDERS)
    assert leaks == [], "\n".join(leaks)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's per-transaction tuple counters")
def test_a_role_that_sees_an_object_cannot_take_another_roles_actions_on_it(client, world):
    leaks = []
    for name, (spec, username) in OWN_OBJECT_ACTIONS.items():
        url = reverse(name, kwargs={key: world[value].pk for key, value in spec.items()})
        leaks += _probe(client, world, name, url, (username,))
    assert leaks == [], "\n".join(leaks)
