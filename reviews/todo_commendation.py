"""Home-page tasks of commendation: officers with places left or drafts to submit; the secretariat with
submitted nominations waiting for selection (a fixed number of queries)."""

from django.db.models import Count, Q
from django.urls import reverse

from competitions.enums import CompetitionStatus

from .models import AwardType, Nomination, NominationQuota
from .selectors_commendation import managed_competitions, nominating_divisions


def officer_tasks(user) -> list[dict]:
    divisions = list(nominating_divisions(user).filter(competition__status=CompetitionStatus.ACTIVE))
    if not divisions:
        return []
    quotas = (NominationQuota.objects.filter(division__in=divisions, count__gt=0,
                                             award_type__quotas_published_at__isnull=False)
              .select_related("award_type", "division"))
    used = {(r["division_id"], r["award_type_id"]): r for r in Nomination.objects.filter(division__in=divisions)
            .values("division_id", "award_type_id")
            .annotate(n=Count("id"), drafts=Count("id", filter=~Q(status=Nomination.Status.SUBMITTED)))}
    tasks = []
    for q in quotas:
        r = used.get((q.division_id, q.award_type_id), {"n": 0, "drafts": 0})
        if r["n"] < q.count or r["drafts"]:
            pending = f"，{r['drafts']}个未提交" if r["drafts"] else ""
            tasks.append({"role": "赛区", "url": reverse("commendation:division", args=[q.division_id]),
                          "title": f"{q.division.name}“{q.award_type.name}”推荐名额{q.count}个，"
                                   f"已推荐{r['n']}个{pending}"})
    return tasks


def secretariat_tasks(user) -> list[dict]:
    awards = (AwardType.objects.filter(competition__in=managed_competitions(user),
                                       competition__status=CompetitionStatus.ACTIVE)
              .annotate(waiting=Count("nominations", filter=Q(nominations__status=Nomination.Status.SUBMITTED,
                                                                nominations__selected=False)),
                        chosen=Count("nominations", filter=Q(nominations__selected=True)))
              .filter(waiting__gt=0).select_related("competition"))
    return [{"role": "秘书处", "url": reverse("commendation:selection", args=[a.pk]),
             "title": f"{a.competition.title}“{a.name}”有{a.waiting}个推荐待评选（已入选{a.chosen}/{a.total}）"}
            for a in awards]


def commendation_tasks(user) -> list[dict]:
    return officer_tasks(user) + secretariat_tasks(user)
