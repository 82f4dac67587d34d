"""Reads of the public side. Everything here is public: only published notices, published 公示 and results of
competitions that are not drafts. The token API's private reads use the apps' own user-scoped selectors."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from applications.models import Publicity
from competitions.enums import CompetitionStatus
from competitions.models import Competition, Phase, Track
from competitions.selectors import competitions_held_by
from reviews.models import Disclosure, ResultNotice

from .models import ApiToken, Notice, NoticeAttachment

PUBLIC_STATUSES = (CompetitionStatus.ACTIVE, CompetitionStatus.CLOSED)


def public_competitions():
    """Competitions the public sees (never a draft), with their phases and tracks in two extra queries."""
    return (Competition.objects.filter(status__in=PUBLIC_STATUSES)
            .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("opens_at", "id")),
                              Prefetch("tracks", queryset=Track.objects.order_by("number")))
            .order_by("-year", "-id"))


def public_competition(pk):
    return get_object_or_404(public_competitions(), pk=pk)


def current_phase(competition, now=None):
    """The phase open now; else the next one to open; else the last one; none once the competition is closed
    (phases prefetched: no query)."""
    if competition.status == CompetitionStatus.CLOSED:
        return None
    now = now or timezone.now()
    phases = list(competition.phases.all())
    open_now = [p for p in phases if p.opens_at and p.is_open(now)]
    if open_now:
        return open_now[-1]
    upcoming = [p for p in phases if p.opens_at and p.opens_at > now]
    if upcoming:
        return upcoming[0]
    return phases[-1] if phases else None


def published_notices(q: str = ""):
    qs = (Notice.objects.filter(published_at__isnull=False, competition__status__in=PUBLIC_STATUSES)
          .select_related("competition")
          .prefetch_related(Prefetch("attachments", queryset=NoticeAttachment.objects.order_by("id")))
          .order_by("-published_at", "-id"))
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(body__icontains=q) | Q(competition__title__icontains=q))
    return qs


def published_notice(pk):
    return get_object_or_404(published_notices(), pk=pk)


def published_attachment(pk):
    return get_object_or_404(NoticeAttachment.objects.filter(
        notice__published_at__isnull=False, notice__competition__status__in=PUBLIC_STATUSES), pk=pk)


@dataclass(frozen=True)
class PublicList:
    """One published list as the portal links it: a 推荐 公示, a results 公示 (or final list), a disclosure."""

    kind: str
    title: str
    competition: Competition
    opens_on: date | None
    closes_on: date | None
    published_at: datetime
    url: str
    objection_url: str = ""
    is_open: bool = False
    is_final: bool = False


def _publicity_item(p: Publicity, today) -> PublicList:
    return PublicList(kind="推荐项目公示", title=p.title, competition=p.competition, opens_on=p.starts_on,
                      closes_on=p.ends_on, published_at=p.published_at,
                      url=reverse("recommend:public", args=[p.competition_id]),
                      is_open=p.starts_on <= today <= p.ends_on)


def _result_item(n: ResultNotice, today) -> PublicList:
    is_open = not n.finalised_at and n.opens_on <= today <= n.closes_on
    url = reverse("review:public", args=[n.competition_id])
    return PublicList(kind="评比结果" + ("（最终名单）" if n.finalised_at else "公示"),
                      title=f"{n.competition.title}评比结果" + ("" if n.finalised_at else "公示"),
                      competition=n.competition, opens_on=n.opens_on, closes_on=n.closes_on,
                      published_at=n.published_at, url=url, objection_url=url + "#objection" if is_open else "",
                      is_open=is_open, is_final=bool(n.finalised_at))


def _disclosure_item(d: Disclosure) -> PublicList:
    return PublicList(kind="绩效分级结果公告", title=f"{d.division.name}重点行业企业绩效分级结果公告",
                      competition=d.division.competition, opens_on=None, closes_on=None,
                      published_at=d.published_at, url=reverse("grading:public", args=[d.division_id]))


def public_lists(competition=None, today=None) -> list[PublicList]:
    """Every published list (three queries, whatever their number), newest first."""
    today = today or timezone.localdate()
    scope = {"competition": competition} if competition else {}
    visible = {"competition__status__in": PUBLIC_STATUSES}
    publicities = Publicity.objects.filter(published_at__isnull=False, **visible, **scope).select_related("competition")
    notices = ResultNotice.objects.filter(published_at__isnull=False, **visible, **scope).select_related("competition")
    disclosures = Disclosure.objects.filter(division__competition__status__in=PUBLIC_STATUSES).select_related(
        "division__competition")
    if competition:
        disclosures = disclosures.filter(division__competition=competition)
    items = ([_publicity_item(p, today) for p in publicities] + [_result_item(n, today) for n in notices]
             + [_disclosure_item(d) for d in disclosures])
    return sorted(items, key=lambda i: (i.published_at, i.title), reverse=True)


def split_open(items: list[PublicList]) -> tuple[list[PublicList], list[PublicList]]:
    """(open 公示 windows, everything else published: closed windows, final lists, disclosures)."""
    return [i for i in items if i.is_open], [i for i in items if not i.is_open]


# ---- the secretariat's notice pages and the token page -------------------------------------------------------

def notice_competitions_for(user):
    """Competitions whose 通知公告 the user manages."""
    return competitions_held_by(user)


def managed_competition_for(user, competition_pk, **_):
    return get_object_or_404(notice_competitions_for(user), pk=competition_pk)


def managed_notices(competition):
    return Notice.objects.filter(competition=competition).prefetch_related("attachments").order_by("-created_at", "-id")


def managed_notice_for(user, pk, **_):
    return get_object_or_404(Notice.objects.filter(competition__in=notice_competitions_for(user))
                             .select_related("competition").prefetch_related("attachments"), pk=pk)


def managed_attachment_for(user, pk, **_):
    return get_object_or_404(NoticeAttachment.objects.filter(notice__competition__in=notice_competitions_for(user))
                             .select_related("notice__competition"), pk=pk)


def tokens_of(user):
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def own_token_for(user, pk, **_):
    return get_object_or_404(tokens_of(user), pk=pk)
