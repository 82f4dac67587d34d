"""下载中心: exports queued by a page that returns at once, built by the worker with progress, downloaded by
their owner only, expired and cleaned up."""

import datetime
import io
import re
import zipfile

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications.models import Application, RecommendationList
from notifications.exports import exports_cleanup
from notifications.models import ExportJob
from tests.notifications.exporting import exported


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def work():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def rows_n(g_city, g_officer, make_enterprise, make_item):
    def make(n):
        for i in range(n):
            make_item(make_enterprise(g_city, f"企业{i:04d}", ["铸造"], "C"), "铸造", by=g_officer)
    return make


@pytest.mark.django_db(transaction=True)
def test_national_list_runs_as_a_job_with_progress_through_the_real_backend(settings, client, grading, secretariat,
                                                                           g_officer, outsider, rows_n):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}
    settings.EXPORT_PROGRESS_SECONDS = 0  # record every percent, to watch the bar move
    rows_n(150)
    client.force_login(secretariat)
    client.get(reverse("notifications:list"))
    response = client.get(reverse("grading:province_list_export", args=[grading.pk]))
    job = ExportJob.objects.get()
    assert response["Location"] == f"{reverse('notifications:downloads')}?job={job.pk}"
    # the request only queued the job (no timing here: the bench measures time, tests what happened)
    assert (job.status, job.progress, job.title) == ("queued", 0, "全省重点行业绩效分级提升企业清单（Excel）")
    status = client.get(reverse("notifications:export_status", args=[job.pk])).json()
    assert (status["status"], status["progress"], status["download_url"]) == ("queued", 0, "")

    with CaptureQueriesContext(connection) as ctx:
        work()
    written = [int(m) for q in ctx.captured_queries
               for m in re.findall(r'UPDATE "notifications_exportjob" SET "progress" = (\d+)', q["sql"])]
    assert written == sorted(set(written)) and len(written) > 50 and written[-1] == 99  # climbing, per percent

    job.refresh_from_db()
    assert (job.status, job.progress, job.filename) == ("done", 100, "全省重点行业绩效分级提升企业清单.xlsx")
    assert job.size == job.file.size > 0
    assert job.expires_at - job.finished_at == datetime.timedelta(days=7)
    status = client.get(reverse("notifications:export_status", args=[job.pk])).json()
    assert (status["status"], status["progress"], status["size"], status["download_url"]) == (
        "done", 100, job.size, reverse("notifications:export_download", args=[job.pk]))

    download = client.get(reverse("notifications:export_download", args=[job.pk]))
    assert (download["Content-Disposition"], download["X-Content-Type-Options"], download["Cache-Control"]) == (
        "attachment; filename*=utf-8''%E5%85%A8%E7%9C%81%E9%87%8D%E7%82%B9%E8%A1%8C%E4%B8%9A%E7%BB%A9%E6%95%88"
        "%E5%88%86%E7%BA%A7%E6%8F%90%E5%8D%87%E4%BC%81%E4%B8%9A%E6%B8%85%E5%8D%95.xlsx", "nosniff", "private, no-store")
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert len([r for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)]) == 150

    page = client.get(reverse("notifications:downloads")).content.decode()
    assert "全省重点行业绩效分级提升企业清单（Excel）" in page and "已完成" in page
    for user in (g_officer, outsider):  # only the owner sees the job or its file
        client.force_login(user)
        assert client.get(reverse("notifications:export_download", args=[job.pk])).status_code == 404
        assert client.get(reverse("notifications:export_status", args=[job.pk])).status_code == 404
        assert "全省重点行业" not in client.get(reverse("notifications:downloads")).content.decode()


@pytest.mark.django_db
def test_expired_files_are_deleted(client, grading, secretariat, rows_n, django_capture_on_commit_callbacks):
    rows_n(1)
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("grading:province_list_export", args=[grading.pk]))
    job = ExportJob.objects.get()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=6)):
        assert exports_cleanup.call() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert exports_cleanup.call() == 1
    job.refresh_from_db()
    assert (job.status, job.file.name, storage.exists(name)) == ("expired", "", False)
    assert client.get(reverse("notifications:export_download", args=[job.pk])).status_code == 404
    assert "已过期" in client.get(reverse("notifications:downloads")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["labour:competition_xlsx", "labour:competition_pdf"])
def test_all_divisions_summary_job_query_count_does_not_grow(client, registration_open, division, other_division,
                                                              secretariat, make_labour_entry, name,
                                                              django_assert_num_queries,
                                                              django_capture_on_commit_callbacks):
    url = reverse(name, args=[division.competition_id])
    client.force_login(secretariat)
    for d in (division, other_division):
        make_labour_entry(d)
    b"".join(exported(client, url, django_capture_on_commit_callbacks).streaming_content)  # warm caches
    with CaptureQueriesContext(connection) as ctx:
        b"".join(exported(client, url, django_capture_on_commit_callbacks).streaming_content)
    for d in (division, other_division):
        make_labour_entry(d)
        make_labour_entry(d)
    with django_assert_num_queries(len(ctx.captured_queries)):
        b"".join(exported(client, url, django_capture_on_commit_callbacks).streaming_content)


@pytest.mark.django_db
def test_only_the_secretariat_can_start_the_national_export(client, grading, g_officer, outsider):
    for user in (g_officer, outsider):
        client.force_login(user)
        assert client.get(reverse("grading:province_list_export", args=[grading.pk])).status_code == 404
    assert ExportJob.objects.count() == 0


@pytest.mark.django_db
def test_recommendation_zip_has_the_summary_first_then_a_folder_per_application(
        client, contest, division, other_division, track, officer, other_officer, secretariat, enterprise,
        make_recommend_application, django_capture_on_commit_callbacks):
    first = make_recommend_application(division=division, track=track, status=Application.Status.RECOMMENDED,
                                       title="余热回收技术", order=1, attachment=True)
    make_recommend_application(division=other_division, track=track, status=Application.Status.RECOMMENDED,
                               title="开封的技术", order=1)
    for d in (division, other_division):
        RecommendationList.objects.create(division=d, track=track, status=RecommendationList.Status.ACCEPTED,
                                          submitted_at=timezone.now())
    url = reverse("notifications:recommendation_zip", args=[contest.pk, track.pk])
    for user in (officer, enterprise):  # the whole province: the secretariat only
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(secretariat)
    download = exported(client, url, django_capture_on_commit_callbacks)
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    org = first.organisation.name
    assert names[0] == f"00_推荐汇总表（{track.name}）.pdf"
    assert names[1:] == [f"001_{org}_余热回收技术/申报表.pdf", f"001_{org}_余热回收技术/01_营业执照_营业执照.pdf",
                         f"002_{org}_开封的技术/申报表.pdf"]
    client.force_login(officer)  # a city officer: its own city only
    download = exported(client, f"{url}?division={division.pk}", django_capture_on_commit_callbacks)
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert [n.split("/")[0] for n in names[1:]] == [f"001_{org}_余热回收技术"] * 2
    assert client.get(f"{url}?division={other_division.pk}").status_code == 404
