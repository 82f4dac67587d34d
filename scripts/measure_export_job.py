"""Issue 11's acceptance, measured: a 下载中心 export starts in < 200 ms and its worker's memory stays flat.

For each kind asked for (default: the 1,800-application ZIP and the national 50,000-row improvement list):
1. the request that starts it, through the full stack (django.test.Client, secretariat, force_login), 5 times
   in this fresh process — each ms and the median;
2. one of those jobs run as production runs it: `manage.py db_worker --batch` in a subprocess (the other
   queued copies are deleted first), its VmRSS sampled every second from /proc/<pid>/status, VmHWM at the end;
   prints duration, output size, RSS min/median/max and the mean of the first vs the last quarter of samples.

Data: a PostgreSQL database of its own with the national synthetic data of the two kinds, e.g.
    createdb -h 127.0.0.1 -U postgres greencomp_zip
    <BENCH_ENV of the Makefile with DATABASE_URL=.../greencomp_zip> .venv/bin/python manage.py migrate
    ... manage.py shell -c "from greencomp.seed import accounts, innovation, grading; accounts.seed_accounts();
        innovation.synthetic_innovation('national'); grading.synthetic_grading('national')"
(or the whole `manage.py seed_synthetic --scale national`). The national innovation contest has 3,600
submitted applications per track but recommends none, so --zip-applications N (default 1,800) marks N of
track 1 (N/18 per city, in pk order) 已推荐 with a submitted city list — idempotent, synthetic data only.
Then:
    <BENCH_ENV ...> .venv/bin/python scripts/measure_export_job.py [--kind recommendation_zip] [--requests 5]
Run it alone on the machine (`uptime` is printed beside the numbers); the ZIP at 1,800 takes minutes."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greencomp.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_tasks.backends.database.models import DBTaskResult  # noqa: E402

from applications.models import Application, RecommendationList  # noqa: E402
from competitions.models import Competition, Division, Track  # noqa: E402
from greencomp.models import User  # noqa: E402
from greencomp.seed.innovation import FIXTURE_TITLE  # noqa: E402
from notifications.models import ExportJob  # noqa: E402

GRADING_TITLE = "绩效分级提升行动（合成数据·national）"


@transaction.atomic
def zip_track(n: int) -> tuple[Competition, Track]:
    """Track 1 of the national synthetic contest with `n` recommended applications in submitted city lists."""
    contest = Competition.objects.get(title=f"{FIXTURE_TITLE}（合成数据 national）")
    track = Track.objects.get(competition=contest, number=1)
    if Application.objects.filter(track=track, status=Application.Status.RECOMMENDED).count() != n:
        Application.objects.filter(track=track, status=Application.Status.RECOMMENDED).update(
            status=Application.Status.SUBMITTED, recommend_order=None)
        divisions = list(Division.objects.filter(competition=contest).order_by("order"))
        for i, division in enumerate(divisions):
            count = n // len(divisions) + (1 if i < n % len(divisions) else 0)
            pks = Application.objects.filter(track=track, division=division).order_by("pk").values_list(
                "pk", flat=True)[:count]
            for order, pk in enumerate(pks, start=1):
                Application.objects.filter(pk=pk).update(status=Application.Status.RECOMMENDED, recommend_order=order)
            RecommendationList.objects.update_or_create(division=division, track=track, defaults={
                "status": RecommendationList.Status.SUBMITTED, "submitted_at": django.utils.timezone.now()})
    return contest, track


def start_url(kind: str, zip_applications: int) -> str:
    if kind == "recommendation_zip":
        contest, track = zip_track(zip_applications)
        return reverse("notifications:recommendation_zip", args=[contest.pk, track.pk])
    if kind == "improvement_list_xlsx":
        return reverse("grading:province_list_export", args=[Competition.objects.get(title=GRADING_TITLE).pk])
    raise SystemExit(f"no start URL known for {kind}")


def time_requests(url: str, count: int) -> tuple[list[float], list[int]]:
    client = Client()
    client.force_login(User.objects.get(username="secretariat"))
    times, jobs = [], []
    for _ in range(count):
        last = ExportJob.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, (response.status_code, url)
        jobs += list(ExportJob.objects.filter(pk__gt=last).values_list("pk", flat=True))
    return times, jobs


def keep_one(jobs: list[int], *, keep_none: bool = False) -> int:
    """The first job stays queued (none with keep_none); the other copies and their queued tasks are deleted."""
    keep, drop = jobs[0], jobs if keep_none else jobs[1:]
    for task in DBTaskResult.objects.filter(status="READY", task_path__endswith="export_run"):
        if task.args_kwargs.get("kwargs", {}).get("job_id") in drop:
            task.delete()
    ExportJob.objects.filter(pk__in=drop).delete()
    return keep


def proc_status(pid: int) -> dict[str, float]:
    """VmRSS, VmHWM (kB) and the CPU seconds so far; {} once the process is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return {}
    found = {k: int(v.split()[0]) for k, _, v in (line.partition(":") for line in lines) if k in ("VmRSS", "VmHWM")}
    found["cpu"] = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return found


def run_worker(job_pk: int) -> dict:
    worker = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "db_worker", "--batch", "--no-reload",
                               "--no-startup-delay", "--interval", "0.2"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    started, samples, hwm, cpu, progress = time.monotonic(), [], 0, 0, []
    while worker.poll() is None:
        status = proc_status(worker.pid)
        if status.get("VmRSS"):  # none yet while the interpreter starts, none once it exits
            samples.append(status["VmRSS"] / 1024)
            hwm, cpu = max(hwm, status["VmHWM"] / 1024), status["cpu"]
            progress.append(ExportJob.objects.filter(pk=job_pk).values_list("progress", flat=True).first())
            if len(samples) % 60 == 0:  # a line a minute: a run stopped early still tells its curve
                print(f"  {time.monotonic() - started:.0f} s: {progress[-1]} %, VmRSS {samples[-1]:.1f} MB, "
                      f"VmHWM {hwm:.1f} MB, CPU {cpu:.1f} s", flush=True)
        time.sleep(1)
    wall = time.monotonic() - started
    stderr = worker.stderr.read().decode()[-2000:]
    job = ExportJob.objects.get(pk=job_pk)
    quarter = max(len(samples) // 4, 1)
    return {"status": job.status, "error": job.error, "wall_s": round(wall, 1),
            "job_s": round((job.finished_at - job.created_at).total_seconds(), 1) if job.finished_at else None,
            "worker_cpu_s": round(cpu, 1),
            "size_mb": round((job.size or 0) / 2**20, 1), "filename": job.filename, "samples": len(samples),
            "rss_mb": {"min": round(min(samples), 1), "median": round(statistics.median(samples), 1),
                       "max": round(max(samples), 1),
                       "first_quarter_mean": round(statistics.mean(samples[:quarter]), 1),
                       "last_quarter_mean": round(statistics.mean(samples[-quarter:]), 1)} if samples else {},
            "vmhwm_mb": round(hwm, 1), "progress_seen": sorted({p for p in progress if p is not None}),
            "rss_curve_mb": [round(s) for s in samples[:: max(len(samples) // 40, 1)]],
            "worker_stderr_tail": stderr if job.status != "done" else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", action="append", choices=["recommendation_zip", "improvement_list_xlsx"])
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--zip-applications", type=int, default=1800)
    parser.add_argument("--no-worker", action="store_true", help="time the starting requests only")
    args = parser.parse_args()
    for kind in args.kind or ["recommendation_zip", "improvement_list_xlsx"]:
        url = start_url(kind, args.zip_applications)
        times, jobs = time_requests(url, args.requests)
        print(f"{kind}: starting request {[round(t, 1) for t in times]} ms, median "
              f"{statistics.median(times):.1f} ms (limit 200) — uptime: {os.getloadavg()}", flush=True)
        job = keep_one(jobs, keep_none=args.no_worker)
        if args.no_worker:
            continue
        result = run_worker(job)
        print(f"{kind}: worker {json.dumps(result, ensure_ascii=False)} — uptime: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
