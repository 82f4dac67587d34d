"""Assessments move the level and keep the history; violations downgrade; spot checks; documents; 附件4."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reviews import services_grading as services
from reviews.models import Assessment, AssessmentBatch, AssessmentDocument, LevelChange, Violation

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"


def batch(grading, number):
    return AssessmentBatch.objects.get(competition=grading, number=number)


def levels(enterprise) -> dict:
    return {link.industry.name: (link.level, link.level_since)
            for link in enterprise.industry_links.select_related("industry")}


def test_assessment_moves_level_and_keeps_history(grading, g_city, g_officer, make_enterprise, industry):
    e = make_enterprise(g_city, "中孚耐材", ["耐火材料"], "C")
    day = timezone.localdate() - datetime.timedelta(days=1)
    a = services.assessment_record(batch=batch(grading, 3), enterprise=e, industry=industry("耐火材料"), level="A",
                                   assessed_on=day, reviewers="省耐材协会、王建国", by=g_officer)
    assert (levels(e), a.previous_level) == ({"耐火材料": ("A", day)}, "C")
    assert list(LevelChange.objects.filter(enterprise=e).values_list("industry__name", "level_before", "level_after",
                                                                      "source")) == [
        ("耐火材料", "C", "A", "assessment")]


def test_assessment_industry_must_belong_to_the_batch(grading, g_city, g_officer, make_enterprise, industry):
    e = make_enterprise(g_city, "中孚耐材", ["耐火材料"], "C")
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(batch=batch(grading, 1), enterprise=e, industry=industry("耐火材料"), level="A",
                                   assessed_on=timezone.localdate(), reviewers="专家", by=g_officer)
    assert exc.value.message_dict == {"industry": ["“耐火材料”不属于第1批 涉VOCs行业的审核范围（涉VOCs行业）。"]}
    assert Assessment.objects.count() == 0


def test_assessment_after_batch_deadline_is_refused(grading, g_city, g_officer, make_enterprise, industry):
    b = batch(grading, 3)
    AssessmentBatch.objects.filter(pk=b.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    e = make_enterprise(g_city, "中孚耐材", ["耐火材料"], "C")
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(batch=b, enterprise=e, industry=industry("耐火材料"), level="A",
                                   assessed_on=timezone.localdate(), reviewers="专家", by=g_officer)
    deadline = timezone.localdate() - datetime.timedelta(days=1)
    assert exc.value.messages == [f"第3批 建材类行业的审核认定已于{deadline:%Y年%m月%d日}截止。"]


def test_violation_downgrades_that_industry_and_keeps_history(client, grading, g_city, g_officer, make_enterprise,
                                                               industry):
    e = make_enterprise(g_city, "嵩阳水泥", ["水泥", "工业涂装"], "A")
    client.force_login(g_officer)
    today = timezone.localdate()
    response = client.post(f"/grading/enterprises/{e.pk}/violation/", {
        "industry": industry("水泥").pk, "kind": "excess", "occurred_on": today.isoformat(),
        "description": "颗粒物超标排放", "level_after": "B"})
    assert response.status_code == 302
    assert levels(e) == {"水泥": ("B", today), "工业涂装": ("A", None)}
    v = Violation.objects.get()
    assert (v.industry.name, v.level_before, v.level_after, v.get_kind_display()) == ("水泥", "A", "B", "超标排放")
    assert list(LevelChange.objects.filter(enterprise=e).values_list("industry__name", "level_before", "level_after",
                                                                      "source", "reason")) == [
        ("水泥", "A", "B", "violation", "超标排放：颗粒物超标排放")]
    page = client.get(f"/grading/enterprises/{e.pk}/").content.decode()
    assert "超标排放：颗粒物超标排放" in page


def test_downgrade_must_go_down(grading, g_city, g_officer, make_enterprise, industry):
    e = make_enterprise(g_city, "嵩阳水泥", ["水泥"], "B")
    with pytest.raises(ValidationError) as exc:
        services.violation_record(enterprise=e, industry=industry("水泥"), kind="secret", occurred_on=timezone.localdate(),
                                  description="偷排", level_after="A", by=g_officer)
    assert exc.value.message_dict == {"level_after": ["降级后的绩效等级必须低于当前等级。"]}
    assert Violation.objects.count() == 0


def test_spot_check_failure_sets_level(client, grading, g_city, g_officer, secretariat, make_enterprise, industry):
    e = make_enterprise(g_city, "宏达印刷", ["包装印刷"], "C")
    a = services.assessment_record(batch=batch(grading, 1), enterprise=e, industry=industry("包装印刷"), level="A",
                                   assessed_on=timezone.localdate(), reviewers="专家", by=g_officer)
    client.force_login(g_officer)
    assert client.post(f"/grading/assessments/{a.pk}/spot-check/", {"outcome": "passed"}).status_code == 403
    client.force_login(secretariat)
    client.post(f"/grading/assessments/{a.pk}/spot-check/", {"outcome": "failed", "corrected_level": "B",
                                                              "note": "VOCs收集效率未达A级要求"})
    a.refresh_from_db()
    assert (a.spot_check, a.spot_check_level, levels(e)["包装印刷"][0]) == ("failed", "B", "B")
    assert LevelChange.objects.filter(enterprise=e).latest("id").source == "spot_check"


def test_document_upload_checks_type_and_content(grading, g_city, g_officer, make_enterprise, industry):
    e = make_enterprise(g_city, "宏达印刷", ["包装印刷"], "C")
    a = services.assessment_record(batch=batch(grading, 1), enterprise=e, industry=industry("包装印刷"), level="B",
                                   assessed_on=timezone.localdate(), reviewers="专家", by=g_officer)
    with pytest.raises(ValidationError) as exc:
        services.assessment_document_add(assessment=a, upload=SimpleUploadedFile("a.pdf", b"MZ\x90\x00"), by=g_officer)
    assert exc.value.messages == ["文件内容与扩展名不符：“a.pdf”不是有效的PDF文件。"]
    with pytest.raises(ValidationError) as exc:
        services.assessment_document_add(assessment=a, upload=SimpleUploadedFile("a.exe", PDF), by=g_officer)
    assert exc.value.messages == ["不支持的文件类型“.exe”，此项只能上传PDF、JPG、PNG、DOCX、XLSX文件。"]
    with override_settings(UPLOAD_MAX_BYTES=1024 * 1024):
        with pytest.raises(ValidationError) as exc:
            services.assessment_document_add(assessment=a, upload=SimpleUploadedFile("a.pdf", PDF + b"0" * 2**20),
                                             by=g_officer)
    assert exc.value.messages == ["文件过大：不能超过1 MB，当前文件1.1 MB。"]
    assert AssessmentDocument.objects.count() == 0


def test_document_download_and_ab_list(client, grading, g_city, g_officer, make_enterprise, industry, tmp_path,
                                       settings):
    settings.MEDIA_ROOT = tmp_path
    e = make_enterprise(g_city, "宏达印刷", ["包装印刷"], "C", county="金水区")
    c = make_enterprise(g_city, "某涂装", ["工业涂装"], "D")
    client.force_login(g_officer)
    response = client.post(f"/grading/cities/{g_city.pk}/assessments/new/", {
        "batch": batch(grading, 1).pk, "enterprise": e.pk, "industry": industry("包装印刷").pk, "level": "B",
        "assessed_on": timezone.localdate().isoformat(), "reviewers": "省印刷协会",
        "document": SimpleUploadedFile("评审意见.pdf", PDF)})
    assert response.status_code == 302
    services.assessment_record(batch=batch(grading, 1), enterprise=c, industry=industry("工业涂装"), level="C",
                               assessed_on=timezone.localdate(), reviewers="专家", by=g_officer)
    doc = AssessmentDocument.objects.get()
    assert doc.file.name.startswith(f"grading/{doc.assessment_id}/") and "评审意见" not in doc.file.name
    download = client.get(f"/grading/documents/{doc.pk}/download/")
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    response = client.get(f"/grading/cities/{g_city.pk}/batches/{batch(grading, 1).pk}/ab-list.xlsx")
    path = tmp_path / "ab.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    rows = list(load_workbook(io.BytesIO(path.read_bytes())).active.iter_rows(values_only=True))
    assert rows[0][0] == "附件4" and rows[1][0] == "A级、B级、绩效引领性企业清单（第1批 涉VOCs行业）"
    assert rows[3] == ("序号", "省辖市", "县（市、区）", "企业名称", "行业", "绩效等级", "评定时间", "现场抽查复核")
    assert rows[4][:6] == (1, "郑州市", "金水区", "宏达印刷", "包装印刷", "B")
    assert len(rows) == 5  # the C enterprise is not on the A/B list


@pytest.mark.parametrize("n", [1, 3])
def test_ab_list_query_count_is_constant(client, grading, g_city, g_officer, make_enterprise, industry, n,
                                         django_assert_num_queries):
    for i in range(n):
        e = make_enterprise(g_city, f"企业{i}", ["包装印刷"], "C")
        services.assessment_record(batch=batch(grading, 1), enterprise=e, industry=industry("包装印刷"), level="A",
                                   assessed_on=timezone.localdate(), reviewers="专家", by=g_officer)
    client.force_login(g_officer)
    client.get(f"/grading/cities/{g_city.pk}/list/")
    with django_assert_num_queries(7):
        response = client.get(f"/grading/cities/{g_city.pk}/batches/{batch(grading, 1).pk}/ab-list.xlsx")
        b"".join(response.streaming_content)


def test_disclosure_public_only_after_publishing(client, grading, g_city, secretariat, make_enterprise):
    make_enterprise(g_city, "嵩阳水泥", ["水泥"], "A")
    make_enterprise(g_city, "未评企业", ["水泥"], "")
    assert client.get(f"/grading/public/{g_city.pk}/").status_code == 404
    client.force_login(secretariat)
    client.post(f"/grading/cities/{g_city.pk}/disclosure/", {"action": "publish"})
    client.logout()
    make_enterprise(g_city, "后来企业", ["水泥"], "B")  # not published yet
    response = client.get(f"/grading/public/{g_city.pk}/")
    assert response.status_code == 200
    assert [(r["name"], r["level"]) for r in response.context["page"]] == [("嵩阳水泥", "A")]


@pytest.mark.parametrize("n", [1, 3])
def test_province_ab_list_and_public_page_query_counts_are_constant(client, grading, g_city, g_officer, secretariat,
                                                                    make_enterprise, industry, n,
                                                                    django_assert_num_queries):
    for i in range(n):
        e = make_enterprise(g_city, f"企业{i}", ["包装印刷"], "C")
        services.assessment_record(batch=batch(grading, 1), enterprise=e, industry=industry("包装印刷"), level="A",
                                   assessed_on=timezone.localdate(), reviewers="专家", by=g_officer)
    services.disclosure_publish(division=g_city, by=secretariat)
    client.force_login(secretariat)
    client.get(f"/grading/{grading.pk}/")
    with django_assert_num_queries(7):
        response = client.get(f"/grading/{grading.pk}/batches/{batch(grading, 1).pk}/ab-list.xlsx")
        b"".join(response.streaming_content)
    client.logout()
    with django_assert_num_queries(2):
        response = client.get(f"/grading/public/{g_city.pk}/")
    assert len(response.context["page"]) == n


def test_assessment_list_filters_by_batch_and_a_bogus_batch_lists_nothing(client, grading, g_city, g_officer,
                                                                          make_enterprise, industry):
    day = timezone.localdate() - datetime.timedelta(days=1)
    first = services.assessment_record(batch=batch(grading, 1), enterprise=make_enterprise(g_city, "甲企业", ["包装印刷"], "C"),
                                       industry=industry("包装印刷"), level="B", assessed_on=day, reviewers="专家",
                                       by=g_officer)
    services.assessment_record(batch=batch(grading, 3), enterprise=make_enterprise(g_city, "乙企业", ["耐火材料"], "C"),
                               industry=industry("耐火材料"), level="A", assessed_on=day, reviewers="专家", by=g_officer)
    client.force_login(g_officer)
    url = reverse("grading:assessment_list", args=[g_city.pk])
    response = client.get(url, {"batch": batch(grading, 1).pk})
    assert [a.pk for a in response.context["page"]] == [first.pk] and response.context["batch"] == batch(grading, 1)
    assert len(client.get(url).context["page"]) == 2
    for bogus in ("xyz", "999999"):
        response = client.get(url, {"batch": bogus})
        assert response.status_code == 200 and list(response.context["page"]) == []
        assert response.context["batch"] is None
