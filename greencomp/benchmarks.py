"""What `manage.py bench` measures (SPEC.md performance targets) and the synthetic data it runs on.

Each capability adds its targets to `targets()` and its generator to `GENERATORS` (see seed_synthetic)."""

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
    username: str
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


def targets() -> list[Target]:
    from django.urls import reverse

    from greencomp.models import AuditEvent, User

    return [
        Target("账号列表（50行/页）", "secretariat", lambda: reverse("accounts:list"),
               baseline=lambda: User.objects.order_by("username")),
        Target("操作记录（50行/页）", "secretariat", lambda: reverse("audit:list"),
               baseline=lambda: AuditEvent.objects.order_by("-at")),
        *labour_bench_targets(),
        *commendation_bench_targets(),
    ]


def labour_bench_targets() -> list[Target]:
    from applications.demo_labour import bench_targets

    return bench_targets()


def commendation_bench_targets() -> list[Target]:
    from reviews.demo_commendation import bench_targets

    return bench_targets()


def synthetic_commendation(scale: str) -> str:
    from reviews.demo_commendation import synthetic_commendation as generate

    return generate(scale)


def synthetic_labour(scale: str) -> str:
    from applications.demo_labour import synthetic_labour as generate

    return generate(scale)


def synthetic_accounts(scale: str) -> str:
    """Accounts and audit events for the account and audit list pages."""
    from django.contrib.contenttypes.models import ContentType

    from greencomp.models import AuditEvent, User

    n = {"province": 2000, "national": 20000}[scale]
    existing = User.objects.filter(username__startswith="synthetic-").count()
    users = [User(username=f"synthetic-{i:06d}", full_name=f"测试用户{i}", password="!")
             for i in range(existing, n)]
    User.objects.bulk_create(users, batch_size=2000)
    user_type = ContentType.objects.get_for_model(User)
    events = [AuditEvent(action="synthetic", target_type=user_type, target_id=str(i), target_repr=f"测试用户{i}",
                         after={"i": i}) for i in range(AuditEvent.objects.filter(action="synthetic").count(), n * 5)]
    AuditEvent.objects.bulk_create(events, batch_size=5000)
    return f"{n} 个账号，{n * 5} 条操作记录"


GENERATORS: list[tuple[str, Callable[[str], str]]] = [
    ("账号与操作记录", synthetic_accounts),
    ("劳动竞赛参赛单位", synthetic_labour),
    ("先进推荐", synthetic_commendation),
]
