"""Demo data of the labour capability (issue 3): a current competition copied from the 2022 provincial one."""

import datetime

from django.db import transaction
from django.utils import timezone

from greencomp.services import membership_grant

from .enums import CompetitionKind, CompetitionStatus, PhaseKind, Role
from .models import Competition, Phase
from .services import competition_copy

SOURCE_DOC_NUMBER = "豫工文〔2022〕32号"


@transaction.atomic
def seed_labour_demo(users: dict) -> Competition | None:
    """Idempotent: the copy of this year is made once; its registration stays open until the end of next year,
    `union-zhengzhou` is the officer of its 郑州市 division and `secretariat` its secretariat."""
    from quotas.models import QuotaTable
    from quotas.services_labour import quota_table_publish

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
    membership_grant(user=users["secretariat"], role=Role.SECRETARIAT, competition=demo, by=by)
    return demo
