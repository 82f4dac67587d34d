"""下载中心: long exports built by the worker, with their progress in the ExportJob row.

Each kind composes the owning capability's public exporter functions; it only wraps their row iterators so
the progress moves as rows are written. The view that starts an export has already checked the permission;
the job runs as the user who asked (the same selectors scope the rows) and only that user downloads the file."""

import dataclasses
import datetime
import gc
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from applications.exporters_grading import ImprovementListExporter
from applications.exporters_labour import CompetitionSummaryExporter
from applications.exporters_recommend import RecommendationSummaryExporter
from applications.form_specs import proof_label
from applications.pdf_innovation import application_pdf
from applications.selectors_labour import fill_rate_rows
from competitions.models import Competition, Division, Track
from greencomp.xlsx import write_xlsx

from .enums import ExportStatus
from .jobs import retry_later
from .models import ExportJob


class Progress:
    """Writes the job's progress (0–99 while running) when the percent moved, at most every
    EXPORT_PROGRESS_SECONDS: a bounded number of writes however many rows, enough for a bar polled each second."""

    def __init__(self, job: ExportJob, total: int):
        self.job, self.total, self.done, self.shown = job, max(total, 1), 0, 0
        self.written_at = time.monotonic()

    def step(self, n: int = 1) -> None:
        self.done += n
        percent = min(99, self.done * 100 // self.total)
        now = time.monotonic()
        if percent != self.shown and now - self.written_at >= settings.EXPORT_PROGRESS_SECONDS:
            self.shown, self.written_at = percent, now
            ExportJob.objects.filter(pk=self.job.pk).update(progress=percent)

    def through(self, items: Iterable) -> Iterable:
        for item in items:
            yield item
            self.step()


def _competition(job: ExportJob) -> Competition:
    return Competition.objects.prefetch_related("phases").get(pk=job.params["competition"])


def _xlsx(sheets) -> File:
    tmp = tempfile.TemporaryFile()
    write_xlsx(sheets, tmp)
    tmp.seek(0)
    return File(tmp)


def _pdf(exporter) -> File:
    """The exporter's PDF in a temporary file: long tables are rendered in parts (greencomp/pdf.py)."""
    tmp = tempfile.TemporaryFile()
    exporter.write_pdf(tmp)
    tmp.seek(0)
    return File(tmp)


class _TrackedSummary(CompetitionSummaryExporter):
    """Progress moves one step per finished sheet (the totals, then each division)."""
    progress: Progress

    def sheets(self):
        return [dataclasses.replace(s, rows=_then(s.rows, self.progress.step)) for s in super().sheets()]


def _labour_summary(job: ExportJob) -> _TrackedSummary:
    competition = _competition(job)
    rows = fill_rate_rows(job.user, competition, status=job.params.get("status", ""), q=job.params.get("q", ""))
    exporter = _TrackedSummary(competition, rows)
    exporter.progress = Progress(job, len(rows) + 1)
    return exporter


def labour_summary_xlsx(job: ExportJob):
    exporter = _labour_summary(job)
    return f"{exporter.filename}.xlsx", _xlsx(exporter.sheets())


def _then(rows: Iterable, after: Callable) -> Iterable:
    yield from rows
    after()


def labour_summary_pdf(job: ExportJob):
    exporter = _labour_summary(job)
    return f"{exporter.filename}.pdf", _pdf(exporter)


class _RowsTracked:
    """Mixed into an exporter of one `queryset()`: progress moves one step per row written."""

    progress: Progress

    def tracked_by(self, job: ExportJob):
        self.progress = Progress(job, self.queryset().count())
        return self

    def rows(self):
        return self.progress.through(super().rows())


class _TrackedRecommendation(_RowsTracked, RecommendationSummaryExporter):
    pass


class _TrackedImprovement(_RowsTracked, ImprovementListExporter):
    pass


def recommendation_summary_pdf(job: ExportJob):
    competition = _competition(job)
    track = Track.objects.filter(competition=competition, pk=job.params.get("track")).first()
    exporter = _TrackedRecommendation(competition, track=track).tracked_by(job)
    return f"{exporter.filename}.pdf", _pdf(exporter)


def improvement_list_xlsx(job: ExportJob):
    exporter = _TrackedImprovement(competition=_competition(job)).tracked_by(job)
    return f"{exporter.filename}.xlsx", _xlsx(exporter.sheets())


def _safe(name: str, limit: int = 80) -> str:
    return "".join("_" if c in '\\/:*?"<>|\r\n\t' else c for c in name).strip()[:limit] or "未命名"


def recommendation_zip(job: ExportJob):
    """批量下载申报材料: the 推荐汇总表 first, then per application (numbered as in that table) its official PDF,
    stamped scan and attachments. Written to a temporary file one member at a time: memory stays flat."""
    competition = _competition(job)
    track = Track.objects.get(competition=competition, pk=job.params["track"])
    division = Division.objects.filter(competition=competition, pk=job.params.get("division")).first()
    exporter = RecommendationSummaryExporter(competition, track=track, division=division)
    applications = exporter.queryset().select_related("competition", "created_by").prefetch_related(
        "attachments", "competition__tracks")
    progress = Progress(job, exporter.queryset().count() + 1)
    tmp = tempfile.TemporaryFile()
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with _pdf(exporter) as summary, archive.open(f"00_{_safe(exporter.filename)}.pdf", "w") as target:
            shutil.copyfileobj(summary, target, 1024 * 1024)
        progress.step()
        for number, app in enumerate(progress.through(applications.iterator(chunk_size=100)), start=1):
            folder = f"{number:03d}_{_safe(app.organisation.name, 60)}_{_safe(app.title, 60)}"
            archive.writestr(f"{folder}/申报表.pdf", application_pdf(app))
            gc.collect()  # WeasyPrint leaves reference cycles: without this the worker grows ~1 MB a PDF
            for i, attachment in enumerate(app.attachments.all(), start=1):
                label = proof_label(track.form_type, attachment.category)
                with attachment.file.open("rb") as source, archive.open(
                        f"{folder}/{i:02d}_{_safe(label, 30)}_{_safe(attachment.original_name)}", "w") as target:
                    shutil.copyfileobj(source, target, 1024 * 1024)
    tmp.seek(0)
    return f"{_safe(exporter.title, 120)}_申报材料.zip", File(tmp)


KINDS: dict[str, tuple[str, Callable]] = {
    "recommendation_zip": ("批量下载申报材料（ZIP）", recommendation_zip),
    "labour_summary_xlsx": ("参赛单位汇总表（全部赛区，Excel）", labour_summary_xlsx),
    "labour_summary_pdf": ("参赛单位汇总表（全部赛区，PDF）", labour_summary_pdf),
    "recommendation_summary_pdf": ("推荐汇总表（PDF）", recommendation_summary_pdf),
    "improvement_list_xlsx": ("全省重点行业绩效分级提升企业清单（Excel）", improvement_list_xlsx),
}


def export_start(*, user, kind: str, params: dict, title: str = "") -> ExportJob:
    """Record the job and enqueue it after commit; returns at once (the worker builds the file)."""
    label, _ = KINDS[kind]
    with transaction.atomic():
        job = ExportJob.objects.create(user=user, kind=kind, params=params, title=title or label)
        transaction.on_commit(lambda: export_run.enqueue(job_id=job.pk))
    return job


@task()
def export_run(job_id: int, attempt: int = 1) -> str:
    job = ExportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status in (ExportStatus.DONE, ExportStatus.EXPIRED):
        return "already done"
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, progress=0, attempts=attempt)
    try:
        filename, content = KINDS[job.kind][1](job)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:300]
        if retry_later(export_run, attempt=attempt, job_id=job.pk):
            ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.QUEUED, error=error)
            return "retry scheduled"
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED, error=error,
                                                   finished_at=timezone.now())
        raise
    try:
        job.file.save(filename, content, save=False)
    finally:
        content.close()
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE, progress=100, file=job.file.name, filename=filename, size=job.file.size,
        error="", finished_at=now, expires_at=now + datetime.timedelta(days=settings.EXPORT_KEEP_DAYS))
    return "done"


@task()
def exports_cleanup() -> int:
    """Delete the files of expired exports (the row stays, marked 已过期)."""
    count = 0
    for job in ExportJob.objects.filter(status=ExportStatus.DONE, expires_at__lte=timezone.now()):
        if job.file:
            job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.EXPIRED, file="")
        count += 1
    return count


def export_status(job: ExportJob) -> dict:
    return {"id": job.pk, "status": job.status, "status_label": job.get_status_display(),
            "progress": job.progress, "size": job.size, "error": "导出失败，请稍后重试或联系管理员。" if job.error and
            job.status == ExportStatus.FAILED else "",
            "expires_at": timezone.localtime(job.expires_at).strftime("%Y-%m-%d %H:%M") if job.expires_at else "",
            "download_url": reverse("notifications:export_download", args=[job.pk])
            if job.status == ExportStatus.DONE else ""}
