"""Demo and synthetic data of commendation selection.

`seed_commendation_demo(users, competition)` gives the demo competition (a copy of 豫工文〔2022〕32号) its three award
types with counts, publishes quotas (郑州市 2 of each) and lets `union-zhengzhou` nominate one unit.
`synthetic_commendation_competition(scale)` fills the synthetic labour competition with award types, quotas over all 31
divisions and every quota place nominated (800 for "province", 8,000 for "national")."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import Entry
from competitions.models import Competition, Division
from greencomp.seed.bench import Target, excel
from greencomp.seed.labour import SCALES, bench_competition, synthetic_labour_competition
from reviews import services_commendation as services
from reviews import services_nomination as nomination_services
from reviews.models import AwardType, Nomination, NominationQuota
from reviews.selectors_commendation import selection_queryset
from reviews.services_commendation import QuotaLine, largest_remainder

DEMO_SOURCE = "豫工文〔2022〕32号"
DEMO_TOTALS = {"unit": (20, "河南省五一劳动奖状", 3), "team": (30, "河南省工人先锋号", 5),
               "individual": (30, "河南省五一劳动奖章", 5)}


@transaction.atomic
def seed_commendation_demo(users: dict, competition: Competition) -> list[AwardType]:
    """Idempotent: award types are created once, quotas published once, the demo nomination made once."""
    secretariat, officer = users["secretariat"], users["union-zhengzhou"]
    awards = services.award_types_load_for(competition, source=DEMO_SOURCE)
    zhengzhou = competition.divisions.get(name="郑州市")
    for award in awards:
        if award.quotas_published:
            continue
        total, honour, count = DEMO_TOTALS[award.nominee_kind]
        if award.total == 0:
            award = services.award_type_update(award_type=award, total=total, escalation_name=honour,
                                               escalation_count=count, reason="演示数据", by=secretariat)
        services.quotas_set(award_type=award, counts={zhengzhou.pk: 2}, by=secretariat)
        services.quotas_publish(award_type=award, by=secretariat)
    unit = next(a for a in awards if a.nominee_kind == AwardType.NomineeKind.UNIT)
    entry = Entry.objects.filter(division=zhengzhou, status=Entry.Status.REGISTERED).order_by("id").first()
    if entry and not Nomination.objects.filter(award_type=unit, division=zhengzhou).exists():
        nomination_services.nomination_create(award_type=unit, division=zhengzhou, by=officer, data={
            "entry": entry, "achievements": "健全节能减排竞赛组织机构，实施产品能耗限额管理，全年节约标准煤3200吨，"
                                            "减排二氧化碳8300吨，主要产品单耗低于全省同行业平均水平。"})
    return awards


SYNTHETIC_TOTALS = {"unit": 200, "team": 300, "individual": 300}
SYNTHETIC_NAMES = {"unit": "绿色发展竞赛先进单位", "team": "绿色发展竞赛先进班组（车间、工段）", "individual": "绿色发展竞赛先进个人"}


@transaction.atomic
def synthetic_commendation_competition(scale: str) -> Competition:
    """Award types, quotas proportional to the quota table over all 31 divisions, and every place nominated
    (submitted), a tenth of each award selected. Returns the competition; does nothing if already built."""
    competition = synthetic_labour_competition(scale)
    if AwardType.objects.filter(competition=competition).exists():
        return competition
    factor = SCALES[scale]
    divisions = list(Division.objects.filter(competition=competition).select_related("quota").order_by("order"))
    entries: dict = {}
    for e in Entry.objects.filter(competition=competition).only("id", "division_id", "created_by_id").order_by("id"):
        entries.setdefault(e.division_id, []).append(e)
    now = timezone.now()
    for order, (kind, total) in enumerate(SYNTHETIC_TOTALS.items(), start=1):
        award = AwardType.objects.create(competition=competition, name=SYNTHETIC_NAMES[kind], nominee_kind=kind,
                                         total=total * factor, order=order, quotas_published_at=now,
                                         escalation_name="河南省五一劳动奖章" if kind == "individual" else "",
                                         escalation_count=5 if kind == "individual" else 0, quota_measure="entries")
        lines = largest_remainder(award.total, [
            QuotaLine(division_id=d.pk, name=d.name, order=d.order, eligible=True, measure=d.quota.entries)
            for d in divisions])
        NominationQuota.objects.bulk_create([NominationQuota(award_type=award, division_id=ln.division_id,
                                                             count=ln.count, basis=ln.basis("entries"))
                                             for ln in lines])
        nominations = []
        for ln in lines:
            pool = entries.get(ln.division_id, [])
            for i in range(min(ln.count, len(pool))):
                e = pool[i]
                nominations.append(Nomination(
                    competition=competition, award_type=award, division_id=ln.division_id, entry=e,
                    team_name=f"节能班组{i + 1}" if kind == "team" else "", team_size=10 if kind == "team" else None,
                    person_name=f"职工{i + 1}" if kind == "individual" else "", gender="男" if kind == "individual" else "",
                    ethnicity="汉族" if kind == "individual" else "", post="操作工" if kind == "individual" else "",
                    frontline=(i % 3 != 0) if kind == "individual" else None, achievements="节能降耗成效显著。",
                    status=Nomination.Status.SUBMITTED, submitted_at=now, selected=i % 10 == 0,
                    created_by_id=e.created_by_id))
        Nomination.objects.bulk_create(nominations, batch_size=2000)
    return competition


def bench_person_award(scale: str | None = None) -> AwardType:
    return AwardType.objects.get(competition=bench_competition(scale), nominee_kind=AwardType.NomineeKind.INDIVIDUAL)


def bench_targets(scale: str | None = None) -> list:
    """`bench` targets of commendation (registered in greencomp.seed.synthetic.targets): the selection page
    (first 50 of the 先进个人 nominations over 31 divisions), its quota page and the 通报表扬 workbook."""

    def rows():
        return selection_queryset(bench_person_award(scale))

    def quotas():
        return NominationQuota.objects.filter(award_type=bench_person_award(scale)).order_by("division__order")

    return [
        Target("先进推荐评选（50行/页）", "secretariat",
               lambda: reverse("commendation:selection", args=[bench_person_award(scale).pk]), baseline=rows),
        Target("推荐名额（31个赛区）", "secretariat",
               lambda: reverse("commendation:quotas", args=[bench_person_award(scale).pk]), baseline=quotas,
               bare_rows=None),
        excel("通报表扬名单Excel", "secretariat",
              lambda: reverse("commendation:honours_xlsx", args=[bench_competition(scale).pk]),
              rows=lambda: Nomination.objects.filter(competition=bench_competition(scale), selected=True).count()),
    ]
