"""How `manage.py bench` measures one target (SPEC.md performance targets). What it measures, and the
synthetic data it runs on, are listed in `greencomp.seed.synthetic`."""

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext

RUNS = 5
BARE_TEMPLATE = engines["django"].from_string(
    "<table>{% for o in rows %}<tr><td>{{ forloop.counter }}</td><td>{{ o }}</td><td>{{ o.pk }}</td></tr>"
    "{% endfor %}</table>"
)


@dataclass
class Target:
    label: str
    username: str | Callable[[], str]  # a callable when the user exists only once the data is built
    url: Callable[[], str]  # evaluated once the data exists
    baseline: Callable | None = None  # () -> queryset of the page's rows, for the bare-view ratio
    limit_ms: float | None = None  # an absolute target from SPEC.md, if any
    measure_memory: bool = False


def bare_view_ms(queryset_factory) -> float:
    """The bare Django view of SPEC.md: 50 rows from one query rendered by a minimal template."""
    def run():
        BARE_TEMPLATE.render({"rows": list(queryset_factory()[:50])})
    return median_ms(run)[0]


def median_ms(fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def measure(target: Target, client: Client) -> dict:
    url = target.url()
    client.get(url)  # warm-up: template and import caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, f"{target.label}: HTTP {response.status_code}"
    query_count = len(queries)  # now: the log it reads is cleared by the next request

    def fetch():
        r = client.get(url)
        if hasattr(r, "streaming_content"):
            b"".join(r.streaming_content)
        return r

    ms, _ = median_ms(fetch)
    row = {"label": target.label, "ms": ms, "queries": query_count}
    if target.baseline is not None:
        row["bare_ms"] = bare_view_ms(target.baseline)
        row["ratio"] = ms / row["bare_ms"] if row["bare_ms"] else None
    if target.limit_ms:
        row["limit_ms"] = target.limit_ms
    if target.measure_memory:
        tracemalloc.start()
        fetch()
        row["peak_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    return row
