"""Pages and exports of labour registration: what each role sees, isolation (404 and nothing written),
the submitted lock against forged POSTs, exports opened and checked, query counts that do not grow."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications.models import DivisionSubmission, Entry, EntryDocument, SubmissionPlan
from applications.selectors_labour import fill_rate_cells
from competitions.enums import CompetitionKind, Role
from greencomp.models import AuditEvent
from tests.factories import (
    CompetitionFactory,
    DivisionFactory,
    EntryFactory,
    MembershipFactory,
    UserFactory,
    indicator,
    pdf_upload,
    valid_credit_code,
)
from tests.notifications.exporting import exported

pytestmark = pytest.mark.django_db


def workbook(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def values(ws):
    return [[c for c in row] for row in ws.iter_rows(values_only=True)]


ENTRY_POST = {"organisation_name": "郑州新登记有限公司", "credit_code": valid_credit_code(321), "industry": "化工",
              "project": "锅炉节能改造", "project_address": "郑州市中原区1号", "contact_name": "赵六",
              "contact_phone": "0371-65512345"}


# ---- the officer's pages --------------------------------------------------------------------------------------

def test_officer_sees_division_quota_left_and_entry_table(client, registration_open, division, officer, make_labour_entry):
    e = make_labour_entry(division, project="烧结余热发电")
    client.force_login(officer)
    response = client.get(reverse("labour:division", args=[division.pk]))
    assert response.status_code == 200
    assert (response.context["quota"], response.context["left"], response.context["editable"]) == (5, 4, True)
    assert [x["pk"] for x in response.context["entries"]] == [e.pk]
    html = response.content.decode()
    assert "<th>序号</th><th>参赛单位</th><th>参赛项目</th><th>项目地址</th><th>联系人</th><th>联系电话</th><th>操作</th>" in html
    assert "烧结余热发电" in html


def test_officer_registers_through_the_form(client, registration_open, division, officer):
    client.force_login(officer)
    response = client.post(reverse("labour:entry_create", args=[division.pk]), ENTRY_POST)
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert (entry.organisation.name, entry.project, entry.division) == ("郑州新登记有限公司", "锅炉节能改造", division)


def test_form_errors_keep_typed_values_and_show_chinese_at_the_field(client, registration_open, division, officer):
    client.force_login(officer)
    data = {**ENTRY_POST, "credit_code": "91410100MA3X5Y7K20", "contact_phone": "123"}
    response = client.post(reverse("labour:entry_create", args=[division.pk]), data)
    form = response.context["form"]
    assert form.errors == {"credit_code": ["统一社会信用代码校验位不正确，请核对后重新填写。"],
                           "contact_phone": ["请填写正确的电话号码：手机号11位（如13812345678），固定电话如0371-65512345。"]}
    assert form["project"].value() == "锅炉节能改造"
    assert Entry.objects.count() == 0


def test_over_quota_message_shown_on_the_form(client, registration_open, division, officer, make_labour_entry):
    for _ in range(5):
        make_labour_entry(division)
    client.force_login(officer)
    response = client.post(reverse("labour:entry_create", args=[division.pk]), ENTRY_POST)
    assert response.context["form"].non_field_errors() == ["已超出本赛区参赛名额（5个），不能再登记。"]
    assert Entry.objects.count() == 5


def test_edit_and_withdraw_while_draft(client, registration_open, division, officer, make_labour_entry):
    entry = make_labour_entry(division)
    client.force_login(officer)
    data = {**ENTRY_POST, "project": "改名后的项目", "credit_code": "forged-ignored"}
    assert client.post(reverse("labour:entry_edit", args=[entry.pk]), data).status_code == 302
    entry.refresh_from_db()
    assert entry.project == "改名后的项目"
    assert entry.organisation.credit_code != "forged-ignored"
    client.post(reverse("labour:entry_withdraw", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == "withdrawn"


def test_forged_posts_on_a_submitted_list_are_refused(client, registration_open, division, officer, make_labour_entry, submit_labour_list):
    entry = make_labour_entry(division)
    submit_labour_list(division)
    client.force_login(officer)
    locked = "本赛区参赛名单已报送，不能再登记、修改或撤回。如需修改，请联系秘书处退回。"
    response = client.post(reverse("labour:entry_create", args=[division.pk]), ENTRY_POST)
    assert response.context["form"].non_field_errors() == [locked]
    response = client.post(reverse("labour:entry_edit", args=[entry.pk]), {**ENTRY_POST, "project": "偷改"})
    assert response.context["form"].non_field_errors() == [locked]
    response = client.post(reverse("labour:entry_withdraw", args=[entry.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [locked]
    response = client.post(reverse("labour:submit", args=[division.pk]), {
        "leader_name": "王", "filled_on": "2026-06-02", "filler_name": "李", "filler_phone": "13812345678"})
    assert response.context["form"].non_field_errors() == [locked]
    entry.refresh_from_db()
    assert (entry.project.startswith("余热"), entry.status, Entry.objects.count()) == (True, "registered", 1)
    page = client.get(reverse("labour:division", args=[division.pk]))
    assert page.context["editable"] is False


def test_submit_through_the_form_then_download_plan(client, registration_open, division, officer, make_labour_entry, other_officer):
    make_labour_entry(division)
    client.force_login(officer)
    response = client.post(reverse("labour:submit", args=[division.pk]), {
        "leader_name": "王分管", "filled_on": "2026-06-01", "filler_name": "李填表", "filler_phone": "0371-65512345",
        "plan_file": pdf_upload("郑州市竞赛方案.pdf")})
    assert response.status_code == 302
    submission = DivisionSubmission.objects.get()
    assert (submission.status, submission.leader_name, submission.submitted_by) == ("submitted", "王分管", officer)
    download = client.get(reverse("labour:plan_download", args=[division.pk]))
    assert download["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E9%83%91%E5%B7%9E%E5%B8%82%E7%AB%9E%E8%B5%9B%E6%96%B9%E6%A1%88.pdf")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    client.force_login(other_officer)
    assert client.get(reverse("labour:plan_download", args=[division.pk])).status_code == 404


def test_secretariat_reopens_and_extends_with_reason(client, registration_open, division, officer, secretariat, make_labour_entry,
                                                     submit_labour_list):
    make_labour_entry(division)
    submit_labour_list(division)
    client.force_login(secretariat)
    response = client.post(reverse("labour:reopen", args=[division.pk]), {"reason": ""}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["请填写退回修改的原因。"]
    client.post(reverse("labour:reopen", args=[division.pk]), {"reason": "名单有误"})
    assert DivisionSubmission.objects.get().status == "draft"
    until = timezone.localtime(timezone.now() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("labour:extend", args=[division.pk]), {"until": until, "reason": "因故延期"})
    division.refresh_from_db()
    assert division.extended_until is not None
    assert sorted(AuditEvent.objects.filter(action__startswith="labour_").values_list("action", "reason")) == [
        ("labour_division_extend", "因故延期"), ("labour_list_reopen", "名单有误")]


def test_officer_cannot_reopen_or_extend(client, registration_open, division, officer, submit_labour_list):
    submit_labour_list(division)
    client.force_login(officer)
    assert client.post(reverse("labour:reopen", args=[division.pk]), {"reason": "x"}).status_code == 403
    until = (timezone.now() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(reverse("labour:extend", args=[division.pk]), {"until": until, "reason": "x"}).status_code == 403
    assert DivisionSubmission.objects.get().status == "submitted"
    division.refresh_from_db()
    assert division.extended_until is None


def test_missed_deadline_is_flagged(client, registration_open, division, officer, secretariat, other_division, submit_labour_list):
    registration_open["phase"].opens_at = timezone.now() - datetime.timedelta(days=30)
    registration_open["phase"].closes_at = timezone.now() - datetime.timedelta(days=1)
    registration_open["phase"].save()
    submit_labour_list(other_division)
    client.force_login(secretariat)
    response = client.get(reverse("labour:fill_rate", args=[division.competition_id]))
    assert [(r["division"].name, r["submitted"], r["late"]) for r in response.context["rows"]] == [
        ("郑州市", False, True), ("开封市", True, False)]
    assert "未按要求报相关资料的视为未举办竞赛" in response.content.decode()
    client.force_login(officer)
    page = client.get(reverse("labour:division", args=[division.pk]))
    assert "未按要求报相关资料的视为未举办竞赛" in page.content.decode()


# ---- fill rate ------------------------------------------------------------------------------------------------

def test_fill_rate_rows_totals_filters_and_officer_sees_own_row(client, registration_open, division, other_division, officer,
                                                                 secretariat, make_labour_entry, submit_labour_list):
    for _ in range(2):
        make_labour_entry(division)
    make_labour_entry(other_division)
    submit_labour_list(other_division)
    client.force_login(secretariat)
    url = reverse("labour:fill_rate", args=[division.competition_id])
    response = client.get(url)
    assert [(r["division"].name, r["quota"], r["registered"], r["percent"], r["submitted"])
            for r in response.context["rows"]] == [("郑州市", 5, 2, 40, False), ("开封市", 5, 1, 20, True)]
    assert response.context["totals"] == {"quota": 10, "registered": 3, "submitted": 1, "late": 0, "percent": 30}
    assert ('<td>1</td><td>郑州市</td><td class="text-end">5</td><td class="text-end">2</td>\n'
            '    <td><div class="progress" role="progressbar" aria-label="郑州市完成率" aria-valuenow="40" '
            'aria-valuemin="0" aria-valuemax="100"><div class="progress-bar" style="width: 40%">40%</div></div></td>\n'
            '    <td><span class="badge state-draft">未报送</span>\n      </td>') in response.content.decode()
    response = client.get(url, {"status": "submitted"})
    assert [r["division"].name for r in response.context["rows"]] == ["开封市"]
    response = client.get(url, {"q": "郑州"})
    assert [r["division"].name for r in response.context["rows"]] == ["郑州市"]
    client.force_login(officer)
    response = client.get(url)
    assert [r["division"].name for r in response.context["rows"]] == ["郑州市"]
    assert client.get(url, {"q": "开封"}).context["rows"] == []  # a filter matching nothing is not a 404
    ws = workbook(client.get(reverse("labour:fill_rate_xlsx", args=[division.competition_id]))).active
    assert values(ws)[2][:6] == [1, "郑州市", 5, 2, "40%", "未报送"]
    assert len(values(ws)) == 3


# ---- exports --------------------------------------------------------------------------------------------------

def test_division_summary_excel_has_the_attachment2_layout(client, registration_open, division, officer, make_labour_entry, submit_labour_list):
    make_labour_entry(division, project="=HYPERLINK(\"http://x\")", contact_phone="0371-65512345")
    make_labour_entry(division, project="第二个项目")
    submit_labour_list(division)
    client.force_login(officer)
    ws = workbook(client.get(reverse("labour:division_xlsx", args=[division.pk]))).active
    rows = values(ws)
    assert [rows[0][0], rows[1][0]] == ["附件2", "2026年全省重点行业绿色发展竞赛参赛单位汇总表"]
    # 分管领导 signs and dates by hand, as in the seed: blank lines even once the list is submitted
    assert [r[0] for r in rows[2:5]] == ["赛区：郑州市", "分管领导签名：", "填报日期：      年    月    日"]
    assert rows[5] == ["序号", "参赛单位", "参赛项目", "项目地址", "联系人", "联系电话"]
    assert rows[6][0] == 1 and rows[6][2] == "=HYPERLINK(\"http://x\")"
    assert ws.cell(row=7, column=3).data_type == "s"  # user text stays text, never a formula
    assert rows[7][2] == "第二个项目"
    assert [r[0] for r in rows[-2:]] == ["填表人：李填表", "联系电话：0371-65512345"]


def test_unsubmitted_summary_leaves_the_lines_blank(client, registration_open, division, officer, make_labour_entry):
    make_labour_entry(division)
    client.force_login(officer)
    rows = values(workbook(client.get(reverse("labour:division_xlsx", args=[division.pk]))).active)
    assert [r[0] for r in rows[2:5]] == ["赛区：郑州市", "分管领导签名：", "填报日期：      年    月    日"]
    assert [r[0] for r in rows[-2:]] == ["填表人：", "联系电话："]


def test_competition_workbook_has_totals_and_a_sheet_per_division(client, registration_open, division, other_division,
                                                                  secretariat, make_labour_entry, submit_labour_list,
                                                                  django_capture_on_commit_callbacks):
    make_labour_entry(division)
    make_labour_entry(other_division)
    make_labour_entry(other_division)
    submit_labour_list(other_division)
    client.force_login(secretariat)
    wb = workbook(exported(client, reverse("labour:competition_xlsx", args=[division.competition_id]),
                           django_capture_on_commit_callbacks))  # all divisions: a 下载中心 job
    assert wb.sheetnames == ["汇总", "郑州市", "开封市"]
    assert values(wb["汇总"])[1:] == [["序号", "赛区", "名额", "已登记", "是否报送"], [1, "郑州市", 5, 1, "否"],
                                     [2, "开封市", 5, 2, "是"], [None, "合计", 10, 3, "已报送 1 / 2"]]
    assert values(wb["开封市"])[2][0] == "赛区：开封市"
    assert len([r for r in values(wb["开封市"]) if isinstance(r[0], int)]) == 2


def test_pdf_exports(client, registration_open, division, secretariat, officer, make_labour_entry, submit_labour_list,
                     django_capture_on_commit_callbacks):
    make_labour_entry(division)
    submit_labour_list(division)
    client.force_login(officer)
    response = client.get(reverse("labour:division_pdf", args=[division.pk]))
    assert (response["Content-Type"], response.content[:5]) == ("application/pdf", b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")
    client.force_login(secretariat)
    response = exported(client, reverse("labour:competition_pdf", args=[division.competition_id]),
                        django_capture_on_commit_callbacks)
    assert (response["Content-Type"], b"".join(response.streaming_content)[:5]) == ("application/pdf", b"%PDF-")


def test_indicator_export(client, registration_open, division, officer, make_labour_entry):
    entry = make_labour_entry(division)
    indicator(entry, "baseline", year=2025, unit_consumption=600)
    indicator(entry, "contest", year=2026, unit_consumption=520, industry_average=560, so2="12.5")
    client.force_login(officer)
    ws = workbook(client.get(reverse("labour:division_indicators", args=[division.pk]))).active
    rows = values(ws)
    header, first = rows[1], rows[2]
    assert header[:6] == ["序号", "赛区", "参赛单位", "统一社会信用代码", "参赛项目", "基准年年度"]
    assert dict(zip(header, first, strict=True))["竞赛年二氧化硫（t）"] == 12.5
    assert dict(zip(header, first, strict=True))["单耗控制在同行业平均水平以内"] == "是"
    assert dict(zip(header, first, strict=True))["基准年主要产品单耗"] == 600


# ---- isolation: each named user x a foreign object -> 404, nothing written ----------------------------------

def _urls(division, entry, document):
    cid = division.competition_id
    return {
        "get": [reverse("labour:division", args=[division.pk]),
                reverse("labour:division_xlsx", args=[division.pk]),
                reverse("labour:division_pdf", args=[division.pk]),
                reverse("labour:division_indicators", args=[division.pk]),
                reverse("labour:plan_download", args=[division.pk]),
                reverse("labour:entry", args=[entry.pk]),
                reverse("labour:document_download", args=[document.pk]),
                reverse("labour:competition_xlsx", args=[cid]),
                reverse("labour:competition_pdf", args=[cid])],
        "post": [(reverse("labour:entry_create", args=[division.pk]), ENTRY_POST),
                 (reverse("labour:entry_edit", args=[entry.pk]), {**ENTRY_POST, "project": "偷改"}),
                 (reverse("labour:entry_withdraw", args=[entry.pk]), {}),
                 (reverse("labour:import", args=[division.pk]), {"token": "x"}),
                 (reverse("labour:submit", args=[division.pk]), {"leader_name": "x", "filled_on": "2026-06-01",
                                                                  "filler_name": "x", "filler_phone": "13812345678"}),
                 (reverse("labour:reopen", args=[division.pk]), {"reason": "x"}),
                 (reverse("labour:extend", args=[division.pk]), {"until": "2030-01-01T00:00", "reason": "x"}),
                 (reverse("labour:document_upload", args=[entry.pk, "plan"]), {"file": pdf_upload("竞赛方案.pdf")}),
                 (reverse("labour:indicator_edit", args=[entry.pk, "contest"]), {"year": 2026, "energy_total": 1})],
    }


@pytest.mark.parametrize("username", ["other_officer", "other_enterprise", "expert", "other_expert", "outsider"])
def test_foreign_users_get_404_for_this_division_and_nothing_is_written(client, registration_open, division, named_users,
                                                                        make_labour_entry, submit_labour_list, username, enterprise,
                                                                        officer):
    entry = make_labour_entry(division, organisation=enterprise.organisation)
    submission = submit_labour_list(division)
    SubmissionPlan.objects.create(submission=submission, file=pdf_upload("竞赛方案.pdf"), original_name="方案.pdf", size=10,
                                  sha256="0" * 64, content_type="application/pdf", uploaded_by=officer)
    document = EntryDocument.objects.create(entry=entry, kind="plan", file=pdf_upload("竞赛方案.pdf"), original_name="a.pdf",
                                            size=10, sha256="0" * 64, uploaded_by=enterprise)
    audit_before = AuditEvent.objects.count()
    client.force_login(named_users[username])
    urls = _urls(division, entry, document)
    for url in urls["get"]:
        assert (url, client.get(url).status_code) == (url, 404)
    fill_rate = client.get(reverse("labour:fill_rate", args=[division.competition_id]))
    if username == "other_officer":  # officers see their own row only
        assert [r["division"].name for r in fill_rate.context["rows"]] == ["开封市"]
        assert "郑州市" not in fill_rate.content.decode()
    else:
        assert fill_rate.status_code == 404
    for url, data in urls["post"]:
        assert (url, client.post(url, data).status_code) == (url, 404)
    assert AuditEvent.objects.count() == audit_before
    entry.refresh_from_db()
    submission.refresh_from_db()
    assert (entry.project.startswith("余热"), entry.status, submission.status) == (True, "registered", "submitted")
    assert Entry.objects.count() == 1
    assert not entry.indicators.exists()


def test_enterprise_sees_only_its_own_entries(client, registration_open, division, other_division, enterprise,
                                              other_enterprise, make_labour_entry):
    own = make_labour_entry(division, organisation=enterprise.organisation)
    foreign = make_labour_entry(other_division, organisation=other_enterprise.organisation)
    client.force_login(enterprise)
    response = client.get(reverse("labour:my_entries"))
    assert [e.pk for e in response.context["page"]] == [own.pk]
    assert client.get(reverse("labour:entry", args=[own.pk])).status_code == 200
    assert client.get(reverse("labour:entry", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("labour:division", args=[division.pk])).status_code == 404
    # an enterprise cannot register or edit: it may see its entry, not act as officer
    assert client.post(reverse("labour:entry_edit", args=[own.pk]), ENTRY_POST).status_code == 403
    assert client.post(reverse("labour:entry_withdraw", args=[own.pk])).status_code == 403
    own.refresh_from_db()
    assert own.status == "registered"


def test_enterprise_uploads_documents_and_reports_indicators(client, registration_open, division, enterprise, make_labour_entry,
                                                              officer):
    entry = make_labour_entry(division, organisation=enterprise.organisation)
    client.force_login(enterprise)
    response = client.post(reverse("labour:document_upload", args=[entry.pk, "plan"]),
                           {"file": pdf_upload("实施方案.pdf")}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["已上传竞赛活动实施方案。"]
    response = client.post(reverse("labour:document_upload", args=[entry.pk, "summary"]),
                           {"file": pdf_upload("总结.docx")}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "文件内容与扩展名不符：“总结.docx”不是有效的DOCX文件。"]
    assert list(entry.documents.values_list("kind", "original_name")) == [("plan", "实施方案.pdf")]

    url = reverse("labour:indicator_edit", args=[entry.pk, "contest"])
    response = client.post(url, {"year": 2026, "energy_total": "-1", "unit_consumption": "abc"})
    assert response.context["form"].errors == {"energy_total": ["数值不能为负数。"], "unit_consumption": ["请输入数字。"]}
    assert response.context["form"]["energy_total"].value() == "-1"
    assert not entry.indicators.exists()
    client.post(url, {"year": 2026, "energy_total": "12000", "unit_consumption": "580", "unit_consumption_unit":
                      "kgce/t", "industry_average": "560", "so2": "3.2"})
    response = client.get(reverse("labour:entry", args=[entry.pk]))
    assert response.context["contest"].within_industry_average is False
    assert "主要产品单耗控制在同行业平均水平以内：<span class=\"badge state-late\">否</span>" in response.content.decode()
    # the officer sees the same page (no upload forms)
    client.force_login(officer)
    response = client.get(reverse("labour:entry", args=[entry.pk]))
    assert (response.status_code, response.context["can_report"]) == (200, False)
    doc = entry.documents.get()
    download = client.get(reverse("labour:document_download", args=[doc.pk]))
    assert download["Content-Disposition"] == "attachment; filename*=utf-8''%E5%AE%9E%E6%96%BD%E6%96%B9%E6%A1%88.pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


# ---- navigation and home tasks ----------------------------------------------------------------------------

def test_officer_home_shows_unsubmitted_list_task_and_nav_links(client, registration_open, division, officer):
    client.force_login(officer)
    response = client.get(reverse("home"))
    titles = [t["title"] for t in response.context["tasks"]]
    deadline = timezone.localtime(registration_open["phase"].closes_at).strftime("%Y-%m-%d %H:%M")
    assert titles == [f"郑州市赛区参赛名单尚未报送，截止 {deadline}"]
    labels = [link["label"] for group in response.context["sidebar"] for link in group["links"]]
    assert "我的赛区" in labels and "参赛单位登记" in labels
    assert client.get(reverse("labour:register")).url == reverse("labour:division", args=[division.pk])


def test_enterprise_nav_has_my_entries(client, registration_open, enterprise):
    client.force_login(enterprise)
    response = client.get(reverse("home"))
    labels = [link["label"] for group in response.context["sidebar"] for link in group["links"]]
    assert "我的参赛项目" in labels


# ---- query counts: 1 vs 3 items, the same N -------------------------------------------------------------

def _count_queries(client, url, django_assert_max_num_queries):
    b"".join(client.get(url))  # the first request writes what the session learns (login stamp, competition shown)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["division", "division_xlsx", "division_pdf", "division_indicators", "fill_rate",
                                  "fill_rate_xlsx", "my_divisions", "home", "competition_indicators"])
# competition_xlsx / competition_pdf are 下载中心 jobs: their query counts are in tests/notifications/test_exports.py
def test_query_count_does_not_grow_with_entries(client, registration_open, division, other_division, secretariat, officer,
                                                make_labour_entry, name, django_assert_num_queries):
    args = {"division": [division.pk], "division_xlsx": [division.pk], "division_pdf": [division.pk],
            "division_indicators": [division.pk], "my_divisions": [], "home": []}.get(name, [division.competition_id])
    url = reverse(name if name == "home" else f"labour:{name}", args=args)
    user = officer if name in ("division", "division_xlsx", "division_pdf", "division_indicators", "my_divisions",
                               "home") else secretariat
    client.force_login(user)

    def fill(n):
        for d in (division, other_division):
            for _ in range(n):
                e = make_labour_entry(d)
                indicator(e)
    fill(1)
    counts = [_count_queries(client, url, None)]
    fill(2)  # now 3 per division
    with django_assert_num_queries(counts[0]):
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)


def test_my_entries_query_count(client, registration_open, division, other_division, enterprise, make_labour_entry,
                                django_assert_num_queries):
    client.force_login(enterprise)
    make_labour_entry(division, organisation=enterprise.organisation)
    first = _count_queries(client, reverse("labour:my_entries"), None)
    for _ in range(2):
        d = DivisionFactory(competition=CompetitionFactory())
        EntryFactory(division=d, organisation=enterprise.organisation)
    with django_assert_num_queries(first):
        response = client.get(reverse("labour:my_entries"))
    assert len(response.context["page"]) == 3


def test_after_deadline_the_page_is_read_only_until_the_secretariat_extends(client, registration_open, division, officer,
                                                                           secretariat):
    registration_open["phase"].opens_at = timezone.now() - datetime.timedelta(days=30)
    registration_open["phase"].closes_at = timezone.now() - datetime.timedelta(hours=1)
    registration_open["phase"].save()
    client.force_login(officer)
    page = client.get(reverse("labour:division", args=[division.pk]))
    assert (page.context["closed"], page.context["editable"]) == (True, False)
    assert "已超过报送截止时间，不能再登记、修改或报送。如需延期，请联系秘书处。" in page.content.decode()
    response = client.post(reverse("labour:entry_create", args=[division.pk]), ENTRY_POST)
    assert response.context["form"].non_field_errors()[0].startswith("已超过报送截止时间（")
    assert Entry.objects.count() == 0
    client.force_login(secretariat)
    until = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("labour:extend", args=[division.pk]), {"until": until, "reason": "补报"},
                           follow=True)
    assert [str(m) for m in response.context["messages"]][0].startswith("已将“郑州市”赛区的截止时间延至")
    client.force_login(officer)
    assert client.post(reverse("labour:entry_create", args=[division.pk]), ENTRY_POST).status_code == 302
    assert Entry.objects.count() == 1


def test_officer_of_a_non_labour_competition_gets_no_labour_links_or_tasks(client, db):

    city = DivisionFactory(competition=CompetitionFactory(kind=CompetitionKind.INNOVATION), name="郑州市")
    user = UserFactory(username="innovation_officer")
    MembershipFactory(user=user, role=Role.OFFICER, competition=city.competition, division=city)
    client.force_login(user)
    response = client.get(reverse("home"))
    labels = [link["label"] for group in response.context["sidebar"] for link in group["links"]]
    assert ("我的赛区" in labels, response.context["tasks"]) == (False, [])


def test_secretariat_of_another_competition_gets_404(client, registration_open, division, make_labour_entry):

    entry = make_labour_entry(division)
    user = UserFactory(username="jiaozuo_secretariat")
    MembershipFactory(user=user, role=Role.SECRETARIAT, competition=CompetitionFactory(title="焦作2019"))
    client.force_login(user)
    for url in (reverse("labour:division", args=[division.pk]), reverse("labour:entry", args=[entry.pk]),
                reverse("labour:fill_rate", args=[division.competition_id]),
                reverse("labour:competition_xlsx", args=[division.competition_id])):
        assert (url, client.get(url).status_code) == (url, 404)
    assert client.post(reverse("labour:reopen", args=[division.pk]), {"reason": "x"}).status_code == 404


def test_competition_secretariat_sees_and_manages_its_competition(client, registration_open, division, make_labour_entry, submit_labour_list):

    make_labour_entry(division)
    submit_labour_list(division)
    user = UserFactory(username="comp_secretariat")
    MembershipFactory(user=user, role=Role.SECRETARIAT, competition=division.competition)
    client.force_login(user)
    response = client.get(reverse("labour:fill_rate", args=[division.competition_id]))
    assert [r["division"].name for r in response.context["rows"]] == ["郑州市", "开封市"]
    client.post(reverse("labour:reopen", args=[division.pk]), {"reason": "补充材料"})
    assert DivisionSubmission.objects.get().status == "draft"


def test_fill_rate_cells_mark_a_full_division_and_a_late_one(division):
    cells = {"quota": 5, "registered": 5, "deadline_text": "2026-06-30 17:00", "url": "/x/"}
    rows = fill_rate_cells([{"division": division, "percent": 100, "submitted": True, "late": False, **cells},
                            {"division": division, "percent": 0, "submitted": False, "late": True, **cells}])
    assert [(r["bar"], r["state"]) for r in rows] == [
        ('<div class="progress" role="progressbar" aria-label="郑州市完成率" aria-valuenow="100" aria-valuemin="0" '
         'aria-valuemax="100"><div class="progress-bar bg-success" style="width: 100%">100%</div></div>',
         '<span class="badge state-submitted">已报送</span>\n      '),
        ('<div class="progress" role="progressbar" aria-label="郑州市完成率" aria-valuenow="0" aria-valuemin="0" '
         'aria-valuemax="100"><div class="progress-bar" style="width: 0%">0%</div></div>',
         '<span class="badge state-draft">未报送</span>\n      '
         '<span class="badge state-late" title="未按要求报相关资料的视为未举办竞赛">逾期</span>')]
    assert rows[1]["html"] == (
        '<tr>\n    <td>2</td><td>郑州市</td><td class="text-end">5</td><td class="text-end">5</td>\n'
        f'    <td>{rows[1]["bar"]}</td>\n    <td>{rows[1]["state"]}</td>\n    <td>2026-06-30 17:00</td>\n'
        '    <td><a href="/x/">查看</a></td>\n  </tr>')
    division.name = "<b>"
    row = fill_rate_cells([{"division": division, "percent": 0, "submitted": False, "late": False, **cells}])[0]
    assert 'aria-label="&lt;b&gt;完成率"' in row["bar"] and "<td>&lt;b&gt;</td>" in row["html"]


def test_fill_rate_page_reads_the_registration_deadline_with_its_divisions(client, registration_open, division,
                                                                           other_division, secretariat,
                                                                           django_assert_num_queries):
    client.force_login(secretariat)
    url = reverse("labour:fill_rate", args=[division.competition_id])
    client.get(url)
    with django_assert_num_queries(6):  # session, user, roles, competition, divisions (+ deadline), top bar
        response = client.get(url)
    deadline = division.competition.phases.get(kind="registration").closes_at
    assert [r["deadline"] for r in response.context["rows"]] == [deadline, deadline]
