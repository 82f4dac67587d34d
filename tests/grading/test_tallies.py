"""The dashboard's stored per-city tallies: every write path leaves them equal to a fresh recount of the links and
list rows (the reference recounts of quotas.selectors_grading), the dashboard's sums equal the reference counts,
and the rebuild command repairs tallies that data written behind the services' back left stale."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from applications import services_grading as applications
from applications.models import EnterpriseIndustry, GradingEnterprise, ImprovementItem
from greencomp.seed.accounts import seed_accounts
from greencomp.seed.grading import seed_grading_demo, synthetic_grading
from quotas.models import GradingTally
from quotas.selectors_grading import item_counts, reaches, share_counts, tallied_counts, tallies_recount
from reviews import services_grading as reviews
from reviews.models import AssessmentBatch
from tests.grading.test_improvement import row, values, xlsx
from tests.grading.test_register_rules import REGISTER_HEADERS

pytestmark = pytest.mark.django_db

FIELDS = ("division_id", "kind", "key", "due_date", "total", "bad", "d_count")


def stored(competition) -> list[tuple]:
    return sorted(GradingTally.objects.filter(division__competition=competition).values_list(*FIELDS))


def recounted(competition) -> list[tuple]:
    return sorted(tuple(getattr(t, f) for f in FIELDS) for t in tallies_recount(competition.pk))


def assert_fresh(competition) -> list[tuple]:
    tallies = stored(competition)
    assert tallies == recounted(competition)
    assert tallies  # something was counted
    return tallies


def city_row(competition, division) -> tuple:
    c = tallied_counts(competition)[("city", division.pk)]
    return c["total"], c["bad"], c["d_count"]


def test_register_save_edit_and_import_keep_the_tallies(client, grading, g_city, g_officer, industry):
    e = applications.enterprise_save(division=g_city, name="华鑫铸造", county="新郑市", level="C",
                                     industries=[industry("铸造"), industry("工业涂装")], by=g_officer)
    assert_fresh(grading)
    assert city_row(grading, g_city) == (1, 1, 0)
    applications.enterprise_save(division=g_city, name="华鑫铸造", county="新郑市", industries=[industry("铸造")],
                                 levels={industry("铸造").pk: "A"}, by=g_officer, enterprise=e)
    assert_fresh(grading)
    assert city_row(grading, g_city) == (1, 0, 0)
    client.force_login(g_officer)
    upload = xlsx([["新郑市", "甲企业", "", "铸造、工业涂装", "D"], ["巩义市", "乙企业", "", "水泥", "B"]], REGISTER_HEADERS)
    preview = client.post(f"/grading/cities/{g_city.pk}/enterprises/import/", {"file": upload})
    client.post(f"/grading/cities/{g_city.pk}/enterprises/import/", {"token": preview.context["token"]})
    assert GradingEnterprise.objects.filter(division=g_city).count() == 3
    assert_fresh(grading)
    assert city_row(grading, g_city) == (3, 1, 1)


def test_list_add_edit_delete_and_import_keep_the_tallies(client, grading, g_city, g_officer, make_enterprise,
                                                          industry):
    e = make_enterprise(g_city, "华鑫铸造", ["铸造"], "C")
    # 工业涂装 is new to the register: the row adds the link (未评级), which the shares count too
    items = applications.improvement_items_add(division=g_city, enterprise=e, by=g_officer, values=values(),
                                               industries=[industry("铸造"), industry("工业涂装")])
    tallies = assert_fresh(grading)
    assert [t[4:] for t in tallies if t[1] == "item"] == [(2, 2, 0)]
    assert tallied_counts(grading)[("industry", industry("工业涂装").pk)]["total"] == 1
    later = timezone.localdate() + datetime.timedelta(days=90)
    applications.improvement_item_update(item=items[1], values={"industry": industry("水泥"), "due_date": later},
                                         by=g_officer)
    assert_fresh(grading)
    applications.improvement_item_delete(item=items[0], by=g_officer)
    assert [t[3:] for t in assert_fresh(grading) if t[1] == "item"] == [(later, 1, 1, 0)]
    client.force_login(g_officer)
    upload = xlsx([row(1, "甲企业", "铸造"), row(2, "甲企业", "工业涂装", current="B", target="A")])
    preview = client.post(f"/grading/cities/{g_city.pk}/list/import/", {"file": upload})
    client.post(f"/grading/cities/{g_city.pk}/list/import/", {"token": preview.context["token"]})
    assert ImprovementItem.objects.filter(improvement_list__division=g_city).count() == 3
    assert_fresh(grading)


def test_assessment_spot_check_and_violation_keep_the_tallies(grading, g_city, g_other_city, g_officer, secretariat,
                                                              make_enterprise, make_item, industry):
    e = make_enterprise(g_city, "中孚耐材", ["耐火材料", "水泥"], "C")
    make_item(e, "耐火材料", target="B", by=g_officer)
    make_enterprise(g_other_city, "开封耐材", ["耐火材料"], "B")
    batch = AssessmentBatch.objects.get(competition=grading, number=3)
    assessment = reviews.assessment_record(batch=batch, enterprise=e, industry=industry("耐火材料"), level="A",
                                           assessed_on=timezone.localdate(), reviewers="省耐材协会", by=g_officer)
    assert [t[4:] for t in assert_fresh(grading) if t[1] == "item"] == [(1, 0, 0)]  # the row reached its target
    reviews.spot_check_mark(assessment=assessment, outcome="failed", note="现场不符", corrected_level="B-",
                            by=secretariat)
    assert_fresh(grading)
    reviews.violation_record(enterprise=e, industry=industry("水泥"), kind="excess", description="超标排放",
                             occurred_on=timezone.localdate(), level_after="D", by=secretariat)
    assert_fresh(grading)
    assert city_row(grading, g_city) == (1, 1, 1)
    assert city_row(grading, g_other_city) == (1, 0, 0)  # the other city's tallies are left as they were


def test_demo_and_synthetic_seeds_leave_fresh_tallies():
    assert_fresh(seed_grading_demo(seed_accounts()))
    synthetic = synthetic_grading("province")
    tallies = assert_fresh(synthetic)
    assert sum(t[4] for t in tallies if t[1] == "item") == 5000


def test_dashboard_sums_equal_the_reference_counts(grading, g_city, g_other_city, make_enterprise, make_item,
                                                   g_officer):
    today = timezone.localdate()
    for n, (city, level, due) in enumerate([(g_city, "B", -1), (g_city, "C", -1), (g_city, "D", 10),
                                            (g_other_city, "", 31), (g_other_city, "A", 0)]):
        e = make_enterprise(city, f"企业{n}", ["铸造", "工业涂装"], {"铸造": level, "工业涂装": "C"})
        make_item(e, "铸造", target="B", due=today + datetime.timedelta(days=due), by=g_officer)
    for division in (None, g_city):
        tallied = tallied_counts(grading, division, today)
        reference = share_counts(grading, division)
        assert {k: {f: c[f] for f in ("total", "bad", "d_count")} for k, c in tallied.items() if k[0] != "item"} \
            == reference
    progress = {key[1]: (c["total"], c["total"] - c["bad"], c["due_soon"], c["overdue"])
                for key, c in tallied_counts(grading, today=today).items() if key[0] == "item"}
    # 郑州市: B reaches B (achieved), C overdue, D due in 10 days; 开封市: 未评级 due in 31 days, A achieved
    assert progress == {g_city.pk: (3, 1, 1, 1), g_other_city.pk: (2, 1, 0, 0)}
    rows_per_city: dict = {}
    for (city, _due), c in item_counts(grading.pk).items():
        rows_per_city[city] = rows_per_city.get(city, 0) + c["total"]
    assert rows_per_city == {g_city.pk: 3, g_other_city.pk: 2}
    assert reaches("A", "B") and reaches("B", "B") and not reaches("C", "B") and not reaches(None, "B")


def test_rebuild_command_repairs_stale_tallies(grading, g_city, make_enterprise):
    e = make_enterprise(g_city, "华鑫铸造", ["铸造"], "C")
    EnterpriseIndustry.objects.filter(enterprise=e).update(level="A")  # behind the services' back
    assert stored(grading) != recounted(grading)
    out = io.StringIO()
    call_command("grading_tallies_rebuild", competition=grading.pk, stdout=out)
    assert out.getvalue() == "绩效分级测试：已重算 1 家企业的汇总数。\n"
    assert_fresh(grading)
    assert city_row(grading, g_city) == (1, 0, 0)
