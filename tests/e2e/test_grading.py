"""The city officer's main path in Chromium: rows, an Excel import (one bad row → nothing saved), the sorted
export, an assessment and a downgrade; the dashboard moves. Screenshots in artifacts/screenshots/grading-*."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from applications.models import GradingEnterprise, ImprovementItem
from greencomp.seed.accounts import DEMO_PASSWORD, seed_accounts
from greencomp.seed.grading import seed_grading_demo
from quotas.models import County, Industry
from tests.factories import xlsx_save

from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADERS = ["序号", "省辖市", "县（市、区）", "企业名称", "重点行业类型", "重点行业分支", "绩效现状", "绩效提升目标", "差异化指标",
           "存在问题", "改造措施", "拟完成时间", "备注"]


def workbook(path, rows):
    return xlsx_save(path, [HEADERS, *rows])


def stats(page):
    return [page.inner_text(f"#stat-{k}") for k in ("total", "good", "share", "d")]


def test_city_officer_keeps_the_list_and_the_dashboard_moves(page, login, tmp_path):
    competition = seed_grading_demo(seed_accounts())
    city = competition.divisions.get(name="郑州市")
    page.on("dialog", lambda dialog: dialog.accept())
    login("eco-zhengzhou", DEMO_PASSWORD)
    page.click("text=提升进展看板")
    assert stats(page) == ["8", "3", "37.5%", "1"]
    screenshot(page, "grading-1-dashboard-before")

    # add rows: a cross-industry enterprise gets one row per industry
    page.click("text=绩效提升企业清单")
    page.click("text=新增")
    yuda = GradingEnterprise.objects.get(name="郑州宇达客车制造有限公司")
    ids = [str(i.pk) for i in Industry.objects.filter(group__competition=competition,
                                                      name__in=["汽车整车制造", "工业涂装"])]
    page.select_option("#id_enterprise", str(yuda.pk))
    page.select_option("#id_industries", ids)
    page.select_option("#id_target_level", "A")
    page.fill("#id_indicator", "VOCs无组织排放控制")
    page.fill("#id_problems", "喷涂车间废气收集不完全")
    page.fill("#id_measures", "建设密闭喷涂房和RTO")
    page.fill("#id_due_date", "2099-09-30")
    page.click("button:has-text('保存')")
    assert "已新增 2 行。" in page.inner_text(".alert-success")
    screenshot(page, "grading-2-list-after-add")

    # import: one bad row → nothing saved, the row named
    before = ImprovementItem.objects.count()
    page.click("text=批量导入")
    bad = workbook(tmp_path / "bad.xlsx", [
        [1, "郑州市", "荥阳市", "荥阳市长城家具有限公司", "家具制造", "", "未评级", "B", "VOCs含量限值", "使用溶剂型涂料",
         "改用水性涂料", "2099年10月31日", ""],
        [2, "郑州市", "中牟县", "郑州新建涂装有限公司", "不存在的行业", "", "C", "B", "治理设施", "问题", "措施",
         "2099年10月31日", ""]])
    page.set_input_files("#id_file", str(bad))
    page.click("#upload")
    assert page.inner_text("#import-errors").splitlines()[-1] == \
        "第3行：重点行业类型“不存在的行业”不在附件1及省级重点行业名录中"
    assert page.locator("#confirm-import").count() == 0
    assert ImprovementItem.objects.count() == before
    screenshot(page, "grading-3-import-error")
    good = workbook(tmp_path / "good.xlsx", [
        [1, "郑州市", "荥阳市", "荥阳市长城家具有限公司", "家具制造", "", "未评级", "B", "VOCs含量限值", "使用溶剂型涂料",
         "改用水性涂料", "2099年10月31日", ""],
        [2, "郑州市", "中牟县", "郑州新建涂装有限公司", "工业涂装", "", "C", "B", "治理设施", "问题", "措施",
         "2099年10月31日", ""]])
    page.set_input_files("#id_file", str(good))
    page.click("#upload")
    screenshot(page, "grading-3b-import-preview")
    page.click("#confirm-import")
    assert "已导入 2 行。" in page.inner_text(".alert-success")
    assert ImprovementItem.objects.count() == before + 2

    # export, sorted by 县（市、区）, 行业类型, 绩效提升目标, 差异化指标
    with page.expect_download() as info:
        page.click("#export-list")
    rows = list(load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active.iter_rows(values_only=True))
    assert rows[0][0] == "附件3"
    body = rows[4:]
    assert len(body) == ImprovementItem.objects.filter(improvement_list__division=city).count()
    codes = dict(County.objects.filter(division=city).values_list("name", "code"))  # GB/T 2260
    keys = [(codes.get(r[2], "999999"), r[2], Industry.objects.get(group__competition=competition, name=r[4]).number)
            for r in body]
    assert keys == sorted(keys)
    assert [r[2] for r in body] == ["管城回族区", "管城回族区", "金水区", "中牟县", "高新区", "荥阳市", "新密市",
                                    "新郑市", "新郑市"]
    assert [r[0] for r in body] == list(range(1, len(body) + 1))

    # record an assessment (batch 1, 涉VOCs)
    page.click("text=审核评定")
    page.click("text=录入评定")
    hongda = GradingEnterprise.objects.get(name="郑州宏达包装印刷有限公司")
    page.select_option("#id_batch", label="第1批 涉VOCs行业")
    page.select_option("#id_enterprise", str(hongda.pk))
    page.select_option("#id_industry", str(Industry.objects.get(group__competition=competition, name="包装印刷").pk))
    page.select_option("#id_level", "B")
    page.fill("#id_reviewers", "省包装技术协会、李红梅")
    page.set_input_files("#id_document", files=[{"name": "评审意见.pdf", "mimeType": "application/pdf",
                                                 "buffer": b"%PDF-1.4\n%e2e\n"}])
    page.click("button:has-text('保存')")
    assert "评审意见.pdf" in page.inner_text("main")
    screenshot(page, "grading-4-assessment")

    # a violation downgrades 嵩阳水泥 from A to C
    songyang = GradingEnterprise.objects.get(name="登封市嵩阳水泥有限公司")
    page.goto(page.base_url + f"/grading/enterprises/{songyang.pk}/")
    page.click("#downgrade")
    page.select_option("#id_kind", "facility")
    page.fill("#id_description", "脱硝设施停运，氮氧化物超标")
    page.select_option("#id_level_after", "C")
    page.click("button:has-text('确认降级')")
    assert page.inner_text("#current-levels").splitlines()[1].split("\t")[:2] == ["水泥", "C"]
    assert "污染治理设施不正常运行：脱硝设施停运，氮氧化物超标" in page.inner_text("#level-history")
    screenshot(page, "grading-5-downgrade-history")

    # the dashboard moved: 9 enterprises (one new from the import); good in every industry = 耐火(A), 宏达(B) →
    # 22.2 %. 宇达 is B- in 汽车整车制造 but its 工业涂装 (added with the list rows) is not rated yet; 嵩阳 is now C.
    page.click("text=提升进展看板")
    assert stats(page) == ["9", "2", "22.2%", "1"]
    groups = page.inner_text("#groups")
    assert "建材类" in groups
    screenshot(page, "grading-6-dashboard-after")
