"""Demo data of the expert review (seed_demo step), the synthetic data set at province / national scale
(seed_synthetic) and the pages `bench` times."""

import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, RecommendationList
from competitions.enums import CompetitionKind, Role
from competitions.models import Competition, Membership, Track
from greencomp.enums import HENAN_CITIES, OrganisationKind
from greencomp.models import Organisation, User
from greencomp.seed.bench import Target, excel
from greencomp.seed.innovation import DEMO_TITLE, sample_data, synthetic_innovation
from reviews.models import Criterion, Expert, Score, ScoreSheet, TrackReview
from reviews.selectors_review import applications_under_review
from reviews.services_review import (
    assignment_confirm,
    assignment_propose,
    expert_add,
    rubrics_load_for,
    sheet_counters_update,
    sheet_save,
)

DEMO_EXPERTS = [("expert1", "教授"), ("expert2", "教授"), ("expert3", "高级工程师"), ("expert4", "副教授"),
                ("expert5", "教授级高级工程师")]


@transaction.atomic
def seed_review_demo(users: dict, *, sample_entries: bool = True) -> Competition | None:
    """Run after seed_innovation_demo: the demo contest gets its rubrics (附件2) and expert1…expert5 as experts
    of every track. With `sample_entries`, and only when no entry is under review yet, three applications per
    track are put under review (recommended, in an accepted city list) so the review can be tried end to end —
    drop this once the recommendation step seeds its own accepted lists. Idempotent."""

    demo = Competition.objects.filter(kind=CompetitionKind.INNOVATION, title=DEMO_TITLE).first()
    if demo is None:
        return None
    rubrics_load_for(demo, by=users.get("secretariat"))
    tracks = list(demo.tracks.order_by("number"))
    for username, title in DEMO_EXPERTS:
        user = users.get(username)
        if user and not Expert.objects.filter(competition=demo, user=user).exists():
            expert_add(competition=demo, user=user, title=title, tracks=tracks, by=users.get("secretariat"))
    if sample_entries and not any(_under_review(t).exists() for t in tracks):
        _sample_entries(demo, tracks, users)
    return demo


def _under_review(track):

    return applications_under_review(track)


def _sample_entries(demo, tracks, users) -> None:

    now = timezone.now()
    # Not 郑州市: its lists are left for miit-zhengzhou to review and submit (greencomp.seed.recommend).
    cities = list(demo.divisions.filter(name__in=["开封市", "洛阳市", "新乡市"]).order_by("order"))
    for track in tracks:
        kind = OrganisationKind.SUPPLIER if track.for_suppliers else OrganisationKind.ENTERPRISE
        for i, division in enumerate(cities, start=1):
            name = f"{division.name}演示{'服务商' if track.for_suppliers else '制造企业'}{track.number}{i}有限公司"
            org, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "city": division.city,
                                                                             "status": "approved"})
            creator = users.get("secretariat") or User.objects.filter(is_superuser=True).first()
            title = f"{division.name}{track.name[:6]}演示项目{i}"
            Application.objects.get_or_create(
                competition=demo, track=track, division=division, organisation=org, title=title,
                defaults={"created_by": creator, "status": Application.Status.RECOMMENDED, "version": 1,
                          "submitted_at": now, "data": sample_data(track.form_type, org, title)})
            RecommendationList.objects.update_or_create(division=division, track=track, defaults={
                "status": RecommendationList.Status.ACCEPTED, "submitted_at": now})


@transaction.atomic
def seed_review_work(users: dict, demo: Competition) -> None:
    """The experts' own work (seed_demo, after seed_review_demo): the entries under review are assigned as the
    secretariat would (proposal, then confirm), and expert1 has begun one sheet — the basic requirements judged
    and the first criterion scored, the rest left open. Idempotent: a track with sheets is left as it is."""
    tracks = [t for t in demo.tracks.order_by("number") if not t.score_sheets.exists()]
    if not tracks:
        return
    for track in tracks:
        proposal = assignment_propose(track=track)
        pairs = [(app_id, expert_id) for app_id, experts in proposal.pairs.items() for expert_id in experts]
        assignment_confirm(track=track, pairs=pairs, by=users["secretariat"])
    sheet = ScoreSheet.objects.filter(track=tracks[0], expert__user=users["expert1"]).order_by("pk").first()
    if sheet is None:
        return
    criteria = list(sheet.track.criteria.order_by("order"))
    gates = {c.pk: (True, "") for c in criteria if c.is_gate}
    first = next(c for c in criteria if not c.is_gate)
    sheet_save(sheet=sheet, values={first.pk: str(first.max_score * Decimal("0.8"))}, gates=gates,
               comment="", submit=False, by=users["expert1"])


# ---- synthetic data (seed_synthetic / bench) ---------------------------------------------------------------

EXPERTS = {"province": 60, "national": 600, "tiny": 6}
SHEETS_PER_ENTRY = 5


def _q(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def synthetic_reviews(scale: str = "province") -> str:
    """On the synthetic innovation contest of that scale (greencomp.seed.innovation.synthetic_innovation):
    every application is put under review (recommended, accepted city lists), rubrics are loaded, 60 experts
    (600 national) join, and each application gets 5 submitted score sheets with scores per criterion.
    Idempotent: a contest that already has sheets is left as it is."""

    competition = synthetic_innovation(scale)
    if ScoreSheet.objects.filter(track__competition=competition).exists():
        return f"{competition.title}：评审数据已存在"
    rubrics_load_for(competition)
    tracks = list(competition.tracks.order_by("number"))
    now = timezone.now()
    Application.objects.filter(competition=competition).update(status=Application.Status.RECOMMENDED)
    RecommendationList.objects.bulk_create(
        [RecommendationList(division=d, track=t, status=RecommendationList.Status.ACCEPTED, submitted_at=now)
         for d in competition.divisions.all() for t in tracks], ignore_conflicts=True)
    n = EXPERTS[scale]
    tag = f"{scale[0]}{competition.pk}"
    employers = Organisation.objects.bulk_create([
        Organisation(name=f"合成评审专家单位{tag}-{i:02d}", kind=OrganisationKind.OTHER,
                     city=HENAN_CITIES[i % len(HENAN_CITIES)]) for i in range(20)])
    users = User.objects.bulk_create([
        User(username=f"syn-expert-{tag}-{i:03d}", full_name=f"合成专家{i:03d}", password="!",
             organisation=employers[i % 20], email=f"syn-expert-{tag}-{i:03d}@example.cn") for i in range(n)])
    Membership.objects.bulk_create([Membership(user=u, role=Role.EXPERT, competition=competition) for u in users])
    experts = Expert.objects.bulk_create([
        Expert(competition=competition, user=u, code=f"专家{i + 1:03d}", city=u.organisation.city)
        for i, u in enumerate(users)])
    Expert.tracks.through.objects.bulk_create([Expert.tracks.through(expert_id=e.pk, track_id=t.pk)
                                               for e in experts for t in tracks])
    rng = random.Random(20250715)
    criteria = {t.pk: list(Criterion.objects.filter(track=t).order_by("order")) for t in tracks}
    sheet_count = 0
    for track in tracks:
        apps = list(Application.objects.filter(track=track).values_list("pk", flat=True).order_by("pk"))
        sheets, plans = [], []
        for k, app_id in enumerate(apps):
            quality = rng.uniform(0.45, 0.95)
            for j in range(SHEETS_PER_ENTRY):
                expert = experts[(k * SHEETS_PER_ENTRY + j + track.number) % n]
                scores, total = [], Decimal("0")
                for c in criteria[track.pk]:
                    if c.is_gate:
                        scores.append((c, None, rng.random() > 0.03))
                    else:
                        value = _q(min(float(c.max_score), max(0.0, float(c.max_score) * (quality + rng.gauss(0, 0.08)))))
                        total += value / c.max_score * c.weight
                        scores.append((c, value, None))
                gate = all(p for _, _, p in scores if p is not None)
                sheets.append(ScoreSheet(application_id=app_id, track=track, expert=expert, status="submitted",
                                         total=total.quantize(Decimal("0.01")), gate_passed=gate, saved_at=now,
                                         submitted_at=now, comment=""))
                plans.append(scores)
        sheets = ScoreSheet.objects.bulk_create(sheets, batch_size=5000)
        sheet_counters_update(added=sheets)  # created here, not by assignment_confirm: counted as it would
        Score.objects.bulk_create([
            Score(sheet=s, criterion=c, value=v, passed=p, reason="" if p in (None, True) else "证明材料不足")
            for s, scores in zip(sheets, plans, strict=True) for c, v, p in scores], batch_size=10000)
        sheet_count += len(sheets)
    TrackReview.objects.filter(track__in=tracks).update(rubric_frozen_at=now)
    return f"{competition.title}：{n} 名专家，{sheet_count} 份评分表"


def review_bench_targets(scale: str) -> list:
    """Targets for greencomp.seed.synthetic.targets(): the ranking of a track (SPEC: aggregation ≤ 0.5 s at
    province; the ranking page of a national track ≤ 100 ms), the 评分汇总表 export, an expert's task list and
    the review progress page — of that scale's synthetic contest, when it exists."""
    title = f"（合成数据 {scale}）"
    if not Competition.objects.filter(title__endswith=title, experts__isnull=False).exists():
        return []

    def track():
        return TrackReview.objects.filter(track__competition__title__endswith=title, track__number=2).values_list(
            "track_id", flat=True).first()

    def contest():
        return Competition.objects.filter(title__endswith=title, experts__isnull=False).order_by("-pk").first()

    def expert():
        return Expert.objects.filter(competition=contest()).order_by("code").first()

    return [
        Target("排名（一个赛道）", "secretariat", lambda: reverse("review:ranking", args=[track()]),
               limit_ms={"province": 500, "national": 100}[scale],
               rows=lambda: applications_under_review(Track.objects.get(pk=track())).count()),
        excel("评分汇总表Excel（一个赛道）", "secretariat", lambda: reverse("review:summary_xlsx", args=[track()]),
              rows=lambda: applications_under_review(Track.objects.get(pk=track())).count()),  # a row per entry
        Target("专家评审任务（一名专家）", lambda: expert().user.username, lambda: reverse("review:tasks"),
               baseline=lambda: ScoreSheet.objects.filter(expert=expert()).order_by("status", "pk")),
        Target("评审进度（专家50行/页）", "secretariat", lambda: reverse("review:progress", args=[contest().pk]),
               baseline=lambda: Expert.objects.filter(competition=contest()).order_by("code")),
    ]
