"""The 绩效提升企业清单 (附件3): rows per industry, target above current, import all-or-nothing, sorted export,
备案 and reopen, and constant query counts."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications import services_grading as services
from applications.models import GradingEnterprise, ImprovementItem, ImprovementList
from competitions.models import Phase
from greencomp.models import AuditEvent
from quotas.models import Industry
from tests.factories import sheet_rows, xlsx_buffer
from tests.notifications.exporting import exported

pytestmark = pytest.mark.django_db

HEADERS = ["序号", "省辖市", "县（市、区）", "企业名称", "重点行业类型", "重点行业分支", "绩效现状", "绩效提升目标", "差异化指标",
           "存在问题", "改造措施", "拟完成时间", "备注"]


def values(**kw):
    base = {"branch": "", "target_level": "B", "indicator": "有组织排放", "problems": "问题", "measures": "措施",
            "due_date": timezone.localdate() + datetime.timedelta(days=30), "remarks": ""}
    return base | kw


def xlsx(rows, headers=HEADERS):
    return xlsx_buffer([["重点行业绩效分级提升企业清单"], headers, *rows], name="清单.xlsx")


def row(n, name, industry, current="C", target="B", county="新郑市", indicator="有组织排放", due="2099年9月30日"):
    return [n, "郑州市", county, name, industry, "", current, target, indicator, "问题", "措施", due, ""]


def test_cross_industry_enterprise_gets_one_row_per_industry(g_city, g_officer, make_enterprise, industry):
    """绩效现状 is the level in the row's industry: 铸造 is C, 工业涂装 (new to the register) is not yet rated."""
    e = make_enterprise(g_city, "华鑫铸造", ["铸造"], "C")
    items = services.improvement_items_add(division=g_city, enterprise=e, industries=[industry("铸造"),
                                           industry("工业涂装")], values=values(remarks="重点帮扶"), by=g_officer)
    assert [(i.industry.name, i.remarks, i.current_level) for i in items] == [
        ("铸造", "跨行业企业，同时涉及：工业涂装；重点帮扶", "C"),
        ("工业涂装", "跨行业企业，同时涉及：铸造；重点帮扶", "")]
    assert sorted(e.industries.values_list("name", flat=True)) == sorted(["铸造", "工业涂装"])


def test_target_must_be_above_current_level(g_city, g_officer, make_enterprise, industry):
    e = make_enterprise(g_city, "嵩阳水泥", ["水泥"], "B")
    with pytest.raises(ValidationError) as exc:
        services.improvement_items_add(division=g_city, enterprise=e, industries=[industry("水泥")],
                                       values=values(target_level="B-"), by=g_officer)
    assert exc.value.message_dict == {"target_level": ["绩效提升目标必须高于绩效现状。"]}
    assert ImprovementItem.objects.count() == 0


def test_add_rows_through_the_form(client, g_city, g_officer, make_enterprise, industry):
    e = make_enterprise(g_city, "华鑫铸造", ["铸造"], "C")
    client.force_login(g_officer)
    response = client.post(f"/grading/cities/{g_city.pk}/list/new/", {
        "enterprise": e.pk, "industries": [industry("铸造").pk, industry("工业涂装").pk], "target_level": "A",
        "indicator": "颗粒物≤10mg/m³", "problems": "除尘设施老化", "measures": "更换除尘器", "due_date": "2099-09-30"})
    assert response.status_code == 302
    assert list(ImprovementItem.objects.order_by("industry__number").values_list("industry__name", "target_level")) == [
        ("铸造", "A"), ("工业涂装", "A")]


def test_import_with_one_bad_row_saves_nothing_and_names_the_row(client, g_city, g_officer):
    client.force_login(g_officer)
    upload = xlsx([row(1, "甲企业", "铸造"), row(2, "乙企业", "不存在的行业"), row(3, "丙企业", "水泥", current="B",
                                                                              target="C")])
    response = client.post(f"/grading/cities/{g_city.pk}/list/import/", {"file": upload})
    assert response.context["summary"] == ("第4行：重点行业类型“不存在的行业”不在附件1及省级重点行业名录中；"
                                           "第5行：绩效提升目标必须高于绩效现状")
    assert "token" not in response.context
    assert ImprovementItem.objects.count() == 0
    assert GradingEnterprise.objects.count() == 0


def test_import_of_valid_rows_saves_all(client, g_city, g_officer):
    client.force_login(g_officer)
    upload = xlsx([row(1, "甲企业", "铸造"), row(2, "甲企业", "工业涂装"), row(3, "丙企业", "水泥", current="B", target="A")])
    preview = client.post(f"/grading/cities/{g_city.pk}/list/import/", {"file": upload})
    assert preview.context["bad"] == []
    response = client.post(f"/grading/cities/{g_city.pk}/list/import/", {"token": preview.context["token"]})
    assert response.status_code == 302
    assert list(ImprovementItem.objects.order_by("id").values_list(
        "enterprise__name", "industry__name", "current_level", "target_level", "due_date")) == [
        ("甲企业", "铸造", "C", "B", datetime.date(2099, 9, 30)), ("甲企业", "工业涂装", "C", "B", datetime.date(2099, 9, 30)),
        ("丙企业", "水泥", "B", "A", datetime.date(2099, 9, 30))]
    assert GradingEnterprise.objects.get(name="甲企业").industries.count() == 2


def test_import_wrong_file_type_gets_chinese_message(client, g_city, g_officer):
    client.force_login(g_officer)
    bad = io.BytesIO(b"not excel")
    bad.name = "清单.csv"
    response = client.post(f"/grading/cities/{g_city.pk}/list/import/", {"file": bad})
    assert response.context["form"].errors["file"] == [
        "请上传 Excel 文件（.xlsx 格式）。如为 .xls 或 WPS 格式，请另存为 .xlsx 后再上传。"]


def _export_rows(client, url):
    response = client.get(url)
    return sheet_rows(response)


def test_export_is_sorted_by_county_industry_target_indicator(client, g_city, g_officer, make_enterprise, make_item):
    a = make_enterprise(g_city, "甲", ["水泥", "铸造"], "C", county="新郑市")
    b = make_enterprise(g_city, "乙", ["铸造"], "D", county="新郑市")
    c = make_enterprise(g_city, "丙", ["铸造"], "C", county="中牟县")
    d = make_enterprise(g_city, "丁", ["铸造"], "C", county="新郑市")
    make_item(a, "水泥", target="A", indicator="甲指标", by=g_officer)
    make_item(a, "铸造", target="B", indicator="乙指标", by=g_officer)
    make_item(b, "铸造", target="C", indicator="甲指标", by=g_officer)
    make_item(c, "铸造", target="B", indicator="甲指标", by=g_officer)
    make_item(d, "铸造", target="L", indicator="乙指标", by=g_officer)
    client.force_login(g_officer)
    rows = _export_rows(client, f"/grading/cities/{g_city.pk}/list/export.xlsx")
    assert rows[0][0] == "附件3" and rows[1][0] == "重点行业绩效分级提升企业清单"
    assert rows[3] == tuple(HEADERS)
    body = [(r[0], r[2], r[3], r[4], r[6], r[7], r[8]) for r in rows[4:]]
    # 中牟县 < 新郑市 (code-point order); 铸造 (6) before 水泥 (15); A, 绩效引领性, B, B-, C; then 差异化指标.
    assert body == [
        (1, "中牟县", "丙", "铸造", "C", "B", "甲指标"),
        (2, "新郑市", "丁", "铸造", "C", "绩效引领性", "乙指标"),
        (3, "新郑市", "甲", "铸造", "C", "B", "乙指标"),
        (4, "新郑市", "乙", "铸造", "D", "C", "甲指标"),
        (5, "新郑市", "甲", "水泥", "C", "A", "甲指标"),
    ]


def test_submit_locks_the_list_and_reopen_is_audited(client, g_city, g_officer, secretariat, make_enterprise,
                                                     make_item):
    e = make_enterprise(g_city, "甲", ["铸造"], "C")
    item = make_item(e, "铸造", by=g_officer)
    client.force_login(g_officer)
    client.post(f"/grading/cities/{g_city.pk}/list/submit/")
    assert ImprovementList.objects.get(division=g_city).status == "submitted"
    with pytest.raises(ValidationError) as exc:
        services.improvement_item_update(item=item, values={"indicator": "改"}, by=g_officer)
    assert exc.value.messages == ["清单已备案，不能修改；如需修改请联系省生态环境厅退回。"]
    response = client.post(f"/grading/cities/{g_city.pk}/list/reopen/", {"reason": "想改"})
    assert response.status_code == 403
    client.force_login(secretariat)
    client.post(f"/grading/cities/{g_city.pk}/list/reopen/", {"reason": "企业名称有误", "extend_until": "2099-01-01"})
    lst = ImprovementList.objects.get(division=g_city)
    assert (lst.status, lst.reopen_reason) == ("draft", "企业名称有误")
    event = AuditEvent.objects.get(action="grading.list_reopen")
    assert (event.reason, event.actor) == ("企业名称有误", secretariat)


def test_list_closed_after_deadline(g_city, g_officer, make_enterprise, industry):
    Phase.objects.filter(competition=g_city.competition, kind="registration").update(
        closes_at=timezone.now() - datetime.timedelta(hours=1))
    e = make_enterprise(g_city, "甲", ["铸造"], "C")
    with pytest.raises(ValidationError) as exc:
        services.improvement_items_add(division=g_city, enterprise=e, industries=[industry("铸造")],
                                       values=values(), by=g_officer)
    assert exc.value.messages[0].startswith("清单备案已于") and exc.value.messages[0].endswith("截止，不能修改。")


@pytest.fixture
def items_n(g_city, g_officer, make_enterprise, make_item):
    def make(n):
        for i in range(n):
            e = make_enterprise(g_city, f"企业{i}", ["铸造", "水泥"], "C")
            make_item(e, "铸造", by=g_officer)
            make_item(e, "水泥", by=g_officer)
    return make


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("page", ["list/", "list/export.xlsx", "enterprises/", "enterprises/export.xlsx",
                                  "assessments/"])
def test_city_pages_query_count_is_constant(client, g_city, g_officer, items_n, n, page, django_assert_num_queries):
    items_n(n)
    client.force_login(g_officer)
    client.get(f"/grading/cities/{g_city.pk}/list/")
    expected = {"list/": 9, "list/export.xlsx": 5, "enterprises/": 8, "enterprises/export.xlsx": 6,
                "assessments/": 7}[page]
    with django_assert_num_queries(expected):
        response = client.get(f"/grading/cities/{g_city.pk}/{page}")
        if page.endswith(".xlsx"):
            b"".join(response.streaming_content)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 3])
def test_province_list_export_query_count_is_constant(client, grading, secretariat, items_n, n,
                                                       django_assert_num_queries, django_capture_on_commit_callbacks):
    """The request that queues the job, the job (immediate backend) and the download, together."""
    items_n(n)
    client.force_login(secretariat)
    client.get(f"/grading/{grading.pk}/")
    with django_assert_num_queries(18):
        response = exported(client, f"/grading/{grading.pk}/list/export.xlsx", django_capture_on_commit_callbacks)
        b"".join(response.streaming_content)


def test_enterprise_import_with_bad_row_saves_nothing(client, g_city, g_officer):
    client.force_login(g_officer)
    upload = xlsx([["新郑市", "甲企业", "", "铸造、工业涂装", "C"], ["新郑市", "乙企业", "", "铸造", "E"]],
                  headers=["县（市、区）", "企业名称", "统一社会信用代码", "重点行业", "绩效等级"])
    response = client.post(f"/grading/cities/{g_city.pk}/enterprises/import/", {"file": upload})
    assert response.context["summary"] == "第4行：绩效等级“E”无效，应为 A、B、B-、C、D、绩效引领性 或 未评级"
    assert GradingEnterprise.objects.count() == 0


def test_import_names_a_row_already_in_the_list(client, g_city, g_officer, make_enterprise, make_item):
    make_item(make_enterprise(g_city, "甲企业", ["铸造"], "C"), "铸造", by=g_officer)
    client.force_login(g_officer)
    upload = xlsx([row(1, "甲企业", "铸造"), row(2, "乙企业", "水泥"), row(3, "乙企业", "水泥")])
    response = client.post(f"/grading/cities/{g_city.pk}/list/import/", {"file": upload})
    assert response.context["summary"] == "第3行：清单中已有“甲企业”的“铸造”行业；第5行：与表中其他行重复（同一企业同一行业）"
    assert ImprovementItem.objects.count() == 1


@pytest.mark.parametrize(("text", "level"), [("A", "A"), ("b-", "B-"), ("B级", "B"), ("绩效引领性", "L"), ("引领性", "L"),
                                             ("未评级", ""), ("", "")])
def test_level_labels_are_read(text, level):
    assert services.level_from_label(text) == level


def test_list_filters_overdue_rows(client, g_city, g_officer, make_enterprise, make_item):
    today = timezone.localdate()
    late = make_enterprise(g_city, "逾期企业", ["铸造"], "C")
    done = make_enterprise(g_city, "已达标企业", ["水泥"], "B")
    make_item(late, "铸造", target="B", due=today - datetime.timedelta(days=2), by=g_officer)
    make_item(done, "水泥", target="B", due=today - datetime.timedelta(days=2), by=g_officer)
    make_item(make_enterprise(g_city, "未到期企业", ["玻璃"], "C"), "玻璃", due=today + datetime.timedelta(days=90),
              by=g_officer)
    client.force_login(g_officer)
    response = client.get(f"/grading/cities/{g_city.pk}/list/?due=overdue")
    assert [i.enterprise.name for i in response.context["page"]] == ["逾期企业"]
    response = client.get(f"/grading/cities/{g_city.pk}/list/?due=xyz")  # a bogus filter: no rows, no 500
    assert response.status_code == 200 and list(response.context["page"]) == [] and response.context["due"] == ""


def test_secretariat_adds_a_provincial_industry_with_branches(client, grading, secretariat, g_officer, g_city,
                                                              make_enterprise):
    client.force_login(g_officer)
    assert client.post(f"/grading/{grading.pk}/industries/new/", {"name": "x"}).status_code == 403
    client.force_login(secretariat)
    client.post(f"/grading/{grading.pk}/industries/new/", {"name": "碳素制品", "branches": "石墨电极、炭块"})
    industry = Industry.objects.get(group__competition=grading, name="碳素制品")
    assert (industry.number, industry.group.name, industry.branches) == (41, "省级重点行业", ["石墨电极", "炭块"])
    e = make_enterprise(g_city, "某炭素", ["碳素制品"], "C")
    with pytest.raises(ValidationError) as exc:
        services.improvement_items_add(division=g_city, enterprise=e, industries=[industry],
                                       values=values(branch="其他"), by=g_officer)
    assert exc.value.message_dict == {"branch": ["重点行业分支应为：石墨电极、炭块。"]}


def test_seed_annex_3_layout_with_every_chinese_date_style_imports(client, g_city, g_officer):
    """Seed 003 附件3 as an officer types it: title, 日期： line, 县(市、区) with ASCII brackets, the dates in every
    style the notices and officers use (and a real date cell), the 注： lines below the table."""
    dates = ["2099年9月30日", "2099 年 9 月 30 日", "2099.9.30", "2099/9/30", datetime.datetime(2099, 9, 30)]
    buf = xlsx_buffer([
        ["附件3"], ["重点行业绩效分级提升企业清单"], ["日期：2021 年 6 月 15 日"],
        ["序号", "省辖市", "县(市、区)", "企业名称", "重点行业类型", "重点行业分支", "绩效现状", "绩效提升目标", "差异化指标",
         "存在问题", "改造措施", "拟完成时间", "备注"],
        *([n, "郑州市", "新郑市", f"企业{n}", industry, "", "C", "B", "有组织排放", "问题", "措施", due, ""]
          for n, (due, industry) in enumerate(zip(dates, ["铸造", "工业涂装", "水泥", "砖瓦窑", "陶瓷"], strict=True), start=1)),
        [6],  # the seed's numbered empty rows
        ["注：1. 重点行业类型及重点行业分支，应严格对照国家和河南省绩效分级及减排措施技术指南中行业类型规范填报；"],
        ["2. 河南省重点行业和各地市重点行业名称填写至“重点行业类型”列；"],
    ], name="附件3.xlsx")
    client.force_login(g_officer)
    preview = client.post(f"/grading/cities/{g_city.pk}/list/import/", {"file": buf})
    assert [(r.line, r.errors) for r in preview.context["rows"]] == [(n, []) for n in range(5, 10)]
    client.post(f"/grading/cities/{g_city.pk}/list/import/", {"token": preview.context["token"]})
    assert list(ImprovementItem.objects.order_by("id").values_list("enterprise__name", "due_date")) == [
        (f"企业{n}", datetime.date(2099, 9, 30)) for n in range(1, 6)]
