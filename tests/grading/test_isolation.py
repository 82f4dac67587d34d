"""Another city's officer (and every other named user) gets 404 for this city's list, rows, register,
assessments, files and exports, and nothing is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import EnterpriseIndustry, GradingEnterprise, ImprovementItem, ImprovementList
from greencomp.models import AuditEvent
from reviews import services_grading as services
from reviews.models import Assessment, AssessmentBatch, AssessmentDocument, Disclosure, LevelChange, Violation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(grading, g_city, g_officer, make_enterprise, make_item, industry, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    e = make_enterprise(g_city, "嵩阳水泥", ["水泥", "包装印刷"], "B")
    item = make_item(e, "水泥", target="A", by=g_officer)
    batch = AssessmentBatch.objects.get(competition=grading, number=1)
    a = services.assessment_record(batch=batch, enterprise=e, industry=industry("包装印刷"), level="A",
                                   assessed_on=timezone.localdate(), reviewers="专家", by=g_officer)
    doc = services.assessment_document_add(assessment=a, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
                                           by=g_officer)
    return {"enterprise": e, "item": item, "assessment": a, "document": doc, "batch": batch, "division": g_city}


def urls(w):
    d, e, i, a, doc, b = (w["division"].pk, w["enterprise"].pk, w["item"].pk, w["assessment"].pk,
                          w["document"].pk, w["batch"].pk)
    gets = [f"/grading/cities/{d}/list/", f"/grading/cities/{d}/list/export.xlsx", f"/grading/cities/{d}/list/new/",
            f"/grading/cities/{d}/list/import/", f"/grading/cities/{d}/list/template.xlsx",
            f"/grading/cities/{d}/enterprises/", f"/grading/cities/{d}/enterprises/new/",
            f"/grading/cities/{d}/enterprises/import/", f"/grading/cities/{d}/enterprises/export.xlsx",
            f"/grading/cities/{d}/enterprises/template.xlsx",
            f"/grading/enterprises/{e}/", f"/grading/enterprises/{e}/edit/", f"/grading/enterprises/{e}/violation/",
            f"/grading/items/{i}/edit/", f"/grading/cities/{d}/assessments/", f"/grading/cities/{d}/assessments/new/",
            f"/grading/assessments/{a}/", f"/grading/documents/{doc}/download/",
            f"/grading/cities/{d}/batches/{b}/ab-list.xlsx"]
    posts = [(f"/grading/items/{i}/delete/", {}), (f"/grading/items/{i}/edit/", {"indicator": "x"}),
             (f"/grading/cities/{d}/list/submit/", {}), (f"/grading/cities/{d}/list/reopen/", {"reason": "x"}),
             (f"/grading/enterprises/{e}/violation/", {"kind": "excess", "occurred_on": "2020-01-01",
                                                       "description": "x", "level_after": "D"}),
             (f"/grading/assessments/{a}/spot-check/", {"outcome": "failed", "corrected_level": "D", "note": "x"}),
             (f"/grading/assessments/{a}/", {"file": SimpleUploadedFile("b.pdf", b"%PDF-1.4")}),
             (f"/grading/cities/{d}/disclosure/", {"action": "publish"})]
    return gets, posts


def counts():
    return (GradingEnterprise.objects.count(), ImprovementItem.objects.count(), Assessment.objects.count(),
            AssessmentDocument.objects.count(), Violation.objects.count(), LevelChange.objects.count(),
            Disclosure.objects.count(), AuditEvent.objects.count(),
            list(ImprovementList.objects.values_list("status", flat=True)),
            list(EnterpriseIndustry.objects.order_by("id").values_list("level", flat=True)),
            list(Assessment.objects.values_list("spot_check", flat=True)))


@pytest.mark.parametrize("who", ["g_other_officer", "officer", "other_officer", "enterprise", "expert", "outsider"])
def test_foreign_users_get_404_and_write_nothing(client, world, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    gets, posts = urls(world)
    before = counts()
    for url in gets:
        assert (url, client.get(url).status_code) == (url, 404)
    for url, data in posts:
        assert (url, client.post(url, data).status_code) == (url, 404)
    assert counts() == before


def test_foreign_officer_cannot_see_province_pages(client, world, grading, g_other_officer):
    client.force_login(g_other_officer)
    b = world["batch"].pk
    for url in [f"/grading/{grading.pk}/list/export.xlsx", f"/grading/{grading.pk}/batches/{b}/ab-list.xlsx"]:
        assert client.get(url).status_code == 404
    response = client.get(f"/grading/{grading.pk}/")
    assert [r.label for r in response.context["cities"]] == ["开封市"]
    assert response.context["overall"].total == 0


def test_anonymous_is_sent_to_login(client, world):
    gets, _posts = urls(world)
    for url in gets:
        response = client.get(url)
        assert (url, response.status_code, response["Location"].split("?")[0]) == (url, 302, "/auth/login/")


def test_secretariat_sees_every_city(client, world, secretariat):
    client.force_login(secretariat)
    gets, _posts = urls(world)
    for url in gets:
        if url.endswith(("/new/", "/edit/", "/import/", "/violation/")):
            continue
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)  # consuming closes the export's temporary file
        assert (url, response.status_code) == (url, 200)
