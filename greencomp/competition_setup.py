"""Setting up a competition across the apps: what the secretariat's competition pages change in more than
the `competitions` app (which builds on no other app, so the steps that touch quota tables and the other
apps' set-up data are composed here)."""

import datetime
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from competitions import services as competition_services
from competitions.enums import CompetitionKind, PhaseKind, Role
from competitions.models import Competition, Division, Membership
from competitions.notice_tables import CITIES, NAMED, PAIRS, NoticeTable
from competitions.selectors import division_named_participants
from greencomp.audit import audit_record, snapshot
from quotas.models import CityTarget, GradingGoal, Industry, IndustryGroup, QuotaTable
from quotas.services_labour import quota_table_copy, quota_table_follow_notice, quota_table_update
from reviews.models import AssessmentBatch, AwardType, Criterion, Expert, TrackReview
from reviews.services_commendation import award_type_create

AWARD_COPY_FIELDS = ["name", "nominee_kind", "total", "escalation_name", "escalation_count", "order",
                     "quota_measure"]
REVIEW_COPY_FIELDS = ["method", "exclude_same_city", "first_prizes", "second_prizes", "third_prizes",
                      "excellence_prizes"]
CRITERION_COPY_FIELDS = ["order", "section", "name", "standard", "is_gate", "max_score", "weight"]


@transaction.atomic
def competition_update(*, competition: Competition, data: dict, by) -> Competition:
    """The competition's own fields; a draft quota table follows a changed notice total."""
    before_total = competition.total_quota
    competition = competition_services.competition_update(competition=competition, data=data, by=by)
    if competition.total_quota != before_total:
        quota_table_follow_notice(competition=competition, by=by)
    return competition


@transaction.atomic
def competition_copy(*, source: Competition, year: int, title: str = "", with_people: bool = True,
                     by) -> Competition:
    """Next year's draft of a past competition (issue 12, item 4): phases moved to the new year, divisions,
    tracks with their forms, a draft quota table, award types, rubrics and review settings, grading targets and
    batches — and, `with_people`, its secretariat, officers and expert pool. Nothing of last year's entries,
    applications, nominations or scores."""
    made = competition_services.competition_copy(source=source, year=year, title=title, with_people=with_people,
                                                 by=by)
    copy = made.competition
    quota_table_copy(source=source, copy=copy, divisions=made.divisions)
    for old_id, names in division_named_participants(made.divisions).items():
        competition_services.division_named_participants_record(division=made.divisions[old_id], names=names, by=by)
    parts = {
        "award_types": _award_types_copy(source, copy),
        "criteria": _rubrics_copy(made.tracks),
        "experts": _experts_copy(source, copy, made.tracks) if with_people else 0,
        "batches": _grading_setup_copy(source, copy, made.divisions, made.years),
    }
    audit_record(actor=by, action="competition_copy_setup", target=copy, competition_id=copy.pk,
                 before={"source": str(source)}, after=parts)
    return copy


def _award_types_copy(source, copy) -> int:
    awards = [AwardType(competition=copy, **{f: getattr(a, f) for f in AWARD_COPY_FIELDS})
              for a in AwardType.objects.filter(competition=source)]
    return len(AwardType.objects.bulk_create(awards))


def _rubrics_copy(tracks: dict) -> int:
    """Each track's review settings and criteria (the tie-break criterion mapped to its copy); unfrozen."""
    count = 0
    for old_id, track in tracks.items():
        old = TrackReview.objects.filter(track_id=old_id).select_related("tie_criterion").first()
        if old is None:
            continue
        review = TrackReview.objects.create(track=track, **{f: getattr(old, f) for f in REVIEW_COPY_FIELDS})
        criteria = {c.pk: Criterion.objects.create(track=track, **{f: getattr(c, f) for f in CRITERION_COPY_FIELDS})
                    for c in Criterion.objects.filter(track_id=old_id).order_by("order")}
        if old.tie_criterion_id in criteria:
            review.tie_criterion = criteria[old.tie_criterion_id]
            review.save(update_fields=["tie_criterion"])
        count += len(criteria)
    return count


def _experts_copy(source, copy, tracks: dict) -> int:
    """The expert pool with its codes, titles, cities and tracks; declared conflicts are per entry, not kept."""
    count = 0
    for old in Expert.objects.filter(competition=source).prefetch_related("tracks").order_by("code"):
        expert = Expert.objects.create(competition=copy, user_id=old.user_id, code=old.code, title=old.title,
                                       city=old.city, available=old.available)
        expert.tracks.set([tracks[t.pk] for t in old.tracks.all() if t.pk in tracks])
        Membership.objects.get_or_create(user_id=old.user_id, role=Role.EXPERT, competition=copy, division=None)
        count += 1
    return count


def _grading_setup_copy(source, copy, divisions: dict, years: int) -> int:
    """Industry groups with their industries, city targets, the campaign goal and the review batches (dates
    moved to the new year). Returns the number of batches."""
    groups = {}
    for old in IndustryGroup.objects.filter(competition=source).prefetch_related("industries"):
        group = IndustryGroup.objects.create(competition=copy, code=old.code, name=old.name, order=old.order,
                                             baseline_share=old.baseline_share, target_share=old.target_share)
        Industry.objects.bulk_create([Industry(group=group, number=i.number, name=i.name, branches=i.branches)
                                      for i in old.industries.all()])
        groups[old.pk] = group
    CityTarget.objects.bulk_create([
        CityTarget(division=divisions[t.division_id], number=t.number, target_share=t.target_share)
        for t in CityTarget.objects.filter(division__competition=source) if t.division_id in divisions])
    goal = GradingGoal.objects.filter(competition=source).first()
    if goal:
        GradingGoal.objects.create(competition=copy, target_share=goal.target_share, eliminate_d=goal.eliminate_d,
                                   text=goal.text)
    batches = [AssessmentBatch(competition=copy, number=b.number, name=b.name, group=groups.get(b.group_id),
                               includes_support=b.includes_support,
                               opens_on=competition_services.shift_year(b.opens_on, years),
                               deadline=competition_services.shift_year(b.deadline, years))
               for b in AssessmentBatch.objects.filter(competition=source)]
    return len(AssessmentBatch.objects.bulk_create(batches))


# ---- a competition from its notice (issue 12, item 1) ----------------------------------------------------------
# The phases a notice of each kind sets, as the seed notices word them (month-day of the deadline where the notice
# gives one; the secretariat corrects them from the new notice): labour — seed 000 四、六、 and 五、 (总结选树), with
# seed 001 三、's 年初实施方案 and 年底总结和绩效评估; innovation — seed 002 八、 (fixtures/innovation_2025_henan.json);
# grading — seed 003 四、 (fixtures/grading_2021_henan.json).
STANDARD_PHASES = {
    CompetitionKind.LABOUR: [
        (PhaseKind.REGISTRATION, "报送竞赛方案和参赛企业名单", "04-08", "06-08"),
        (PhaseKind.PLAN, "参赛企业制定竞赛活动实施方案（年初）", None, None),
        (PhaseKind.SUMMARY, "竞赛活动总结和绩效评估（年底）", None, None),
        (PhaseKind.COMMENDATION, "总结选树：选树命名先进单位、先进班组（车间、工段）、先进个人", None, None),
    ],
    CompetitionKind.INNOVATION: [
        (PhaseKind.PLAN, "报送本地区参赛组织负责人和联络员信息", None, "06-10"),
        (PhaseKind.REGISTRATION, "报名推荐：申报单位填报申报书", None, "06-30"),
        (PhaseKind.RECOMMENDATION, "各省辖市分赛道推荐参赛项目报大赛秘书处", None, "06-30"),
        (PhaseKind.AGGREGATION, "收集汇总：大赛秘书处完成各地参赛项目汇总", "07-01", "07-05"),
        (PhaseKind.REVIEW, "专家评审：专家委员会完成参赛项目评审", "07-06", "07-15"),
        (PhaseKind.COMMENDATION, "总结表彰：举办总结表彰大会", "07-21", "07-31"),
    ],
    CompetitionKind.GRADING: [
        (PhaseKind.PLAN, "动员部署阶段", "05-20", "05-31"),
        (PhaseKind.REGISTRATION, "重点行业绩效提升企业清单备案", "06-01", "06-15"),
        (PhaseKind.ASSESSMENT, "审核评定阶段", "08-01", "09-30"),
        (PhaseKind.DISCLOSURE, "信息公开阶段", "11-01", "11-15"),
    ],
}
# The structure each kind's notice sets, read from the seed competition's fixture: its tracks (innovation), award
# types (labour, the provincial notice's three; their totals come with the year-end notice) or review batches.
STANDARD_SOURCES = {
    CompetitionKind.LABOUR: "labour_2022_henan.json",
    CompetitionKind.INNOVATION: "innovation_2025_henan.json",
    CompetitionKind.GRADING: "grading_2021_henan.json",
}
TRACK_INITIAL = ["number", "name", "form_type", "recommender", "min_recommendations", "description"]
AWARD_INITIAL = ["name", "nominee_kind", "total", "escalation_name", "escalation_count"]


def _day(year: int, month_day: str | None, *, end: bool) -> datetime.datetime | None:
    if not month_day:
        return None
    month, day = (int(part) for part in month_day.split("-"))
    moment = datetime.time(23, 59, 59) if end else datetime.time(0, 0)
    return timezone.make_aware(datetime.datetime.combine(datetime.date(year, month, day), moment))


def standard_setup(kind: str, year: int) -> dict:
    """The initial rows of the new-competition page: phases (dates in `year`) and the kind's structure."""
    data = json.loads((settings.SEED_FIXTURES_DIR / STANDARD_SOURCES[kind]).read_text(encoding="utf-8"))
    phases = [{"kind": k, "name": name, "opens_at": _day(year, opens, end=False), "closes_at": _day(year, closes, end=True)}
              for k, name, opens, closes in STANDARD_PHASES[kind]]
    tracks = [{f: t.get(f, 3 if f == "min_recommendations" else "") for f in TRACK_INITIAL}
              for t in data.get("tracks", [])] if kind == CompetitionKind.INNOVATION else []
    awards = [{f: a[f] for f in AWARD_INITIAL} for a in data.get("award_types", [])]
    assessment = next(p for p in STANDARD_PHASES[CompetitionKind.GRADING] if p[0] == PhaseKind.ASSESSMENT)
    batches = [{"number": b["number"], "name": b["name"], "includes_support": b.get("includes_support", False),
                "opens_on": datetime.date(year, *map(int, assessment[2].split("-"))),
                "deadline": datetime.date(year, *map(int, b["deadline"][5:].split("-")))}
               for b in data.get("batches", [])]
    return {"phases": phases, "tracks": tracks, "award_types": awards, "batches": batches}


@transaction.atomic
def competition_create_from_notice(*, data: dict, phases: list[dict], tracks: list[dict] = (),
                                   award_types: list[dict] = (), batches: list[dict] = (), by) -> Competition:
    """The competition with its phases and its kind's structure in one step: nothing is saved unless all is."""
    competition = competition_services.competition_create(data=data, by=by)
    competition_services.phases_create(competition=competition, rows=phases, by=by)
    if competition.kind == CompetitionKind.INNOVATION:
        competition_services.tracks_create(competition=competition, rows=tracks, by=by)
    if competition.kind == CompetitionKind.LABOUR:
        for row in award_types:
            award_type_create(competition=competition, by=by, **{f: row[f] for f in AWARD_INITIAL})
    if competition.kind == CompetitionKind.GRADING:
        _batches_create(competition, batches, by)
    return competition


def _batches_create(competition, rows: list[dict], by) -> None:
    numbers = [row["number"] for row in rows]
    if len(set(numbers)) != len(numbers):
        raise ValidationError("审核认定批次的序号不能重复。")
    for row in rows:
        batch = AssessmentBatch(competition=competition, number=row["number"], name=row["name"],
                                includes_support=row.get("includes_support", False), opens_on=row["opens_on"],
                                deadline=row["deadline"])
        if batch.deadline < batch.opens_on:
            raise ValidationError(f"第{batch.number}批的完成时限不能早于开始日期。")
        batch.full_clean()
        batch.save()
        audit_record(actor=by, action="assessment_batch_create", target=batch, competition_id=competition.pk,
                     after=snapshot(batch, ["number", "name", "includes_support", "opens_on", "deadline"]))


# ---- divisions and quotas from the notice's table (issue 12, item 2) ------------------------------------------
LAYOUTS_OF_KIND = {
    CompetitionKind.LABOUR: {PAIRS, NAMED},
    CompetitionKind.GRADING: {CITIES},
    CompetitionKind.INNOVATION: {CITIES, PAIRS},
}


def notice_table_check(*, competition: Competition, table: NoticeTable) -> NoticeTable:
    """The parsed table against the competition: its layout fits the kind, no division exists already."""
    if table.layout and table.layout not in LAYOUTS_OF_KIND[competition.kind]:
        table.errors.append(f"此表格式不适用于{competition.get_kind_display()}")
    existing = set(Division.objects.filter(competition=competition).values_list("name", flat=True))
    for row in table.rows:
        if row.name in existing:
            row.errors.append(f"本竞赛已有赛区“{row.name}”")
    return table


@transaction.atomic
def divisions_from_notice(*, competition: Competition, table: NoticeTable, by) -> list[Division]:
    """All the table's divisions with their quota rows (labour) or target shares (grading), or nothing. The
    市直参赛企业 row is one division; the enterprises the notice names are kept in its audit record."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    notice_table_check(competition=competition, table=table)
    if not table.is_valid:
        raise ValidationError(table.summary)
    divisions = []
    for row in table.rows:
        division = competition_services.division_create(
            competition=competition, by=by, data={"name": row.name, "kind": row.kind, "city": row.city})
        if row.named:
            competition_services.division_named_participants_record(division=division, names=row.named, by=by)
        divisions.append(division)
    if competition.kind == CompetitionKind.LABOUR:
        _quotas_from_notice(competition, table, divisions, by)
    if competition.kind == CompetitionKind.GRADING:
        start = CityTarget.objects.filter(division__competition=competition).count()
        CityTarget.objects.bulk_create([CityTarget(division=d, number=start + i, target_share=row.number)
                                        for i, (d, row) in enumerate(zip(divisions, table.rows, strict=True), 1)])
    return divisions


def _quotas_from_notice(competition, table: NoticeTable, divisions: list, by) -> None:
    if competition.total_quota is None and table.total is not None:
        competition = competition_update(competition=competition, data={"total_quota": table.total}, by=by)
    existing = QuotaTable.objects.filter(competition=competition).first()
    quota_table = existing or QuotaTable(competition=competition,
                                         notice_total=competition.total_quota or int(table.sum))
    quota_table_update(table=quota_table, by=by, reason="按通知附件分配表批量新增赛区",
                       entries={d.pk: int(row.number) for d, row in zip(divisions, table.rows, strict=True)})
