"""The register's rules: credit codes checked like registration (GB 32100), a past 拟完成时间 refused, counties
in the order of their GB/T 2260 codes, the register export (one row per industry) re-imports as it is."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications import services_grading as services
from applications.models import GradingEnterprise, ImprovementItem
from applications.selectors_grading import enterprises_of, improvement_items_of
from greencomp.validators import credit_code_check_char
from quotas.models import County
from tests.factories import sheet_rows, xlsx_buffer

pytestmark = pytest.mark.django_db

VALID = "91410100MA3X5Y7K2" + credit_code_check_char("91410100MA3X5Y7K2")
WRONG = VALID[:17] + ("0" if VALID[17] != "0" else "1")
REGISTER_HEADERS = ["县（市、区）", "企业名称", "统一社会信用代码", "重点行业", "绩效等级"]


def xlsx(rows, headers):
    return xlsx_buffer([["重点行业企业名录"], headers, *rows], name="名录.xlsx")


def test_register_form_refuses_a_wrong_credit_code(client, g_city, g_officer, industry):
    client.force_login(g_officer)
    data = {"county": "新郑市", "name": "华鑫铸造", "credit_code": WRONG, "level": "C", "industries": [industry("铸造").pk]}
    response = client.post(f"/grading/cities/{g_city.pk}/enterprises/new/", data)
    assert response.context["form"].errors == {"credit_code": ["统一社会信用代码校验位不正确，请核对后重新填写。"]}
    assert GradingEnterprise.objects.count() == 0
    response = client.post(f"/grading/cities/{g_city.pk}/enterprises/new/", data | {"credit_code": VALID.lower()})
    assert response.status_code == 302
    assert GradingEnterprise.objects.get().credit_code == VALID


def test_register_service_refuses_a_wrong_credit_code(g_city, g_officer, industry):
    with pytest.raises(ValidationError) as exc:
        services.enterprise_save(division=g_city, name="华鑫铸造", county="新郑市", industries=[industry("铸造")],
                                 credit_code="91410100MA3X5Y7K2", by=g_officer)
    assert exc.value.message_dict == {"credit_code": ["统一社会信用代码应为18位，当前为17位。"]}
    assert GradingEnterprise.objects.count() == 0


def test_register_import_refuses_a_wrong_credit_code(client, g_city, g_officer):
    client.force_login(g_officer)
    upload = xlsx([["新郑市", "甲企业", WRONG, "铸造", "C"], ["新郑市", "乙企业", "91410100MA3X5Y7KI9", "水泥", "B"]],
                  REGISTER_HEADERS)
    response = client.post(f"/grading/cities/{g_city.pk}/enterprises/import/", {"file": upload})
    assert response.context["summary"] == ("第3行：统一社会信用代码校验位不正确，请核对后重新填写。；"
                                           "第4行：统一社会信用代码含有不允许的字符：I（不使用I、O、Z、S、V）。")
    assert GradingEnterprise.objects.count() == 0


def test_past_due_date_is_refused(client, g_city, g_officer, make_enterprise, make_item, industry):
    e = make_enterprise(g_city, "华鑫铸造", ["铸造"], "C")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    values = {"branch": "", "target_level": "B", "indicator": "有组织排放", "problems": "问题", "measures": "措施",
              "due_date": yesterday, "remarks": ""}
    with pytest.raises(ValidationError) as exc:
        services.improvement_items_add(division=g_city, enterprise=e, industries=[industry("铸造")], values=values,
                                       by=g_officer)
    assert exc.value.message_dict == {"due_date": ["拟完成时间不能早于今天，请填写今后的日期。"]}
    client.force_login(g_officer)
    response = client.post(f"/grading/cities/{g_city.pk}/list/new/", {
        "enterprise": e.pk, "industries": [industry("铸造").pk], "target_level": "B", "indicator": "有组织排放",
        "problems": "问题", "measures": "措施", "due_date": yesterday.isoformat()})
    assert response.context["form"].errors == {"due_date": ["拟完成时间不能早于今天，请填写今后的日期。"]}
    assert ImprovementItem.objects.count() == 0


def test_editing_an_overdue_row_without_touching_its_date_is_allowed(g_city, g_officer, make_enterprise, make_item):
    e = make_enterprise(g_city, "华鑫铸造", ["铸造"], "C")
    item = make_item(e, "铸造", due=timezone.localdate() - datetime.timedelta(days=3), by=g_officer)
    services.improvement_item_update(item=item, values={"measures": "更换除尘器"}, by=g_officer)
    item.refresh_from_db()
    assert item.measures == "更换除尘器"
    with pytest.raises(ValidationError) as exc:
        services.improvement_item_update(item=item, values={"due_date": timezone.localdate()
                                                            - datetime.timedelta(days=1)}, by=g_officer)
    assert exc.value.message_dict == {"due_date": ["拟完成时间不能早于今天，请填写今后的日期。"]}


def test_past_due_date_in_an_import_names_the_row(client, g_city, g_officer):
    client.force_login(g_officer)
    headers = ["序号", "省辖市", "县（市、区）", "企业名称", "重点行业类型", "重点行业分支", "绩效现状", "绩效提升目标",
               "差异化指标", "存在问题", "改造措施", "拟完成时间", "备注"]
    upload = xlsx([[1, "郑州市", "新郑市", "甲企业", "铸造", "", "C", "B", "有组织排放", "问题", "措施", "2021年9月30日", ""]],
                  headers)
    response = client.post(f"/grading/cities/{g_city.pk}/list/import/", {"file": upload})
    assert response.context["summary"] == "第3行：拟完成时间“2021年9月30日”已过，拟完成时间不能早于今天，请填写今后的日期。"
    assert ImprovementItem.objects.count() == 0


def test_fixture_carries_the_county_codes(g_city):
    codes = dict(County.objects.filter(division=g_city).values_list("name", "code"))
    assert {k: codes[k] for k in ("中牟县", "巩义市", "荥阳市", "新密市", "新郑市", "登封市", "金水区")} == {
        "中牟县": "410122", "巩义市": "410181", "荥阳市": "410182", "新密市": "410183", "新郑市": "410184",
        "登封市": "410185", "金水区": "410105"}


def test_counties_sort_by_their_division_code(g_city, g_officer, industry, make_item):
    for name, county in [("甲", "新郑市"), ("乙", "中牟县"), ("丙", "巩义市"), ("丁", "新密市"), ("戊", "金水区"),
                         ("己", "示例县"), ("庚", "登封市"), ("辛", "荥阳市")]:
        e = services.enterprise_save(division=g_city, name=name, county=county, industries=[industry("铸造")],
                                     level="C", by=g_officer)
        make_item(e, "铸造", by=g_officer)
    expected = ["金水区", "中牟县", "巩义市", "荥阳市", "新密市", "新郑市", "登封市", "示例县"]
    assert [e.county for e in enterprises_of(g_city)] == expected
    assert [i.enterprise.county for i in improvement_items_of(g_city)] == expected


def test_register_export_has_one_row_per_industry_and_reimports(client, g_city, g_other_city, g_officer,
                                                                 make_enterprise):
    make_enterprise(g_city, "华鑫铸造", ["铸造", "工业涂装"], {"铸造": "C", "工业涂装": "A"}, county="新郑市")
    client.force_login(g_officer)
    response = client.get(f"/grading/cities/{g_city.pk}/enterprises/export.xlsx")
    rows = sheet_rows(response)
    assert rows[1][5:7] == ("重点行业", "绩效等级")
    assert [r[:7] for r in rows[2:]] == [(1, "郑州市", "新郑市", "华鑫铸造", None, "铸造", "C"),
                                          (2, "郑州市", "新郑市", "华鑫铸造", None, "工业涂装", "A")]
    GradingEnterprise.objects.all().delete()
    upload = xlsx([[r[2], r[3], r[4] or "", r[5], r[6]] for r in rows[2:]], REGISTER_HEADERS)
    preview = client.post(f"/grading/cities/{g_city.pk}/enterprises/import/", {"file": upload})
    assert preview.context.get("summary") is None
    client.post(f"/grading/cities/{g_city.pk}/enterprises/import/", {"token": preview.context["token"]})
    e = GradingEnterprise.objects.get(name="华鑫铸造")
    assert dict(e.industry_links.values_list("industry__name", "level")) == {"铸造": "C", "工业涂装": "A"}
