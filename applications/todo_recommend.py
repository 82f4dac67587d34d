"""Home-page tasks of city review: submissions waiting for review and lists not yet submitted (constant
queries whatever the number of divisions, tracks and applications)."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from competitions import rules as roles
from competitions.models import Division, Phase, Track

from .models import Application, RecommendationList

SENT = (RecommendationList.Status.SUBMITTED, RecommendationList.Status.ACCEPTED)


def recommend_tasks_for(user) -> list[dict]:
    return _secretariat_tasks(user) + _officer_tasks(user)


def _secretariat_tasks(user) -> list[dict]:
    if roles.is_platform_secretariat(user):
        lists = RecommendationList.objects.all()
    else:
        managed = [m.competition_id for m in roles.memberships(user) if m.role == "secretariat" and m.competition_id]
        if not managed:
            return []
        lists = RecommendationList.objects.filter(division__competition_id__in=managed)
    waiting = lists.filter(status=RecommendationList.Status.SUBMITTED, division__competition__kind="innovation",
                           division__competition__status="active").count()
    if not waiting:
        return []
    return [{"role": "汇总", "title": f"{waiting} 个省辖市推荐名单待接收", "url": reverse("recommend:aggregate")}]


def _officer_tasks(user) -> list[dict]:
    own = [m.division_id for m in roles.memberships(user)
           if m.role == "officer" and m.competition and m.competition.kind == "innovation"]
    if not own:
        return []
    divisions = list(Division.objects.filter(pk__in=own).order_by("order", "id"))
    competition_ids = {d.competition_id for d in divisions}
    waiting = dict(Application.objects.filter(division__in=own, status=Application.Status.SUBMITTED)
                   .values_list("division_id").annotate(n=Count("id")))
    tracks = {}
    for t in Track.objects.filter(competition_id__in=competition_ids).order_by("number"):
        tracks.setdefault(t.competition_id, []).append(t)
    sent = set(RecommendationList.objects.filter(division__in=own, status__in=SENT)
               .values_list("division_id", "track_id"))
    closes = dict(Phase.objects.filter(competition_id__in=competition_ids, kind="recommendation")
                  .values_list("competition_id", "closes_at"))
    now, tasks = timezone.now(), []
    for d in divisions:
        url = reverse("recommend:division", args=[d.pk])
        if waiting.get(d.pk):
            tasks.append({"role": "推荐", "title": f"{d.name}：{waiting[d.pk]} 个申报待审核", "url": url})
        open_tracks = [t for t in tracks.get(d.competition_id, []) if (d.pk, t.pk) not in sent]
        if open_tracks:
            due = d.deadline_after(closes.get(d.competition_id))
            tasks.append({"role": "推荐", "title": f"{d.name}：{len(open_tracks)} 个赛道推荐名单未提交", "url": url,
                          "due": due, "overdue": bool(due and now > due)})
    return tasks
