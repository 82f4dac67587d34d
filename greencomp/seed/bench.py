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


def targets() -> list[Target]:
    from django.urls import reverse

    from applications.demo_labour import bench_targets as labour_targets
    from greencomp.models import AuditEvent, User
    from reviews.demo_commendation import bench_targets as commendation_targets
    from reviews.demo_review import review_bench_targets

    return [
        Target("账号列表（50行/页）", "secretariat", lambda: reverse("accounts:list"),
               baseline=lambda: User.objects.order_by("username")),
        Target("操作记录（50行/页）", "secretariat", lambda: reverse("audit:list"),
               baseline=lambda: AuditEvent.objects.order_by("-at")),
        *quota_targets(),
        *labour_targets(),
        *commendation_targets(),
        *innovation_targets(),
        *review_bench_targets(),
        *grading_targets(),
    ]


def _competition(**lookup):
    from competitions.models import Competition

    return Competition.objects.filter(**lookup).order_by("-id").first()


def quota_targets() -> list[Target]:
    from django.urls import reverse

    def url(name):
        return lambda: reverse(name, args=[_competition(doc_number="豫工文〔2022〕32号", copied_from=None).pk])

    return [Target("名额分配表（31个赛区）", "secretariat", url("quota_tables:edit")),
            Target("名额分配表Excel", "secretariat", url("quota_tables:export_xlsx"))]


def innovation_targets() -> list[Target]:
    """The applicant list and one application's PDF, the city list, the matrix and the 推荐汇总表 (province)."""
    from django.urls import reverse

    from applications.models import Application
    from competitions.models import Membership

    def sample():
        return Application.objects.filter(competition__title__endswith="（合成数据 province）").order_by("pk").first()

    def recommend():
        return _competition(title="（合成数据·province）工业绿色低碳发展创新大赛")

    def city_officer():
        return Membership.objects.filter(competition=recommend(), role="officer").order_by("division__order").first()

    return [
        Target("我的申报（申报单位）", lambda: sample().created_by.username, lambda: reverse("innovation:list"),
               baseline=lambda: Application.objects.filter(organisation=sample().organisation)),
        Target("申报表PDF（一份）", "secretariat", lambda: reverse("innovation:pdf", args=[sample().pk]),
               limit_ms=1000),
        Target("推荐审核：城市申报列表", lambda: city_officer().user.username,
               lambda: reverse("recommend:division", args=[city_officer().division_id]),
               baseline=lambda: Application.objects.filter(division=city_officer().division_id)),
        Target("推荐汇总：城市×赛道矩阵", "secretariat", lambda: reverse("recommend:matrix", args=[recommend().pk])),
        Target("推荐汇总表Excel（1,800项）", "secretariat",
               lambda: reverse("recommend:summary_xlsx", args=[recommend().pk]), measure_memory=True),
    ]


def grading_targets() -> list[Target]:
    from django.urls import reverse

    def campaign():
        return (_competition(title="绩效分级提升行动（合成数据·national）")
                or _competition(title="绩效分级提升行动（合成数据·province）"))

    return [
        Target("绩效分级看板", "secretariat", lambda: reverse("grading:dashboard", args=[campaign().pk])),
        Target("绩效提升企业清单导出（全省）", "secretariat",
               lambda: reverse("grading:province_list_export", args=[campaign().pk]), measure_memory=True),
    ]


def seed_competitions(scale: str) -> str:
    """The four seed competitions themselves (SPEC: the province data set includes them)."""
    from competitions.fixtures import load_all

    return f"{len(load_all())} 个 fixtures 数据文件"


def synthetic_quotas(scale: str) -> str:
    from competitions.demo import synthetic_labour as generate

    return f"{len(generate(scale))} 个分配表"


def synthetic_labour(scale: str) -> str:
    from applications.demo_labour import synthetic_labour as generate

    return generate(scale)


def synthetic_commendation(scale: str) -> str:
    from reviews.demo_commendation import synthetic_commendation as generate

    return generate(scale)


def synthetic_innovation(scale: str) -> str:
    from applications.demo_innovation import synthetic_innovation as generate

    return str(generate(scale))


def synthetic_recommend(scale: str) -> str:
    from applications.demo_recommend import synthetic_recommend as generate

    return str(generate(scale))


def synthetic_reviews(scale: str) -> str:
    from reviews.demo_review import synthetic_reviews as generate

    return str(generate(scale))


def synthetic_grading(scale: str) -> str:
    from applications.demo_grading import synthetic_grading as generate

    return str(generate(scale))


def synthetic_accounts(scale: str) -> str:
    """Accounts and audit events for the account and audit list pages."""
    from django.contrib.contenttypes.models import ContentType

    from greencomp.models import AuditEvent, User

    n = {"province": 2000, "national": 20000}[scale]
    existing = User.objects.filter(username__startswith="synthacct-").count()
    users = [User(username=f"synthacct-{i:06d}", full_name=f"测试用户{i}", password="!")
             for i in range(existing, n)]
    User.objects.bulk_create(users, batch_size=2000)
    user_type = ContentType.objects.get_for_model(User)
    events = [AuditEvent(action="synthetic", target_type=user_type, target_id=str(i), target_repr=f"测试用户{i}",
                         after={"i": i}) for i in range(AuditEvent.objects.filter(action="synthetic").count(), n * 5)]
    AuditEvent.objects.bulk_create(events, batch_size=5000)
    return f"{n} 个账号，{n * 5} 条操作记录"


GENERATORS: list[tuple[str, Callable[[str], str]]] = [
    ("账号与操作记录", synthetic_accounts),
    ("真实竞赛", seed_competitions),
    ("名额分配表", synthetic_quotas),
    ("劳动竞赛参赛单位", synthetic_labour),
    ("先进推荐", synthetic_commendation),
    ("创新大赛申报", synthetic_innovation),
    ("城市推荐", synthetic_recommend),
    ("专家评审", synthetic_reviews),
    ("绩效分级提升清单", synthetic_grading),
]
