"""Demo data of the innovation contest (seed_demo) and the synthetic data set at province / national scale."""

import datetime

from django.db import transaction
from django.utils import timezone

from competitions.enums import CompetitionKind, CompetitionStatus, PhaseKind, Role
from competitions.models import Competition, Division, Membership, Phase, Track
from greencomp.audit import audit_record

FIXTURE_TITLE = "2025年河南省工业绿色低碳发展创新大赛"
DEMO_TITLE = f"{FIXTURE_TITLE}（演示）"
# Phases of the demo copy, in days from today (Asia/Shanghai): submission open now, the rest in the future.
DEMO_PHASES = [
    (PhaseKind.PLAN, "报送本地区参赛组织负责人和联络员信息", -7, 7),
    (PhaseKind.REGISTRATION, "报名推荐：申报单位填报申报书", -7, 30),
    (PhaseKind.RECOMMENDATION, "各省辖市分赛道推荐参赛项目报大赛秘书处", -7, 30),
    (PhaseKind.AGGREGATION, "收集汇总：大赛秘书处完成各地参赛项目汇总", 31, 35),
    (PhaseKind.REVIEW, "专家评审：专家委员会完成参赛项目评审", 36, 45),
    (PhaseKind.COMMENDATION, "总结表彰大会", 50, 60),
]


def _day(offset: int, end: bool) -> datetime.datetime:
    today = timezone.localdate() + datetime.timedelta(days=offset)
    at = datetime.time(23, 59, 59) if end else datetime.time(0, 0)
    return timezone.make_aware(datetime.datetime.combine(today, at))


@transaction.atomic
def seed_innovation_demo(users: dict) -> Competition:
    """A current copy of the 2025 contest with submission open; miit-zhengzhou is 郑州市's officer.
    Idempotent: run it as often as you like (the phases move with today's date)."""
    original = Competition.objects.get(kind=CompetitionKind.INNOVATION, year=2025, title=FIXTURE_TITLE)
    demo, created = Competition.objects.get_or_create(
        kind=CompetitionKind.INNOVATION, title=DEMO_TITLE, copied_from=original,
        defaults={f: getattr(original, f) for f in ("year", "organisers", "doc_number", "issue_date", "theme",
                                                     "scope", "contents")} | {"status": CompetitionStatus.ACTIVE},
    )
    for t in original.tracks.all():
        Track.objects.get_or_create(competition=demo, number=t.number, defaults={
            "name": t.name, "form_type": t.form_type, "min_recommendations": t.min_recommendations,
            "experts_per_entry": t.experts_per_entry})
    for d in original.divisions.all():
        Division.objects.get_or_create(competition=demo, name=d.name, defaults={
            "kind": d.kind, "city": d.city, "order": d.order})
    for kind, name, opens, closes in DEMO_PHASES:
        Phase.objects.update_or_create(competition=demo, kind=kind, defaults={
            "name": name, "opens_at": _day(opens, end=False), "closes_at": _day(closes, end=True)})
    zhengzhou = demo.divisions.get(name="郑州市")
    if "miit-zhengzhou" in users:
        Membership.objects.get_or_create(user=users["miit-zhengzhou"], role=Role.OFFICER, competition=demo,
                                         division=zhengzhou)
    if created:
        audit_record(actor=users.get("secretariat"), action="competition.demo_copy", target=demo,
                     reason=f"演示副本，复制自 {original.title}")
    return demo
