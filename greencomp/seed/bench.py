"""How `manage.py bench` measures one target (SPEC.md performance targets). What it measures, and the
synthetic data it runs on, are listed in `greencomp.seed.synthetic`.

Every request goes through the whole middleware stack with django.test.Client in this process: 1 warm-up,
then the median of 5 runs. A list page is compared with the bare reference view of the same rows
(`greencomp.seed.bench_views`, mounted in the URLconf only when settings.BENCH_VIEWS is on), requested by the
same client in the same run. Memory is the peak RSS of a fresh process that makes the one request (or, where it
renders in child processes, the peak PSS of the whole process tree)."""

import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greencomp.models import User
from notifications.exports import KINDS
from notifications.models import ExportJob

RUNS = 5
SLOW_MS = 10_000  # a target whose warm-up takes longer is run once more, not five times (said in the output)
BARE_ROWS = 50
LIST_RATIO = 2.5  # SPEC: a 50-row list page ≤ 2.5 × the bare view
EXCEL_MS_PER_ROW = 0.25  # SPEC: 10,000 rows ≤ 2.5 s, 100,000 rows ≤ 25 s
EXCEL_MB = 150


@dataclass
class Target:
    label: str
    username: str | Callable[[], str]  # a callable when the user exists only once the data is built
    url: Callable[[], str] | None  # evaluated once the data exists; None for a background export job
    baseline: Callable | None = None  # () -> queryset of the page's rows: the bare view renders the same rows
    limit_ms: float | None = None  # an absolute target from SPEC.md, if any
    measure_memory: bool = False
    limit_mb: float | None = None  # peak RSS of a fresh process
    rows: Callable[[], int] | None = None  # rows the page or export really holds (else the bare view's count)
    bare_rows: int | None = BARE_ROWS  # None: the bare view renders every row (a full, unpaginated table)
    job: str = ""  # a 下载中心 export kind (notifications.exports.KINDS): its body is timed, as the worker runs it
    params: Callable[[], dict] | None = None  # the job's parameters
    key: int = field(default=0, compare=False)  # its place in targets(scale): the bare view's URL argument


def excel(label, username, url, rows: Callable[[], int], **kwargs) -> Target:
    """An Excel export with the SPEC limits for its real size (2.5 s per 10,000 rows, 150 MB peak RSS)."""
    return Target(label, username, url, rows=rows, measure_memory=True, limit_mb=EXCEL_MB,
                  limit_ms=lambda n: max(n, 10_000) * EXCEL_MS_PER_ROW, **kwargs)


def peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM, not getrusage's ru_maxrss: on Linux a child's ru_maxrss starts from the
    forking parent's (it survives exec), so a fresh process would report the bench's own peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB (no /proc: not Linux)


def _fetch(client: Client, url: str):
    response = client.get(url)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response


def median_ms(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def timed(client: Client, url: str, label: str) -> dict:
    """Warm-up (template and import caches), one request with its queries counted, then the timed runs."""
    start = time.perf_counter()
    _fetch(client, url)
    warm_ms = (time.perf_counter() - start) * 1000
    with CaptureQueriesContext(connection) as queries:
        response = _fetch(client, url)
    query_count = len(queries)  # now: the log it reads is cleared by the next request
    assert response.status_code == 200, f"{label}: HTTP {response.status_code} {url}"
    runs = 1 if warm_ms > SLOW_MS else RUNS
    return {"ms": median_ms(lambda: _fetch(client, url), runs), "queries": query_count, "runs": runs,
            "response": response}


def timed_job(target: Target, username: str) -> dict:
    """A background export as the worker builds it (the request only queues it): the job's body, in process."""
    job = ExportJob(user=User.objects.get(username=username), kind=target.job, params=target.params())

    def run():
        _name, content = KINDS[target.job][1](job)
        content.close()

    start = time.perf_counter()
    run()
    warm_ms = (time.perf_counter() - start) * 1000
    with CaptureQueriesContext(connection) as queries:
        run()
    # the job's progress bar is written on a timer (a longer run writes it more often): not the export's queries
    query_count = sum(not q["sql"].startswith('UPDATE "notifications_exportjob"') for q in queries.captured_queries)
    runs = 1 if warm_ms > SLOW_MS else RUNS
    return {"ms": median_ms(run, runs), "queries": query_count, "runs": runs}


def bare_url(scale: str, target: Target) -> str:
    return reverse("bench_bare", args=[scale, target.key])


def measure(target: Target, client: Client, scale: str, username: str) -> dict:
    page = timed_job(target, username) if target.job else timed(client, target.url(), target.label)
    row = {"label": target.label, "ms": page["ms"], "queries": page["queries"], "runs": page["runs"]}
    if target.baseline is not None:
        bare = timed(client, bare_url(scale, target), f"{target.label}（裸视图）")
        row.update(bare_ms=bare["ms"], bare_queries=bare["queries"], ratio=page["ms"] / bare["ms"],
                   rows=int(bare["response"]["X-Bench-Rows"]))
    if target.rows is not None:
        row["rows"] = target.rows()
    limit = target.limit_ms(row.get("rows", 0)) if callable(target.limit_ms) else target.limit_ms
    if limit:
        row["limit_ms"] = limit
    if target.measure_memory:
        row["rss_mb"] = fresh_process_rss(target, scale)
    row["checks"] = checks(target, row)
    return row


def checks(target: Target, row: dict) -> list[tuple[str, bool]]:
    """The SPEC limits this row is held to: (what, met)."""
    result = []
    if "limit_ms" in row:
        result.append((f"≤{row['limit_ms']:,.0f}ms", row["ms"] <= row["limit_ms"]))
    elif "ratio" in row:
        result.append((f"≤{LIST_RATIO}×裸视图", row["ratio"] <= LIST_RATIO))
    if target.limit_mb and "rss_mb" in row:
        result.append((f"≤{target.limit_mb:.0f}MB", row["rss_mb"] <= target.limit_mb))
    return result


def fresh_process_rss(target: Target, scale: str) -> float:
    """Peak RSS of a new `manage.py bench --rss-of` process that logs in and makes this one request (so that
    neither this process's earlier work nor its caches count, and WeasyPrint/lxml memory does)."""
    out = subprocess.run([sys.executable, str(settings.BASE_DIR / "manage.py"), "bench", "--scale", scale,
                          "--rss-of", str(target.key)], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])["rss_mb"]


def _tree_pss_mb(pid: int) -> float:
    """The proportional set size of a process and all its descendants: memory they share (a forked child's
    inherited pages) counted once, unlike a sum of their RSS."""
    total, pids = 0, [pid]
    while pids:
        p = pids.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                pids += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue  # a child that ended between two reads
    return total / 1024


class _TreeSampler(threading.Thread):
    """Samples the process tree's PSS every 20 ms while the request runs (the PDF job renders in child processes,
    whose memory the parent's own peak does not show)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.done = 0.0, threading.Event()

    def run(self):
        while not self.done.wait(0.02):
            self.peak = max(self.peak, _tree_pss_mb(os.getpid()))


def rss_of_one_request(target: Target, client: Client, username: str) -> dict:
    """The request's peak memory: this process's peak RSS, or the process tree's peak PSS if that is higher."""
    before = peak_rss_mb()
    sampler = _TreeSampler()
    if Path("/proc/self/smaps_rollup").exists():
        sampler.start()
    try:
        if target.job:
            job = ExportJob(user=User.objects.get(username=username), kind=target.job, params=target.params())
            KINDS[target.job][1](job)[1].close()
        else:
            assert _fetch(client, target.url()).status_code == 200
    finally:
        sampler.done.set()
    return {"before_mb": before, "rss_mb": max(peak_rss_mb(), sampler.peak), "tree_pss_mb": sampler.peak}
