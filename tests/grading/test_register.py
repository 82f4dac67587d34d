"""The enterprise register: create, edit (a level change is kept in the history), duplicates, import."""

import pytest

from applications.models import GradingEnterprise
from reviews.models import LevelChange

pytestmark = pytest.mark.django_db


def test_officer_creates_and_edits_an_enterprise(client, g_city, g_officer, industry):
    client.force_login(g_officer)
    data = {"county": "新郑市", "name": "华鑫铸造", "credit_code": "", "level": "C",
            "industries": [industry("铸造").pk, industry("工业涂装").pk]}
    assert client.post(f"/grading/cities/{g_city.pk}/enterprises/new/", data).status_code == 302
    e = GradingEnterprise.objects.get(name="华鑫铸造")
    assert sorted(e.industries.values_list("number", flat=True)) == [6, 39]
    edit = client.get(f"/grading/enterprises/{e.pk}/edit/").content.decode()
    assert "铸造绩效等级" in edit and "工业涂装绩效等级" in edit
    client.post(f"/grading/enterprises/{e.pk}/edit/", data | {f"level_{industry('铸造').pk}": "B",
                                                              "industries": [industry("铸造").pk]})
    assert list(e.industry_links.values_list("industry__name", "level")) == [("铸造", "B")]
    assert list(LevelChange.objects.filter(enterprise=e).order_by("id").values_list(
        "industry__name", "level_before", "level_after")) == [("铸造", "", "C"), ("工业涂装", "", "C"), ("铸造", "C", "B")]


def test_duplicate_name_gets_chinese_message(client, g_city, g_officer, industry, make_enterprise):
    make_enterprise(g_city, "华鑫铸造", ["铸造"], "C")
    client.force_login(g_officer)
    response = client.post(f"/grading/cities/{g_city.pk}/enterprises/new/", {
        "county": "新郑市", "name": "华鑫铸造", "level": "", "industries": [industry("铸造").pk]})
    assert response.context["form"].errors == {"name": ["本市企业名录中已有“华鑫铸造”。"]}
    assert GradingEnterprise.objects.count() == 1


def test_secretariat_reads_but_does_not_edit_a_city_register(client, g_city, secretariat, industry):
    client.force_login(secretariat)
    response = client.post(f"/grading/cities/{g_city.pk}/enterprises/new/", {
        "county": "新郑市", "name": "某企业", "level": "", "industries": [industry("铸造").pk]})
    assert response.status_code == 403
    assert GradingEnterprise.objects.count() == 0
