"""The composition root of the benchmark: the synthetic data set of SPEC.md (one generator per capability,
run in order by `manage.py seed_synthetic`) and what `manage.py bench` measures on it."""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from applications.exporters_recommend import RecommendationSummaryExporter
from applications.models import Application, Entry, ImprovementItem
from competitions.models import Competition, Division, Membership
from greencomp.models import AuditEvent, User
from quotas.models import Industry, Quota
from reviews.models import Nomination

from . import commendation, grading, innovation, labour, quotas, recommend, review
from .bench import Target, excel
from .fixtures import load_all


def targets(scale: str = "province") -> list[Target]:
    """What `manage.py bench --scale` measures, on that scale's synthetic data only. Each target's place in the
    list is the key of its bare reference view (greencomp.seed.bench_views)."""
    found = [
        Target("账号列表（50行/页）", "secretariat", lambda: reverse("accounts:list"),
               baseline=lambda: User.objects.order_by("username")),
        Target("操作记录（50行/页）", "secretariat", lambda: reverse("audit:list"),
               baseline=lambda: AuditEvent.objects.order_by("-at")),
        *quota_targets(),
        *labour.bench_targets(scale),
        *commendation.bench_targets(scale),
        *innovation_targets(scale),
        *review.review_bench_targets(scale),
        *grading_targets(scale),
    ]
    for key, target in enumerate(found):
        target.key = key
    return found


def _competition(**lookup):
    return Competition.objects.filter(**lookup).order_by("-id").first()


def quota_targets() -> list[Target]:
    def table():
        return _competition(doc_number="豫工文〔2022〕32号", copied_from=None)

    def url(name):
        return lambda: reverse(name, args=[table().pk])

    return [Target("名额分配表（31个赛区）", "secretariat", url("quota_tables:edit"), bare_rows=None,
                   baseline=lambda: Quota.objects.filter(table__competition=table()).order_by("division__order")),
            excel("名额分配表Excel", "secretariat", url("quota_tables:export_xlsx"),
                  rows=lambda: Quota.objects.filter(table__competition=table()).count())]


def innovation_targets(scale: str) -> list[Target]:
    """The applicant list and one application's PDF, the city list, the matrix and the 推荐汇总表."""
    def sample():
        return Application.objects.filter(competition__title__endswith=f"（合成数据 {scale}）").order_by("pk").first()

    def contest():
        return _competition(title=f"（合成数据·{scale}）工业绿色低碳发展创新大赛")

    def city_officer():
        return Membership.objects.filter(competition=contest(), role="officer").order_by("division__order").first()

    def city_rows():
        return Application.objects.filter(division=city_officer().division_id).exclude(
            status=Application.Status.DRAFT).order_by("track__number", "pk")

    return [
        Target("我的申报（申报单位）", lambda: sample().created_by.username, lambda: reverse("innovation:list"),
               baseline=lambda: Application.objects.filter(organisation=sample().organisation).order_by("-pk")),
        Target("申报表PDF（一份）", "secretariat", lambda: reverse("innovation:pdf", args=[sample().pk]),
               limit_ms=1000, rows=lambda: 1),
        Target("推荐审核：城市申报列表", lambda: city_officer().user.username,
               lambda: reverse("recommend:division", args=[city_officer().division_id]), baseline=city_rows),
        Target("推荐汇总：城市×赛道矩阵", "secretariat", lambda: reverse("recommend:matrix", args=[contest().pk]),
               baseline=lambda: Division.objects.filter(competition=contest()).order_by("order"), bare_rows=None),
        excel("推荐汇总表Excel", "secretariat", lambda: reverse("recommend:summary_xlsx", args=[contest().pk]),
              rows=lambda: RecommendationSummaryExporter(contest()).queryset().count()),
    ]


def grading_targets(scale: str) -> list[Target]:
    def campaign():
        return _competition(title=f"绩效分级提升行动（合成数据·{scale}）")

    return [
        Target("绩效分级看板", "secretariat", lambda: reverse("grading:dashboard", args=[campaign().pk]),
               baseline=lambda: Industry.objects.filter(group__competition=campaign()).order_by("group", "number"),
               bare_rows=None),
        excel("绩效提升企业清单Excel（全省，后台任务）", "secretariat", None, job="improvement_list_xlsx",
              params=lambda: {"competition": campaign().pk},
              rows=lambda: ImprovementItem.objects.filter(improvement_list__division__competition=campaign()).count()),
    ]


def seed_competitions(scale: str) -> str:
    """The four seed competitions themselves (SPEC: the province data set includes them)."""
    return f"{len(load_all())} 个 fixtures 数据文件"


def synthetic_quotas(scale: str) -> str:
    return f"{len(quotas.synthetic_labour(scale))} 个分配表"


def synthetic_accounts(scale: str) -> str:
    """Accounts and audit events for the account and audit list pages."""
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


def filled(kind: str, competition: Competition, model, counted: str) -> str:
    """A generator's line: the competition it filled and how many rows of `model` it holds."""
    return f"{kind}“{competition.title}”：" + counted.format(model.objects.filter(competition=competition).count())


GENERATORS: list[tuple[str, Callable[[str], str]]] = [
    ("账号与操作记录", synthetic_accounts),
    ("真实竞赛", seed_competitions),
    ("名额分配表", synthetic_quotas),
    ("劳动竞赛参赛单位", lambda scale: filled("劳动竞赛", labour.synthetic_labour_competition(scale), Entry,
                                          "31 个赛区，{} 家参赛单位")),
    # after the labour generator: it fills that competition
    ("先进推荐", lambda scale: filled("先进推荐", commendation.synthetic_commendation_competition(scale), Nomination,
                                  "3 个表彰项目，{} 个推荐")),
    ("创新大赛申报", lambda scale: str(innovation.synthetic_innovation(scale))),
    ("城市推荐", lambda scale: str(recommend.synthetic_recommend(scale))),
    ("专家评审", review.synthetic_reviews),
    ("绩效分级提升清单", lambda scale: str(grading.synthetic_grading(scale))),
]
