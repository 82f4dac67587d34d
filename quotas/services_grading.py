"""Loading a 绩效分级提升 campaign (fixtures/grading_*.json) with its targets: 附件1, 附件2, the goal, phases
and the four assessment batches (idempotent: a campaign already present (kind, year, title) is returned as is);
the province's own key industries; and the one refresh of the dashboard's stored tallies."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from competitions.enums import CompetitionKind, DivisionKind
from competitions.models import Competition, Division, Phase
from greencomp.audit import audit_record
from greencomp.enums import HENAN_CITIES
from reviews.models import AssessmentBatch

from .models import CityTarget, County, GradingGoal, GradingTally, Industry, IndustryGroup
from .selectors_grading import tallies_recount


def _city_field(name: str) -> str:
    """Division.city uses the platform's city list, where 济源市 is 济源示范区."""
    return name if name in HENAN_CITIES else {"济源市": "济源示范区"}.get(name, "")


def _aware(day: str, end: bool = False) -> datetime.datetime:
    date = datetime.date.fromisoformat(day)
    moment = datetime.time(23, 59, 59) if end else datetime.time(0, 0)
    return timezone.make_aware(datetime.datetime.combine(date, moment))


@transaction.atomic
def grading_fixture_load(data: dict, *, by=None, title: str | None = None, year: int | None = None,
                         shift_days: int = 0, status: str | None = None) -> Competition:
    """Create the campaign described by `data`; `shift_days` moves every date (the demo's current copy)."""
    info = data["competition"]
    title = title or info["title"]
    year = year or info["year"]
    existing = Competition.objects.filter(kind=CompetitionKind.GRADING, year=year, title=title).first()
    if existing:
        return existing

    def day(value: str) -> str:
        return (datetime.date.fromisoformat(value) + datetime.timedelta(days=shift_days)).isoformat()

    competition = Competition.objects.create(
        kind=CompetitionKind.GRADING, title=title, year=year, organisers=info["organisers"],
        doc_number=info.get("doc_number", ""), theme=info.get("theme", ""), scope=info.get("scope", ""),
        status=status or info.get("status", "active"),
        # A moved copy keeps the stages but not the notes, whose text quotes the 2021 dates.
        contents=[{**s, "opens": day(s["opens"]), "closes": day(s["closes"]), "note": s["note"] if not shift_days else ""}
                  for s in data["stages"]],
    )
    for phase in data["phases"]:
        Phase.objects.create(competition=competition, kind=phase["kind"], name=phase["name"],
                             opens_at=_aware(day(phase["opens"])), closes_at=_aware(day(phase["closes"]), end=True))
    GradingGoal.objects.create(competition=competition, target_share=Decimal(data["goal"]["target_share"]),
                               eliminate_d=data["goal"]["eliminate_d"], text=data["goal"]["text"])
    groups = {}
    for order, group in enumerate(data["industry_groups"], start=1):
        groups[group["code"]] = IndustryGroup.objects.create(
            competition=competition, code=group["code"], name=group["name"], order=order,
            baseline_share=Decimal(group["baseline_share"]) if group["baseline_share"] else None,
            target_share=Decimal(group["target_share"]),
        )
        Industry.objects.bulk_create(Industry(group=groups[group["code"]], number=number, name=name)
                                     for number, name in group["industries"])
    for number, (name, target) in enumerate(data["cities"], start=1):
        division = Division.objects.create(competition=competition, name=name, kind=DivisionKind.CITY,
                                           city=_city_field(name), order=number)
        CityTarget.objects.create(division=division, number=number, target_share=Decimal(target))
        County.objects.bulk_create(County(division=division, name=county, code=code)
                                   for county, code in data.get("counties", {}).get(name, []))
    _batches_create(competition, data["batches"], groups, day)
    audit_record(actor=by, action="grading.campaign_load", target=competition, after={"title": title},
                 reason="载入绩效分级提升行动方案")
    return competition


def _batches_create(competition, batches, groups, day) -> None:
    assessment = next(p for p in competition.phases.all() if p.kind == "assessment")
    opens_on = timezone.localtime(assessment.opens_at).date()
    for batch in batches:
        AssessmentBatch.objects.create(
            competition=competition, number=batch["number"], name=batch["name"], group=groups.get(batch["group"]),
            includes_support=batch.get("includes_support", False), opens_on=opens_on,
            deadline=datetime.date.fromisoformat(day(batch["deadline"])),
        )


@transaction.atomic
def provincial_industry_add(*, competition: Competition, name: str, branches: list[str], by) -> Industry:
    """附件3 注2: 河南省重点行业 are filled in 重点行业类型 too; the province adds them to 省级重点行业."""
    group = IndustryGroup.objects.select_for_update().get(competition=competition, code=IndustryGroup.Code.PROVINCIAL)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写行业名称。"})
    if Industry.objects.filter(group__competition=competition, name=name).exists():
        raise ValidationError({"name": f"重点行业“{name}”已存在。"})
    last = Industry.objects.filter(group__competition=competition).order_by("-number").first()
    industry = Industry(group=group, number=max(40, last.number if last else 0) + 1, name=name,
                        branches=[b.strip() for b in branches if b.strip()])
    industry.full_clean()
    industry.save()
    audit_record(actor=by, action="grading.industry_add", target=industry, competition_id=competition.pk,
                 after={"number": industry.number, "name": name, "branches": industry.branches})
    return industry


@transaction.atomic
def industry_branches_set(*, industry: Industry, branches: list[str], by) -> Industry:
    """The 重点行业分支 of an industry per the technical guides; rows must then use one of them."""
    before = {"branches": industry.branches}
    industry.branches = [b.strip() for b in branches if b.strip()]
    industry.save(update_fields=["branches"])
    audit_record(actor=by, action="grading.industry_branches", target=industry, before=before,
                 after={"branches": industry.branches}, competition_id=industry.group.competition_id)
    return industry


@transaction.atomic
def grading_tallies_refresh(*, competition_id: int, division_id: int | None = None) -> None:
    """Rewrite the stored tallies (GradingTally) of one city — of every city of the campaign when `division_id`
    is None — from the reference recounts, in the caller's transaction. Every write that changes a city's
    enterprises, their industries or levels, or its improvement list calls it last, once.

    The city's row is locked first (FOR NO KEY UPDATE: inserts that only reference the city do not wait), so
    two writers of one city recount one after the other, the second seeing the first's committed rows; writers
    of different cities do not wait for each other."""
    cities = Division.objects.filter(competition_id=competition_id)
    cities = cities.filter(pk=division_id) if division_id is not None else cities
    list(cities.select_for_update(no_key=True).values_list("pk", flat=True))
    tallies = tallies_recount(competition_id, division_id)
    GradingTally.objects.filter(division__in=cities).delete()
    GradingTally.objects.bulk_create(tallies, batch_size=2000)
