"""Issue 12 items 6–7: a division officer records plan, summary and indicators for an enterprise without an account
(recorded as such), the division's 方案 / 总结 / 指标 list, and the year-end evaluation as data (seed 001 三)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from applications.models import EntryDocument, EntryIndicator
from applications.selectors_labour import entry_evaluation
from greencomp.models import AuditEvent
from tests.factories import indicator, pdf_upload

D = Decimal

BASELINE = {"year": 2018, "energy_total": 12000, "unit_consumption": 420, "unit_consumption_unit": "kgce/t",
            "industry_average": None, "energy_saved": 500, "water_saved": 8000, "co2_reduced": 1200, "so2": 40,
            "nox": 60, "cod": 10}
TARGET = {"year": 2019, "energy_total": 11500, "unit_consumption": 400, "unit_consumption_unit": "kgce/t",
          "industry_average": None, "energy_saved": 600, "water_saved": 9000, "co2_reduced": 1300, "so2": 35,
          "nox": 55, "cod": 9}
RESULT = {"year": 2019, "energy_total": 11400, "unit_consumption": 395, "unit_consumption_unit": "kgce/t",
          "industry_average": 410, "energy_saved": 650, "water_saved": 8800, "co2_reduced": 1350, "so2": 36,
          "nox": 50, "cod": 9}
INDUSTRY = {"year": 2019, "energy_total": None, "unit_consumption": 405, "unit_consumption_unit": "kgce/t",
            "industry_average": None, "energy_saved": 300}


def _four(entry, result=None, industry=None):
    indicator(entry, "baseline", **BASELINE)
    indicator(entry, "target", **TARGET)
    indicator(entry, "contest", **{**RESULT, **(result or {})})
    indicator(entry, "industry", **{**INDUSTRY, **(industry or {})})


def _lines(evaluation):
    return [(ln.measure.label, ln.unit, ln.baseline, ln.target, ln.result, ln.change, ln.target_text, ln.industry,
             ln.versus_industry, ln.industry_text) for ln in evaluation.lines]


# Worked by hand: change = (result − baseline) / baseline × 100; versus = (result − average) / average × 100,
# both to two places, half up. 主要产品单耗's average is the industry row's 405 (not the 410 given beside the result).
HAND = [
    ("综合能耗", "tce", D(12000), D(11500), D(11400), D("-5.00"), "完成", None, None, "—"),  # −600/12000
    ("主要产品单耗", "kgce/t", D(420), D(400), D(395), D("-5.95"), "完成", D(405), D("-2.47"), "优于平均水平"),
    # −25/420 = −5.952…; −10/405 = −2.469…
    ("节能量", "tce", D(500), D(600), D(650), D("30.00"), "完成", D(300), D("116.67"), "优于平均水平"),  # 350/300
    ("节水量", "t", D(8000), D(9000), D(8800), D("10.00"), "未完成", None, None, "—"),  # 8800 < 9000
    ("二氧化碳减排量", "tCO2", D(1200), D(1300), D(1350), D("12.50"), "完成", None, None, "—"),
    ("二氧化硫排放量", "t", D(40), D(35), D(36), D("-10.00"), "未完成", None, None, "—"),  # 36 > 35
    ("氮氧化物排放量", "t", D(60), D(55), D(50), D("-16.67"), "完成", None, None, "—"),  # −10/60 = −16.666…
    ("颗粒物排放量", "t", None, None, None, None, "—", None, None, "—"),
    ("化学需氧量排放量", "t", D(10), D(9), D(9), D("-10.00"), "完成", None, None, "—"),  # 9 ≤ 9
]


def test_evaluation_table_matches_the_hand_computation(registration_open, division, make_labour_entry):
    entry = make_labour_entry(division)
    _four(entry)
    evaluation = entry_evaluation(entry.indicators.all())
    assert _lines(evaluation) == HAND
    assert (evaluation.conclusion, evaluation.indicators_done) == ("未达标", True)  # 节水量 and SO2 missed


def test_evaluation_achieved_only_when_targets_met_and_intensity_within_average(registration_open, division,
                                                                               make_labour_entry):
    met = {"water_saved": 9000, "so2": 35}
    achieved, above_average, pending = (make_labour_entry(division) for _ in range(3))
    _four(achieved, result=met)
    _four(above_average, result=met, industry={"unit_consumption": 390})  # 395 > 390: not within the average
    indicator(pending, "baseline", **BASELINE)
    conclusions = [entry_evaluation(e.indicators.all()).conclusion for e in (achieved, above_average, pending)]
    assert conclusions == ["达标", "未达标", "未填报"]
    line = entry_evaluation(above_average.indicators.all()).lines[1]
    assert (line.versus_industry, line.industry_text) == (D("1.28"), "劣于平均水平")  # 5/390 = 1.282…


# ---- the officer records for an enterprise without an account --------------------------------------------------

def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _indicator_post(values):
    return {k: ("" if v is None else v) for k, v in values.items()}


def test_officer_records_plan_summary_and_indicators_for_enterprise_without_account(client, registration_open,
                                                                                   division, officer,
                                                                                   make_labour_entry):
    entry = make_labour_entry(division)  # its organisation has no account
    client.force_login(officer)
    page = client.get(reverse("labour:entry", args=[entry.pk]))
    assert (page.context["can_report"], page.context["is_enterprise"]) == (True, False)
    for kind, name in (("plan", "实施方案.pdf"), ("summary", "年底总结.pdf")):
        response = client.post(reverse("labour:document_upload", args=[entry.pk, kind]), {"file": pdf_upload(name)})
        assert response.status_code == 302
    for period, values in (("baseline", BASELINE), ("target", TARGET), ("contest", RESULT), ("industry", INDUSTRY)):
        response = client.post(reverse("labour:indicator_edit", args=[entry.pk, period]), _indicator_post(values))
        assert (period, response.status_code) == (period, 302)
    docs = list(entry.documents.order_by("kind").values_list("kind", "original_name", "uploaded_by", "on_behalf"))
    assert docs == [("plan", "实施方案.pdf", officer.pk, True), ("summary", "年底总结.pdf", officer.pk, True)]
    rows = list(entry.indicators.order_by("period").values_list("period", "recorded_by", "on_behalf"))
    assert rows == [("baseline", officer.pk, True), ("contest", officer.pk, True), ("industry", officer.pk, True),
                    ("target", officer.pk, True)]
    events = AuditEvent.objects.filter(action__in=["labour_document_upload", "labour_indicator_save"])
    assert [(e.actor_id, e.after["on_behalf_of"]) for e in events] == [(officer.pk, entry.organisation.name)] * 6
    assert _lines(entry_evaluation(entry.indicators.all())) == HAND
    listing = client.get(reverse("labour:division_reports", args=[division.pk]))
    row = listing.context["rows"][0]
    assert (row["entry"].has_plan, row["entry"].has_summary, row["evaluation"].indicators_done,
            row["evaluation"].conclusion) == (True, True, True, "未达标")
    detail = client.get(reverse("labour:entry", args=[entry.pk])).content.decode()
    assert detail.count("赛区代填") == 7  # the note, two documents, four indicator columns


def test_officer_cannot_report_for_enterprise_with_an_account(client, registration_open, division, officer, enterprise,
                                                              make_labour_entry):
    entry = make_labour_entry(division, organisation=enterprise.organisation)
    client.force_login(officer)
    before = AuditEvent.objects.count()
    assert client.post(reverse("labour:document_upload", args=[entry.pk, "plan"]),
                       {"file": pdf_upload("竞赛方案.pdf")}).status_code == 403
    assert client.post(reverse("labour:indicator_edit", args=[entry.pk, "target"]),
                       _indicator_post(TARGET)).status_code == 403
    assert (entry.documents.count(), entry.indicators.count(), AuditEvent.objects.count()) == (0, 0, before)


def test_enterprise_reports_for_itself_not_on_behalf(client, registration_open, division, enterprise,
                                                    make_labour_entry):
    entry = make_labour_entry(division, organisation=enterprise.organisation)
    client.force_login(enterprise)
    client.post(reverse("labour:indicator_edit", args=[entry.pk, "target"]), _indicator_post(TARGET))
    client.post(reverse("labour:document_upload", args=[entry.pk, "plan"]), {"file": pdf_upload("竞赛方案.pdf")})
    assert list(entry.indicators.values_list("period", "recorded_by", "on_behalf")) == [
        ("target", enterprise.pk, False)]
    assert list(entry.documents.values_list("kind", "on_behalf")) == [("plan", False)]
    assert "on_behalf_of" not in AuditEvent.objects.get(action="labour_indicator_save").after


# ---- the division's list: search, pagination, query counts ------------------------------------------------------

def test_reports_list_search_and_state_filter(client, registration_open, division, officer, make_labour_entry):
    first = make_labour_entry(division, project="余热发电改造")
    second = make_labour_entry(division, project="电机变频改造")
    EntryDocument.objects.create(entry=first, kind="plan", file=pdf_upload("竞赛方案.pdf"), original_name="a.pdf",
                                 size=10, sha256="0" * 64, uploaded_by=officer)
    client.force_login(officer)
    url = reverse("labour:division_reports", args=[division.pk])
    assert [r["entry"].pk for r in client.get(url, {"q": "变频"}).context["rows"]] == [second.pk]
    assert [r["entry"].pk for r in client.get(url, {"state": "no_plan"}).context["rows"]] == [second.pk]
    assert [r["entry"].pk for r in client.get(url).context["rows"]] == [first.pk, second.pk]
    response = client.get(url, {"state": "xyz", "q": "变频"})  # a bogus filter: no rows, no 500
    assert response.status_code == 200 and response.context["rows"] == []
    assert (response.context["q"], response.context["state"]) == ("变频", "")


def test_reports_list_paginates(client, settings, registration_open, division, officer, make_labour_entry):
    registration_open["table"].quotas.filter(division=division).update(entries=60)
    for _ in range(55):
        make_labour_entry(division)
    client.force_login(officer)
    url = reverse("labour:division_reports", args=[division.pk])
    page2 = client.get(url, {"page": 2})
    assert (page2.context["page"].paginator.count, len(page2.context["rows"]), page2.context["offset"]) == (55, 5, 50)
    assert "共 55 条" in page2.content.decode()


@pytest.mark.parametrize("name", ["division_reports", "division_evaluation", "division_evaluation_xlsx"])
@pytest.mark.parametrize("rows", [1, 3])
def test_query_count_does_not_grow_with_rows(client, django_assert_num_queries, registration_open, division, officer,
                                             make_labour_entry, name, rows):
    for _ in range(rows):
        entry = make_labour_entry(division)
        _four(entry)
        EntryDocument.objects.create(entry=entry, kind="plan", file=pdf_upload("竞赛方案.pdf"),
                                     original_name="a.pdf", size=10, sha256="0" * 64, uploaded_by=officer)
    client.force_login(officer)
    url = reverse(f"labour:{name}", args=[division.pk])
    _body(client.get(url))  # warm the session and the permission caches
    expected = {"division_reports": 9, "division_evaluation": 9, "division_evaluation_xlsx": 7}[name]
    with django_assert_num_queries(expected):
        response = client.get(url)
        assert (response.status_code, bool(_body(response))) == (200, True)


# ---- the export --------------------------------------------------------------------------------------------------

def test_evaluation_export_rows_and_header(client, registration_open, division, officer, make_labour_entry):
    entry = make_labour_entry(division)
    _four(entry)
    client.force_login(officer)
    response = client.get(reverse("labour:division_evaluation_xlsx", args=[division.pk]))
    ws = load_workbook(io.BytesIO(_body(response))).active
    values = list(ws.iter_rows(values_only=True))
    title = f"{division.competition.title}参赛企业年底竞赛活动总结和绩效评估表"
    header_at = next(i for i, row in enumerate(values) if row[0] == "序号")
    assert values[0][0] == title
    assert values[header_at] == ("序号", "参赛单位", "指标", "计量单位", "基准年", "年度目标", "竞赛年实际",
                                 "较基准年增减（%）", "完成年度目标", "全市同行业平均水平", "较同行业平均水平（%）",
                                 "与同行业平均水平比较", "绩效评估结论")
    body = values[header_at + 1:header_at + 10]
    assert body[1][2:12] == ("主要产品单耗", "kgce/t", 420, 400, 395, -5.95, "完成", 405, -2.47, "优于平均水平")
    assert body[0][:3] == (1, entry.organisation.name, "综合能耗")
    assert [row[2] for row in body] == [h[0] for h in HAND]
    pdf = client.get(reverse("labour:division_evaluation_pdf", args=[division.pk]))
    assert (pdf.status_code, _body(pdf)[:4]) == (200, b"%PDF")


# ---- permissions per new view ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["division_reports", "division_evaluation", "division_evaluation_xlsx",
                                  "division_evaluation_pdf"])
def test_new_views_per_named_user(client, registration_open, division, named_users, make_labour_entry, name):
    make_labour_entry(division)
    url = reverse(f"labour:{name}", args=[division.pk])
    expected = {"secretariat": 200, "officer": 200, "other_officer": 404, "enterprise": 404,
                "other_enterprise": 404, "expert": 404, "other_expert": 404, "outsider": 404}
    got = {}
    for username, user in named_users.items():
        client.force_login(user)
        response = client.get(url)
        _body(response)
        got[username] = response.status_code
    assert got == expected


def test_indicator_period_unknown_is_404(client, registration_open, division, officer, make_labour_entry):
    entry = make_labour_entry(division)
    client.force_login(officer)
    assert client.get(reverse("labour:indicator_edit", args=[entry.pk, "bogus"])).status_code == 404
    assert EntryIndicator.objects.count() == 0
