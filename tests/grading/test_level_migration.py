"""The data migration that moves levels to (enterprise, industry): each industry gets the level of its own
history — an assessment counts only for the industry assessed; register entries and violations for all."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# competitions 0004 added columns (NOT NULL, no database default) to Division, which the old state does not know.
BEFORE = [("applications", "0004_level_per_industry"), ("reviews", "0001_initial"),
          ("competitions", "0003_track_recommender_description")]


@pytest.mark.django_db(transaction=True)
def test_levels_move_to_each_industry_from_the_history():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Competition = apps.get_model("competitions", "Competition")
    Division = apps.get_model("competitions", "Division")
    IndustryGroup = apps.get_model("quotas", "IndustryGroup")
    Industry = apps.get_model("quotas", "Industry")
    GradingEnterprise = apps.get_model("applications", "GradingEnterprise")
    EnterpriseIndustry = apps.get_model("applications", "EnterpriseIndustry")
    AssessmentBatch = apps.get_model("reviews", "AssessmentBatch")
    Assessment = apps.get_model("reviews", "Assessment")
    LevelChange = apps.get_model("reviews", "LevelChange")
    User = apps.get_model("greencomp", "User")
    by = User.objects.create(username="migrator")
    competition = Competition.objects.create(kind="grading", title="迁移测试", year=2021)
    city = Division.objects.create(competition=competition, name="郑州市", kind="city", order=1)
    metal = IndustryGroup.objects.create(competition=competition, code="metal", name="金属类", order=1,
                                         target_share=15)
    vocs = IndustryGroup.objects.create(competition=competition, code="vocs", name="涉VOCs类", order=2,
                                        target_share=20)
    casting = Industry.objects.create(group=metal, number=6, name="铸造")
    coating = Industry.objects.create(group=vocs, number=39, name="工业涂装")
    d1, d2 = datetime.date(2021, 8, 1), datetime.date(2021, 9, 1)
    # 华鑫: registered C in both industries, then assessed A in 工业涂装; the old model said A for both.
    huaxin = GradingEnterprise.objects.create(competition=competition, division=city, county="新郑市", name="华鑫",
                                              level="A", level_since=d2)
    for industry in (casting, coating):
        EnterpriseIndustry.objects.create(enterprise=huaxin, industry=industry)
    LevelChange.objects.create(enterprise=huaxin, level_before="", level_after="C", changed_on=d1, source="register",
                               by=by)
    batch = AssessmentBatch.objects.create(competition=competition, number=1, name="涉VOCs行业", group=vocs,
                                           opens_on=d1, deadline=d2)
    assessment = Assessment.objects.create(batch=batch, enterprise=huaxin, industry=coating, level="A",
                                           previous_level="C", assessed_on=d2, reviewers="专家", recorded_by=by)
    LevelChange.objects.create(enterprise=huaxin, level_before="C", level_after="A", changed_on=d2,
                               source="assessment", assessment=assessment, by=by)
    # 汴龙: no history at all: the enterprise's level goes to its industry.
    bianlong = GradingEnterprise.objects.create(competition=competition, division=city, county="祥符区", name="汴龙",
                                                level="B", level_since=d1)
    EnterpriseIndustry.objects.create(enterprise=bianlong, industry=casting)

    call_command("migrate", verbosity=0)

    from applications.models import EnterpriseIndustry as Link  # noqa: PLC0415 — current model after migrate (names above are historical)
    from reviews.models import LevelChange as Change  # noqa: PLC0415 — current model after migrate (names above are historical)

    assert sorted(Link.objects.values_list("enterprise__name", "industry__name", "level", "level_since")) == [
        ("华鑫", "工业涂装", "A", d2), ("华鑫", "铸造", "C", d1), ("汴龙", "铸造", "B", d1)]
    assert list(Change.objects.filter(source="assessment").values_list("industry__name", flat=True)) == ["工业涂装"]
