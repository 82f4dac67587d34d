"""Setting up a competition across the apps: what the secretariat's competition pages change in more than
the `competitions` app (which builds on no other app, so the steps that touch quota tables and the other
apps' set-up data are composed here)."""

from django.db import transaction

from competitions import services as competition_services
from competitions.enums import Role
from competitions.models import Competition, Membership
from greencomp.audit import audit_record
from quotas.models import CityTarget, GradingGoal, Industry, IndustryGroup
from quotas.services_labour import quota_table_copy, quota_table_follow_notice
from reviews.models import AssessmentBatch, AwardType, Criterion, Expert, TrackReview

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
