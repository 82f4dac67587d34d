"""Demo data of the labour capability (issue 3): a current competition copied from the 2022 provincial one."""

import datetime

from django.db import transaction
from django.utils import timezone

from competitions.enums import CompetitionKind, CompetitionStatus, PhaseKind, Role
from competitions.models import Competition, Division, Phase
from greencomp.competition_setup import competition_copy
from greencomp.models import User
from greencomp.seed.fixtures import load_all
from greencomp.services import membership_grant
from quotas.models import Quota, QuotaTable
from quotas.services_labour import quota_table_publish

SOURCE_DOC_NUMBER = "豫工文〔2022〕32号"


@transaction.atomic
def seed_labour_demo(users: dict) -> Competition | None:
    """Idempotent: the copy of this year is made once; its registration stays open until the end of next year,
    `union-zhengzhou` is the officer of its 郑州市 division and `secretariat` its secretariat."""

    source = Competition.objects.filter(kind=CompetitionKind.LABOUR, doc_number=SOURCE_DOC_NUMBER).first()
    if source is None:
        return None
    by = users["secretariat"]
    today = timezone.localdate()
    demo = Competition.objects.filter(copied_from=source, year=today.year).first()
    if demo is None:
        demo = competition_copy(source=source, year=today.year, by=by)
        demo.status = CompetitionStatus.ACTIVE
        demo.save(update_fields=["status"])
        opens = timezone.make_aware(datetime.datetime(today.year, 1, 1))
        closes = timezone.make_aware(datetime.datetime(today.year + 1, 12, 31, 23, 59, 59))
        Phase.objects.update_or_create(competition=demo, kind=PhaseKind.REGISTRATION, defaults={
            "name": "报送竞赛方案和参赛企业名单", "opens_at": opens, "closes_at": closes})
    table = QuotaTable.objects.get(competition=demo)
    if table.status != QuotaTable.Status.PUBLISHED:
        quota_table_publish(table=table, by=by)
    zhengzhou = demo.divisions.get(name="郑州市")
    officer = users["union-zhengzhou"]
    if zhengzhou.organisation_id is None and officer.organisation_id:
        zhengzhou.organisation = officer.organisation
        zhengzhou.save(update_fields=["organisation"])
    membership_grant(user=officer, role=Role.OFFICER, division=zhengzhou, by=by)
    membership_grant(user=users["secretariat"], role=Role.SECRETARIAT, competition=demo, reason="演示数据", by=by)
    return demo


SYNTHETIC_COPIES = {"province": 1, "national": 10}
COUNTIES_PER_CITY = {"province": 0, "national": 10}


@transaction.atomic
def synthetic_labour(scale: str) -> list[Competition]:
    """Benchmark data for competitions and quota tables: copies of the 2022 provincial competition (1 at
    province scale, 10 at national), each active with a published table; at national scale the last copy also
    gets 10 county divisions under each city (about 210 rows in its table), all made with bulk_create."""


    by = User.objects.filter(username="secretariat").first()
    load_all(by=by)
    source = Competition.objects.get(kind=CompetitionKind.LABOUR, doc_number=SOURCE_DOC_NUMBER)
    made = []
    for i in range(1, SYNTHETIC_COPIES[scale] + 1):
        title = f"合成数据{i:02d}·{source.title}"
        competition = Competition.objects.filter(title=title, year=source.year).first()
        if competition is None:
            competition = competition_copy(source=source, year=source.year, title=title, by=by)
            Competition.objects.filter(pk=competition.pk).update(status=CompetitionStatus.ACTIVE)
            QuotaTable.objects.filter(competition=competition).update(
                status=QuotaTable.Status.PUBLISHED, published_at=timezone.now())
        made.append(competition)
    per_city = COUNTIES_PER_CITY[scale]
    last = made[-1]
    if per_city and not last.divisions.filter(parent__isnull=False).exists():
        cities = list(last.divisions.filter(kind="city"))
        counties = Division.objects.bulk_create([
            Division(competition=last, name=f"{city.name}第{n}县区", kind="county", parent=city, city=city.city,
                     order=100 + i * per_city + n)
            for i, city in enumerate(cities) for n in range(1, per_city + 1)
        ])
        Quota.objects.bulk_create([Quota(table=last.quota_table, division=d, entries=1) for d in counties])
        QuotaTable.objects.filter(pk=last.quota_table.pk).update(notice_total=1000 + len(counties))
    return made
